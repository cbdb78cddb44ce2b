// See answer_compression.hpp for why the centre compresses its answers itself.
#include "server/answer_compression.hpp"

#include <zlib.h>

#include <cctype>
#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace talkoo::central {
namespace {

// Below this, gzip's own framing and the Content-Encoding header eat the saving. An idle kiosk's
// catalogue answer (about 180 bytes) is above it: idle syncs are what every kiosk pays every
// minute, often over a phone's metered hotspot.
constexpr size_t kMinCompressedSize = 128;
// zlib level 4: about as small as the default 6 on our JSON, noticeably quicker on big pulls.
constexpr int kGzipLevel = 4;

std::string trim_lower(std::string s) {
    size_t b = s.find_first_not_of(" \t");
    size_t e = s.find_last_not_of(" \t");
    s = b == std::string::npos ? "" : s.substr(b, e - b + 1);
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

std::string gzip_whole(const std::string& in, int level) {
    z_stream z{};
    // windowBits 15 + 16 asks zlib for the gzip wrapper rather than raw zlib.
    if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
    std::string out(deflateBound(&z, in.size()), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return rc == Z_STREAM_END ? out : std::string();
}

namespace {

// A streamed answer gzipped as it goes: each piece the source gives is deflated on the worker
// that made it, so the whole answer is never in memory here either (zlib keeps about 256 KB of
// state per answer at these settings).
class GzipStream {
  public:
    explicit GzipStream(BodyStream source) : source_(std::move(source)) {
        if (deflateInit2(&z_, kGzipLevel, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            throw std::runtime_error("zlib could not start a gzip stream");
    }
    ~GzipStream() { deflateEnd(&z_); }
    GzipStream(const GzipStream&) = delete;
    GzipStream& operator=(const GzipStream&) = delete;

    bool next(std::string& out) {
        std::string plain;
        const bool more = source_(plain);
        z_.next_in = reinterpret_cast<Bytef*>(plain.data());
        z_.avail_in = static_cast<uInt>(plain.size());
        const int flush = more ? Z_NO_FLUSH : Z_FINISH;
        char buffer[16384];
        int rc;
        do {
            z_.next_out = reinterpret_cast<Bytef*>(buffer);
            z_.avail_out = sizeof buffer;
            rc = deflate(&z_, flush);
            if (rc == Z_STREAM_ERROR) throw std::runtime_error("zlib failed in a gzip stream");
            out.append(buffer, sizeof buffer - z_.avail_out);
        } while (z_.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
        return more;
    }

  private:
    BodyStream source_;
    z_stream z_{};
};

}  // namespace

bool accepts_gzip(const std::string& accept_encoding) {
    size_t start = 0;
    while (start <= accept_encoding.size()) {
        size_t comma = accept_encoding.find(',', start);
        std::string item = accept_encoding.substr(
            start, comma == std::string::npos ? std::string::npos : comma - start);
        start = comma == std::string::npos ? accept_encoding.size() + 1 : comma + 1;
        size_t semi = item.find(';');
        std::string name = trim_lower(item.substr(0, semi));
        if (name != "gzip" && name != "x-gzip" && name != "*") continue;
        if (semi == std::string::npos) return true;
        std::string param = trim_lower(item.substr(semi + 1));
        if (!param.starts_with("q=")) return true;
        return std::strtod(param.c_str() + 2, nullptr) > 0.0;
    }
    return false;
}

void compress_answer(const HttpRequest& request, HttpResponse& response) {
    const std::string type = response.get_header_value("Content-Type");
    bool csv = type.starts_with("text/csv");
    if (!(type.starts_with("application/json") || csv) || response.has_header("Content-Encoding"))
        return;
    bool gzip_ok = accepts_gzip(request.header("Accept-Encoding"));
    response.set_header("Vary", "Accept-Encoding");
    if (response.stream) {  // an export: its length is not known, but it is long
        if (!gzip_ok) return;
        auto packed = std::make_shared<GzipStream>(std::move(response.stream));
        response.stream = [packed](std::string& out) { return packed->next(out); };
        response.set_header("Content-Encoding", "gzip");
        return;
    }
    if (!gzip_ok || response.body.size() < kMinCompressedSize) return;
    std::string packed = gzip_whole(response.body, kGzipLevel);
    if (packed.empty() || packed.size() >= response.body.size()) return;
    response.body = std::move(packed);
    response.set_header("Content-Encoding", "gzip");
}

}  // namespace talkoo::central
