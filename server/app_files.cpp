// See app_files.hpp: the web app's files at /app/.
#include "server/app_files.hpp"

#include <brotli/encode.h>
#include <openssl/evp.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "server/answer_compression.hpp"
#include "server/api_error.hpp"

namespace talkoo::central {
namespace fs = std::filesystem;
namespace {

// Files above this are not served: the app's largest (the wasm, a font) are a few megabytes, and
// a mistake (a core dump copied into the folder) must not fill the centre's memory.
constexpr uintmax_t kMaxAppFileBytes = 64ull * 1024 * 1024;
// Below this, compression does not pay for its header.
constexpr size_t kMinCompressedBytes = 256;
// Brotli 11 is the smallest but slow: the app's 1.7 MB wasm took 10.6 s here (617 KB), 9 took
// 1.1 s (680 KB; gzip -9: 741 KB). The first request of a new version waits for it, so 9 here;
// the web build writes NAME.br at 11 beside the file, which is taken as it is.
constexpr int kBrotliQuality = 9;

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string extension_of(const std::string& name) {
    size_t dot = name.rfind('.');
    return dot == std::string::npos ? "" : lower(name.substr(dot + 1));
}

bool is_hex(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

// Text and wasm shrink well; images, woff2 and archives are compressed already.
bool worth_compressing(const std::string& name) {
    static const char* const kinds[] = {"html",        "js",   "mjs", "css", "json",
                                        "webmanifest", "wasm", "svg", "txt", "data",
                                        "ttf",         "otf",  "map", "xml", "ico"};
    const std::string ext = extension_of(name);
    return std::any_of(std::begin(kinds), std::end(kinds), [&](const char* k) { return ext == k; });
}

std::string brotli_best(const std::string& in) {
    size_t size = BrotliEncoderMaxCompressedSize(in.size());
    if (size == 0) return {};
    std::string out(size, '\0');
    if (!BrotliEncoderCompress(kBrotliQuality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC,
                               in.size(), reinterpret_cast<const uint8_t*>(in.data()), &size,
                               reinterpret_cast<uint8_t*>(out.data())))
        return {};
    out.resize(size);
    return out;
}

std::string etag_of(const std::string& body) {
    unsigned char h[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(body.data(), body.size(), h, &size, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed in OpenSSL's libcrypto.");
    static const char* const hex = "0123456789abcdef";
    std::string tag = "\"";
    for (unsigned int i = 0; i < 16 && i < size; ++i) {
        tag += hex[h[i] >> 4];
        tag += hex[h[i] & 15];
    }
    return tag + "\"";
}

std::optional<std::string> read_whole(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return std::move(s).str();
}

// True when If-None-Match names this ETag (or "*"); weak forms (W/"...") match too, since the
// comparison for GET is the weak one (RFC 9110, 13.1.2).
bool none_match(const std::string& header, const std::string& etag) {
    size_t start = 0;
    while (start < header.size()) {
        size_t comma = header.find(',', start);
        std::string item =
            header.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        start = comma == std::string::npos ? header.size() : comma + 1;
        size_t b = item.find_first_not_of(" \t");
        size_t e = item.find_last_not_of(" \t");
        if (b == std::string::npos) continue;
        item = item.substr(b, e - b + 1);
        if (item == "*") return true;
        if (item.starts_with("W/")) item = item.substr(2);
        // The encoded forms' tags are the file's with "-br" or "-gz" before the closing quote.
        for (const char* suffix : {"-br\"", "-gz\""})
            if (item.size() > 4 && item.ends_with(suffix))
                item = item.substr(0, item.size() - 4) + "\"";
        if (item == etag) return true;
    }
    return false;
}

void not_found(HttpResponse& response) {
    send_error(response, 404, wire::error_code::not_found,
               "The web app has no such file (its entry page is /app/).");
}

}  // namespace

bool is_versioned_name(const std::string& name) {
    size_t last_dot = name.rfind('.');
    if (last_dot == std::string::npos) return false;
    size_t start = 0;
    while (true) {
        size_t dot = name.find('.', start);
        if (dot == std::string::npos || dot >= last_dot) return false;
        // The next dot exists: at the latest it is the extension's.
        std::string_view part(name.data() + dot + 1, name.find('.', dot + 1) - dot - 1);
        if (part.size() >= 8 && is_hex(part)) return true;
        start = dot + 1;
    }
}

std::string content_type_for(const std::string& name) {
    static const std::map<std::string, std::string> types = {
        {"html", "text/html; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"},
        {"mjs", "text/javascript; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},
        {"json", "application/json; charset=utf-8"},
        {"webmanifest", "application/manifest+json"},
        {"wasm", "application/wasm"},
        {"data", "application/octet-stream"},
        {"png", "image/png"},
        {"svg", "image/svg+xml"},
        {"ico", "image/x-icon"},
        {"txt", "text/plain; charset=utf-8"},
        {"ttf", "font/ttf"},
        {"otf", "font/otf"},
        {"woff2", "font/woff2"},
        {"map", "application/json; charset=utf-8"},
        {"xml", "application/xml"},
    };
    auto it = types.find(extension_of(name));
    return it == types.end() ? "application/octet-stream" : it->second;
}

bool accepts_coding(const std::string& accept_encoding, std::string_view coding) {
    size_t start = 0;
    while (start <= accept_encoding.size()) {
        size_t comma = accept_encoding.find(',', start);
        std::string item = accept_encoding.substr(
            start, comma == std::string::npos ? std::string::npos : comma - start);
        start = comma == std::string::npos ? accept_encoding.size() + 1 : comma + 1;
        size_t semi = item.find(';');
        std::string name = item.substr(0, semi);
        size_t b = name.find_first_not_of(" \t");
        size_t e = name.find_last_not_of(" \t");
        name = b == std::string::npos ? "" : lower(name.substr(b, e - b + 1));
        if (name != coding && name != "*") continue;
        if (semi == std::string::npos) return true;
        std::string param = item.substr(semi + 1);
        param.erase(0, param.find_first_not_of(" \t"));
        if (!param.starts_with("q=") && !param.starts_with("Q=")) return true;
        return std::strtod(param.c_str() + 2, nullptr) > 0.0;
    }
    return false;
}

AppFiles::AppFiles(fs::path folder) {
    std::error_code ec;
    folder_ = fs::canonical(folder, ec);
    if (ec || !fs::is_directory(folder_))
        throw std::runtime_error("--app " + folder.string() +
                                 ": no such folder. Give the folder the web build made "
                                 "(./dev.sh web-build: build-web/app).");
    if (!fs::is_regular_file(folder_ / "index.html"))
        throw std::runtime_error("--app " + folder.string() +
                                 ": the folder has no index.html; is it the web build's folder "
                                 "(build-web/app)?");
    warm_ = std::thread([this] {
        std::error_code e;
        for (fs::recursive_directory_iterator it(folder_, e), end; !e && it != end;
             it.increment(e)) {
            if (stopping_) return;
            const std::string name = it->path().filename().string();
            if (name.front() == '.') {
                it.disable_recursion_pending();  // .git and the like are not the app's
                continue;
            }
            if (name.ends_with(".br") || name.ends_with(".gz")) continue;
            try {
                load(it->path());
            } catch (const std::exception&) {
                // Served (or refused) when asked for, as without the warm-up.
            }
        }
    });
}

AppFiles::~AppFiles() {
    stopping_ = true;
    if (warm_.joinable()) warm_.join();
}

std::shared_ptr<const AppFiles::File> AppFiles::load(const fs::path& path) {
    std::error_code ec;
    // Symbolic links are followed, but the file they lead to must be inside the folder.
    fs::path real = fs::canonical(path, ec);
    if (ec) return nullptr;
    auto [end, _] = std::mismatch(folder_.begin(), folder_.end(), real.begin(), real.end());
    if (end != folder_.end()) return nullptr;
    fs::file_status status = fs::status(real, ec);
    if (ec || !fs::is_regular_file(status)) return nullptr;
    const uintmax_t size = fs::file_size(real, ec);
    if (ec || size > kMaxAppFileBytes) return nullptr;
    const fs::file_time_type mtime = fs::last_write_time(real, ec);
    if (ec) return nullptr;
    {
        std::lock_guard lock(mutex_);
        auto it = cache_.find(real);
        if (it != cache_.end() && it->second->size == size && it->second->mtime == mtime)
            return it->second;
    }
    // Read and compress outside the lock: other files keep being served meanwhile. Two requests
    // for a changed file may both do the work once; the last one kept wins, and both are right.
    auto file = std::make_shared<File>();
    std::optional<std::string> body = read_whole(real);
    if (!body) return nullptr;
    file->body = std::move(*body);
    file->size = size;
    file->mtime = mtime;
    file->etag = etag_of(file->body);
    const std::string name = real.filename().string();
    if (file->body.size() >= kMinCompressedBytes && worth_compressing(name)) {
        // A NAME.br / NAME.gz the build wrote beside the file is taken when it is not older.
        auto sibling = [&](const char* suffix) -> std::optional<std::string> {
            fs::path p = real;
            p += suffix;
            std::error_code e2;
            if (!fs::is_regular_file(p, e2) || fs::last_write_time(p, e2) < mtime || e2)
                return std::nullopt;
            return read_whole(p);
        };
        file->brotli = sibling(".br");
        if (!file->brotli) file->brotli = brotli_best(file->body);
        file->gzip = sibling(".gz");
        if (!file->gzip) file->gzip = gzip_whole(file->body, 9);
        if (file->brotli && (file->brotli->empty() || file->brotli->size() >= file->body.size()))
            file->brotli.reset();
        if (file->gzip && (file->gzip->empty() || file->gzip->size() >= file->body.size()))
            file->gzip.reset();
    }
    std::lock_guard lock(mutex_);
    cache_[real] = file;
    return file;
}

void AppFiles::answer(const HttpRequest& request, const std::string& relative,
                      HttpResponse& response) {
    std::string rel =
        relative.empty() || relative.back() == '/' ? relative + "index.html" : relative;
    // The router has refused "." and ".." segments; hidden files (".git", ".htaccess") and the
    // compressed siblings are not the app's.
    fs::path path = folder_;
    for (const fs::path& part : fs::path(rel)) {
        const std::string s = part.string();
        if (s.empty() || s.front() == '.') return not_found(response);
        path /= part;
    }
    const std::string name = path.filename().string();
    if (name.ends_with(".br") || name.ends_with(".gz")) return not_found(response);
    std::shared_ptr<const File> file = load(path);
    if (!file) return not_found(response);

    response.status = 200;
    response.set_header("Content-Type", content_type_for(name));
    response.set_header("X-Content-Type-Options", "nosniff");
    response.set_header("ETag", file->etag);
    response.set_header("Cache-Control",
                        is_versioned_name(name)
                            ? "public, max-age=" + std::to_string(kVersionedMaxAge) + ", immutable"
                            : std::string("no-cache"));
    if (file->gzip || file->brotli) response.set_header("Vary", "Accept-Encoding");
    if (name == "index.html")
        // The entry page may not be framed by another site (a visitor's taps are the app's).
        response.set_header("Content-Security-Policy", "frame-ancestors 'self'");
    if (none_match(request.header("If-None-Match"), file->etag)) {
        response.status = 304;
        return;
    }
    const std::string accept = request.header("Accept-Encoding");
    if (file->brotli && accepts_coding(accept, "br")) {
        response.body = *file->brotli;
        response.set_header("Content-Encoding", "br");
        response.set_header("ETag", file->etag.substr(0, file->etag.size() - 1) + "-br\"");
    } else if (file->gzip && accepts_coding(accept, "gzip")) {
        response.body = *file->gzip;
        response.set_header("Content-Encoding", "gzip");
        response.set_header("ETag", file->etag.substr(0, file->etag.size() - 1) + "-gz\"");
    } else {
        response.body = file->body;
    }
}

void add_app_files(Router& router, AppFiles& files) {
    RouteOptions options;
    options.max_body = 0;
    options.json_body = false;
    router.add(
        "GET", "/app", Access::anyone,
        [](Call& call) {
            call.response.status = 301;
            call.response.set_header("Location", "/app/");
            call.response.set_header("Cache-Control", "no-cache");
        },
        options);
    router.add(
        "GET", "/app/{*file}", Access::anyone,
        [&files](Call& call) { files.answer(call.request, call.path_param(1), call.response); },
        options);
}

}  // namespace talkoo::central
