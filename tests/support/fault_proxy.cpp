// FaultProxy implementation (see fault_proxy.hpp). One thread accepts; one thread per client
// connection reads a request, picks the matching rule, and either forwards it over its own
// upstream connection or breaks it as the rule says. Only as much HTTP/1.1 as talkoo's client
// and server speak is understood: Content-Length or chunked bodies, keep-alive.
#include "support/fault_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <fstream>
#include <random>
#include <stdexcept>

namespace talkoo::test {
namespace {

using Clock = std::chrono::steady_clock;

struct HttpHead {
    std::string raw;  // the head, including the final blank line
    std::string first_line;
    long content_length = -1;
    bool chunked = false;
    bool connection_close = false;
};

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

bool send_all(int fd, const char* data, size_t size) {
    while (size > 0) {
        ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n <= 0) return false;
        data += n;
        size -= static_cast<size_t>(n);
    }
    return true;
}

// Reads more bytes from fd into buf; false on EOF or error. `counter` (if any) counts them.
bool read_more(int fd, std::string& buf, uint64_t* counter, std::mutex& m) {
    char chunk[16384];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buf.append(chunk, static_cast<size_t>(n));
    if (counter) {
        std::lock_guard lock(m);
        *counter += static_cast<uint64_t>(n);
    }
    return true;
}

// Takes one head off the front of buf, reading as needed.
bool read_head(int fd, std::string& buf, HttpHead& head, uint64_t* counter, std::mutex& m) {
    size_t end;
    while ((end = buf.find("\r\n\r\n")) == std::string::npos) {
        if (buf.size() > 1 << 20 || !read_more(fd, buf, counter, m)) return false;
    }
    head = HttpHead{};
    head.raw = buf.substr(0, end + 4);
    buf.erase(0, end + 4);
    size_t line_end = head.raw.find("\r\n");
    head.first_line = head.raw.substr(0, line_end);
    size_t pos = line_end + 2;
    while (pos < head.raw.size() - 2) {
        size_t eol = head.raw.find("\r\n", pos);
        std::string line = head.raw.substr(pos, eol - pos);
        pos = eol + 2;
        size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = lower(line.substr(0, colon));
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        if (name == "content-length") head.content_length = std::stol(value);
        if (name == "transfer-encoding" && lower(value).find("chunked") != std::string::npos)
            head.chunked = true;
        if (name == "connection" && lower(value).find("close") != std::string::npos)
            head.connection_close = true;
    }
    return true;
}

// Takes one body off the front of buf (raw bytes as sent, chunk framing included).
// `until_close` bodies read to EOF.
bool read_body(int fd, std::string& buf, const HttpHead& head, bool until_close, std::string& body,
               uint64_t* counter, std::mutex& m) {
    body.clear();
    if (head.chunked) {
        size_t pos = 0;
        while (true) {
            size_t eol;
            while ((eol = buf.find("\r\n", pos)) == std::string::npos)
                if (!read_more(fd, buf, counter, m)) return false;
            size_t size = std::stoul(buf.substr(pos, eol - pos), nullptr, 16);
            size_t need = eol + 2 + size + 2;
            while (buf.size() < need)
                if (!read_more(fd, buf, counter, m)) return false;
            pos = need;
            if (size == 0) break;  // talkoo's peers send no trailers
        }
        body = buf.substr(0, pos);
        buf.erase(0, pos);
        return true;
    }
    if (head.content_length >= 0) {
        size_t need = static_cast<size_t>(head.content_length);
        while (buf.size() < need)
            if (!read_more(fd, buf, counter, m)) return false;
        body = buf.substr(0, need);
        buf.erase(0, need);
        return true;
    }
    if (until_close) {
        while (read_more(fd, buf, counter, m)) {
        }
        body.swap(buf);
        buf.clear();
    }
    return true;
}

void reset_socket(int fd) {
    linger l{1, 0};  // close with RST instead of FIN
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

int connect_loopback(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

std::string html_answer(int status, const std::string& reason, const std::string& html) {
    return "HTTP/1.1 " + std::to_string(status) + " " + reason +
           "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
           std::to_string(html.size()) + "\r\nConnection: close\r\n\r\n" + html;
}

}  // namespace

struct FaultProxy::Connection {
    std::atomic<int> client_fd{-1};
    std::atomic<int> upstream_fd{-1};
    void shutdown_both() {
        if (int fd = client_fd.load(); fd >= 0) ::shutdown(fd, SHUT_RDWR);
        if (int fd = upstream_fd.load(); fd >= 0) ::shutdown(fd, SHUT_RDWR);
    }
};

FaultProxy::FaultProxy(int upstream_port) : upstream_port_(upstream_port) {
    open_listener();
    acceptor_ = std::thread([this] { accept_loop(); });
}

FaultProxy::~FaultProxy() {
    stopping_ = true;
    acceptor_.join();
    close_all_connections();
    std::vector<std::thread> workers;
    {
        std::lock_guard lock(mutex_);
        workers.swap(workers_);
    }
    for (auto& t : workers)
        t.join();
    if (listen_fd_ >= 0) ::close(listen_fd_);
}

namespace {

// The ports the kernel hands out for outgoing connections and port-0 binds, [first, last].
std::pair<int, int> ephemeral_ports() {
    std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
    int first = 32768, last = 60999;
    in >> first >> last;
    return {first, last};
}

int bind_listener(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 64) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

void FaultProxy::open_listener() {
    int fd = -1;
    if (port_ == 0) {
        // The first time, a free port *below* the kernel's ephemeral range: set_refusing closes
        // and later reopens this port, and in between a port the kernel hands out (another
        // test's connection, running in parallel) could take it. None of those come from here.
        auto [first, last] = ephemeral_ports();
        (void)last;
        std::mt19937 pick(std::random_device{}());
        int low = std::max(1024, first - 12000);
        for (int attempt = 0; attempt < 200 && fd < 0 && first - 1 > low; ++attempt) {
            int port = std::uniform_int_distribution<int>(low, first - 1)(pick);
            if ((fd = bind_listener(port)) >= 0) port_ = port;
        }
        if (fd < 0) fd = bind_listener(0);  // an unusual range: any free port then
    } else {
        fd = bind_listener(port_);
    }
    if (fd < 0)
        throw std::runtime_error("FaultProxy: cannot listen on loopback port " +
                                 std::to_string(port_) + ": " + std::strerror(errno));
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    listen_fd_ = fd;
}

void FaultProxy::set_refusing(bool refusing) {
    std::lock_guard lock(mutex_);
    if (refusing && listen_fd_ >= 0) {
        // Closing while the acceptor polls is safe here: it polls with a timeout and re-reads
        // listen_fd_ under no assumption that the descriptor stays open.
        int fd = listen_fd_.exchange(-1);
        ::shutdown(fd, SHUT_RDWR);
        ::close(fd);
        for (auto& c : connections_)
            c->shutdown_both();
    } else if (!refusing && listen_fd_ < 0) {
        open_listener();
    }
}

void FaultProxy::accept_loop() {
    while (!stopping_) {
        int fd = listen_fd_;
        if (fd < 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            continue;
        }
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 20) <= 0 || !(p.revents & POLLIN)) continue;
        int client = ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        int one = 1;
        ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        auto conn = std::make_shared<Connection>();
        conn->client_fd = client;
        std::lock_guard lock(mutex_);
        counters_.connections++;
        connections_.push_back(conn);
        workers_.emplace_back([this, conn] { serve(conn); });
    }
}

void FaultProxy::add_rule(const FaultRule& rule) {
    std::lock_guard lock(mutex_);
    rules_.push_back(rule);
}

void FaultProxy::clear_rules() {
    std::lock_guard lock(mutex_);
    rules_.clear();
}

ProxyCounters FaultProxy::counters() const {
    std::lock_guard lock(mutex_);
    return counters_;
}

void FaultProxy::reset_counters() {
    std::lock_guard lock(mutex_);
    counters_ = ProxyCounters{};
    request_log_.clear();
}

std::vector<std::string> FaultProxy::requests() const {
    std::lock_guard lock(mutex_);
    return request_log_;
}

FaultRule FaultProxy::match(const std::string& method, const std::string& path) {
    std::lock_guard lock(mutex_);
    counters_.requests++;
    request_log_.push_back(method + " " + path);
    for (auto& rule : rules_) {
        if (rule.times == 0) continue;
        if (!rule.method.empty() && rule.method != method) continue;
        if (!path.starts_with(rule.path_prefix)) continue;
        if (rule.skip > 0) {
            rule.skip--;
            continue;
        }
        if (rule.times > 0) rule.times--;
        return rule;
    }
    return FaultRule{};
}

void FaultProxy::close_all_connections() {
    std::lock_guard lock(mutex_);
    for (auto& c : connections_)
        c->shutdown_both();
}

void FaultProxy::serve(std::shared_ptr<Connection> conn) {
    int client = conn->client_fd;
    std::string client_buf, upstream_buf;
    auto sent_to_client = [&](size_t n) {
        std::lock_guard lock(mutex_);
        counters_.bytes_to_client += n;
    };
    auto relay = [&](const std::string& data) {
        sent_to_client(data.size());
        return send_all(client, data.data(), data.size());
    };

    while (!stopping_) {
        HttpHead req;
        if (!read_head(client, client_buf, req, &counters_.bytes_from_client, mutex_)) break;
        std::string method = req.first_line.substr(0, req.first_line.find(' '));
        size_t path_start = req.first_line.find(' ') + 1;
        std::string path =
            req.first_line.substr(path_start, req.first_line.find(' ', path_start) - path_start);
        FaultRule rule = match(method, path);

        if (rule.fault == Fault::reset_before_body) {
            reset_socket(client);
            break;
        }
        std::string req_body;
        if (!read_body(client, client_buf, req, false, req_body, &counters_.bytes_from_client,
                       mutex_))
            break;

        if (rule.fault == Fault::status_only) {
            relay(html_answer(rule.status, "Bad Gateway",
                              "<html><body><h1>" + std::to_string(rule.status) +
                                  " Service unavailable</h1><p>nginx</p></body></html>"));
            break;
        }
        if (rule.fault == Fault::captive_portal) {
            relay(html_answer(200, "OK",
                              "<html><head><title>Welcome to Library WiFi</title></head><body>"
                              "<form action=\"/login\"><input name=\"accept\" type=\"checkbox\">"
                              "I accept the terms<button>Connect</button></form></body></html>"));
            break;
        }

        // Forward to the centre, over this connection's own upstream socket.
        if (conn->upstream_fd < 0) {
            int up = connect_loopback(upstream_port_);
            if (up < 0) {
                relay(html_answer(502, "Bad Gateway", "<html><body>502 Bad Gateway</body></html>"));
                break;
            }
            conn->upstream_fd = up;
        }
        int upstream = conn->upstream_fd;
        std::string forwarded = req.raw + req_body;
        if (!send_all(upstream, forwarded.data(), forwarded.size())) break;
        HttpHead resp;
        std::string resp_body;
        if (!read_head(upstream, upstream_buf, resp, nullptr, mutex_)) break;
        bool no_body = method == "HEAD" || resp.first_line.find(" 204 ") != std::string::npos ||
                       resp.first_line.find(" 304 ") != std::string::npos;
        bool until_close = !no_body && !resp.chunked && resp.content_length < 0;
        if (!no_body &&
            !read_body(upstream, upstream_buf, resp, until_close, resp_body, nullptr, mutex_))
            break;

        switch (rule.fault) {
            case Fault::reset_after_body:
                reset_socket(client);
                break;
            case Fault::status_after_forward:
                relay(html_answer(rule.status, "Error",
                                  "<html><body>" + std::to_string(rule.status) + "</body></html>"));
                break;
            case Fault::replace_answer:
                relay("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                      std::to_string(rule.body.size()) + "\r\nConnection: close\r\n\r\n" +
                      rule.body);
                break;
            case Fault::truncate_response:
                relay(resp.raw + resp_body.substr(0, resp_body.size() / 2));
                break;
            case Fault::delay_response: {
                auto until = Clock::now() + std::chrono::milliseconds(rule.delay_ms);
                while (!stopping_ && Clock::now() < until)
                    std::this_thread::sleep_for(std::chrono::milliseconds(5));
                if (!relay(resp.raw + resp_body)) break;
                if (!resp.connection_close && !until_close) continue;
                break;
            }
            default:
                if (!relay(resp.raw + resp_body)) break;
                if (!resp.connection_close && !until_close) continue;
                break;
        }
        break;  // every path that did not `continue` above ends this connection
    }
    if (int fd = conn->upstream_fd.exchange(-1); fd >= 0) ::close(fd);
    if (int fd = conn->client_fd.exchange(-1); fd >= 0) ::close(fd);
}

}  // namespace talkoo::test
