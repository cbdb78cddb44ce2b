// See http_connection.hpp: one client connection of the centre's HTTP layer.
//
// Index: start and stop · deadlines (idle, head, body rate, writes) · reading and parsing ·
// the body · dispatch to the pool · writing an answer, whole or streamed · closing
#include "server/http_connection.hpp"

#include <cstdio>
#include <ctime>

namespace talkoo::central {
namespace {

constexpr size_t kReadChunk = 8 * 1024;
// After a refusal the server reads (and drops) what the client still sends for a moment before
// closing: closing with unread bytes makes the kernel send a reset, which can destroy the
// refusal in the client's receive buffer before it reads it.
constexpr size_t kMaxLingerBytes = 256 * 1024;
constexpr std::chrono::milliseconds kLingerTime{1000};

// IMF-fixdate of RFC 9110 section 5.6.7, made once a second per thread.
const std::string& http_date() {
    thread_local std::time_t cached = 0;
    thread_local std::string text;
    std::time_t now = std::time(nullptr);
    if (now != cached) {
        std::tm utc{};
        gmtime_r(&now, &utc);
        char buffer[64];
        std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &utc);
        text = buffer;
        cached = now;
    }
    return text;
}

// A header value as it may go on the wire: CR and LF would split the answer.
std::string field_safe(const std::string& value) {
    std::string out = value;
    for (char& c : out)
        if (c == '\r' || c == '\n' || c == '\0') c = ' ';
    return out;
}

std::string seconds_text(std::chrono::milliseconds ms) {
    return std::to_string((ms.count() + 999) / 1000);
}

}  // namespace

void Connection::start() {
    phase_ = Phase::idle;
    arm(Clock::now() + server_.options.idle_timeout);
    advance();
}

void Connection::refuse_at_once(const HttpRefusal& refusal, std::chrono::seconds retry_after) {
    phase_ = Phase::head;
    keep_alive_ = false;
    HttpResponse answer = server_.refusal_answer(refusal, nullptr);
    answer.set_header("Retry-After", std::to_string(retry_after.count()));
    start_answer(std::move(answer));
}

void Connection::on_stop() {
    if (phase_ == Phase::idle) close();
}

void Connection::arm(Clock::time_point deadline) {
    ++timer_generation_;
    timer_.expires_at(deadline);
    timer_.async_wait([self = shared_from_this(), generation = timer_generation_](error_code ec) {
        if (ec || generation != self->timer_generation_) return;
        self->on_deadline();
    });
}

void Connection::disarm() {
    ++timer_generation_;
    timer_.cancel();
}

void Connection::on_deadline() {
    const HttpServerOptions& o = server_.options;
    switch (phase_) {
        case Phase::idle:
        case Phase::writing:  // the client does not take its answer
        case Phase::lingering:
            close();
            return;
        case Phase::head:
            refuse({408, "request_timeout",
                    "The request line and header fields did not arrive within " +
                        seconds_text(o.head_timeout) + " s."},
                   nullptr);
            return;
        case Phase::body: {
            // A minimum average rate after a grace period: a slow but honest upload (a kiosk
            // on a weak mobile link) carries on; a trickle that would hold the connection
            // for hours does not.
            const auto now = Clock::now();
            const double allowed_s =
                std::chrono::duration<double>(now - body_started_ - o.body_grace).count();
            const double required = allowed_s * static_cast<double>(o.body_min_rate);
            if (static_cast<double>(body_received_) >= required) {
                auto next = body_started_ + o.body_grace +
                            std::chrono::milliseconds(static_cast<int64_t>(
                                1000.0 * static_cast<double>(body_received_ + 1) /
                                static_cast<double>(std::max<size_t>(1, o.body_min_rate))));
                arm(std::max(next, now + std::chrono::milliseconds(100)));
                return;
            }
            refuse({408, "request_timeout",
                    "The body arrived slower than " + std::to_string(o.body_min_rate) +
                        " bytes a second."},
                   &request_);
            return;
        }
        case Phase::handling:
        case Phase::closed:
            return;
    }
}

void Connection::read_more() {
    if (reading_ || phase_ == Phase::closed) return;
    const size_t old = in_.size();
    in_.resize(old + kReadChunk);
    reading_ = true;
    socket_.async_read_some(asio::buffer(in_.data() + old, kReadChunk),
                            [self = shared_from_this(), old](error_code ec, size_t n) {
                                // The buffer is left alone while a read is pending (see
                                // close()).
                                self->reading_ = false;
                                self->in_.resize(ec ? old : old + n);
                                self->on_read(ec, n);
                            });
}

void Connection::on_read(error_code ec, size_t n) {
    if (phase_ == Phase::closed) return;
    if (ec) {
        // The peer closed or reset; an answer being made is dropped when it comes.
        if (phase_ != Phase::handling) close();
        return;
    }
    if (phase_ == Phase::lingering) {
        lingered_ += n;
        in_.clear();
        if (lingered_ > kMaxLingerBytes)
            close();
        else
            read_more();
        return;
    }
    if (phase_ == Phase::idle || phase_ == Phase::head || phase_ == Phase::body) advance();
}

