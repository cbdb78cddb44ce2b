// The centre compresses its own answers, with gzip at a fast level. Why gzip and not brotli: when
// the centre still ran on cpp-httplib 0.11, that library preferred brotli whenever a client
// listed "br" (browsers and many HTTP libraries do) and encoded at brotli's slowest quality, 11:
// a first catalogue pull of 10 000 tasks took 23 s of the centre's CPU instead of about 1 s with
// gzip. The centre's own HTTP layer (http_server.hpp) encodes nothing by itself.
#pragma once

#include <string>

#include "server/http_message.hpp"

namespace talkoo::central {

// Content-Type of every JSON answer of the centre.
inline constexpr const char* kJsonAnswerType = "application/json; charset=utf-8";

// For an answer of ours (JSON or CSV) of at least 128 bytes to a client that accepts gzip: gzips
// the body (when that makes it smaller) and sets Content-Encoding and Vary. Smaller answers and
// other clients get it plain. A streamed answer (an export) is gzipped piece by piece as it is
// sent, for any client that accepts gzip.
void compress_answer(const HttpRequest& request, HttpResponse& response);

// gzip of the whole of `in` at zlib's `level` (1 fast to 9 smallest), or an empty string if zlib
// fails (then the caller sends it plain). The web app's files use 9, once per version.
std::string gzip_whole(const std::string& in, int level);

// True when an Accept-Encoding header value accepts gzip (by name, or "*", with q above 0).
bool accepts_gzip(const std::string& accept_encoding);

}  // namespace talkoo::central
