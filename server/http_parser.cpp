// See http_parser.hpp.
//
// Index: character classes · RequestHeadParser::scan (line ends and limits as bytes arrive) ·
// parse_request_line (method, target, version, query) · parse_field · check_fields (Host,
// Content-Length, Transfer-Encoding, Expect, Connection) · ChunkedBodyDecoder
#include "server/http_parser.hpp"

#include <array>

namespace talkoo::central {
namespace {

// tchar of RFC 9110 section 5.6.2: the characters of a token (method, field name).
bool is_tchar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    switch (c) {
        case '!':
        case '#':
        case '$':
        case '%':
        case '&':
        case '\'':
        case '*':
        case '+':
        case '-':
        case '.':
        case '^':
        case '_':
        case '`':
        case '|':
        case '~':
            return true;
        default:
            return false;
    }
}

bool is_token(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_tchar(c)) return false;
    return true;
}

// A field value's characters: HTAB, SP, visible ASCII and obs-text (bytes from 0x80).
bool is_field_value_char(char c) {
    auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
}

bool is_hex_digit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
}

std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

bool starts_with_ignoring_case(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// Every '%' starts a two-digit escape, and none of them is %00.
bool escapes_are_valid(std::string_view s) {
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') continue;
        if (i + 2 >= s.size() || !is_hex_digit(s[i + 1]) || !is_hex_digit(s[i + 2])) return false;
        if (s[i + 1] == '0' && s[i + 2] == '0') return false;
        i += 2;
    }
    return true;
}

constexpr size_t kMaxChunkSizeLine = 1024;  // hex digits and any chunk extensions
constexpr size_t kMaxChunkSizeDigits = 16;

constexpr std::string_view kBadRequest = "bad_request";

}  // namespace

bool is_known_method(std::string_view method) {
    static constexpr std::array<std::string_view, 7> kMethods = {"GET",    "HEAD",    "POST", "PUT",
                                                                 "DELETE", "OPTIONS", "PATCH"};
    for (std::string_view m : kMethods)
        if (method == m) return true;
    return false;
}

// -- RequestHeadParser ---------------------------------------------------------------------------

RequestHeadParser::State RequestHeadParser::refuse(int status, std::string code,
                                                   std::string message) {
    refusal_ = {status, std::move(code), std::move(message)};
    return State::refused;
}

bool RequestHeadParser::fail(int status, std::string code, std::string message) {
    refuse(status, std::move(code), std::move(message));
    return false;
}

RequestHeadParser::State RequestHeadParser::scan(std::string_view data) {
    // RFC 9112 section 2.2: a server SHOULD ignore empty lines before the request line (some
    // clients send one after a POST body).
    if (lines_ == 0 && line_start_ == start_) {
        while (start_ < data.size() && data[start_] == '\r') {
            if (start_ + 1 >= data.size()) return State::incomplete;
            if (data[start_ + 1] != '\n')
                return refuse(400, std::string(kBadRequest),
                              "The request has a bare CR: lines end with CRLF.");
            start_ += 2;
            if (start_ > limits_.head_bytes)
                return refuse(400, std::string(kBadRequest),
                              "The request starts with too many empty lines.");
        }
        line_start_ = scanned_ = start_;
    }
    while (true) {
        const size_t limit = lines_ == 0 ? limits_.request_line : limits_.header_line;
        const size_t newline = data.find('\n', scanned_);
        if (newline == std::string_view::npos) {
            scanned_ = data.size();
            // +1: the CR of a line end may already be here.
            if (data.size() - line_start_ > limit + 1) {
                if (lines_ == 0)
                    return refuse(
                        414, "uri_too_long",
                        "The request line is longer than " + std::to_string(limit) + " bytes.");
                return refuse(
                    431, "header_too_large",
                    "A header field line is longer than " + std::to_string(limit) + " bytes.");
            }
            if (data.size() - start_ > limits_.head_bytes)
                return refuse(431, "header_too_large",
                              "The request's header fields are larger than " +
                                  std::to_string(limits_.head_bytes) + " bytes together.");
            return State::incomplete;
        }
        if (newline == line_start_ || data[newline - 1] != '\r')
            return refuse(400, std::string(kBadRequest),
                          "The request has a bare LF: lines end with CRLF.");
        const size_t length = newline - 1 - line_start_;
        if (length > limit) {
            if (lines_ == 0)
                return refuse(
                    414, "uri_too_long",
                    "The request line is longer than " + std::to_string(limit) + " bytes.");
            return refuse(
                431, "header_too_large",
                "A header field line is longer than " + std::to_string(limit) + " bytes.");
        }
        if (newline + 1 - start_ > limits_.head_bytes)
            return refuse(431, "header_too_large",
                          "The request's header fields are larger than " +
                              std::to_string(limits_.head_bytes) + " bytes together.");
        if (length == 0) {
            head_size_ = newline + 1;
            return parse_head(data.substr(start_, line_start_ - start_));
        }
        ++lines_;
        if (lines_ > limits_.header_count + 1)
            return refuse(431, "header_too_large",
                          "The request has more than " + std::to_string(limits_.header_count) +
                              " header fields.");
        line_start_ = scanned_ = newline + 1;
    }
}

