// `talkoo-central serve`: opens (creating and migrating) the database, starts the HTTP service
// and stops it gracefully on SIGTERM or SIGINT.
//
// Signals: SIGTERM and SIGINT are blocked in every thread and taken by one waiting thread
// (sigwait), which asks the service to stop; the service stops accepting, answers the requests
// in flight and returns. Nothing runs inside a signal handler. SIGPIPE is ignored: a kiosk that
// drops its connection mid-answer must not end the service.
//
// The first line on stdout is "talkoo-central listening on http://HOST:PORT", with the port
// actually bound (--listen 127.0.0.1:0 picks a free one): tests and scripts read it.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <thread>

#include "server/central_service.hpp"
#include "server/cli.hpp"
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
    options.host = address.host;
    options.port = address.port;
    options.threads = int_option(line, "threads", options.threads, 4, 1024);
    options.rate_per_minute =
        int_option(line, "rate-limit", options.rate_per_minute, 0, 1'000'000'000);
    options.rate_burst = int_option(line, "rate-burst", options.rate_burst, 1, 1'000'000);

    // Before any thread exists, so that every thread inherits the mask.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    RetentionOptions retention;
    retention.months = int_option(line, "retention-months", retention.months, 1, 120);

    // The key ring first: without it the service could neither open nor keep a signup.
    const std::string db = line.option("db", kDefaultDatabase);
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
        int signal_number = 0;
        sigwait(&stop_signals, &signal_number);
        if (finished) return;
        err << "talkoo-central: stopping (signal " << signal_number
            << "), answering the requests in flight" << std::endl;
        // stop() does nothing until the service is running: repeat until run() has returned.
        while (!finished) {
            service.stop();
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
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
