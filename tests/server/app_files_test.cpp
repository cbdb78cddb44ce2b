// The web app's files at /app/ (`serve --app DIR`, server/app_files.hpp), from the real
// talkoo-central over real HTTP: types, caching by name, compression, revalidation, a new build
// seen without a restart, and nothing outside the folder.
#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

#include "server/app_files.hpp"
#include "support/central_fixture.hpp"

using namespace talkoo;
using namespace talkoo::test;

namespace {

void write_file(const std::filesystem::path& path, const std::string& content) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

// Some text that compresses, of about `bytes` bytes.
std::string compressible(size_t bytes) {
    std::string s;
    while (s.size() < bytes)
        s += "function talkoo_" + std::to_string(s.size() % 97) + "() { return 42; }\n";
    return s;
}

// An app folder like the web build's, and a centre serving it.
struct AppCentre {
    AppCentre() : folder(setup(dir)), centre({"--app", folder.string()}) {}

    static std::filesystem::path setup(const TempDir& d) {
        std::filesystem::path f = d / "app";
        write_file(f / "index.html", "<!doctype html><title>Talkoo</title>" + compressible(2000));
        write_file(f / "talkoo.0123abcd.wasm",
                   std::string("\0asm\1\0\0\0", 8) + compressible(50000));
        write_file(f / "talkoo.0123abcd.js", compressible(30000));
        write_file(f / "sw.js", "self.addEventListener('install', () => {});");
        write_file(f / "manifest.webmanifest", R"({"name": "Talkoo"})");
        write_file(f / "icons" / "icon-192.png", std::string("\x89PNG\r\n\x1a\n", 8) + "....");
        write_file(f / ".secret", "not the app's");
        write_file(d / "outside.txt", "not the app's either");
        return f;
    }

    httplib::Result get(const std::string& path, httplib::Headers headers = {}) {
        httplib::Client c = centre.server->client();
        c.set_decompress(false);
        return c.Get(path.c_str(), headers);
    }

    TempDir dir;
    std::filesystem::path folder;
    CentralFixture centre;
};

}  // namespace

TEST_CASE("a file name holds a version when a dotted part is 8 or more hex digits", "[app]") {
    using central::is_versioned_name;
    CHECK(is_versioned_name("talkoo.3f9a2c1d.wasm"));
    CHECK(is_versioned_name("noto.0123456789abcdef.ttf"));
    CHECK(is_versioned_name("a.b.DEADBEEF.js"));
    CHECK_FALSE(is_versioned_name("index.html"));
    CHECK_FALSE(is_versioned_name("sw.js"));
    CHECK_FALSE(is_versioned_name("3f9a2c1d.wasm"));      // the hash must not be the whole name
    CHECK_FALSE(is_versioned_name("talkoo.3f9a2c1.js"));  // 7 digits
    CHECK_FALSE(is_versioned_name("talkoo.deadbeefx.js"));
    CHECK_FALSE(is_versioned_name("talkoo.js.3f9a2c1d"));  // that is the extension
}

TEST_CASE("the web app's files get their types: wasm as application/wasm", "[app]") {
    using central::content_type_for;
    CHECK(content_type_for("talkoo.0123abcd.wasm") == "application/wasm");
    CHECK(content_type_for("index.html") == "text/html; charset=utf-8");
    CHECK(content_type_for("sw.js") == "text/javascript; charset=utf-8");
    CHECK(content_type_for("manifest.webmanifest") == "application/manifest+json");
    CHECK(content_type_for("icon.PNG") == "image/png");
    CHECK(content_type_for("README") == "application/octet-stream");
}

