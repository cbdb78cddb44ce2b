// The centre's HTTP layer (server/http_server.hpp) on its own, in this process on a loopback
// port, with small applications of the tests' making: what the router and the API do not show.
// Answers given later from another thread, streamed answers, Expect: 100-continue, HEAD,
// pipelining, the connection limits (per address, trusted proxies, in total) and the deadlines
// (idle, the head's, the body's minimum rate).
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "raw_http.hpp"
#include "server/http_server.hpp"
#include "support/client_swarm.hpp"

using namespace talkoo;
using namespace talkoo::central;
using namespace talkoo::test;
using Clock = std::chrono::steady_clock;

namespace {

HttpResponse text(int status, std::string body) {
    HttpResponse r;
    r.status = status;
    r.set_content(std::move(body), "text/plain");
    return r;
}

// An HttpServer on a free loopback port, run on a thread of its own for the test's lifetime.
class RunningServer {
  public:
    RunningServer(HttpServerOptions options, HttpApplication app) {
        options.host = "127.0.0.1";
        options.port = 0;
        if (!app.refuse)
            app.refuse = [](const HttpRefusal& r, const HttpRequest*) {
                HttpResponse answer = text(r.status, "{\"error\":{\"code\":\"" + r.code + "\"}}");
                return answer;
            };
        if (!app.plan)
            app.plan = [](const HttpRequest&) {
                RequestPlan p;
                p.max_body = 1 << 20;
                return p;
            };
        server_ = std::make_unique<HttpServer>(options, app);
        port_ = server_->bind();
        thread_ = std::thread([this] { server_->run(); });
    }
    ~RunningServer() {
        server_->stop();
        thread_.join();
    }
    int port() const { return port_; }
    HttpServer& server() { return *server_; }

  private:
    std::unique_ptr<HttpServer> server_;
    std::thread thread_;
    int port_ = 0;
};

// Everything the peer sends until it closes or `limit_ms` passes; `closed` says which.
std::string read_all(int fd, int limit_ms, bool* closed = nullptr) {
    std::string in;
    auto deadline = Clock::now() + std::chrono::milliseconds(limit_ms);
    char buffer[65536];
    if (closed) *closed = false;
    while (Clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 20) <= 0) continue;
        ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) {
            if (closed) *closed = true;
            break;
        }
        in.append(buffer, static_cast<size_t>(n));
    }
    return in;
}

void send_all(int fd, const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
        ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return;
        sent += static_cast<size_t>(n);
    }
}

const std::string kGet = "GET /x HTTP/1.1\r\nHost: h\r\n\r\n";

}  // namespace

TEST_CASE("an answer given later from another thread reaches its client, holding no worker",
          "[http-layer]") {
    HttpServerOptions options;
    options.workers = 1;
    std::vector<std::thread> later;
    std::mutex mutex;
    HttpApplication app;
    app.handle = [&](HttpRequest request, Reply reply) {
        if (request.path != "/slow") return reply(text(200, "fast"));
        // As a group commit would: the worker hands the request on and is free at once.
        std::lock_guard lock(mutex);
        later.emplace_back([reply] {
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
            reply(text(200, "slow"));
        });
    };
    {
        RunningServer s(options, app);
        RawConnection slow("127.0.0.1", s.port());
        slow.send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n");
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        auto t0 = Clock::now();
        std::string fast = raw_exchange("127.0.0.1", s.port(), kGet);
        double fast_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        CHECK(raw_body(fast) == "fast");
        CHECK(fast_ms < 400);  // not behind the slow one, with one worker
        CHECK(raw_body(slow.read_response(5000)) == "slow");
        std::lock_guard lock(mutex);
        for (std::thread& t : later)
            t.join();
    }
}

TEST_CASE("a handler that never replies gets its client a 500, not a connection that hangs",
          "[http-layer]") {
    HttpApplication app;
    app.handle = [](HttpRequest, Reply) {};
    RunningServer s({}, app);
    CHECK(raw_status(raw_exchange("127.0.0.1", s.port(), kGet)) == 500);
}

