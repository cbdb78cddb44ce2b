// The centre's HTTP/1.1 request parser (RFC 9112), strict and bounded, with no I/O of its own:
// the network side feeds it the bytes it has received, and the fuzzer feeds it anything.
//
// Strict: what two HTTP implementations could read differently is refused with 400 rather than
// guessed at, since such a difference is what request smuggling through a proxy lives on:
// duplicate or malformed Content-Length, Transfer-Encoding other than "chunked" or together with
// Content-Length, obsolete line folding, whitespace before a field's colon, bare CR or LF line
// ends, control characters and NULs anywhere in the head, malformed percent-escapes.
//
// Bounded: every limit is checked as the bytes arrive, not after, so a 64 MB header line is
// refused after its first few kilobytes: the request line (414), each field line, the number of
// fields and the head as a whole (431); a chunked body by its decoded size (the caller's limit,
// 413) and by the length of each chunk-size and trailer line.
//
// Every refusal says what was wrong in words of its own and never repeats the client's bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "server/http_message.hpp"

namespace talkoo::central {

struct HttpLimits {
    size_t request_line = 8 * 1024;  // 414 beyond
    size_t header_line = 8 * 1024;   // each field line; 431 beyond
    size_t header_count = 100;       // 431 beyond
    size_t head_bytes = 32 * 1024;   // request line and fields together; 431 beyond
};

// Why a request is refused before any handler sees it.
struct HttpRefusal {
    int status = 400;
    std::string code;  // the error body's code: "bad_request", "uri_too_long", ...
    std::string message;
};

// How the request's body is framed (RFC 9112 section 6).
struct BodyFraming {
    enum class Kind { none, length, chunked };
    Kind kind = Kind::none;
    uint64_t length = 0;           // for Kind::length
    bool expect_continue = false;  // "Expect: 100-continue"
};

// Reads one request head. Feed it the bytes received for this request so far, as often as new
// ones arrive (the view may move; its content only grows); it keeps its place between calls.
class RequestHeadParser {
  public:
    enum class State { incomplete, complete, refused };

    explicit RequestHeadParser(const HttpLimits& limits) : limits_(limits) {}

    State scan(std::string_view received);

    // After `complete`: the head's length in bytes (leading empty lines included), the request
    // without its body, its framing, and whether the connection may stay open after the answer.
    size_t head_size() const { return head_size_; }
    HttpRequest& request() { return request_; }
    const BodyFraming& framing() const { return framing_; }
    bool keep_alive() const { return keep_alive_; }
    // After `refused`.
    const HttpRefusal& refusal() const { return refusal_; }

  private:
    State refuse(int status, std::string code, std::string message);
    State parse_head(std::string_view head);
    bool fail(int status, std::string code, std::string message);  // refuse; false
    bool parse_request_line(std::string_view line);
    bool parse_field(std::string_view line);
    State check_fields();

    HttpLimits limits_;
    size_t start_ = 0;       // where the request line starts (after leading empty lines)
    size_t scanned_ = 0;     // bytes already looked at
    size_t line_start_ = 0;  // where the line being received starts
    size_t lines_ = 0;       // complete lines so far, the request line included
    size_t head_size_ = 0;
    HttpRequest request_;
    BodyFraming framing_;
    bool keep_alive_ = true;
    HttpRefusal refusal_;
};

// Undoes the chunked transfer coding (RFC 9112 section 7.1) as bytes arrive. Trailer fields are
// read, checked and dropped: nothing of the centre uses them.
class ChunkedBodyDecoder {
  public:
    enum class State { incomplete, complete, refused };

    ChunkedBodyDecoder(size_t max_body, const HttpLimits& limits)
        : max_body_(max_body), limits_(limits) {}

    // Consumes what it can of `data`, appending the decoded content to `body`; `consumed` says
    // how much of `data` it used (bytes after the end of the body belong to the next request).
    State feed(std::string_view data, std::string& body, size_t& consumed);
    const HttpRefusal& refusal() const { return refusal_; }

  private:
    enum class Step { size_line, data, data_end, trailer_line, done };
    State refuse(int status, std::string code, std::string message);
    State end_size_line();

    size_t max_body_;
    HttpLimits limits_;
    Step step_ = Step::size_line;
    std::string line_;        // the size or trailer line being received
    uint64_t remaining_ = 0;  // of the current chunk's data
    size_t trailer_bytes_ = 0;
    size_t trailer_lines_ = 0;
    HttpRefusal refusal_;
};

// The methods the parser admits; anything else is refused with 400.
bool is_known_method(std::string_view method);

}  // namespace talkoo::central