RequestHeadParser::State RequestHeadParser::parse_head(std::string_view head) {
    // `head` is the request line and the field lines, each ending in CRLF (checked by scan).
    bool first = true;
    while (!head.empty()) {
        size_t end = head.find("\r\n");
        std::string_view line = head.substr(0, end);
        head.remove_prefix(end + 2);
        if (!(first ? parse_request_line(line) : parse_field(line))) return State::refused;
        first = false;
    }
    return check_fields();
}

bool RequestHeadParser::parse_request_line(std::string_view line) {
    const std::string shape = "The request line must read METHOD TARGET HTTP/1.1.";
    size_t sp1 = line.find(' ');
    if (sp1 == std::string_view::npos) return fail(400, std::string(kBadRequest), shape);
    size_t sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
        return fail(400, std::string(kBadRequest), shape);
    std::string_view method = line.substr(0, sp1);
    std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string_view version = line.substr(sp2 + 1);

    if (!is_token(method)) return fail(400, std::string(kBadRequest), shape);
    if (!is_known_method(method))
        return fail(400, std::string(kBadRequest),
                    "The method is not one that HTTP defines for this service.");
    if (version == "HTTP/1.1") {
        request_.http_minor = 1;
    } else if (version == "HTTP/1.0") {
        request_.http_minor = 0;
        keep_alive_ = false;
    } else if (version.starts_with("HTTP/")) {
        return fail(400, std::string(kBadRequest), "Only HTTP/1.0 and HTTP/1.1 are served here.");
    } else {
        return fail(400, std::string(kBadRequest), shape);
    }

    if (target.empty()) return fail(400, std::string(kBadRequest), shape);
    for (char c : target) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x21 || u > 0x7e || c == '#')
            return fail(400, std::string(kBadRequest),
                        "The request target holds a character that must be percent-encoded.");
    }
    request_.method = std::string(method);
    request_.target = std::string(target);

    // origin-form "/path?query", asterisk-form "*" (OPTIONS only), or absolute-form
    // "http://host/path?query", which RFC 9112 says a server must accept; its host is ignored.
    std::string_view path_and_query;
    if (target.front() == '/') {
        path_and_query = target;
    } else if (target == "*" && method == "OPTIONS") {
        path_and_query = "*";
    } else if (starts_with_ignoring_case(target, "http://") ||
               starts_with_ignoring_case(target, "https://")) {
        std::string_view rest = target.substr(target.find("//") + 2);
        size_t path_start = rest.find_first_of("/?");
        if (path_start == std::string_view::npos) {
            path_and_query = "/";
        } else {
            path_and_query = rest.substr(path_start);
        }
    } else {
        return fail(400, std::string(kBadRequest),
                    "The request target must be a path starting with \"/\".");
    }
    size_t question = path_and_query.find('?');
    std::string_view path = path_and_query.substr(0, question);
    if (path.empty()) path = "/";
    std::string_view query = question == std::string_view::npos
                                 ? std::string_view()
                                 : path_and_query.substr(question + 1);
    if (!escapes_are_valid(path))
        return fail(400, std::string(kBadRequest),
                    "The path has a malformed percent-escape (or an encoded NUL).");
    request_.path = std::string(path);
    request_.query = std::string(query);

    while (!query.empty()) {
        size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty()) continue;
        size_t equals = pair.find('=');
        auto name = percent_decode(pair.substr(0, equals), true);
        auto value = percent_decode(
            equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1), true);
        if (!name || !value)
            return fail(400, "bad_query",
                        "The query has a malformed percent-escape (or an encoded NUL).");
        request_.query_params.emplace_back(std::move(*name), std::move(*value));
    }
    return true;
}

