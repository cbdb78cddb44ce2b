// bench-http-compare: the same checks, side by side in one run, against
//   - the bare servers of the library comparison (bare_app.hpp on cpp-httplib, libmicrohttpd,
//     Boost.Beast, and on the centre's own HTTP layer), and
//   - talkoo-central itself: this build's, and, with --before BIN, another binary (the centre
//     as it was before issue 16), both set up with the demo catalogue and a device.
// Checks, each from clients on loopback (attackers on 127.0.0.2 and up, honest ones on
// 127.0.0.1):
//   1. throughput: 16 kept-alive clients posting for S s (bare: a 10 KB row, one commit each;
//      centre: a batch of 10 signups): requests/s, p50 and p99;
//   2. slow clients: 150 slow-header and 150 slow-body connections (10 per address), while a
//      probe asks for health every 100 ms on a new connection: probes failed, the slowest;
//   3. idle: 1 000 kept-alive connections (50 per address) left idle, then the throughput check
//      again; the server's memory and threads with them open;
//   4. a 64 MB header line: the answer and the server's memory growth;
//   5. a Range header with 2 000 ranges on a 50 KB answer (the centre: its catalogue): the status
//      and the bytes that came back.
//
//   bench-http-compare [--seconds S] [--only NAME] [--before PATH-TO-OLD-talkoo-central]
//
// With --batches, only the batch throughput, side by side in one run: the yardstick
// (http-bare-yardstick: the essential work of storing a batch with group commit, nothing else),
// the centre before (--before) and the centre now, each under the same clients:
//   bench-http-compare --batches [--clients 16] [--seconds 5] [--rounds 3] [--before OLD-BIN]
//                      [--plain] [--pool 6000]
// Bodies are sealed as today's kiosks send them (made before each run, --pool batches), or with
// --plain in the form of kiosks before sealing (the centre then seals each at rest itself).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "batch_bodies.hpp"
#include "core/clock.hpp"
#include "support/client_swarm.hpp"

using namespace talkoo::test;
using namespace talkoo::bench;
using Clock = std::chrono::steady_clock;

