// CentralService: talkoo-central's HTTP service, put together from the store, the router and the
// two API halves, on cpp-httplib. `talkoo-central serve` runs one; the benchmarks too.
//
// Tuning, from measurements on our Debian's cpp-httplib 0.11.4 (see /work/shared/NOTES.md):
// TCP_NODELAY on (else keep-alive requests stall on Nagle + delayed ACK) and a thread pool of 64
// by default, since a kept-alive connection holds a pool thread while it is open; idle
// connections are closed after a few seconds so that many idle kiosks cannot hold them all.
#pragma once

#include <httplib.h>

#include <memory>
#include <ostream>
#include <string>

#include "server/auth.hpp"
#include "server/rate_limit.hpp"
#include "server/request_log.hpp"
#include "server/signup_vault.hpp"
#include "server/storage.hpp"

namespace talkoo::central {

struct ServiceOptions {
    std::string host = "127.0.0.1";
    int port = 8480;  // 0: any free port
    int threads = 64;
    int rate_per_minute = 600;  // per token; 0 = no limit
    int rate_burst = 120;
    int keep_alive_seconds = 5;
};

class Router;

// httplib::Server with a longer accept queue: the compiled library listens with a backlog of 5,
// and when 50 kiosks connect at once (after a network outage, or in the benchmark) the kernel
// drops the rest of the handshakes; a client then finds its connection reset.
class ListeningServer : public httplib::Server {
  public:
    // Raises the listening socket's backlog (Linux applies a repeated listen() to the socket
    // already listening). Call after binding.
    void widen_accept_queue(int backlog);
};

class CentralService {
  public:
    // `log` gets one line per request; `diagnostics` the service's own problems. Signups go
    // through `vault` (sealed at rest with the network's key ring).
    CentralService(CentralStore& store, SignupVault& vault, const ServiceOptions& options,
                   std::ostream& log, std::ostream& diagnostics);
    ~CentralService();

    // Binds the listening socket; returns the port (useful with port 0). Throws
    // std::runtime_error with a message naming the address when it cannot.
    int bind();
    // Serves until stop(); requests in flight are answered before it returns.
    void run();
    // Safe from any thread (the signal-waiting thread in main).
    void stop();

  private:
    CentralStore& store_;
    SignupVault& vault_;
    ServiceOptions options_;
    ListeningServer server_;
    Authenticator auth_;
    RateLimiter limiter_;
    RequestLog log_;
    std::unique_ptr<Router> router_;
};

}  // namespace talkoo::central
