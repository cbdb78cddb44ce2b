// The router with routes of the tests' making, without a network (Router::answer, the path the
// fuzzer takes): what later parts need from it (the web app's static files at /app/, the
// workspace's pages at /) works through templates, per-route limits and content types, any
// header and status, and paths can never climb out of a route.
#include <catch2/catch.hpp>
#include <ostream>

#include "server/http_router.hpp"
#include "server/storage.hpp"
#include "support/temp_dir.hpp"

using namespace talkoo;
using namespace talkoo::central;
using namespace talkoo::test;

namespace {

class NullBuffer : public std::streambuf {
  protected:
    int overflow(int c) override { return c; }
};

struct RouterWorld {
    TempDir dir;
    std::unique_ptr<CentralStore> store = open_central_store((dir / "c.db").string(), true);
    NullBuffer nothing;
    std::ostream quiet{&nothing};
    Authenticator auth{*store};
    RateLimiter limiter{0, 1};
    RequestLog log{quiet};
    Router router{auth, limiter, log, quiet};
};

HttpRequest request(std::string method, std::string path, std::string body = "",
                    std::string type = "") {
    HttpRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.target = r.path;
    r.body = std::move(body);
    r.headers.add("Host", "h");
    if (!type.empty()) r.headers.add("Content-Type", type);
    return r;
}

}  // namespace

TEST_CASE("a {*rest} template serves any depth below it, never a way out", "[router]") {
    RouterWorld w;
    w.router.add("GET", "/app/{*file}", Access::anyone, [](Call& c) {
        c.response.set_header("Cache-Control", "public, max-age=31536000, immutable");
        c.response.set_content("file:" + c.path_param(1), "application/wasm");
    });
    HttpResponse deep = w.router.answer(request("GET", "/app/js/v1/main.wasm"));
    CHECK(deep.status == 200);
    CHECK(deep.body == "file:js/v1/main.wasm");
    CHECK(deep.get_header_value("Content-Type") == "application/wasm");
    CHECK(deep.get_header_value("Cache-Control") == "public, max-age=31536000, immutable");
    CHECK(w.router.answer(request("GET", "/app/")).body == "file:");
    CHECK(w.router.answer(request("GET", "/app/a%20b.txt")).body == "file:a b.txt");
    for (const char* climbing :
         {"/app/../etc/passwd", "/app/js/../../x", "/app/%2e%2e/x", "/app/a%2fb", "/app/./x"}) {
        INFO(climbing);
        CHECK(w.router.answer(request("GET", climbing)).status == 404);
    }
    HttpResponse head = w.router.answer(request("HEAD", "/app/x.js"));
    CHECK(head.status == 200);  // the server sends HEAD's headers only
}

TEST_CASE("each route has its own body limit and content types", "[router]") {
    RouterWorld w;
    RouteOptions upload;
    upload.max_body = 10;
    upload.json_body = false;
    w.router.add(
        "POST", "/upload", Access::anyone,
        [](Call& c) { c.response.set_content(c.body, "text/plain"); }, upload);
    w.router.add("POST", "/json", Access::anyone, [](Call& c) {
        c.response.set_content(c.json_object().dump(), "application/json");
    });
    CHECK(w.router.plan(request("POST", "/upload")).max_body == 10);
    CHECK(w.router.plan(request("POST", "/json")).max_body == wire::kMaxBodyBytes);
    CHECK(w.router.plan(request("GET", "/json")).answer->status == 405);

    HttpResponse plain = w.router.answer(request("POST", "/upload", "hello", "text/plain"));
    CHECK(plain.status == 200);
    CHECK(plain.body == "hello");
    CHECK(w.router.answer(request("POST", "/upload", "far too long", "text/plain")).status == 413);
    CHECK(w.router.answer(request("POST", "/json", "{}", "text/plain")).status == 415);
    CHECK(w.router.answer(request("POST", "/json", "{\"a\":1}", "application/json")).status == 200);
    CHECK(w.router.answer(request("POST", "/json", "{\"a\":1e999}", "application/json")).status ==
          400);
}

TEST_CASE("an immediate route is answered as soon as its head is read", "[router]") {
    RouterWorld w;
    RouteOptions immediate;
    immediate.immediate = true;
    w.router.add(
        "GET", "/ping", Access::anyone,
        [](Call& c) { c.response.set_content("pong", "text/plain"); }, immediate);
    RequestPlan plan = w.router.plan(request("GET", "/ping"));
    REQUIRE(plan.answer);
    CHECK(plan.answer->body == "pong");
    CHECK(plan.answer->get_header_value("X-Talkoo-Protocol") == "talkoo/1");
}
