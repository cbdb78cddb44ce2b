// Inside the centre's HTTP layer: the server's shared state (HttpServer::Impl) and one client
// connection (Connection), for http_server.cpp and http_connection.cpp only; nothing else
// includes this file. Together with those two it is all of the centre that knows Boost.Asio.
//
// A connection's life: idle -> head -> body -> handling -> writing -> idle again (kept alive), or
// lingering (after a refusal: the write side shut, what the client still sends read and dropped
// for a moment) -> closed. Each connection's handlers run on its own strand; workers reach it
// only by posting to that strand. It lives as long as something holds its shared_ptr: a pending
// read, write or timer wait, or a request in a worker's hands.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>  // before Asio 1.74's awaitable.hpp, which uses std::exchange without it

#include <boost/asio.hpp>

#include "server/http_parser.hpp"
#include "server/http_server.hpp"
#include "server/worker_pool.hpp"

namespace talkoo::central {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

class Connection;

struct HttpServer::Impl {
    Impl(HttpServerOptions o, HttpApplication a) : options(std::move(o)), app(std::move(a)) {}

    void accept();
    void admit(tcp::socket socket);
    void on_connection_gone(const std::string& address, bool counted, Connection* connection);
    void check_drained();
    HttpResponse refusal_answer(const HttpRefusal& refusal, const HttpRequest* head);

    HttpServerOptions options;
    HttpApplication app;

    std::mutex mutex;  // the registry and the per-address counts
    std::unordered_set<Connection*> connections;
    std::unordered_map<std::string, int> per_address;
    std::atomic<bool> stopping{false};
    std::atomic<bool> destroying{false};

    asio::io_context io;
    tcp::acceptor acceptor{io};
    asio::steady_timer accept_pause{io};
    asio::steady_timer stop_timer{io};
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    // Last member: destroyed first, so that no job runs once the rest is gone.
    std::unique_ptr<WorkerPool> pool;
};

class Connection : public std::enable_shared_from_this<Connection> {
  public:
    Connection(HttpServer::Impl& server, tcp::socket socket, std::string address, bool counted)
        : server_(server),
          socket_(std::move(socket)),
          timer_(socket_.get_executor()),
          address_(std::move(address)),
          counted_(counted),
          parser_(server.options.limits) {}

    ~Connection() { server_.on_connection_gone(address_, counted_, this); }

    const std::string& address() const { return address_; }
    auto executor() { return socket_.get_executor(); }

    void start();

    // Refuses a connection over a limit, with one answer and a close.
    void refuse_at_once(const HttpRefusal& refusal, std::chrono::seconds retry_after);

    // The server is stopping: idle connections close now; the others after their answer.
    void on_stop();
    void force_close() { close(); }

  private:
    enum class Phase { idle, head, body, handling, writing, lingering, closed };

    // -- deadlines -------------------------------------------------------------------------------
    void arm(Clock::time_point deadline);
    void disarm();
    void on_deadline();

    // -- reading ---------------------------------------------------------------------------------
    void read_more();
    void on_read(error_code ec, size_t n);

    // Moves the request on with the bytes at hand; reads more when they are not enough.
    void advance();

    // The head is complete: decide about the body. False when the request was answered.
    bool begin_body();
    void send_continue();

    // -- handling --------------------------------------------------------------------------------
    void dispatch();
    void refuse(const HttpRefusal& refusal, const HttpRequest* head);

    // -- writing ---------------------------------------------------------------------------------
    void start_answer(HttpResponse answer);

    // Asks a worker for the next piece of a streamed answer.
    void pump();
    void write_piece(std::string piece, bool more, bool failed);
    void finish(bool complete);
    void linger_close();
    void close();

    HttpServer::Impl& server_;
    tcp::socket socket_;
    asio::steady_timer timer_;
    uint64_t timer_generation_ = 0;
    std::string address_;
    bool counted_;

    Phase phase_ = Phase::idle;
    std::string in_;  // received and not yet used
    bool reading_ = false;
    size_t lingered_ = 0;

    RequestHeadParser parser_;
    HttpRequest request_;
    BodyFraming framing_;
    std::optional<ChunkedBodyDecoder> decoder_;
    bool keep_alive_ = true;
    std::string method_ = "GET";
    int http_minor_ = 1;
    Clock::time_point request_started_;
    Clock::time_point body_started_;
    size_t body_received_ = 0;

    bool writing_continue_ = false;
    std::optional<HttpResponse> pending_answer_;
    HttpResponse answer_;
    std::string head_text_;
    std::string chunk_;
    bool chunked_ = false;
    bool head_only_ = false;
    bool close_after_ = false;
    uint64_t bytes_sent_ = 0;
};

}  // namespace talkoo::central
