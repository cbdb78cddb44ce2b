// See http_server.hpp. The server's side of the HTTP layer; each connection is
// http_connection.cpp's.
//
// Index: Reply · Impl (accepting, limits per address and in total, the registry for stop) ·
// HttpServer (bind, run, stop)
#include "server/http_server.hpp"

#include <sys/resource.h>

#include <cstdio>

#include "server/http_connection.hpp"

namespace talkoo::central {

// -- Reply ---------------------------------------------------------------------------------------

struct Reply::State {
    Send send;
    std::function<HttpResponse()> if_forgotten;
    std::atomic<bool> called{false};
    ~State() {
        if (called.exchange(true)) return;
        try {
            send(if_forgotten());
        } catch (...) {
        }
    }
};

Reply::Reply(Send send, std::function<HttpResponse()> if_forgotten)
    : state_(std::make_shared<State>()) {
    state_->send = std::move(send);
    state_->if_forgotten = std::move(if_forgotten);
}

void Reply::operator()(HttpResponse response) const {
    if (state_->called.exchange(true)) return;
    state_->send(std::move(response));
}

// -- Impl ----------------------------------------------------------------------------------------

HttpResponse HttpServer::Impl::refusal_answer(const HttpRefusal& refusal, const HttpRequest* head) {
    try {
        return app.refuse(refusal, head);
    } catch (...) {
        HttpResponse r;
        r.status = refusal.status;
        r.close = true;
        return r;
    }
}

void HttpServer::Impl::accept() {
    acceptor.async_accept(asio::make_strand(io), [this](error_code ec, tcp::socket socket) {
        if (!acceptor.is_open() || stopping) return;
        if (ec) {
            // Out of file descriptors (or another passing failure): pause rather than spin; the
            // connections that end meanwhile give descriptors back.
            accept_pause.expires_after(std::chrono::milliseconds(50));
            accept_pause.async_wait([this](error_code wait_ec) {
                if (!wait_ec) accept();
            });
            return;
        }
        admit(std::move(socket));
        accept();
    });
}

void HttpServer::Impl::admit(tcp::socket socket) {
    error_code ec;
    socket.set_option(tcp::no_delay(true), ec);
    auto endpoint = socket.remote_endpoint(ec);
    if (ec) return;  // already gone
    asio::ip::address peer = endpoint.address();
    if (peer.is_v6() && peer.to_v6().is_v4_mapped())
        peer = asio::ip::make_address_v4(asio::ip::v4_mapped, peer.to_v6());
    std::string address = peer.to_string();
    bool exempt = std::find(options.trusted_proxies.begin(), options.trusted_proxies.end(),
                            address) != options.trusted_proxies.end();
    bool counted = !exempt && options.max_connections_per_address > 0;

    size_t total = 0;
    int from_address = 0;
    std::shared_ptr<Connection> connection;
    {
        std::lock_guard lock(mutex);
        total = connections.size();
        if (counted) from_address = per_address[address]++;
        connection = std::make_shared<Connection>(*this, std::move(socket), address, counted);
        connections.insert(connection.get());
    }
    if (static_cast<int>(total) >= options.max_connections) {
        connection->refuse_at_once({503, "unavailable",
                                    "The centre has too many open connections: try again in a"
                                    " few seconds."},
                                   std::chrono::seconds(5));
    } else if (counted && from_address >= options.max_connections_per_address) {
        connection->refuse_at_once({429, "too_many_connections",
                                    "Too many open connections from one address: close some, or"
                                    " try again in a few seconds."},
                                   std::chrono::seconds(5));
    } else {
        connection->start();
    }
}

void HttpServer::Impl::on_connection_gone(const std::string& address, bool counted,
                                          Connection* connection) {
    bool drained = false;
    {
        std::lock_guard lock(mutex);
        connections.erase(connection);
        if (counted) {
            auto it = per_address.find(address);
            if (it != per_address.end() && --it->second <= 0) per_address.erase(it);
        }
        drained = stopping && connections.empty();
    }
    if (drained && !destroying) asio::post(io, [this] { check_drained(); });
}

void HttpServer::Impl::check_drained() {
    bool drained = false;
    {
        std::lock_guard lock(mutex);
        drained = connections.empty();
    }
    if (!drained) return;
    stop_timer.cancel();
    accept_pause.cancel();
    work.reset();
}

// -- HttpServer ----------------------------------------------------------------------------------

HttpServer::HttpServer(HttpServerOptions options, HttpApplication application)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(application))) {
    impl_->pool = std::make_unique<WorkerPool>(std::max(1, impl_->options.workers),
                                               impl_->options.max_queued_requests);
}