void Connection::advance() {
    while (true) {
        if (phase_ == Phase::idle || phase_ == Phase::head) {
            if (in_.empty()) return read_more();
            if (phase_ == Phase::idle) {
                phase_ = Phase::head;
                request_started_ = Clock::now();
                arm(request_started_ + server_.options.head_timeout);
            }
            const auto state = parser_.scan(in_);
            if (state == RequestHeadParser::State::incomplete) return read_more();
            if (state == RequestHeadParser::State::refused)
                return refuse(parser_.refusal(), nullptr);
            if (!begin_body()) return;
            continue;
        }
        if (phase_ == Phase::body) {
            if (framing_.kind == BodyFraming::Kind::length) {
                const size_t need = static_cast<size_t>(framing_.length) - request_.body.size();
                const size_t take = std::min(need, in_.size());
                request_.body.append(in_, 0, take);
                in_.erase(0, take);
                body_received_ += take;
                if (request_.body.size() == framing_.length) return dispatch();
                return read_more();
            }
            size_t consumed = 0;
            const auto state = decoder_->feed(in_, request_.body, consumed);
            in_.erase(0, consumed);
            body_received_ += consumed;
            if (state == ChunkedBodyDecoder::State::refused)
                return refuse(decoder_->refusal(), &request_);
            if (state == ChunkedBodyDecoder::State::complete) return dispatch();
            return read_more();
        }
        return;
    }
}

bool Connection::begin_body() {
    request_ = std::move(parser_.request());
    request_.client_address = address_;
    request_.started = request_started_;
    framing_ = parser_.framing();
    keep_alive_ = parser_.keep_alive();
    in_.erase(0, parser_.head_size());
    method_ = request_.method;
    http_minor_ = request_.http_minor;

    RequestPlan plan;
    try {
        plan = server_.app.plan(request_);
    } catch (const std::exception&) {
        refuse({500, "internal", "The centre failed to answer; try again later."}, &request_);
        return false;
    }
    if (plan.answer) {
        if (framing_.kind != BodyFraming::Kind::none) keep_alive_ = false;  // body unread
        start_answer(std::move(*plan.answer));
        return false;
    }
    if (framing_.kind == BodyFraming::Kind::length && framing_.length > plan.max_body) {
        refuse({413, "payload_too_large",
                "The body is larger than " + std::to_string(plan.max_body) +
                    " bytes, the most this call accepts."},
               &request_);
        return false;
    }
    if (framing_.kind == BodyFraming::Kind::none) {
        dispatch();
        return false;
    }
    phase_ = Phase::body;
    body_started_ = Clock::now();
    body_received_ = 0;
    arm(body_started_ + server_.options.body_grace);
    if (framing_.kind == BodyFraming::Kind::chunked) {
        decoder_.emplace(plan.max_body, server_.options.limits);
    } else {
        request_.body.reserve(static_cast<size_t>(std::min<uint64_t>(framing_.length, 64 * 1024)));
    }
    if (framing_.expect_continue && in_.empty()) send_continue();
    return true;
}

void Connection::send_continue() {
    static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    writing_continue_ = true;
    asio::async_write(socket_, asio::buffer(kContinue),
                      [self = shared_from_this()](error_code ec, size_t) {
                          self->writing_continue_ = false;
                          if (ec) return self->close();
                          if (self->pending_answer_) {
                              HttpResponse answer = std::move(*self->pending_answer_);
                              self->pending_answer_.reset();
                              self->start_answer(std::move(answer));
                          }
                      });
}

void Connection::dispatch() {
    phase_ = Phase::handling;
    disarm();  // the handler's own time is not the client's to answer for
    auto self = shared_from_this();
    auto request = std::make_shared<HttpRequest>(std::move(request_));
    request_ = HttpRequest{};
    HttpServer::Impl& server = server_;
    Reply reply(
        [self](HttpResponse answer) {
            asio::post(self->executor(), [self, answer = std::move(answer)]() mutable {
                self->start_answer(std::move(answer));
            });
        },
        [&server] {
            return server.refusal_answer(
                {500, "internal", "The centre failed to answer; try again later."}, nullptr);
        });
    bool queued = server_.pool->try_submit([&server, request, reply] {
        try {
            server.app.handle(std::move(*request), reply);
        } catch (const std::exception&) {
            reply(server.refusal_answer(
                {500, "internal", "The centre failed to answer; try again later."}, nullptr));
        }
    });
    if (!queued) {
        HttpResponse busy = server_.refusal_answer(
            {503, "unavailable",
             "The centre has too many requests waiting: try again in a few seconds."},
            request.get());
        busy.set_header("Retry-After", "2");
        reply(std::move(busy));
    }
}

