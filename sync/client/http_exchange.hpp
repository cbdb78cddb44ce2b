// The exchange a sync transport carries: a request, and either the centre's answer (any status)
// or a TransportError saying, in words a staff member can act on, why no answer came. Plain
// values, shared by the two transports behind sync/'s transport seam: HttpTransport (libcurl,
// blocking, the kiosk's sync thread: http_transport.hpp) and FetchTransport (the browser's
// fetch, asynchronous, the web app's main loop: fetch_transport.hpp). What the answer means is
// CentralClient's to judge (central_client.hpp), the same for both.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace talkoo::sync {

struct TransportConfig {
    std::string ca_file;  // extra trust for a private network; empty = system CAs
    long connect_timeout_ms = 10'000;
    long request_timeout_ms = 60'000;  // the whole request, answer included
    std::string user_agent = "talkoo-kiosk";
    // When set and true, a request in progress stops within about a second and fails with
    // Kind::cancelled: the kiosk quitting must not wait out a 60 s timeout.
    const std::atomic<bool>* cancel = nullptr;
};

struct HttpRequest {
    std::string method = "GET";  // "GET" or "POST"
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;  // sent as is; set a Content-Type header for it
};

struct HttpResponse {
    long status = 0;
    std::string content_type;  // as the server sent it, e.g. "application/json; charset=utf-8"
    std::string body;          // decompressed
    std::optional<long> retry_after_s;  // from a Retry-After header in seconds
    uint64_t wire_bytes = 0;  // request + answer on the wire, headers included (compressed)
};

struct TransportError {
    enum class Kind { resolve, connect, timeout, tls, connection_lost, bad_url, cancelled, other };
    Kind kind = Kind::other;
    std::string message;  // e.g. "Cannot reach central.example.fi: the connection was refused."
};

using HttpResult = std::variant<HttpResponse, TransportError>;

}  // namespace talkoo::sync
