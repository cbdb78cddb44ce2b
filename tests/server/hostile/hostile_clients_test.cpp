// The centre under attack, tried as an attacker would from other machines: the real
// talkoo-central binary on loopback, the attackers on loopback addresses of their own
// (127.0.0.2 and up, support/client_swarm.hpp), the honest kiosk and coordinator on 127.0.0.1.
// Each promise here failed on the centre as it was before issue 16 (cpp-httplib, a thread per
// connection): run with TALKOO_TEST_CENTRAL_BIN=<old talkoo-central> to see it.
//
// The timing bounds (an answer within 1 s while attacked, a 413 within 100 ms) are the issue's
// own, hundreds of times what an unloaded centre needs; bench/http measures the real figures.
// This suite is labelled "hostile" and left out of the sanitizer build, whose slowness and
// allocator would turn these bounds and memory figures into noise.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

#include "raw_http.hpp"
#include "support/central_fixture.hpp"
#include "support/client_swarm.hpp"
#include "sync/wire/signup_json.hpp"

using namespace talkoo;
using namespace talkoo::test;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

// A field of /proc/PID/status in kB (VmRSS, VmHWM) or as a count (Threads).
long proc_status(pid_t pid, const std::string& field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.starts_with(field + ":")) return std::stol(line.substr(field.size() + 1));
    return -1;
}

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// An honest client with a short patience, so that a centre that does not answer fails the test
// in seconds rather than minutes.
httplib::Client honest_client(const CentralFixture& f) {
    httplib::Client c(f.server->host(), f.server->port());
    c.set_connection_timeout(5);
    c.set_read_timeout(5);
    c.set_write_timeout(5);
    return c;
}

struct Timed {
    int status = 0;
    double ms = 0;
    std::string body;
};

Timed timed_get(const CentralFixture& f, const std::string& path, const std::string& token = "") {
    httplib::Client c = honest_client(f);
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    auto t = Clock::now();
    auto r = c.Get(path.c_str(), h);
    return {r ? r->status : 0, ms_since(t), r ? r->body : std::string()};
}

Timed timed_signups(const CentralFixture& f, int count) {
    std::vector<Signup> batch;
    for (int i = 0; i < count; ++i)
        batch.push_back(test_signup({"task-a1"}));
    httplib::Client c = honest_client(f);
    auto t = Clock::now();
    auto r = c.Post("/v1/signups", {{"Authorization", "Bearer " + f.device.token}},
                    f.sealed_batch(batch), "application/json");
    Timed out{r ? r->status : 0, ms_since(t), r ? r->body : std::string()};
    if (out.status == 200) {
        json j = json::parse(out.body);
        if (j["counts"]["stored"] != count) out.status = -1;  // answered but not stored
    }
    return out;
}

// Reads until the peer closes; true if it did within `limit_ms`.
bool closed_within(int fd, int limit_ms) {
    auto deadline = Clock::now() + std::chrono::milliseconds(limit_ms);
    char buffer[4096];
    while (Clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0) continue;
        ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) return true;
    }
    return false;
}

constexpr char kTlsHello[] = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 hello\r\n\r\n";

std::string head_of(const std::string& method, const std::string& target,
                    const std::string& extra) {
    return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

}  // namespace

TEST_CASE("200 slow-header and 200 slow-body connections leave health and signups answering",
          "[hostile]") {
    CentralFixture f;
    SwarmScript slow_head;
    slow_head.opening = "POST /v1/signups HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    slow_head.trickle = "abcdefgh";
    slow_head.interval = std::chrono::milliseconds(300);
    SwarmScript slow_body;
    slow_body.opening =
        head_of("POST", "/v1/signups",
                "Authorization: Bearer " + f.device.token +
                    "\r\nContent-Type: application/json\r\nContent-Length: 50000\r\n");
    slow_body.trickle = "{\"signups\": [";
    slow_body.interval = std::chrono::milliseconds(300);
    // 10 connections from each of 20 addresses per kind: under the per-address limit, so every
    // one of them is held open by the centre, as they would be from 40 machines.
    ClientSwarm heads(f.server->host(), f.server->port(), 200, 10, slow_head);
    ClientSwarm bodies(f.server->host(), f.server->port(), 200, 10, slow_body);
    heads.wait_connected();
    bodies.wait_connected();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));

    for (int round = 0; round < 5; ++round) {
        Timed health = timed_get(f, "/v1/health");
        INFO("round " << round << ": health " << health.status << " in " << health.ms << " ms");
        CHECK(health.status == 200);
        CHECK(health.ms < 1000);
        Timed batch = timed_signups(f, 20);
        INFO("signups " << batch.status << " in " << batch.ms << " ms: " << batch.body);
        CHECK(batch.status == 200);
        CHECK(batch.ms < 1000);
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    // The attackers were held, not refused: the centre bore them, one network thread for all.
    SwarmStats h = heads.stats();
    SwarmStats b = bodies.stats();
    CHECK(h.connected == 200);
    CHECK(b.connected == 200);
    CHECK(h.open + b.open >= 390);
    long threads = proc_status(f.server->pid(), "Threads");
    INFO("centre threads: " << threads);
    CHECK(threads < 32);
}

