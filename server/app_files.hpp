// The web app's files, served by the centre at /app/ (`talkoo-central serve --app DIR`), so that
// the app and the talkoo/1 API share one origin: the app's fetches to /v1/... need no CORS, and
// its service worker's scope is the app's folder.
//
// What a browser gets (docs/web.md, "Served by the centre"):
//   - the right Content-Type by extension (application/wasm, so browsers compile it streaming;
//     text/javascript, application/manifest+json, ...) and X-Content-Type-Options: nosniff;
//   - caching by name: a versioned file, one whose name holds a content hash as a dot-separated
//     part of at least 8 hex digits ("talkoo.3f9a2c1d.wasm"), never changes, so it is cached a
//     year and marked immutable; everything else (the entry page, the service worker, the
//     manifest) is "no-cache": the browser asks each time and gets 304 while its ETag matches,
//     so a new version is seen at the next start;
//   - compression: brotli when the browser accepts it, else gzip, for text and wasm (not for
//     PNGs, fonts in woff2, ...); each file's encodings are made once per version of the file
//     and kept in memory (the app is a few megabytes), or taken from a NAME.br / NAME.gz the
//     build wrote beside it;
//   - /app redirects to /app/, and /app/ is index.html; a folder, a hidden file (".git"), a
//     symbolic link leading out of DIR, or a missing file is 404. Files are read from disk when
//     they change (size or modification time), so a new build copied into DIR is served without
//     a restart. At start a thread reads and compresses every file once, so that the first
//     visitor does not wait for the compression (the wasm: seconds on a busy machine).
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "server/http_router.hpp"

namespace talkoo::central {

// How long a versioned file may be cached: a year, the most RFC 9111 recommends.
inline constexpr int kVersionedMaxAge = 31'536'000;

// True when `name` (a file name, no folder) holds a content hash: a part between dots of at
// least 8 hex digits that is not the extension ("talkoo.3f9a2c1d.wasm", not "3f9a2c1d.wasm").
bool is_versioned_name(const std::string& name);
// The Content-Type for a file name by its extension; application/octet-stream when unknown.
std::string content_type_for(const std::string& name);
// True when an Accept-Encoding value accepts `coding` ("br", "gzip") by name or "*", q above 0.
bool accepts_coding(const std::string& accept_encoding, std::string_view coding);

class AppFiles {
  public:
    // Throws std::runtime_error with a message an operator can act on when `folder` is not a
    // folder holding index.html.
    explicit AppFiles(std::filesystem::path folder);
    ~AppFiles();
    AppFiles(const AppFiles&) = delete;
    AppFiles& operator=(const AppFiles&) = delete;

    // Answers GET or HEAD of /app/<relative> (relative percent-decoded, "" for the entry page).
    void answer(const HttpRequest& request, const std::string& relative, HttpResponse& response);

  private:
    struct File {
        std::filesystem::file_time_type mtime{};
        uintmax_t size = 0;
        std::string body;
        std::string etag;  // a strong ETag of the content
        std::optional<std::string> gzip, brotli;
    };
    // The current version of a file, read (and compressed) again when it changed; null when
    // there is no such regular file inside the folder.
    std::shared_ptr<const File> load(const std::filesystem::path& path);

    std::filesystem::path folder_;
    std::mutex mutex_;
    std::map<std::filesystem::path, std::shared_ptr<const File>> cache_;
    std::atomic<bool> stopping_{false};
    std::thread warm_;  // reads every file once at start
};

// GET /app (a redirect) and GET /app/{*file}, open to anyone.
void add_app_files(Router& router, AppFiles& files);

}  // namespace talkoo::central