namespace {

double ms_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    size_t i = static_cast<size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

long proc_status(pid_t pid, const char* field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    const std::string prefix = std::string(field) + ":";
    while (std::getline(in, line))
        if (line.starts_with(prefix)) return std::stol(line.substr(prefix.size()));
    return -1;
}

// -- a process under test ------------------------------------------------------------------------

struct Child {
    pid_t pid = -1;
    int port = 0;
};

// Starts `argv`, waits for the line naming its port ("listening on PORT" or "...:PORT").
Child start(const std::vector<std::string>& argv, const std::string& log) {
    int out[2];
    if (pipe(out) != 0) std::abort();
    Child c;
    c.pid = fork();
    if (c.pid == 0) {
        dup2(out[1], 1);
        int err = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (err >= 0) dup2(err, 2);
        close(out[0]);
        std::vector<char*> args;
        for (const std::string& a : argv)
            args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    close(out[1]);
    std::string line;
    char ch;
    while (line.find('\n') == std::string::npos && read(out[0], &ch, 1) == 1)
        line.push_back(ch);
    close(out[0]);
    size_t colon = line.find_last_of(": ");
    if (colon != std::string::npos) c.port = std::atoi(line.c_str() + colon + 1);
    return c;
}

void stop(Child& c) {
    if (c.pid <= 0) return;
    kill(c.pid, SIGTERM);
    for (int i = 0; i < 200; ++i) {
        if (waitpid(c.pid, nullptr, WNOHANG) == c.pid) {
            c.pid = -1;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    kill(c.pid, SIGKILL);
    waitpid(c.pid, nullptr, 0);
    c.pid = -1;
}

std::string run_capture(const std::vector<std::string>& argv) {
    std::string command;
    for (const std::string& a : argv)
        command += "'" + a + "' ";
    std::string out;
    if (FILE* p = popen(command.c_str(), "r")) {
        char buffer[4096];
        size_t n;
        while ((n = fread(buffer, 1, sizeof buffer, p)) > 0)
            out.append(buffer, n);
        pclose(p);
    }
    return out;
}

// -- what differs between targets ----------------------------------------------------------------

struct Target {
    std::string name;
    std::vector<std::string> argv;
    std::string health_path = "/health";
    std::string range_path = "/blob";
    std::string post_path = "/row";
    // The body of each POST; the centre's makes fresh signup ids every time, so that every batch
    // is stored with its own commit, as every bare server's row is.
    std::function<std::string()> post_body;
    std::string auth;  // "Authorization: Bearer ...\r\n" or empty
    // What a POST's answer must hold to count as stored (a 200 whose signups were all rejected
    // is no throughput); empty: any 200.
    std::string stored_marker;
    std::filesystem::path folder;      // the centre's database folder, removed afterwards
    std::function<void()> before_run;  // --batches: called before each run (makes its bodies)
};

std::string request(const std::string& method, const std::string& path, const std::string& extra,
                    const std::string& body = "") {
    std::string r = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra;
    if (method == "POST")
        r += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
             "\r\n";
    return r + "\r\n" + body;
}

// A kept-alive blocking client for throughput: sends a request, reads one answer framed by
// Content-Length. Returns the status, or 0 on failure (then it reconnects next time).
class Client {
  public:
    Client(std::string source, int port) : source_(std::move(source)), port_(port) {}
    ~Client() {
        if (fd_ >= 0) close(fd_);
    }
    int exchange(const std::string& bytes, int timeout_ms, size_t* body_bytes = nullptr,
                 std::string* answer = nullptr) {
        if (fd_ < 0) fd_ = connect_from(source_, "127.0.0.1", port_);
        if (fd_ < 0) return 0;
        size_t sent = 0;
        while (sent < bytes.size()) {
            ssize_t n = send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return fail();
            sent += static_cast<size_t>(n);
        }
        std::string in;
        auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
        size_t total = std::string::npos;
        char buffer[65536];
        while (in.size() < total) {
            int left = static_cast<int>(ms_between(Clock::now(), deadline));
            pollfd p{fd_, POLLIN, 0};
            if (left <= 0 || poll(&p, 1, left) <= 0) return fail();
            ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) {
                if (total == std::string::npos && in.find("\r\n\r\n") != std::string::npos) break;
                return fail();
            }
            in.append(buffer, static_cast<size_t>(n));
            size_t end = in.find("\r\n\r\n");
            if (end != std::string::npos && total == std::string::npos) {
                std::string head = in.substr(0, end);
                std::string lower = head;
                for (char& c : lower)
                    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                size_t at = lower.find("content-length:");
                total = at == std::string::npos ? std::string::npos
                                                : end + 4 + std::stoul(head.substr(at + 15));
                if (lower.find("connection: close") != std::string::npos) closing_ = true;
            }
        }
        if (body_bytes) *body_bytes = in.size();
        if (answer) *answer = in;
        int status = status_of(in);
        if (closing_) fail();
        return status;
    }

  private:
    int fail() {
        if (fd_ >= 0) close(fd_);
        fd_ = -1;
        closing_ = false;
        return 0;
    }
    std::string source_;
    int port_;
    int fd_ = -1;
    bool closing_ = false;
};

// -- the checks ----------------------------------------------------------------------------------

struct Throughput {
    double per_second = 0;
    double p50 = 0, p99 = 0;
    int failed = 0;
};

Throughput throughput(const Target& t, int port, double seconds, int clients = 16) {
    std::mutex mutex;
    std::vector<double> latencies;
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    auto start_at = Clock::now();
    auto end_at = start_at + std::chrono::milliseconds(static_cast<int>(seconds * 1000));
    for (int i = 0; i < clients; ++i) {
        threads.emplace_back([&] {
            Client c("127.0.0.1", port);
            std::vector<double> mine;
            while (Clock::now() < end_at) {
                const std::string bytes = request("POST", t.post_path, t.auth, t.post_body());
                auto t0 = Clock::now();
                std::string answer;
                int status = c.exchange(bytes, 10'000, nullptr, &answer);
                if (status == 200 &&
                    (t.stored_marker.empty() || answer.find(t.stored_marker) != std::string::npos))
                    mine.push_back(ms_between(t0, Clock::now()));
                else
                    ++failed;
            }
            std::lock_guard lock(mutex);
            latencies.insert(latencies.end(), mine.begin(), mine.end());
        });
    }
    for (auto& th : threads)
        th.join();
    double elapsed = ms_between(start_at, Clock::now()) / 1000.0;
    return {static_cast<double>(latencies.size()) / elapsed, percentile(latencies, 50),
            percentile(latencies, 99), failed.load()};
}

struct Probes {
    int sent = 0, failed = 0;
    double worst_ms = 0;
};

// Health on a new connection every 100 ms for `seconds`.
Probes probe_health(const Target& t, int port, double seconds) {
    Probes p;
    auto end_at = Clock::now() + std::chrono::milliseconds(static_cast<int>(seconds * 1000));
    const std::string bytes = request("GET", t.health_path, "Connection: close\r\n");
    while (Clock::now() < end_at) {
        Client c("127.0.0.1", port);
        auto t0 = Clock::now();
        int status = c.exchange(bytes, 2000);
        double ms = ms_between(t0, Clock::now());
        ++p.sent;
        if (status != 200) ++p.failed;
        p.worst_ms = std::max(p.worst_ms, ms);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return p;
}

struct Row {
    std::string name;
    Throughput plain;
    Probes slow;
    SwarmStats heads, bodies;
    int idle_open = 0, idle_open_after = 0;
    long idle_rss_kb = 0, idle_threads = 0;
    Throughput with_idle;
    int big_status = 0;
    long big_growth_kb = 0;
    int range_status = 0;
    size_t range_bytes = 0, plain_bytes = 0;
};

Row measure(Target& t, double seconds) {
    Row row;
    row.name = t.name;
    Child child = start(t.argv, "/tmp/bench-http-compare-" + t.name + ".log");
    if (child.port == 0) {
        std::fprintf(stderr, "%s did not start\n", t.name.c_str());
        stop(child);
        return row;
    }
    const int port = child.port;
    std::fprintf(stderr, "== %s on port %d\n", t.name.c_str(), port);
    row.plain = throughput(t, port, seconds);

    {  // 2. slow clients
        SwarmScript head;
        head.opening = "POST " + t.post_path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
        head.trickle = "abcdefgh";
        head.interval = std::chrono::milliseconds(500);
        head.reconnect = true;
        SwarmScript body;
        body.opening = "POST " + t.post_path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + t.auth +
                       "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n";
        body.trickle = "{\"a\":1}";
        body.interval = std::chrono::milliseconds(500);
        body.reconnect = true;
        ClientSwarm heads("127.0.0.1", port, 150, 10, head);
        ClientSwarm bodies("127.0.0.1", port, 150, 10, body);
        heads.wait_connected();
        bodies.wait_connected();
        row.slow = probe_health(t, port, seconds);
        row.heads = heads.stats();
        row.bodies = bodies.stats();
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));

    {  // 3. idle
        SwarmScript idle;
        idle.opening = request("GET", t.health_path, "");
        ClientSwarm kiosks("127.0.0.1", port, 1000, 50, idle);
        kiosks.wait_connected();
        kiosks.wait_answered(std::chrono::seconds(10));
        row.idle_open = kiosks.stats().open;
        row.idle_rss_kb = proc_status(child.pid, "VmRSS");
        row.idle_threads = proc_status(child.pid, "Threads");
        // Shorter than the centre's 5 s keep-alive: the 1 000 stay open while it runs.
        row.with_idle = throughput(t, port, 3);
        row.idle_open_after = kiosks.stats().open;
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));

    {  // 4. a 64 MB header line
        long before = proc_status(child.pid, "VmHWM");
        int fd = connect_from("127.0.0.2", "127.0.0.1", port);
        std::string answer;
        std::thread reader([&] {
            char buffer[4096];
            while (true) {
                pollfd p{fd, POLLIN, 0};
                if (poll(&p, 1, 10'000) <= 0) break;
                ssize_t n = recv(fd, buffer, sizeof buffer, 0);
                if (n <= 0) break;
                answer.append(buffer, static_cast<size_t>(n));
            }
        });
        std::string opening = "GET " + t.health_path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ";
        send(fd, opening.data(), opening.size(), MSG_NOSIGNAL);
        std::string block(64 * 1024, 'a');
        for (size_t sent = 0; sent < (64u << 20); sent += block.size())
            if (send(fd, block.data(), block.size(), MSG_NOSIGNAL) <= 0) break;
        send(fd, "\r\n\r\n", 4, MSG_NOSIGNAL);
        shutdown(fd, SHUT_WR);
        reader.join();
        close(fd);
        row.big_status = status_of(answer);
        row.big_growth_kb = proc_status(child.pid, "VmHWM") - before;
    }

    {  // 5. Range
        std::string ranges = "Range: bytes=";
        for (int i = 0; i < 2000; ++i)
            ranges += (i ? "," : "") + std::string("0-");
        Client c("127.0.0.1", port);
        c.exchange(request("GET", t.range_path, t.auth), 10'000, &row.plain_bytes);
        Client r("127.0.0.1", port);
        row.range_status = r.exchange(request("GET", t.range_path, t.auth + ranges + "\r\n"),
                                      30'000, &row.range_bytes);
    }
    stop(child);
    return row;
}

// A centre with the demo catalogue and one device, served by `binary`.
Target centre_target(const std::string& name, const std::string& binary,
                     const std::string& asset_dir, size_t sealed_pool = 0) {
    Target t;
    t.name = name;
    std::string pattern = (std::filesystem::temp_directory_path() / "bench-centre-XXXXXX").string();
    if (!mkdtemp(pattern.data())) std::abort();
    t.folder = pattern;
    const std::string db = (t.folder / "central.db").string();
    // The network's key ring beside the database (issue 12): the centre seals signups at rest.
    // A binary from before sealing refuses the command and runs without.
    run_capture({binary, "keys", "init", "--db", db});
    run_capture({binary, "import", asset_dir + "/demo/catalog.json", "--db", db});
    std::string added = run_capture({binary, "device", "add", "--name", "Bench", "--point",
                                     "demo-ip-pori-library", "--db", db});
    size_t at = added.find("token:");
    std::string token = at == std::string::npos ? "" : added.substr(at + 6);
    token.erase(0, token.find_first_not_of(" "));
    token = token.substr(0, token.find_first_of(" \n"));
    // A kiosk from before sealing (0.1.0): the plain form below is taken (docs/protocol.md), and
    // the centre seals each signup at rest as it does a sealed one it receives.
    t.auth = "Authorization: Bearer " + token + "\r\nX-Talkoo-App-Version: 0.1.0\r\n";
    t.stored_marker = "\"stored\":" + std::to_string(kBatchSignups) + "}";
    t.argv = {binary, "serve", "--db", db, "--listen", "127.0.0.1:0", "--rate-limit", "0"};
    t.health_path = "/v1/health";
    t.range_path = "/v1/catalog?limit=40";
    t.post_path = "/v1/signups";
    t.post_body = [] { return signup_batch_body(kBatchSignups); };
    if (sealed_pool > 0) {  // as a kiosk of today: sealed to the network's key
        auto bodies = std::make_shared<SealedBodies>();
        bodies->key =
            talkoo::seal::read_key_ring_file(t.folder / "central.keys").current().public_key;
        t.auth = "Authorization: Bearer " + token + "\r\nX-Talkoo-App-Version: 0.3.0\r\n";
        t.post_body = [bodies] { return bodies->take(); };
        t.before_run = [bodies, sealed_pool] { bodies->refill(sealed_pool); };
    }
    return t;
}

void print(const std::vector<Row>& rows) {
    std::printf(
        "\n| | POST/s, 16 conns (p50 / p99 ms) | 150+150 slow clients: probes failed, slowest | "
        "attackers held / cut | 1 000 idle: open, RSS, threads | POST/s with them (open after) "
        "| 64 MB header line | Range 2 000 ranges |\n|---|---|---|---|---|---|---|---|\n");
    for (const Row& r : rows) {
        std::printf(
            "| %s | %.0f (%.1f / %.1f)%s | %d/%d, %.0f ms | %d open, %d closed | %d, %.1f MB, %ld "
            "| %.0f (%d) | %d, +%.1f MB | %d, %zu B (plain %zu B) |\n",
            r.name.c_str(), r.plain.per_second, r.plain.p50, r.plain.p99,
            r.plain.failed ? (" [" + std::to_string(r.plain.failed) + " failed]").c_str() : "",
            r.slow.failed, r.slow.sent, r.slow.worst_ms, r.heads.open + r.bodies.open,
            r.heads.closed_by_server + r.bodies.closed_by_server, r.idle_open,
            static_cast<double>(r.idle_rss_kb) / 1024.0, r.idle_threads, r.with_idle.per_second,
            r.idle_open_after, r.big_status, static_cast<double>(r.big_growth_kb) / 1024.0,
            r.range_status, r.range_bytes, r.plain_bytes);
    }
}

// --batches: the batch throughput of the centre against the yardstick (http-bare-yardstick:
// parse, insert by id, group commit, answer after the commit), and against another binary with
// --before, all under the same client in one run. Each target is measured `rounds` times in turn
// (yardstick, before, centre, yardstick, ...), so that the machine's load, which moves, falls on
// every target alike.
int compare_batches(std::vector<Target>& targets, double seconds, int clients, int rounds) {
    std::printf(
        "machine: %u cores; %d clients posting batches of %d signups, %.0f s each, %d "
        "rounds\n",
        std::thread::hardware_concurrency(), clients, kBatchSignups, seconds, rounds);
    std::vector<std::vector<Throughput>> results(targets.size());
    for (int round = 0; round < rounds; ++round) {
        for (size_t i = 0; i < targets.size(); ++i) {
            if (targets[i].before_run) targets[i].before_run();
            Child child =
                start(targets[i].argv, "/tmp/bench-http-batches-" + std::to_string(i) + ".log");
            if (child.port == 0) {
                std::fprintf(stderr, "%s did not start\n", targets[i].name.c_str());
                stop(child);
                continue;
            }
            throughput(targets[i], child.port, 1, clients);  // warm up
            Throughput t = throughput(targets[i], child.port, seconds, clients);
            std::fprintf(stderr, "%s: %.0f batches/s, p50 %.1f ms, p99 %.1f ms\n",
                         targets[i].name.c_str(), t.per_second, t.p50, t.p99);
            results[i].push_back(t);
            stop(child);
        }
    }
    std::printf(
        "\n| | batches/s (each round) | signups/s | p50 ms | p99 ms | of the yardstick |\n"
        "|---|---|---|---|---|---|\n");
    auto mean = [](const std::vector<Throughput>& v, double Throughput::*field) {
        double sum = 0;
        for (const Throughput& t : v)
            sum += t.*field;
        return v.empty() ? 0.0 : sum / static_cast<double>(v.size());
    };
    const double yardstick = mean(results[0], &Throughput::per_second);
    for (size_t i = 0; i < targets.size(); ++i) {
        std::string each;
        int failed = 0;
        for (const Throughput& t : results[i]) {
            each += (each.empty() ? "" : ", ") + std::to_string(static_cast<int>(t.per_second));
            failed += t.failed;
        }
        const double rate = mean(results[i], &Throughput::per_second);
        std::printf("| %s | %.0f (%s)%s | %.0f | %.1f | %.1f | %.2fx |\n", targets[i].name.c_str(),
                    rate, each.c_str(),
                    failed ? (" [" + std::to_string(failed) + " failed]").c_str() : "",
                    rate * kBatchSignups, mean(results[i], &Throughput::p50),
                    mean(results[i], &Throughput::p99), yardstick > 0 ? rate / yardstick : 0.0);
    }
    for (Target& t : targets)
        if (!t.folder.empty()) std::filesystem::remove_all(t.folder);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    signal(SIGPIPE, SIG_IGN);
    double seconds = 5;
    int clients = 16, rounds = 3;
    bool batches = false, plain = false;
    size_t pool = 6000;
    std::string only, before;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--batches" || a == "--plain") {
            (a == "--batches" ? batches : plain) = true;
            continue;
        }
        if (i + 1 >= argc) break;
        if (a == "--seconds") seconds = std::atof(argv[++i]);
        if (a == "--only") only = argv[++i];
        if (a == "--before") before = argv[++i];
        if (a == "--clients") clients = std::atoi(argv[++i]);
        if (a == "--rounds") rounds = std::atoi(argv[++i]);
        if (a == "--pool") pool = static_cast<size_t>(std::atol(argv[++i]));
    }
    const std::filesystem::path bin = std::filesystem::canonical("/proc/self/exe").parent_path();
    std::vector<Target> targets;
    if (batches) {
        Target yardstick;
        yardstick.name = "yardstick (bare: parse, insert, group commit)";
        yardstick.argv = {(bin / "http-bare-yardstick").string()};
        yardstick.health_path = "/v1/health";
        yardstick.post_path = "/v1/signups";
        yardstick.post_body = [plain] {
            return plain ? signup_batch_body(kBatchSignups) : yardstick_sealed_body();
        };
        yardstick.stored_marker = "\"stored\":true";
        targets.push_back(yardstick);
        if (!before.empty())
            targets.push_back(
                centre_target("talkoo-central before", before, TALKOO_ASSET_DIR, plain ? 0 : pool));
        targets.push_back(centre_target("talkoo-central", (bin / "talkoo-central").string(),
                                        TALKOO_ASSET_DIR, plain ? 0 : pool));
        std::printf("bodies: %s\n",
                    plain ? "plain (a 0.1.0 kiosk's)" : "sealed (a kiosk's since 0.2.0)");
        return compare_batches(targets, seconds, clients, rounds);
    }
    for (const char* bare : {"httplib", "mhd", "beast", "centre-layer"}) {
        Target t;
        t.name = std::string("bare ") + bare;
        t.argv = {(bin / ("http-bare-" + std::string(bare))).string()};
        const std::string row = "{\"row\":\"" + std::string(10 * 1024, 'r') + "\"}";
        t.post_body = [row] { return row; };
        targets.push_back(t);
    }
    if (!before.empty())
        targets.push_back(centre_target("talkoo-central before", before, TALKOO_ASSET_DIR));
    targets.push_back(
        centre_target("talkoo-central", (bin / "talkoo-central").string(), TALKOO_ASSET_DIR));

    std::printf("machine: %u cores; %s s per throughput check\n",
                std::thread::hardware_concurrency(), std::to_string(seconds).c_str());
    std::vector<Row> rows;
    for (Target& t : targets) {
        if (!only.empty() && t.name.find(only) == std::string::npos) continue;
        rows.push_back(measure(t, seconds));
        if (!t.folder.empty()) std::filesystem::remove_all(t.folder);
    }
    print(rows);
}