TEST_CASE("a 64 MB header line and 10 000 headers are refused with 431, costing a few MB at most",
          "[hostile]") {
    CentralFixture f;
    // Warm up, so that what the centre allocates once anyway is in the baseline.
    REQUIRE(timed_get(f, "/v1/health").status == 200);
    REQUIRE(timed_signups(f, 5).status == 200);
    const long rss_before = proc_status(f.server->pid(), "VmRSS");
    const long peak_before = proc_status(f.server->pid(), "VmHWM");

    auto attack = [&](const std::string& opening, const std::string& repeat, size_t total) {
        int fd = connect_from("127.0.0.2", f.server->host(), f.server->port());
        REQUIRE(fd >= 0);
        std::string received;
        std::thread reader([&] {
            char buffer[4096];
            while (true) {
                pollfd p{fd, POLLIN, 0};
                if (poll(&p, 1, 5000) <= 0) break;
                ssize_t n = recv(fd, buffer, sizeof buffer, 0);
                if (n <= 0) break;
                received.append(buffer, static_cast<size_t>(n));
            }
        });
        send(fd, opening.data(), opening.size(), MSG_NOSIGNAL);
        std::string block;
        while (block.size() < 64 * 1024)
            block += repeat;
        size_t sent = 0;
        while (sent < total) {
            ssize_t n = send(fd, block.data(), std::min(block.size(), total - sent), MSG_NOSIGNAL);
            if (n <= 0) break;  // the centre closed: it stopped reading long before the end
            sent += static_cast<size_t>(n);
        }
        shutdown(fd, SHUT_WR);
        reader.join();
        close(fd);
        return std::make_pair(received, sent);
    };

    auto [line_answer, line_sent] =
        attack("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ", "a", 64u << 20);
    INFO("64 MB line: sent " << line_sent << " bytes; answer: " << line_answer.substr(0, 300));
    CHECK(status_of(line_answer) == 431);
    CHECK(line_answer.find("\"header_too_large\"") != std::string::npos);

    auto [many_answer, many_sent] = attack("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                                           "X-Header: value\r\n", 10'000 * 17);
    INFO("10 000 headers: answer " << many_answer.substr(0, 300));
    CHECK(status_of(many_answer) == 431);

    const long rss_after = proc_status(f.server->pid(), "VmRSS");
    const long peak_after = proc_status(f.server->pid(), "VmHWM");
    INFO("RSS " << rss_before << " -> " << rss_after << " kB, peak " << peak_before << " -> "
                << peak_after << " kB");
    CHECK(rss_after - rss_before < 3 * 1024);
    CHECK(peak_after - peak_before < 3 * 1024);
    CHECK(timed_get(f, "/v1/health").status == 200);
}

TEST_CASE("a Range header with 2 700 overlapping ranges gets the plain answer once", "[hostile]") {
    CentralFixture f;
    Timed plain = timed_get(f, "/v1/catalog", f.device.token);
    REQUIRE(plain.status == 200);
    std::string ranges = "bytes=";
    for (int i = 0; i < 2700; ++i)
        ranges += (i ? "," : "") + std::string("0-");
    std::string request = head_of("GET", "/v1/catalog",
                                  "Authorization: Bearer " + f.device.token +
                                      "\r\nRange: " + ranges + "\r\nConnection: close\r\n");
    INFO("request of " << request.size() << " bytes");
    REQUIRE(request.size() < 8500);
    std::string answer = raw_exchange(f.server->host(), f.server->port(), request);
    CHECK(raw_status(answer) == 200);
    CHECK(answer.find("Content-Range") == std::string::npos);
    CHECK(raw_body(answer).size() == plain.body.size());
}

TEST_CASE("a Content-Length far over the limit is refused with 413 at once", "[hostile]") {
    CentralFixture f;
    int fd = connect_from("127.0.0.2", f.server->host(), f.server->port());
    REQUIRE(fd >= 0);
    std::string head =
        head_of("POST", "/v1/signups",
                "Authorization: Bearer " + f.device.token +
                    "\r\nContent-Type: application/json\r\nContent-Length: 99999999\r\n");
    auto sent_at = Clock::now();
    send(fd, (head + "{\"sig").data(), head.size() + 5, MSG_NOSIGNAL);
    std::string answer;
    char buffer[4096];
    while (answer.find("\r\n\r\n") == std::string::npos) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 10'000) <= 0) break;
        ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        answer.append(buffer, static_cast<size_t>(n));
    }
    double ms = ms_since(sent_at);
    INFO(answer << " after " << ms << " ms");
    CHECK(status_of(answer) == 413);
    CHECK(ms < 100);
    CHECK(closed_within(fd, 3000));
    close(fd);
}

