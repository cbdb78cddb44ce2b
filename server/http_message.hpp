// The centre's own HTTP request and answer, as plain values. Handlers, the router, the request
// log and the fuzzer see only these; the network side (http_server.hpp) and the parser
// (http_parser.hpp) fill and send them. Nothing here knows sockets or any HTTP library, so
// a later part can serve static files, HTML with its own headers, cookies, or an answer streamed
// from the database without touching the network code.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace talkoo::central {

// True when a and b are equal ignoring ASCII case (header names, tokens).
bool iequals(std::string_view a, std::string_view b);

// Header fields in the order they came or were set; names compare without regard to case.
class HttpHeaders {
  public:
    using Field = std::pair<std::string, std::string>;

    void add(std::string name, std::string value);
    // Replaces every field of this name by one.
    void set(std::string_view name, std::string value);
    void remove(std::string_view name);
    bool has(std::string_view name) const { return find(name) != nullptr; }
    size_t count(std::string_view name) const;
    // The value of the first field of this name, or null.
    const std::string* find(std::string_view name) const;
    // The value of the first field of this name, or "".
    std::string get(std::string_view name) const;

    size_t size() const { return fields_.size(); }
    std::vector<Field>::const_iterator begin() const { return fields_.begin(); }
    std::vector<Field>::const_iterator end() const { return fields_.end(); }

  private:
    std::vector<Field> fields_;
};

struct HttpRequest {
    std::string method;  // "GET", "POST", ... as sent (the parser admits only known methods)
    std::string target;  // the request-target as sent: "/v1/catalog?since=ab.12"
    std::string path;    // its path, still percent-encoded (the router decodes each segment)
    std::string query;   // what follows '?', as sent
    // The query's name=value pairs, percent- and '+'-decoded, in order (repeats kept).
    std::vector<std::pair<std::string, std::string>> query_params;
    HttpHeaders headers;
    std::string body;    // after the transfer coding (chunked) is undone; any gzip is the router's
    int http_minor = 1;  // HTTP/1.0 or HTTP/1.1
    std::string client_address;                       // the peer's IP address as text ("127.0.0.1")
    std::chrono::steady_clock::time_point started{};  // when the head's first byte arrived
    // Decoded path segments that matched the route's {name} parts, in order (the router's).
    std::vector<std::string> path_params;

    bool has_header(std::string_view name) const { return headers.has(name); }
    std::string header(std::string_view name) const { return headers.get(name); }
    size_t query_count(std::string_view name) const;
    // The first value of a query parameter.
    std::optional<std::string> query_value(std::string_view name) const;
    // A cookie of the Cookie header(s), by name.
    std::optional<std::string> cookie(std::string_view name) const;
};

// A streamed answer's source: appends the next piece to `out` and returns true while more
// follows, false after the last piece. It runs on a worker thread and may block (a database
// read); the server sends each piece before asking for the next, so memory stays flat whatever
// the answer's length. An exception ends the answer early (the client sees a cut chunked body).
using BodyStream = std::function<bool(std::string& out)>;

struct HttpResponse {
    int status = 200;
    HttpHeaders headers;
    std::string body;
    BodyStream stream;   // when set, sent chunked (HTTP/1.1) and `body` is ignored
    bool close = false;  // close the connection after this answer
    // Called once the answer has left (complete) or failed to (the client went away, or a
    // stream failed), with the bytes written, headers included: the request log's hook.
    std::function<void(uint64_t bytes_sent, bool complete)> on_sent;

    void set_header(std::string_view name, std::string value) {
        headers.set(name, std::move(value));
    }
    bool has_header(std::string_view name) const { return headers.has(name); }
    std::string get_header_value(std::string_view name) const { return headers.get(name); }
    void set_content(std::string content, std::string content_type) {
        body = std::move(content);
        headers.set("Content-Type", std::move(content_type));
    }
};

// "OK", "Not Found", ... for the status codes the centre uses ("Unknown" otherwise).
const char* reason_phrase(int status);

// Percent-decoding ("%41" -> "A"; with `plus_is_space`, '+' -> ' ' as in a query). Returns
// nullopt for a malformed escape or one that decodes to NUL.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

}  // namespace talkoo::central
