// HttpServer: the centre's network side, event-driven on Boost.Asio (epoll): one thread reads,
// parses (http_parser.hpp) and writes every connection; complete requests run on a bounded
// WorkerPool. A slow or idle connection therefore costs a socket and a few hundred bytes, never
// a thread. Asio is known only to http_server.cpp and http_connection.hpp/.cpp (one
// connection); handlers see HttpRequest and HttpResponse (http_message.hpp). docs/protocol.md ("Limits") explains each
// limit and the reverse-proxy set-up; docs/benchmarks.md why Asio was chosen.
//
// What it enforces, all operator-settable (HttpServerOptions, `talkoo-central serve --help`):
//   - connections: in total, and per client address (refused with 503 / 429 and Retry-After;
//     addresses of trusted reverse proxies are exempt, the proxy limits per real client);
//   - time: an idle connection (keep-alive, or a new one that sends nothing) is closed after a
//     few seconds; the request line and fields must arrive within a deadline counted from
//     their first byte, whatever the pace (408); a body must keep a minimum average rate after
//     a grace period (408); each piece of an answer must be taken by the client in time;
//   - size: the head's limits (414/431), and each route's body limit, known before the body is
//     read, so a lying Content-Length is refused at once (413);
//   - work: the pool's queue length (503 with Retry-After when full).
// A refused or malformed request is answered and its connection closed: after bytes the server
// did not understand, nothing on the connection can be trusted.
//
// Answers are written when the handler calls its Reply, from any thread and at any time: a
// handler may hand the request to another thread (e.g. one that commits several batches in one
// transaction) and let its worker go. An answer with a BodyStream is sent chunked, one piece at a
// time, each piece made on a worker only after the previous one was sent.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/http_message.hpp"
#include "server/http_parser.hpp"

namespace talkoo::central {

struct HttpServerOptions {
    std::string host = "127.0.0.1";
    int port = 8480;  // 0: any free port
    int workers = 16;
    int io_threads = 1;
    size_t max_queued_requests = 1024;
    int max_connections = 4096;
    int max_connections_per_address = 64;      // 0: no limit
    std::vector<std::string> trusted_proxies;  // addresses exempt from the per-address limit
    std::chrono::milliseconds idle_timeout{5'000};
    std::chrono::milliseconds head_timeout{10'000};
    std::chrono::milliseconds body_grace{10'000};
    size_t body_min_rate = 1024;  // bytes a second, on average, after the grace period
    std::chrono::milliseconds write_timeout{10'000};  // for each piece of an answer
    std::chrono::milliseconds stop_timeout{10'000};   // requests in flight at stop()
    HttpLimits limits;
};

// Calls a request's answer in. Call it exactly once, from any thread; copies share one call.
// If every copy is dropped without a call (a handler's bug), the client gets a 500 rather than
// a connection that hangs.
class Reply {
  public:
    using Send = std::function<void(HttpResponse)>;
    Reply(Send send, std::function<HttpResponse()> if_forgotten);
    void operator()(HttpResponse response) const;

  private:
    struct State;
    std::shared_ptr<State> state_;
};

// What the server learns once a request's head is read, before its body.
struct RequestPlan {
    size_t max_body = 0;  // the most body bytes this request may carry (413 beyond)
    // An answer to give at once, without reading the body (e.g. 404 for an unknown path).
    std::optional<HttpResponse> answer;
};

// The application behind the server (the router), as plain functions.
struct HttpApplication {
    // On the network thread: must not block.
    std::function<RequestPlan(const HttpRequest& head)> plan;
    // On a worker thread, for each complete request.
    std::function<void(HttpRequest request, Reply reply)> handle;
    // The answer for a refusal of the server's own (malformed, too large, too slow, too many);
    // `head` is the request's head when it was read (null before that).
    std::function<HttpResponse(const HttpRefusal& refusal, const HttpRequest* head)> refuse;
};

// Measured facts about the server, for tests and benchmarks.
struct HttpServerStats {
    int open_connections = 0;
    size_t queued_requests = 0;
};

class HttpServer {
  public:
    HttpServer(HttpServerOptions options, HttpApplication application);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and listens; returns the port (useful with port 0). Throws std::runtime_error naming
    // the address when it cannot.
    int bind();
    // Serves until stop(); then answers the requests in flight (at most stop_timeout) and
    // returns. Runs the network thread(s) on the calling thread and others.
    void run();
    // From any thread, also before run() (run() then returns at once).
    void stop();
    HttpServerStats stats() const;

    struct Impl;  // http_server.cpp's

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace talkoo::central