bool RequestHeadParser::parse_field(std::string_view line) {
    if (line.front() == ' ' || line.front() == '\t')
        return fail(400, std::string(kBadRequest),
                    "A header field line starts with a space: obsolete line folding is not"
                    " accepted.");
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0)
        return fail(400, std::string(kBadRequest), "A header field line has no name or no colon.");
    std::string_view name = line.substr(0, colon);
    if (!is_token(name))
        return fail(400, std::string(kBadRequest),
                    "A header field name holds a character not allowed there (a space before"
                    " the colon, a control character or a NUL).");
    std::string_view value = trim_ows(line.substr(colon + 1));
    for (char c : value)
        if (!is_field_value_char(c))
            return fail(400, std::string(kBadRequest),
                        "A header field value holds a control character or a NUL.");
    request_.headers.add(std::string(name), std::string(value));
    return true;
}

RequestHeadParser::State RequestHeadParser::check_fields() {
    const HttpHeaders& h = request_.headers;
    size_t hosts = h.count("Host");
    if ((request_.http_minor == 1 && hosts != 1) || hosts > 1)
        return refuse(400, std::string(kBadRequest),
                      "An HTTP/1.1 request needs exactly one Host header field.");

    size_t lengths = h.count("Content-Length");
    size_t codings = h.count("Transfer-Encoding");
    if (lengths > 1)
        return refuse(400, std::string(kBadRequest),
                      "The request has more than one Content-Length field.");
    if (codings > 1)
        return refuse(400, std::string(kBadRequest),
                      "The request has more than one Transfer-Encoding field.");
    if (codings == 1) {
        if (lengths == 1)
            return refuse(400, std::string(kBadRequest),
                          "Content-Length and Transfer-Encoding together are ambiguous: send"
                          " one of them.");
        if (request_.http_minor == 0)
            return refuse(400, std::string(kBadRequest),
                          "Transfer-Encoding is not allowed in an HTTP/1.0 request.");
        if (!iequals(h.get("Transfer-Encoding"), "chunked"))
            return refuse(400, std::string(kBadRequest),
                          "Only the \"chunked\" transfer coding is accepted.");
        framing_.kind = BodyFraming::Kind::chunked;
    } else if (lengths == 1) {
        const std::string value = h.get("Content-Length");
        if (value.empty() || value.size() > 18 ||
            value.find_first_not_of("0123456789") != std::string::npos)
            return refuse(400, std::string(kBadRequest),
                          "The Content-Length header must be a whole number of bytes.");
        framing_.length = std::stoull(value);
        framing_.kind = framing_.length > 0 ? BodyFraming::Kind::length : BodyFraming::Kind::none;
    }

    if (const std::string* expect = h.find("Expect")) {
        if (h.count("Expect") > 1 || !iequals(*expect, "100-continue"))
            return refuse(417, "expectation_failed",
                          "Only \"Expect: 100-continue\" is understood here.");
        // RFC 9110 section 10.1.1: an HTTP/1.0 client's 100-continue is ignored.
        framing_.expect_continue = request_.http_minor == 1;
    }

    for (const auto& [name, value] : h) {
        if (!iequals(name, "Connection")) continue;
        std::string_view rest = value;
        while (!rest.empty()) {
            size_t comma = rest.find(',');
            std::string_view option = trim_ows(rest.substr(0, comma));
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
            if (iequals(option, "close")) keep_alive_ = false;
            if (iequals(option, "keep-alive") && request_.http_minor == 0) keep_alive_ = true;
        }
    }
    // An HTTP/1.0 keep-alive with no length for the answer would end at the close anyway.
    return State::complete;
}

// -- ChunkedBodyDecoder --------------------------------------------------------------------------

ChunkedBodyDecoder::State ChunkedBodyDecoder::refuse(int status, std::string code,
                                                     std::string message) {
    refusal_ = {status, std::move(code), std::move(message)};
    step_ = Step::done;
    return State::refused;
}

