// CentralService: talkoo-central's HTTP service, put together from the store, the router, the
// two API halves and the health report, on the centre's own HTTP layer (http_server.hpp).
// `talkoo-central serve` runs one; the benchmarks and the fuzzer's setup too.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "server/auth.hpp"
#include "server/http_server.hpp"
#include "server/public_limits.hpp"
#include "server/rate_limit.hpp"
#include "server/request_log.hpp"
#include "server/signup_vault.hpp"
#include "server/storage.hpp"

namespace talkoo::central {

struct ServiceOptions {
    // Address, connection limits, timeouts and workers (http.host and http.port included).
    HttpServerOptions http;
    int rate_per_minute = 600;  // per token; 0 = no limit
    int rate_burst = 120;
    // The database file whose disk and permissions /v1/health watches; empty for none.
    std::string database_file;
    // The web app's folder, served at /app/ (app_files.hpp); empty for none.
    std::string app_folder;
    // The public channel for phones (public_api.cpp): off unless `serve --public-channel`.
    bool public_channel = false;
    PublicLimitOptions public_limits;
};

class AppFiles;
class Router;
class SignupCommitter;
class StorageHealth;

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
    // Safe from any thread (the signal-waiting thread in main), also before run().
    void stop();

    // The router, for calls without a network (the fuzzer).
    Router& router() { return *router_; }
    HttpServerStats stats() const { return server_->stats(); }

  private:
    CentralStore& store_;
    SignupVault& vault_;
    ServiceOptions options_;
    Authenticator auth_;
    RateLimiter limiter_;
    PublicLimits public_limits_;
    RequestLog log_;
    std::unique_ptr<StorageHealth> health_;
    std::unique_ptr<SignupCommitter> committer_;
    std::unique_ptr<Router> router_;
    std::unique_ptr<AppFiles> app_files_;
    // Last: destroyed first, so that no request reaches the router once it is going.
    std::unique_ptr<HttpServer> server_;
};

}  // namespace talkoo::central
