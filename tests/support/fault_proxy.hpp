// FaultProxy: an HTTP/1.1 proxy on a loopback port, written for the sync tests, that sits
// between the kiosk's sync client and the real talkoo-central and breaks things on purpose:
// refused connections, resets before or after the request body reached the centre, answers
// delayed past the client's timeout, truncated answers, 5xx pages from a "proxy", a captive
// portal's login page answering 200. It also counts requests and bytes in both directions, which
// the sync benchmarks use to measure what a sync costs on the wire.
//
// Rules are matched in order against each request (method and path prefix); a rule can let some
// requests pass first and then fire a limited number of times. With no matching rule the request
// passes through unchanged.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace talkoo::test {

enum class Fault {
    pass,                  // forward unchanged
    reset_before_body,     // read the request head, then reset: the centre never sees it
    reset_after_body,      // forward, let the centre answer, then reset instead of relaying
    delay_response,        // forward, then hold the answer for delay_ms before relaying
    truncate_response,     // forward, relay the head and half of the body, then close
    status_only,           // answer `status` with an HTML page; the centre never sees it
    status_after_forward,  // forward (the centre acts on it), then answer `status` instead
    captive_portal,        // answer 200 with a captive portal's HTML login page
    replace_answer,        // forward (the centre acts on it), then answer 200 with `body` as
                           // application/json instead: a look-alike service, a wrong protocol
                           // field, a centre's answer with results missing
};

struct FaultRule {
    Fault fault = Fault::pass;
    std::string method = {};       // "" = any
    std::string path_prefix = {};  // "" = any
    int times = -1;                // how many requests it applies to; -1 = until cleared
    int delay_ms = 0;              // for delay_response
    int status = 503;              // for status_only and status_after_forward
    int skip = 0;           // let this many matching requests pass first ("fail the 3rd page")
    std::string body = {};  // for replace_answer
};

struct ProxyCounters {
    uint64_t requests = 0;
    uint64_t bytes_from_client = 0;  // what the client sent, headers included
    uint64_t bytes_to_client = 0;    // what the client received, headers included
    uint64_t connections = 0;
};

class FaultProxy {
  public:
    // Listens on 127.0.0.1 at a free port and forwards to 127.0.0.1:upstream_port.
    explicit FaultProxy(int upstream_port);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    void set_upstream_port(int port) { upstream_port_ = port; }

    void add_rule(const FaultRule& rule);
    void clear_rules();
    // While refusing, the listening socket is closed: connects get ECONNREFUSED. Existing
    // connections are closed too.
    void set_refusing(bool refusing);

    ProxyCounters counters() const;
    void reset_counters();
    // "METHOD /path?query" of every request seen since the last reset_counters(), in order: tests
    // check, for instance, that a resumed catalogue pull asked from its cursor and not from zero.
    std::vector<std::string> requests() const;

  private:
    struct Connection;
    void open_listener();
    void accept_loop();
    void serve(std::shared_ptr<Connection> conn);
    FaultRule match(const std::string& method, const std::string& path);
    void close_all_connections();

    int port_ = 0;
    std::atomic<int> upstream_port_;
    std::atomic<int> listen_fd_{-1};
    std::atomic<bool> stopping_{false};
    std::thread acceptor_;

    mutable std::mutex mutex_;  // guards everything below
    std::vector<FaultRule> rules_;
    std::vector<std::shared_ptr<Connection>> connections_;
    std::vector<std::thread> workers_;
    ProxyCounters counters_;
    std::vector<std::string> request_log_;
};

}  // namespace talkoo::test