TEST_CASE("every malformed request is answered 4xx and its connection closed", "[hostile]") {
    CentralFixture f;
    const std::string auth = "Authorization: Bearer " + f.device.token + "\r\n";
    const std::string json_type = "Content-Type: application/json\r\n";
    struct Case {
        std::string name;
        std::string bytes;
    };
    const std::vector<Case> cases = {
        {"two equal Content-Lengths",
         head_of("POST", "/v1/signups",
                 auth + json_type + "Content-Length: 2\r\nContent-Length: 2\r\n") +
             "{}"},
        {"two different Content-Lengths",
         head_of("POST", "/v1/signups",
                 auth + json_type + "Content-Length: 2\r\nContent-Length: 20\r\n") +
             "{}"},
        {"a Content-Length list",
         head_of("POST", "/v1/signups", auth + json_type + "Content-Length: 2, 2\r\n") + "{}"},
        {"Transfer-Encoding and Content-Length",
         head_of("POST", "/v1/signups",
                 auth + json_type + "Transfer-Encoding: chunked\r\nContent-Length: 7\r\n") +
             "2\r\n{}\r\n0\r\n\r\n"},
        {"a transfer coding other than chunked",
         head_of("POST", "/v1/signups", auth + json_type + "Transfer-Encoding: gzip, chunked\r\n") +
             "2\r\n{}\r\n0\r\n\r\n"},
        {"Transfer-Encoding in HTTP/1.0",
         "POST /v1/signups HTTP/1.0\r\n" + auth + json_type +
             "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"},
        {"a Content-Length with a sign",
         head_of("POST", "/v1/signups", auth + json_type + "Content-Length: +2\r\n") + "{}"},
        {"a hexadecimal Content-Length",
         head_of("POST", "/v1/signups", auth + json_type + "Content-Length: 0x2\r\n") + "{}"},
        {"obsolete line folding", head_of("GET", "/v1/catalog", auth + "X-Folded: a\r\n b\r\n")},
        {"a space before the colon", head_of("GET", "/v1/catalog", auth + "X-Name : v\r\n")},
        {"a NUL in a header value",
         head_of("GET", "/v1/catalog", auth + std::string("X-Cut: abc\0def\r\n", 16))},
        {"a NUL in the path",
         std::string("GET /v1/hea") + '\0' + "lth HTTP/1.1\r\nHost: h\r\n\r\n"},
        {"a control character in a header",
         head_of("GET", "/v1/catalog", auth + "X-Bell: a\x07\r\n")},
        {"an encoded NUL in the path", head_of("GET", "/v1/tasks/a%00b", auth)},
        {"a malformed percent-escape", head_of("GET", "/v1/catalog?since=%zz", auth)},
        {"bare LF line ends", "GET /v1/health HTTP/1.1\nHost: h\n\n"},
        {"a bare CR", "GET /v1/health HTTP/1.1\r\nHost: h\rX: y\r\n\r\n"},
        {"HTTP/1.1 without Host", "GET /v1/health HTTP/1.1\r\n\r\n"},
        {"two Host fields", "GET /v1/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"},
        {"HTTP/2.0 as text", "GET /v1/health HTTP/2.0\r\nHost: h\r\n\r\n"},
        {"two spaces in the request line", "GET  /v1/health HTTP/1.1\r\nHost: h\r\n\r\n"},
        {"a fragment in the target", "GET /v1/health#x HTTP/1.1\r\nHost: h\r\n\r\n"},
        {"a made-up method", "BREW /v1/health HTTP/1.1\r\nHost: h\r\n\r\n"},
        {"not HTTP at all (a TLS hello)", std::string(kTlsHello, sizeof kTlsHello - 1)},
        {"a chunk size that is not hexadecimal",
         head_of("POST", "/v1/signups", auth + json_type + "Transfer-Encoding: chunked\r\n") +
             "zz\r\n{}\r\n0\r\n\r\n"},
        {"a chunk size that overflows",
         head_of("POST", "/v1/signups", auth + json_type + "Transfer-Encoding: chunked\r\n") +
             "fffffffffffffffffff\r\n{}\r\n0\r\n\r\n"},
        {"a chunk longer than its size",
         head_of("POST", "/v1/signups", auth + json_type + "Transfer-Encoding: chunked\r\n") +
             "1\r\n{}\r\n0\r\n\r\n"},
        {"an Expect other than 100-continue",
         head_of("POST", "/v1/signups",
                 auth + json_type + "Expect: 200-ok\r\nContent-Length: 2\r\n") +
             "{}"},
        {"a request line of 9 000 bytes",
         head_of("GET", "/v1/catalog?since=" + std::string(9000, 'a'), auth)},
    };
    for (const Case& c : cases) {
        INFO("case: " << c.name);
        int fd = connect_from("127.0.0.2", f.server->host(), f.server->port());
        REQUIRE(fd >= 0);
        send(fd, c.bytes.data(), c.bytes.size(), MSG_NOSIGNAL);
        std::string answer;
        char buffer[4096];
        bool closed = false;
        auto deadline = Clock::now() + std::chrono::seconds(3);
        while (Clock::now() < deadline) {
            pollfd p{fd, POLLIN, 0};
            if (poll(&p, 1, 50) <= 0) continue;
            ssize_t n = recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) {
                closed = true;
                break;
            }
            answer.append(buffer, static_cast<size_t>(n));
        }
        close(fd);
        INFO(answer.substr(0, 400));
        int status = status_of(answer);
        CHECK(status >= 400);
        CHECK(status < 500);
        CHECK(closed);
        CHECK(raw_body(answer).find("\"error\"") != std::string::npos);
    }
    // A percent-encoded field name is just an unknown field: it never frames a body, so the
    // request behind it is read as a request of its own (a smuggling vector of the old parser).
    std::string two = head_of("POST", "/v1/health", "Content%2DLength: 34\r\n") +
                      head_of("GET", "/v1/nowhere", "Connection: close\r\n");
    RawConnection c(f.server->host(), f.server->port());
    c.send(two);
    CHECK(raw_status(c.read_response(5000)) == 405);
    CHECK(raw_status(c.read_response(5000)) == 404);
    CHECK(timed_get(f, "/v1/health").status == 200);
}

TEST_CASE("1 000 idle kept-alive connections cost no threads and signups are still stored",
          "[hostile]") {
    // The default keep-alive (5 s) closes them soon after; the whole test takes well under that.
    CentralFixture f;
    SwarmScript idle;
    idle.opening = "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    ClientSwarm kiosks(f.server->host(), f.server->port(), 1000, 50, idle);
    kiosks.wait_connected();
    kiosks.wait_answered(std::chrono::seconds(30));
    SwarmStats s = kiosks.stats();
    REQUIRE(s.answered == 1000);
    CHECK(std::count(s.statuses.begin(), s.statuses.end(), 200) == 1000);

    for (int round = 0; round < 5; ++round) {
        Timed batch = timed_signups(f, 50);
        INFO("round " << round << ": " << batch.status << " in " << batch.ms << " ms");
        CHECK(batch.status == 200);
        CHECK(batch.ms < 1000);
    }
    CHECK(kiosks.stats().open == 1000);
    long threads = proc_status(f.server->pid(), "Threads");
    long rss = proc_status(f.server->pid(), "VmRSS");
    INFO("centre: " << threads << " threads, " << rss << " kB resident with 1 000 connections");
    CHECK(threads < 32);
}