TEST_CASE("the centre serves the web app at /app/ with its types, caching and compression",
          "[app][http]") {
    AppCentre a;

    SECTION("/app redirects to /app/, which is the entry page, never cached unchecked") {
        auto r = a.get("/app");
        REQUIRE(r);
        CHECK(r->status == 301);
        CHECK(r->get_header_value("Location") == "/app/");
        r = a.get("/app/");
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(r->get_header_value("Content-Type") == "text/html; charset=utf-8");
        CHECK(r->get_header_value("Cache-Control") == "no-cache");
        CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
        CHECK(r->body.starts_with("<!doctype html>"));
    }
    SECTION("a versioned file is cached a year and immutable; the service worker is not") {
        auto r = a.get("/app/talkoo.0123abcd.wasm");
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(r->get_header_value("Content-Type") == "application/wasm");
        CHECK(r->get_header_value("Cache-Control") == "public, max-age=31536000, immutable");
        CHECK(r->body.starts_with(std::string("\0asm", 4)));
        r = a.get("/app/sw.js");
        REQUIRE(r);
        CHECK(r->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
        CHECK(r->get_header_value("Cache-Control") == "no-cache");
        r = a.get("/app/manifest.webmanifest");
        REQUIRE(r);
        CHECK(r->get_header_value("Content-Type") == "application/manifest+json");
        r = a.get("/app/icons/icon-192.png");
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(r->get_header_value("Content-Type") == "image/png");
    }
    SECTION("brotli when accepted, else gzip, else plain; an image is never recompressed") {
        auto plain = a.get("/app/talkoo.0123abcd.js", {{"Accept-Encoding", "identity"}});
        auto gz = a.get("/app/talkoo.0123abcd.js", {{"Accept-Encoding", "gzip"}});
        auto br = a.get("/app/talkoo.0123abcd.js", {{"Accept-Encoding", "gzip, deflate, br"}});
        REQUIRE((plain && gz && br));
        CHECK_FALSE(plain->has_header("Content-Encoding"));
        CHECK(gz->get_header_value("Content-Encoding") == "gzip");
        CHECK(br->get_header_value("Content-Encoding") == "br");
        CHECK(br->get_header_value("Vary") == "Accept-Encoding");
        CHECK(gz->body.size() < plain->body.size() / 4);
        CHECK(br->body.size() < gz->body.size());
        // httplib decompresses both back to the same file.
        httplib::Client c = a.centre.server->client();
        auto decoded = c.Get("/app/talkoo.0123abcd.js", {{"Accept-Encoding", "br"}});
        REQUIRE(decoded);
        CHECK(decoded->body == plain->body);
        auto png = a.get("/app/icons/icon-192.png", {{"Accept-Encoding", "br, gzip"}});
        REQUIRE(png);
        CHECK_FALSE(png->has_header("Content-Encoding"));
    }
    SECTION("a browser asking again with the ETag gets 304, whichever encoding it had") {
        auto first = a.get("/app/", {{"Accept-Encoding", "br"}});
        REQUIRE(first);
        const std::string etag = first->get_header_value("ETag");
        REQUIRE_FALSE(etag.empty());
        auto again = a.get("/app/", {{"If-None-Match", etag}, {"Accept-Encoding", "gzip"}});
        REQUIRE(again);
        CHECK(again->status == 304);
        CHECK(again->body.empty());
        auto other = a.get("/app/", {{"If-None-Match", "\"0000\""}});
        REQUIRE(other);
        CHECK(other->status == 200);
    }
    SECTION("a new build copied into the folder is served at once, without a restart") {
        auto before = a.get("/app/sw.js");
        REQUIRE(before);
        // A different size, so the change is seen even within the file system's time grain.
        write_file(a.folder / "sw.js", "self.addEventListener('install', () => {}); // v2");
        auto after = a.get("/app/sw.js");
        REQUIRE(after);
        CHECK(after->body.ends_with("// v2"));
        CHECK(after->get_header_value("ETag") != before->get_header_value("ETag"));
    }
    SECTION("nothing outside the folder, no hidden file, no folder listing: 404 with a reason") {
        for (const char* path :
             {"/app/.secret", "/app/../outside.txt", "/app/%2e%2e/outside.txt", "/app/icons",
              "/app/icons/", "/app/missing.js", "/app/index.html.br"}) {
            INFO(path);
            auto r = a.get(path);
            REQUIRE(r);
            CHECK(r->status == 404);
            CHECK(r->body.find("not_found") != std::string::npos);
        }
        std::filesystem::create_symlink(a.dir / "outside.txt", a.folder / "link.txt");
        auto r = a.get("/app/link.txt");
        REQUIRE(r);
        CHECK(r->status == 404);
    }
    SECTION("HEAD gives the headers without the body; POST is not allowed") {
        httplib::Client c = a.centre.server->client();
        auto head = c.Head("/app/sw.js");
        REQUIRE(head);
        CHECK(head->status == 200);
        CHECK(head->body.empty());
        auto post = c.Post("/app/sw.js", "x", "text/plain");
        REQUIRE(post);
        CHECK(post->status == 405);
    }
}

TEST_CASE("serve --app refuses a folder that is not the web build's, saying why", "[app][cli]") {
    CentralFixture f({}, false);
    CommandResult r = run_central({"serve", "--db", f.db, "--listen", "127.0.0.1:0", "--app",
                                   (f.dir / "nothing-here").string()});
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("no such folder") != std::string::npos);
    std::filesystem::create_directories(f.dir / "empty");
    r = run_central(
        {"serve", "--db", f.db, "--listen", "127.0.0.1:0", "--app", (f.dir / "empty").string()});
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("no index.html") != std::string::npos);
}

TEST_CASE("without --app the centre serves no files", "[app][http]") {
    CentralFixture f;
    httplib::Client c = f.server->client();
    auto r = c.Get("/app/");
    REQUIRE(r);
    CHECK(r->status == 404);
}
