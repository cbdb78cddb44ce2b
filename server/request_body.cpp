// See request_body.hpp.
#include "server/request_body.hpp"

#include <zlib.h>

#include <cctype>

#include "server/api_error.hpp"
#include "sync/wire/protocol.hpp"

namespace talkoo::central {
namespace {

[[noreturn]] void too_large(size_t max_bytes) {
    throw ApiError(413, wire::error_code::payload_too_large,
                   "The body is larger than " + std::to_string(max_bytes / 1024) +
                       " KiB (after decompression): send fewer items per request.");
}

std::string gunzip(const std::string& in, size_t max_bytes) {
    z_stream z{};
    // 15 + 32: a zlib or gzip header, whichever it is.
    if (inflateInit2(&z, 15 + 32) != Z_OK)
        throw ApiError(503, wire::error_code::unavailable, "The centre is short of memory.");
    std::string out;
    char buffer[16384];
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - z.avail_out);
        if (out.size() > max_bytes) {
            inflateEnd(&z);
            too_large(max_bytes);
        }
        if (rc == Z_BUF_ERROR && z.avail_in == 0) break;  // input ended early
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END || z.avail_in != 0)
        throw ApiError(400, wire::error_code::bad_request,
                       "The body could not be read completely (truncated, or bad gzip data).");
    return out;
}

}  // namespace

std::string decoded_request_body(const HttpRequest& request, size_t max_bytes) {
    const std::string encoding = request.header("Content-Encoding");
    if (encoding.empty() || iequals(encoding, "identity")) {
        if (request.body.size() > max_bytes) too_large(max_bytes);
        return request.body;
    }
    if (!iequals(encoding, "gzip") && !iequals(encoding, "x-gzip"))
        throw ApiError(415, wire::error_code::unsupported_media_type,
                       "Unsupported Content-Encoding: send the body plain or gzip.");
    if (request.body.empty()) return {};
    return gunzip(request.body, max_bytes);
}

bool is_json_content_type(const std::string& value) {
    std::string_view v = value;
    v = v.substr(0, v.find(';'));
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t'))
        v.remove_suffix(1);
    if (!iequals(v, wire::kJsonContentType)) return false;
    size_t semicolon = value.find(';');
    if (semicolon == std::string::npos) return true;
    std::string params;
    for (char c : value.substr(semicolon + 1))
        if (c != ' ' && c != '\t')
            params.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return params == "charset=utf-8";
}

}  // namespace talkoo::central
