// See central_service.hpp.
#include "server/central_service.hpp"

#include <sys/socket.h>

#include <stdexcept>

#include "server/api.hpp"
#include "server/http_router.hpp"
#include "sync/wire/protocol.hpp"

namespace talkoo::central {

CentralService::CentralService(CentralStore& store, const ServiceOptions& options,
                               std::ostream& log, std::ostream& diagnostics)
    : store_(store),
      options_(options),
      auth_(store),
      limiter_(options.rate_per_minute, options.rate_burst),
      log_(log) {
    int threads = options_.threads > 0 ? options_.threads : 64;
    server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server_.set_tcp_nodelay(true);
    // httplib's default also sets SO_REUSEPORT, which lets a second talkoo-central bind the same
    // port and silently share its traffic. SO_REUSEADDR alone still allows a quick restart.
    server_.set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server_.set_keep_alive_timeout(options_.keep_alive_seconds);
    // httplib closes a connection after 5 requests by default; a kiosk's sync or a bench device
    // makes many in a row, and reconnecting each time costs a round trip (and TLS, behind a proxy).
    server_.set_keep_alive_max_count(1000);
    server_.set_read_timeout(10, 0);
    server_.set_write_timeout(10, 0);
    // httplib refuses a declared Content-Length above this before reading; the router also
    // stops a chunked or gzip body at the same size after decoding.
    server_.set_payload_max_length(wire::kMaxBodyBytes);
    router_ = std::make_unique<Router>(server_, auth_, limiter_, log_, diagnostics);
    add_device_api(*router_, store_);
    add_device_info_api(*router_);
    add_coordinator_api(*router_, store_);
    router_->install();
}

CentralService::~CentralService() = default;

void ListeningServer::widen_accept_queue(int backlog) {
    socket_t sock = svr_sock_;
    if (sock != INVALID_SOCKET) ::listen(sock, backlog);
}

int CentralService::bind() {
    int port = options_.port;
    bool ok;
    if (port == 0) {
        port = server_.bind_to_any_port(options_.host);
        ok = port > 0;
    } else {
        ok = server_.bind_to_port(options_.host, port);
    }
    if (!ok)
        throw std::runtime_error("Cannot listen on " + options_.host + ":" +
                                 std::to_string(options_.port) +
                                 ": the address may be in use or not on this machine.");
    server_.widen_accept_queue(1024);
    return port;
}

void CentralService::run() {
    server_.listen_after_bind();
}

void CentralService::stop() {
    server_.stop();
}

}  // namespace talkoo::central