HttpServer::~HttpServer() {
    impl_->pool.reset();  // runs what is queued (answers go nowhere), joins the workers
    impl_->destroying = true;
}

int HttpServer::bind() {
    Impl& s = *impl_;
    // Every connection is a file descriptor: take what the system allows, and keep the
    // connection limit below it so that the database and the log always get theirs.
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
        if (files.rlim_cur < files.rlim_max) {
            files.rlim_cur = files.rlim_max;
            setrlimit(RLIMIT_NOFILE, &files);
            getrlimit(RLIMIT_NOFILE, &files);
        }
        const auto room = static_cast<int64_t>(files.rlim_cur) - 64;
        if (files.rlim_cur != RLIM_INFINITY && room < s.options.max_connections)
            s.options.max_connections = static_cast<int>(std::max<int64_t>(16, room));
    }
    const std::string where = s.options.host + ":" + std::to_string(s.options.port);
    try {
        tcp::endpoint endpoint(asio::ip::make_address(s.options.host),
                               static_cast<unsigned short>(s.options.port));
        s.acceptor.open(endpoint.protocol());
        // SO_REUSEADDR for a quick restart; never SO_REUSEPORT, which would let a second
        // talkoo-central bind the same port and silently share its traffic.
        s.acceptor.set_option(tcp::acceptor::reuse_address(true));
        s.acceptor.bind(endpoint);
        // A deep accept queue: after an outage, hundreds of kiosks connect within a second.
        s.acceptor.listen(1024);
        return s.acceptor.local_endpoint().port();
    } catch (const std::exception&) {
        error_code ec;
        s.acceptor.close(ec);
        throw std::runtime_error("Cannot listen on " + where +
                                 ": the address may be in use or not on this machine.");
    }
}

void HttpServer::run() {
    Impl& s = *impl_;
    s.work.emplace(s.io.get_executor());
    if (s.stopping) {
        error_code ec;
        s.acceptor.close(ec);
        asio::post(s.io, [&s] { s.check_drained(); });
    } else {
        s.accept();
    }
    auto run_io = [&s] {
        while (true) {
            try {
                s.io.run();
                return;
            } catch (const std::exception& e) {
                // A handler of ours threw: log it and keep serving the others.
                std::fprintf(stderr, "talkoo-central: network thread: %s\n", e.what());
            }
        }
    };
    std::vector<std::thread> extra;
    for (int i = 1; i < s.options.io_threads; ++i)
        extra.emplace_back(run_io);
    run_io();
    for (std::thread& t : extra)
        t.join();
}

void HttpServer::stop() {
    Impl& s = *impl_;
    if (s.stopping.exchange(true)) return;
    asio::post(s.io, [&s] {
        error_code ec;
        s.acceptor.close(ec);
        s.accept_pause.cancel();
        std::vector<std::shared_ptr<Connection>> live;
        {
            std::lock_guard lock(s.mutex);
            for (Connection* c : s.connections)
                if (auto alive = c->weak_from_this().lock()) live.push_back(std::move(alive));
        }
        for (auto& c : live)
            asio::post(c->executor(), [c] { c->on_stop(); });
        // Requests in flight get stop_timeout to finish; then whatever is left is cut.
        s.stop_timer.expires_after(s.options.stop_timeout);
        s.stop_timer.async_wait([&s](error_code wait_ec) {
            if (wait_ec) return;
            std::vector<std::shared_ptr<Connection>> left;
            {
                std::lock_guard lock(s.mutex);
                for (Connection* c : s.connections)
                    if (auto alive = c->weak_from_this().lock()) left.push_back(std::move(alive));
            }
            for (auto& c : left)
                asio::post(c->executor(), [c] { c->force_close(); });
            s.work.reset();
        });
        s.check_drained();
    });
}

HttpServerStats HttpServer::stats() const {
    HttpServerStats st;
    {
        std::lock_guard lock(impl_->mutex);
        st.open_connections = static_cast<int>(impl_->connections.size());
    }
    st.queued_requests = impl_->pool->queued();
    return st;
}

}  // namespace talkoo::central
