// The transport and the fault proxy together: each way a network can fail reaches the sync
// worker as a TransportError of the right kind with words a person can act on, or as the
// (wrong) answer that a proxy or captive portal really sends, never as a silent success.
// The upstream here is cpp-httplib serving fixed answers; the full centre is in sync_e2e tests.
#include <catch2/catch.hpp>

#include <httplib.h>

#include <thread>

#include "support/fault_proxy.hpp"
#include "sync/client/http_transport.hpp"

using namespace talkoo;
using namespace talkoo::sync;
using talkoo::test::Fault;
using talkoo::test::FaultProxy;
using talkoo::test::FaultRule;

namespace {

// A loopback HTTP server answering /json with a small JSON document and counting POSTs.
struct Upstream {
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::atomic<int> posts{0};

    Upstream() {
        server.Get("/json", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(std::string(4000, ' ') + "{\"protocol\":\"test\"}", "application/json");
        });
        server.Post("/post", [this](const httplib::Request& req, httplib::Response& res) {
            posts++;
            res.set_content("{\"got\":" + std::to_string(req.body.size()) + "}",
                            "application/json");
        });
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running())
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~Upstream() {
        server.stop();
        thread.join();
    }
};

HttpRequest get(const std::string& base) {
    return {"GET", base + "/json", {}, ""};
}
HttpRequest post(const std::string& base) {
    return {"POST", base + "/post", {{"Content-Type", "application/json"}}, "{\"a\":1}"};
}

}  // namespace

TEST_CASE("a request through a passing proxy gets the server's answer, compressed on the wire") {
    Upstream up;
    FaultProxy proxy(up.port);
    HttpTransport transport({});
    auto result = transport.send(get(proxy.url()));
    REQUIRE(std::holds_alternative<HttpResponse>(result));
    auto& response = std::get<HttpResponse>(result);
    CHECK(response.status == 200);
    CHECK(response.content_type.starts_with("application/json"));
    CHECK(response.body.ends_with("{\"protocol\":\"test\"}"));
    CHECK(response.wire_bytes > 0);
    CHECK(proxy.counters().requests == 1);
    // The 4 KB of padding travelled gzip-compressed and arrived whole.
    CHECK(proxy.counters().bytes_to_client > 0);
    CHECK(proxy.counters().bytes_to_client < response.body.size() / 4);
}

TEST_CASE("one transport reuses its connection for consecutive requests") {
    Upstream up;
    FaultProxy proxy(up.port);
    HttpTransport transport({});
    for (int i = 0; i < 3; ++i)
        REQUIRE(std::holds_alternative<HttpResponse>(transport.send(post(proxy.url()))));
    CHECK(proxy.counters().connections == 1);
    CHECK(up.posts == 3);
}

TEST_CASE("a refused connection is a connect error that names the host") {
    Upstream up;
    FaultProxy proxy(up.port);
    proxy.set_refusing(true);
    HttpTransport transport({});
    auto result = transport.send(get(proxy.url()));
    REQUIRE(std::holds_alternative<TransportError>(result));
    CHECK(std::get<TransportError>(result).kind == TransportError::Kind::connect);
    CHECK_THAT(std::get<TransportError>(result).message, Catch::Contains("127.0.0.1"));
    proxy.set_refusing(false);
    CHECK(std::holds_alternative<HttpResponse>(transport.send(get(proxy.url()))));
}

TEST_CASE("a reset before the body arrives is a lost connection and the server sees nothing") {
    Upstream up;
    FaultProxy proxy(up.port);
    proxy.add_rule({Fault::reset_before_body, "POST", "/post", 1});
    HttpTransport transport({});
    auto result = transport.send(post(proxy.url()));
    REQUIRE(std::holds_alternative<TransportError>(result));
    CHECK(std::get<TransportError>(result).kind == TransportError::Kind::connection_lost);
    CHECK(up.posts == 0);
}

TEST_CASE("a reset after the body arrives is a lost connection although the server acted") {
    Upstream up;
    FaultProxy proxy(up.port);
    proxy.add_rule({Fault::reset_after_body, "POST", "/post", 1});
    HttpTransport transport({});
    auto result = transport.send(post(proxy.url()));
    REQUIRE(std::holds_alternative<TransportError>(result));
    CHECK(std::get<TransportError>(result).kind == TransportError::Kind::connection_lost);
    CHECK(up.posts == 1);
}

TEST_CASE("an answer delayed past the request timeout is a timeout") {
    Upstream up;
    FaultProxy proxy(up.port);
    proxy.add_rule({Fault::delay_response, "", "", 1, 3000});
    TransportConfig config;
    config.request_timeout_ms = 300;
    HttpTransport transport(config);
    auto result = transport.send(get(proxy.url()));
    REQUIRE(std::holds_alternative<TransportError>(result));
    CHECK(std::get<TransportError>(result).kind == TransportError::Kind::timeout);
}

TEST_CASE("a truncated answer is a lost connection, not a short success") {
    Upstream up;
    FaultProxy proxy(up.port);
    proxy.add_rule({Fault::truncate_response, "", "", 1});
    HttpTransport transport({});
    auto result = transport.send(get(proxy.url()));
    REQUIRE(std::holds_alternative<TransportError>(result));
    CHECK(std::get<TransportError>(result).kind == TransportError::Kind::connection_lost);
}

TEST_CASE("a proxy's error page and a captive portal arrive as the HTML answers they are") {
    Upstream up;
    FaultProxy proxy(up.port);
    proxy.add_rule({Fault::status_only, "", "", 1, 0, 502});
    proxy.add_rule({Fault::captive_portal, "", "", 1});
    HttpTransport transport({});
    auto first = transport.send(get(proxy.url()));
    REQUIRE(std::holds_alternative<HttpResponse>(first));
    CHECK(std::get<HttpResponse>(first).status == 502);
    auto second = transport.send(get(proxy.url()));
    REQUIRE(std::holds_alternative<HttpResponse>(second));
    CHECK(std::get<HttpResponse>(second).status == 200);
    CHECK(std::get<HttpResponse>(second).content_type.starts_with("text/html"));
}

TEST_CASE("Retry-After in seconds is read from the answer") {
    httplib::Server server;
    server.Get("/busy", [](const httplib::Request&, httplib::Response& res) {
        res.status = 429;
        res.set_header("Retry-After", "17");
        res.set_content("{}", "application/json");
    });
    int port = server.bind_to_any_port("127.0.0.1");
    std::thread t([&] { server.listen_after_bind(); });
    while (!server.is_running())
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    HttpResult result;
    {
        // Closed before the server stops, which otherwise waits out the keep-alive.
        HttpTransport transport({});
        result =
            transport.send({"GET", "http://127.0.0.1:" + std::to_string(port) + "/busy", {}, ""});
    }
    server.stop();
    t.join();
    REQUIRE(std::holds_alternative<HttpResponse>(result));
    CHECK(std::get<HttpResponse>(result).status == 429);
    CHECK(std::get<HttpResponse>(result).retry_after_s == 17);
}

TEST_CASE("an address that is not http(s) is refused with a clear message") {
    HttpTransport transport({});
    auto result = transport.send({"GET", "ftp://example.org/x", {}, ""});
    REQUIRE(std::holds_alternative<TransportError>(result));
    CHECK(std::get<TransportError>(result).kind == TransportError::Kind::bad_url);
}
