// See fetch_transport.hpp.
#include "sync/client/fetch_transport.hpp"

#include <emscripten/fetch.h>

#include <charconv>
#include <chrono>
#include <cstring>
#include <memory>
#include <vector>

namespace talkoo::sync {
namespace {

// What one request keeps until its answer: the strings emscripten's attributes point into (it
// copies them only when the request starts), the callback, and when it started.
struct FetchInFlight {
    std::vector<std::string> header_text;
    std::vector<const char*> headers;  // name, value, ..., nullptr
    std::string body;
    std::string host;
    long timeout_ms = 0;
    std::chrono::steady_clock::time_point started;
    std::function<void(HttpResult)> done;
};

std::string host_of(const std::string& url) {
    size_t start = url.find("://");
    start = start == std::string::npos ? 0 : start + 3;
    size_t end = url.find('/', start);
    std::string host =
        url.substr(start, end == std::string::npos ? std::string::npos : end - start);
    return host.empty() ? "the centre" : host;
}

void read_headers(emscripten_fetch_t* fetch, HttpResponse& response) {
    size_t length = emscripten_fetch_get_response_headers_length(fetch);
    if (length == 0) return;
    std::string text(length + 1, '\0');
    emscripten_fetch_get_response_headers(fetch, text.data(), text.size());
    char** fields = emscripten_fetch_unpack_response_headers(text.c_str());
    for (char** f = fields; f && f[0] && f[1]; f += 2) {
        std::string name = f[0];
        for (char& c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value = f[1];
        while (!value.empty() && (value.back() == '\r' || value.back() == ' '))
            value.pop_back();
        while (!value.empty() && value.front() == ' ')
            value.erase(0, 1);
        if (name == "content-type") response.content_type = value;
        if (name == "retry-after") {
            long seconds = 0;
            auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
            if (ec == std::errc() && end == value.data() + value.size() && seconds >= 0)
                response.retry_after_s = seconds;
        }
    }
    emscripten_fetch_free_unpacked_response_headers(fields);
}

void finished(emscripten_fetch_t* fetch) {
    std::unique_ptr<FetchInFlight> in_flight(static_cast<FetchInFlight*>(fetch->userData));
    HttpResult result;
    if (fetch->status == 0) {
        // No answer at all: the browser is offline, the name did not resolve, the connection
        // was refused or cut, or the time ran out. The browser does not say which.
        const auto elapsed = std::chrono::steady_clock::now() - in_flight->started;
        TransportError error;
        if (elapsed >= std::chrono::milliseconds(in_flight->timeout_ms)) {
            error.kind = TransportError::Kind::timeout;
            error.message = "No answer from " + in_flight->host + " within " +
                            std::to_string(in_flight->timeout_ms / 1000) +
                            " s; the signups stay on this device and are sent later.";
        } else {
            error.kind = TransportError::Kind::connect;
            error.message = "Cannot reach " + in_flight->host +
                            ": this device has no connection to it now. The signups stay on "
                            "this device and are sent when the connection is back.";
        }
        result = error;
    } else {
        HttpResponse response;
        response.status = fetch->status;
        if (fetch->data && fetch->numBytes > 0)
            response.body.assign(fetch->data, static_cast<size_t>(fetch->numBytes));
        read_headers(fetch, response);
        // The browser does not tell the bytes on the wire; the body is the best we know.
        response.wire_bytes = in_flight->body.size() + response.body.size();
        result = std::move(response);
    }
    emscripten_fetch_close(fetch);
    in_flight->done(std::move(result));
}

}  // namespace

void FetchTransport::start(const HttpRequest& request, std::function<void(HttpResult)> done) {
    auto in_flight = std::make_unique<FetchInFlight>();
    in_flight->done = std::move(done);
    in_flight->body = request.body;
    in_flight->host = host_of(request.url);
    in_flight->timeout_ms = config_.request_timeout_ms;
    in_flight->started = std::chrono::steady_clock::now();
    for (const auto& [name, value] : request.headers) {
        // The browser sets these itself and refuses to be told.
        if (name == "Accept-Encoding" || name == "User-Agent" || name == "Content-Length") continue;
        in_flight->header_text.push_back(name);
        in_flight->header_text.push_back(value);
    }
    for (const std::string& s : in_flight->header_text)
        in_flight->headers.push_back(s.c_str());
    in_flight->headers.push_back(nullptr);

    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    std::strncpy(attr.requestMethod, request.method.c_str(), sizeof attr.requestMethod - 1);
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attr.requestHeaders = in_flight->headers.data();
    if (!in_flight->body.empty()) {
        attr.requestData = in_flight->body.data();
        attr.requestDataSize = in_flight->body.size();
    }
    attr.timeoutMSecs = static_cast<unsigned long>(config_.request_timeout_ms);
    attr.onsuccess = finished;
    attr.onerror = finished;
    attr.userData = in_flight.release();
    emscripten_fetch(&attr, request.url.c_str());
}

}  // namespace talkoo::sync