TEST_CASE("a streamed answer goes out chunked, one piece after another", "[http-layer]") {
    std::atomic<int> made{0};
    std::atomic<bool> finished{false};
    std::atomic<bool> complete{false};
    HttpApplication app;
    app.handle = [&](HttpRequest, Reply reply) {
        HttpResponse r;
        r.set_header("Content-Type", "text/csv");
        r.stream = [&](std::string& out) {
            int n = made++;
            out = "row " + std::to_string(n) + "," + std::string(1000, 'x') + "\r\n";
            return n + 1 < 20000;
        };
        r.on_sent = [&](uint64_t, bool whole) {
            complete = whole;
            finished = true;
        };
        reply(std::move(r));
    };
    RunningServer s({}, app);

    SECTION("read whole") {
        int fd = connect_from("127.0.0.1", "127.0.0.1", s.port());
        send_all(fd, "GET /export HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        bool closed = false;
        std::string in = read_all(fd, 30'000, &closed);
        close(fd);
        CHECK(closed);
        CHECK(raw_status(in) == 200);
        CHECK(in.find("Transfer-Encoding: chunked") != std::string::npos);
        CHECK(in.find("Content-Length") == std::string::npos);
        CHECK(in.find("row 19999,") != std::string::npos);
        CHECK(in.ends_with("0\r\n\r\n"));
        CHECK(made == 20000);
        for (int i = 0; i < 100 && !finished; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        CHECK(complete);
    }
    SECTION("a client that goes away stops the stream") {
        int fd = connect_from("127.0.0.1", "127.0.0.1", s.port());
        send_all(fd, "GET /export HTTP/1.1\r\nHost: h\r\n\r\n");
        std::string some = read_all(fd, 300);
        CHECK(raw_status(some) == 200);
        close(fd);
        for (int i = 0; i < 500 && !finished; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        CHECK(finished);
        CHECK_FALSE(complete);
        CHECK(made < 20000);  // the pieces nobody would read were never made
    }
}

TEST_CASE("Expect: 100-continue is answered before the body; a body over the limit never is",
          "[http-layer]") {
    HttpApplication app;
    app.plan = [](const HttpRequest&) {
        RequestPlan p;
        p.max_body = 100;
        return p;
    };
    app.handle = [](HttpRequest request, Reply reply) { reply(text(200, request.body)); };
    RunningServer s({}, app);
    int fd = connect_from("127.0.0.1", "127.0.0.1", s.port());
    send_all(fd,
             "POST /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
    std::string first = read_all(fd, 300);
    CHECK(first == "HTTP/1.1 100 Continue\r\n\r\n");
    send_all(fd, "hello");
    std::string answer = read_all(fd, 300);
    CHECK(raw_status(answer) == 200);
    CHECK(raw_body(answer) == "hello");
    close(fd);

    fd = connect_from("127.0.0.1", "127.0.0.1", s.port());
    send_all(fd,
             "POST /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 500\r\n\r\n");
    bool closed = false;
    std::string refused = read_all(fd, 2000, &closed);
    CHECK(raw_status(refused) == 413);
    CHECK(refused.find("100 Continue") == std::string::npos);
    CHECK(closed);
    close(fd);
}

TEST_CASE("HEAD gets GET's headers without the body; pipelined requests are answered in order",
          "[http-layer]") {
    HttpApplication app;
    app.handle = [](HttpRequest request, Reply reply) {
        reply(text(200, request.method + " " + request.path));
    };
    RunningServer s({}, app);
    RawConnection c("127.0.0.1", s.port());
    c.send(
        "HEAD /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n"
        "GET /c HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    std::string all;
    for (int i = 0; i < 100 && all.find("GET /c") == std::string::npos; ++i)
        all += c.read_response(100);
    size_t head = all.find("Content-Length: 7");  // "HEAD /a", announced, not sent
    size_t b = all.find("GET /b");
    size_t cc = all.find("GET /c");
    CHECK(head != std::string::npos);
    CHECK(all.find("HEAD /a") == std::string::npos);
    CHECK(b != std::string::npos);
    CHECK(cc != std::string::npos);
    CHECK(head < b);
    CHECK(b < cc);
}

TEST_CASE("connections over the limit per address get 429, a trusted proxy's are not counted",
          "[http-layer]") {
    HttpServerOptions options;
    options.max_connections_per_address = 3;
    options.trusted_proxies = {"127.0.0.3"};
    HttpApplication app;
    app.handle = [](HttpRequest, Reply reply) { reply(text(200, "ok")); };
    RunningServer s(options, app);
    std::vector<int> held;
    for (int i = 0; i < 3; ++i)
        held.push_back(connect_from("127.0.0.2", "127.0.0.1", s.port()));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    int fourth = connect_from("127.0.0.2", "127.0.0.1", s.port());
    bool closed = false;
    std::string refused = read_all(fourth, 2000, &closed);
    CHECK(raw_status(refused) == 429);
    CHECK(refused.find("Retry-After: ") != std::string::npos);
    CHECK(closed);
    close(fourth);
    // Another address is not affected; nor is the proxy, whatever its number of connections.
    CHECK(raw_status(raw_exchange("127.0.0.1", s.port(), kGet)) == 200);
    std::vector<int> proxy;
    for (int i = 0; i < 6; ++i)
        proxy.push_back(connect_from("127.0.0.3", "127.0.0.1", s.port()));
    for (int fd : proxy) {
        send_all(fd, kGet);
        CHECK(raw_status(read_all(fd, 300)) == 200);
        close(fd);
    }
    // Closing one frees its place.
    close(held.back());
    held.pop_back();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    int again = connect_from("127.0.0.2", "127.0.0.1", s.port());
    send_all(again, kGet);
    CHECK(raw_status(read_all(again, 300)) == 200);
    close(again);
    for (int fd : held)
        close(fd);
}

TEST_CASE("connections over the total limit get 503 with Retry-After", "[http-layer]") {
    HttpServerOptions options;
    options.max_connections = 16;
    HttpApplication app;
    app.handle = [](HttpRequest, Reply reply) { reply(text(200, "ok")); };
    RunningServer s(options, app);
    SwarmScript idle;
    ClientSwarm many("127.0.0.1", s.port(), 16, 4, idle);
    many.wait_connected();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::string refused = raw_exchange("127.0.0.1", s.port(), kGet);
    CHECK(raw_status(refused) == 503);
    CHECK(refused.find("Retry-After: ") != std::string::npos);
}

TEST_CASE("deadlines: a silent connection is closed, a slow head or a slow body gets 408",
          "[http-layer]") {
    HttpServerOptions options;
    options.idle_timeout = std::chrono::milliseconds(300);
    options.head_timeout = std::chrono::milliseconds(600);
    options.body_grace = std::chrono::milliseconds(300);
    options.body_min_rate = 1000;
    HttpApplication app;
    app.handle = [](HttpRequest, Reply reply) { reply(text(200, "ok")); };
    RunningServer s(options, app);

    SECTION("idle: closed without an answer") {
        int fd = connect_from("127.0.0.1", "127.0.0.1", s.port());
        bool closed = false;
        std::string in = read_all(fd, 3000, &closed);
        CHECK(closed);
        CHECK(in.empty());
        close(fd);
    }
    SECTION("a head that keeps trickling is cut at its deadline, however steady") {
        int fd = connect_from("127.0.0.1", "127.0.0.1", s.port());
        send_all(fd, "GET /x HTTP/1.1\r\nX-Slow: ");
        auto t0 = Clock::now();
        std::string in;
        bool closed = false;
        while (!closed && Clock::now() - t0 < std::chrono::seconds(5)) {
            send_all(fd, "a");  // a byte every 100 ms: never idle
            in += read_all(fd, 100, &closed);
        }
        CHECK(raw_status(in) == 408);
        CHECK(closed);
        close(fd);
    }
    SECTION("a body slower than the minimum rate is cut after the grace period") {
        int fd = connect_from("127.0.0.1", "127.0.0.1", s.port());
        send_all(fd, "POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\n");
        std::string in;
        bool closed = false;
        auto t0 = Clock::now();
        while (!closed && Clock::now() - t0 < std::chrono::seconds(5)) {
            send_all(fd, "b");  // 10 bytes a second, far below 1 000
            in += read_all(fd, 100, &closed);
        }
        CHECK(raw_status(in) == 408);
        close(fd);
    }
    SECTION("a body at a good pace is read whole") {
        int fd = connect_from("127.0.0.1", "127.0.0.1", s.port());
        send_all(fd, "POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 4000\r\n\r\n");
        for (int i = 0; i < 8; ++i) {  // 500 bytes every 100 ms: 5 000 bytes a second
            send_all(fd, std::string(500, 'c'));
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        CHECK(raw_status(read_all(fd, 1000)) == 200);
        close(fd);
    }
}

TEST_CASE("requests beyond the pool's queue get 503 with Retry-After at once", "[http-layer]") {
    HttpServerOptions options;
    options.workers = 1;
    options.max_queued_requests = 2;
    std::mutex mutex;
    std::condition_variable released_cv;
    bool released = false;
    HttpApplication app;
    app.handle = [&](HttpRequest, Reply reply) {
        std::unique_lock lock(mutex);
        released_cv.wait(lock, [&] { return released; });
        reply(text(200, "done"));
    };
    RunningServer s(options, app);
    // One request holds the only worker, two wait in the queue; the fourth finds it full.
    std::vector<std::unique_ptr<RawConnection>> waiting;
    for (int i = 0; i < 3; ++i) {
        waiting.push_back(std::make_unique<RawConnection>("127.0.0.1", s.port()));
        waiting.back()->send(kGet);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    auto t0 = Clock::now();
    std::string refused = raw_exchange("127.0.0.1", s.port(), kGet);
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    CHECK(raw_status(refused) == 503);
    CHECK(refused.find("Retry-After: ") != std::string::npos);
    CHECK(ms < 1000);  // refused at once, not after the others
    {
        std::lock_guard lock(mutex);
        released = true;
    }
    released_cv.notify_all();
    for (auto& c : waiting)
        CHECK(raw_status(c->read_response(5000)) == 200);
}
