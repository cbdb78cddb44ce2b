// http-bare-beast: bare_app.hpp on Boost.Beast 1.74 (Asio), in the style of Beast's own
// async server example: two network threads, one tcp_stream per connection with a deadline for
// each whole request (10 s), Beast's request_parser with its header limit (8 KB) and a 1 MB body
// limit. Handlers run on the network threads.
#include <memory>
#include <optional>
#include <thread>
#include <utility>  // before Asio 1.74's awaitable.hpp, which uses std::exchange without it

#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include "bare_app.hpp"

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace talkoo::bench;

namespace {

BareStore* store = nullptr;

class Session : public std::enable_shared_from_this<Session> {
  public:
    explicit Session(tcp::socket socket) : stream_(std::move(socket)) {}
    void start() { read(); }

  private:
    void read() {
        parser_.emplace();
        parser_->header_limit(8 * 1024);
        parser_->body_limit(1024 * 1024);
        stream_.expires_after(std::chrono::seconds(10));
        http::async_read(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        if (ec == http::error::end_of_stream) return close();
        if (ec) {
            // A head over the limit: 431, as the centre answers; anything else: close.
            if (ec == http::error::header_limit) return reply(431, "{}", "application/json", false);
            return close();
        }
        http::request<http::string_body> request = parser_->release();
        const bool keep = request.keep_alive();
        if (request.method() == http::verb::post && request.target() == "/row") {
            bool ok = store->insert(request.body());
            return reply(ok ? 200 : 503, R"({"stored":true})", "application/json", keep);
        }
        if (request.target() == "/health")
            return reply(200, kHealthAnswer, "application/json", keep);
        if (request.target() == "/blob")
            return reply(200, blob_answer(), "application/octet-stream", keep);
        reply(404, "{}", "application/json", keep);
    }

    void reply(int status, const std::string& body, const char* type, bool keep) {
        auto response = std::make_shared<http::response<http::string_body>>(
            static_cast<http::status>(status), 11);
        response->set(http::field::content_type, type);
        response->body() = body;
        response->keep_alive(keep);
        response->prepare_payload();
        stream_.expires_after(std::chrono::seconds(10));
        http::async_write(
            stream_, *response,
            [self = shared_from_this(), response, keep](beast::error_code ec, size_t) {
                if (ec || !keep) return self->close();
                self->read();
            });
    }

    void close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
};

void accept(tcp::acceptor& acceptor, asio::io_context& io) {
    acceptor.async_accept(asio::make_strand(io), [&](beast::error_code ec, tcp::socket socket) {
        if (!ec) {
            socket.set_option(tcp::no_delay(true), ec);
            std::make_shared<Session>(std::move(socket))->start();
        }
        accept(acceptor, io);
    });
}

}  // namespace

int main() {
    BareStore rows;
    store = &rows;
    asio::io_context io;
    tcp::acceptor acceptor(io);
    tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(tcp::acceptor::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(1024);
    announce(acceptor.local_endpoint().port());
    accept(acceptor, io);
    std::thread second([&] { io.run(); });
    io.run();
    second.join();
}
