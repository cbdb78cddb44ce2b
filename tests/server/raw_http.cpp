// See raw_http.hpp.
#include "raw_http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

namespace talkoo::test {

RawConnection::RawConnection(const std::string& host, int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
    if (fd_ < 0 || connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        throw std::runtime_error("cannot connect to " + host + ":" + std::to_string(port));
}

RawConnection::~RawConnection() {
    if (fd_ >= 0) close(fd_);
}

void RawConnection::send(const std::string& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n <= 0) return;  // the server may close early; the response says why
        done += static_cast<size_t>(n);
    }
}

std::string RawConnection::read_response(int timeout_ms) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    std::string& data = pending_;
    while (true) {
        size_t header_end = data.find("\r\n\r\n");
        if (header_end != std::string::npos) {
            size_t length = 0;
            std::string headers = data.substr(0, header_end);
            for (const char* name : {"Content-Length: ", "content-length: "}) {
                size_t at = headers.find(name);
                if (at != std::string::npos) length = std::stoul(headers.substr(at + 16));
            }
            size_t total = header_end + 4 + length;
            if (data.size() >= total) {
                std::string response = data.substr(0, total);
                data.erase(0, total);
                return response;
            }
        }
        int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        deadline - std::chrono::steady_clock::now())
                                        .count());
        pollfd p{fd_, POLLIN, 0};
        if (left <= 0 || poll(&p, 1, left) <= 0) break;
        char buffer[8192];
        ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        data.append(buffer, static_cast<size_t>(n));
    }
    std::string rest = data;
    data.clear();
    return rest;
}

std::string raw_exchange(const std::string& host, int port, const std::string& request) {
    RawConnection c(host, port);
    c.send(request);
    return c.read_response();
}

int raw_status(const std::string& response) {
    if (!response.starts_with("HTTP/1.")) return 0;
    size_t space = response.find(' ');
    return space == std::string::npos ? 0 : std::atoi(response.c_str() + space + 1);
}

std::string raw_body(const std::string& response) {
    size_t at = response.find("\r\n\r\n");
    return at == std::string::npos ? std::string() : response.substr(at + 4);
}

}  // namespace talkoo::test