void Connection::refuse(const HttpRefusal& refusal, const HttpRequest* head) {
    HttpResponse answer = server_.refusal_answer(refusal, head);
    answer.close = true;
    start_answer(std::move(answer));
}

void Connection::start_answer(HttpResponse answer) {
    if (phase_ == Phase::closed || phase_ == Phase::lingering) return;
    if (writing_continue_) {
        pending_answer_ = std::move(answer);
        return;
    }
    // Every path here that leaves a body unread (a refusal, an answer given before the body)
    // has set answer.close or keep_alive_ = false.
    answer_ = std::move(answer);
    close_after_ = answer_.close || !keep_alive_ || server_.stopping;
    const bool streamed = static_cast<bool>(answer_.stream);
    const int status = answer_.status;
    const bool bodiless = status < 200 || status == 204 || status == 304;
    head_only_ = method_ == "HEAD" || bodiless;

    std::string& h = head_text_;
    h = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
    h += "Date: " + http_date() + "\r\n";
    for (const auto& [name, value] : answer_.headers) {
        if (iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
            iequals(name, "Connection") || iequals(name, "Date"))
            continue;
        h += name + ": " + field_safe(value) + "\r\n";
    }
    chunked_ = false;
    if (streamed) {
        if (http_minor_ == 1 && !bodiless) {
            h += "Transfer-Encoding: chunked\r\n";
            chunked_ = true;
        } else {
            close_after_ = true;  // HTTP/1.0: the close ends the body
        }
    } else if (!bodiless) {
        h += "Content-Length: " + std::to_string(answer_.body.size()) + "\r\n";
    }
    if (close_after_)
        h += "Connection: close\r\n";
    else if (http_minor_ == 0)
        h += "Connection: keep-alive\r\n";
    h += "\r\n";

    phase_ = Phase::writing;
    bytes_sent_ = 0;
    arm(Clock::now() + server_.options.write_timeout);
    std::array<asio::const_buffer, 2> buffers = {asio::buffer(head_text_), asio::const_buffer()};
    if (!head_only_ && !streamed) buffers[1] = asio::buffer(answer_.body);
    asio::async_write(socket_, buffers,
                      [self = shared_from_this(), streamed](error_code ec, size_t n) {
                          self->bytes_sent_ += n;
                          if (ec) return self->finish(false);
                          if (streamed && !self->head_only_) return self->pump();
                          self->finish(true);
                      });
}

void Connection::pump() {
    server_.pool->submit([self = shared_from_this()] {
        std::string piece;
        bool more = false;
        bool failed = false;
        try {
            more = self->answer_.stream(piece);
        } catch (...) {
            failed = true;
        }
        asio::post(self->executor(), [self, piece = std::move(piece), more, failed]() mutable {
            self->write_piece(std::move(piece), more, failed);
        });
    });
}

void Connection::write_piece(std::string piece, bool more, bool failed) {
    if (phase_ != Phase::writing) return;
    if (failed) return finish(false);  // the client sees a cut body, never a false end
    chunk_.clear();
    if (chunked_) {
        if (!piece.empty()) {
            char size[32];
            std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
            chunk_ = size + piece + "\r\n";
        }
        if (!more) chunk_ += "0\r\n\r\n";
    } else {
        chunk_ = std::move(piece);
    }
    if (chunk_.empty()) {
        if (more) return pump();
        return finish(true);
    }
    arm(Clock::now() + server_.options.write_timeout);
    asio::async_write(socket_, asio::buffer(chunk_),
                      [self = shared_from_this(), more](error_code ec, size_t n) {
                          self->bytes_sent_ += n;
                          if (ec) return self->finish(false);
                          if (more) return self->pump();
                          self->finish(true);
                      });
}

void Connection::finish(bool complete) {
    disarm();
    if (answer_.on_sent) {
        try {
            answer_.on_sent(bytes_sent_, complete);
        } catch (...) {
        }
    }
    answer_ = HttpResponse{};
    chunk_.clear();
    if (!complete) return close();
    if (close_after_) return linger_close();
    // Ready for the next request on this connection (pipelined bytes may already be here).
    parser_ = RequestHeadParser(server_.options.limits);
    framing_ = {};
    decoder_.reset();
    phase_ = Phase::idle;
    if (!reading_) {
        if (in_.capacity() > 4 * kReadChunk && in_.size() < kReadChunk) in_.shrink_to_fit();
        if (in_.empty()) std::string().swap(in_);  // an idle connection holds no buffer
    }
    arm(Clock::now() + server_.options.idle_timeout);
    advance();
}

void Connection::linger_close() {
    phase_ = Phase::lingering;
    error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    if (!reading_) in_.clear();
    arm(Clock::now() + kLingerTime);
    read_more();
}

void Connection::close() {
    if (phase_ == Phase::closed) return;
    phase_ = Phase::closed;
    disarm();
    error_code ec;
    socket_.close(ec);
    // A pending read still points into the buffer until its (aborted) completion runs.
    if (!reading_) std::string().swap(in_);
}

}  // namespace talkoo::central
