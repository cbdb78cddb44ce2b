// `talkoo-central serve`: opens (creating and migrating) the database, starts the HTTP service
// and stops it gracefully on SIGTERM or SIGINT.
//
// Signals: SIGTERM and SIGINT are blocked in every thread and taken by one waiting thread
// (sigwait), which asks the service to stop; the service stops accepting, answers the requests
// in flight and returns. Nothing runs inside a signal handler. SIGPIPE is ignored: a kiosk that
// drops its connection mid-answer must not end the service. So is SIGXFSZ: a file-size limit
// (systemd's LimitFSIZE=) must make a write fail, and the request answer 503, not kill the
// service.
//
// The first line on stdout is "talkoo-central listening on http://HOST:PORT", with the port
// actually bound (--listen 127.0.0.1:0 picks a free one): tests and scripts read it.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <iostream>
#include <thread>
#include <vector>

#include "server/central_service.hpp"
#include "server/cli.hpp"
#include "server/http_server.hpp"
#include "server/key_ring_file.hpp"
#include "server/retention.hpp"
#include "server/signup_vault.hpp"

namespace talkoo::central {
namespace {

struct ListenAddress {
    std::string host;
    int port = 0;
};

ListenAddress parse_listen(const std::string& text) {
    ListenAddress a;
    size_t colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0)
        throw std::runtime_error("--listen must be HOST:PORT, e.g. 127.0.0.1:8480 or [::1]:8480");
    a.host = text.substr(0, colon);
    if (a.host.size() > 2 && a.host.front() == '[' && a.host.back() == ']')
        a.host = a.host.substr(1, a.host.size() - 2);
    std::string port = text.substr(colon + 1);
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), a.port);
    if (ec != std::errc() || end != port.data() + port.size() || a.port < 0 || a.port > 65535)
        throw std::runtime_error("--listen needs a port from 0 to 65535 after the colon");
    return a;
}

std::vector<std::string> address_list(const std::string& text) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        std::string item =
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!item.empty()) out.push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

int int_option(const CommandLine& line, const std::string& name, int fallback, int min, int max) {
    if (!line.has(name)) return fallback;
    std::string text = line.option(name);
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
        throw std::runtime_error("--" + name + " must be a whole number from " +
                                 std::to_string(min) + " to " + std::to_string(max));
    return value;
}

}  // namespace

int serve_command(const CommandLine& line, std::ostream& out, std::ostream& err) {
    ListenAddress address = parse_listen(line.option("listen", kDefaultListen));
    ServiceOptions options;
    HttpServerOptions& http = options.http;
    http.host = address.host;
    http.port = address.port;
    http.workers = int_option(line, "threads", http.workers, 1, 1024);
    options.rate_per_minute =
        int_option(line, "rate-limit", options.rate_per_minute, 0, 1'000'000'000);
    options.rate_burst = int_option(line, "rate-burst", options.rate_burst, 1, 1'000'000);
    http.max_connections = int_option(line, "max-connections", http.max_connections, 16, 1'000'000);
    http.max_connections_per_address = int_option(line, "max-connections-per-address",
                                                  http.max_connections_per_address, 0, 1'000'000);
    http.trusted_proxies = address_list(line.option("trusted-proxy"));
    auto seconds = [&](const std::string& name, std::chrono::milliseconds fallback) {
        return std::chrono::milliseconds(
            1000 * int_option(line, name, static_cast<int>(fallback.count() / 1000), 1, 3600));
    };
    http.idle_timeout = seconds("keep-alive-timeout", http.idle_timeout);
    http.head_timeout = seconds("header-timeout", http.head_timeout);
    http.body_grace = seconds("body-timeout", http.body_grace);
    http.body_min_rate = static_cast<size_t>(
        int_option(line, "body-min-rate", static_cast<int>(http.body_min_rate), 1, 1 << 30));
    http.max_queued_requests = static_cast<size_t>(
        int_option(line, "max-queued", static_cast<int>(http.max_queued_requests), 1, 1'000'000));
    const std::string db = line.option("db", kDefaultDatabase);
    if (!db.starts_with("postgres")) options.database_file = db;
    options.app_folder = line.option("app");
    options.public_channel = line.has("public-channel");

    // Before any thread exists, so that every thread inherits the mask.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);

    RetentionOptions retention;
    retention.months = int_option(line, "retention-months", retention.months, 1, 120);

    // The key ring first: without it the service could neither open nor keep a signup.
    KeyRingFile keys(key_ring_path(db, line.option("keys")));
    std::unique_ptr<CentralStore> store = open_central_store(db, true);
    SignupVault vault(*store, keys);
    if (int sealed = vault.seal_plain_rows(); sealed > 0)
        err << "talkoo-central: sealed the personal data of " << sealed
            << " signups stored before sealing (key "
            << seal::to_hex(seal::key_id(vault.current_public_key())) << ")" << std::endl;
    CentralService service(*store, vault, options, std::cerr, err);
    int port = service.bind();
    RetentionSweeper sweeper(vault, retention, err);
    std::string host =
        address.host.find(':') != std::string::npos ? "[" + address.host + "]" : address.host;
    out << "talkoo-central listening on http://" << host << ":" << port << std::endl;

    std::atomic<bool> finished = false;
    std::thread waiter([&] {
        try {
            int signal_number = 0;
            sigwait(&stop_signals, &signal_number);
            if (finished) return;
            err << "talkoo-central: stopping (signal " << signal_number
                << "), answering the requests in flight" << std::endl;
            service.stop();  // also before run() has started: run() then returns at once
        } catch (...) {
            // Nothing of this thread may end the process.
            try {
                service.stop();
            } catch (...) {
            }
        }
    });
    service.run();
    finished = true;
    // If run() ended for a reason of its own, wake the waiter so that it can be joined.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    err << "talkoo-central: stopped" << std::endl;
    return 0;
}

}  // namespace talkoo::central