ChunkedBodyDecoder::State ChunkedBodyDecoder::end_size_line() {
    std::string_view line = line_;
    size_t digits = 0;
    uint64_t size = 0;
    while (digits < line.size() && is_hex_digit(line[digits])) {
        if (digits == kMaxChunkSizeDigits)
            return refuse(400, std::string(kBadRequest), "A chunk size is too long.");
        size = size * 16 + static_cast<uint64_t>(hex_value(line[digits]));
        ++digits;
    }
    if (digits == 0)
        return refuse(400, std::string(kBadRequest),
                      "A chunk does not start with its size in hexadecimal.");
    // chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-value ] ): read past, not used.
    std::string_view ext = line.substr(digits);
    std::string_view after_ws = trim_ows(ext);
    if (!after_ws.empty() && after_ws.front() != ';')
        return refuse(400, std::string(kBadRequest), "A chunk size line is malformed.");
    for (char c : ext)
        if (!is_field_value_char(c))
            return refuse(400, std::string(kBadRequest),
                          "A chunk extension holds a control character or a NUL.");
    line_.clear();
    if (size == 0) {
        step_ = Step::trailer_line;
        return State::incomplete;
    }
    remaining_ = size;
    step_ = Step::data;
    return State::incomplete;
}

ChunkedBodyDecoder::State ChunkedBodyDecoder::feed(std::string_view data, std::string& body,
                                                   size_t& consumed) {
    size_t i = 0;
    consumed = 0;
    while (i < data.size() && step_ != Step::done) {
        switch (step_) {
            case Step::size_line:
            case Step::trailer_line: {
                const bool size_line = step_ == Step::size_line;
                size_t newline = data.find('\n', i);
                size_t end = newline == std::string_view::npos ? data.size() : newline;
                line_.append(data.substr(i, end - i));
                const size_t limit = size_line ? kMaxChunkSizeLine : limits_.header_line;
                if (line_.size() > limit + 1)
                    return size_line ? refuse(400, std::string(kBadRequest),
                                              "A chunk size line is too long.")
                                     : refuse(431, "header_too_large",
                                              "A trailer field line is too long.");
                if (newline == std::string_view::npos) {
                    i = data.size();
                    break;
                }
                i = newline + 1;
                if (line_.empty() || line_.back() != '\r')
                    return refuse(400, std::string(kBadRequest),
                                  "The chunked body has a bare LF: lines end with CRLF.");
                line_.pop_back();
                if (size_line) {
                    if (end_size_line() == State::refused) {
                        consumed = i;
                        return State::refused;
                    }
                    if (step_ == Step::data && remaining_ > max_body_ - body.size())
                        return refuse(413, "payload_too_large",
                                      "The body is larger than " + std::to_string(max_body_) +
                                          " bytes, the most this call accepts.");
                    break;
                }
                if (line_.empty()) {
                    step_ = Step::done;
                    break;
                }
                trailer_bytes_ += line_.size() + 2;
                if (++trailer_lines_ > limits_.header_count || trailer_bytes_ > limits_.head_bytes)
                    return refuse(431, "header_too_large",
                                  "The chunked body's trailer is too large.");
                size_t colon = line_.find(':');
                if (colon == std::string::npos || colon == 0 ||
                    !is_token(std::string_view(line_).substr(0, colon)))
                    return refuse(400, std::string(kBadRequest),
                                  "A trailer field line is malformed.");
                for (char c : std::string_view(line_).substr(colon + 1))
                    if (!is_field_value_char(c))
                        return refuse(400, std::string(kBadRequest),
                                      "A trailer field holds a control character or a NUL.");
                line_.clear();
                break;
            }
            case Step::data: {
                size_t n = static_cast<size_t>(
                    std::min<uint64_t>(remaining_, static_cast<uint64_t>(data.size() - i)));
                body.append(data.substr(i, n));
                remaining_ -= n;
                i += n;
                if (remaining_ == 0) step_ = Step::data_end;
                break;
            }
            case Step::data_end: {
                // The CRLF after a chunk's data, possibly split across reads.
                char expected = line_.empty() ? '\r' : '\n';
                if (data[i] != expected)
                    return refuse(400, std::string(kBadRequest),
                                  "A chunk's data is not followed by CRLF: its size was wrong.");
                ++i;
                if (expected == '\r') {
                    line_ = "\r";
                } else {
                    line_.clear();
                    step_ = Step::size_line;
                }
                break;
            }
            case Step::done:
                break;
        }
    }
    consumed = i;
    return step_ == Step::done ? State::complete : State::incomplete;
}

}  // namespace talkoo::central
