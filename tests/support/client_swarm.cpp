// See client_swarm.hpp.
#include "support/client_swarm.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

namespace talkoo::test {

int connect_from(const std::string& source, const std::string& host, int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    sockaddr_in local{};
    local.sin_family = AF_INET;
    inet_pton(AF_INET, source.c_str(), &local.sin_addr);
    sockaddr_in remote{};
    remote.sin_family = AF_INET;
    remote.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, host.c_str(), &remote.sin_addr);
    int yes = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    if (bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
        connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

std::string swarm_address(int index, int per_address) {
    const int k = index / std::max(1, per_address);
    return "127.0." + std::to_string(k / 253) + "." + std::to_string(2 + k % 253);
}

int status_of(const std::string& bytes) {
    if (!bytes.starts_with("HTTP/1.")) return 0;
    size_t space = bytes.find(' ');
    return space == std::string::npos ? 0 : std::atoi(bytes.c_str() + space + 1);
}

ClientSwarm::ClientSwarm(std::string host, int port, int count, int per_address, SwarmScript script)
    : host_(std::move(host)), port_(port), script_(std::move(script)) {
    clients_.resize(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i)
        clients_[static_cast<size_t>(i)].address = swarm_address(i, per_address);
    thread_ = std::thread([this] { run(); });
}

ClientSwarm::~ClientSwarm() {
    stop_ = true;
    thread_.join();
    for (Client& c : clients_)
        if (c.fd >= 0) close(c.fd);
}

bool ClientSwarm::open(Client& c) {
    c.fd = connect_from(c.address, host_, port_);
    if (c.fd < 0) {
        std::lock_guard lock(mutex_);
        ++stats_.failed_to_connect;
        c.done = true;
        return false;
    }
    // The opening goes out blocking (a head is small); the rest without blocking.
    size_t sent = 0;
    while (sent < script_.opening.size()) {
        ssize_t n =
            send(c.fd, script_.opening.data() + sent, script_.opening.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
    }
    fcntl(c.fd, F_SETFL, fcntl(c.fd, F_GETFL) | O_NONBLOCK);
    c.trickle_at = 0;
    c.next_send = std::chrono::steady_clock::now() + script_.interval;
    c.received.clear();
    c.answered = false;
    std::lock_guard lock(mutex_);
    ++stats_.connected;
    ++stats_.open;
    return true;
}

void ClientSwarm::note_answer(Client& c) {
    if (c.answered || c.received.find("\r\n\r\n") == std::string::npos) return;
    c.answered = true;
    std::lock_guard lock(mutex_);
    ++stats_.answered;
    stats_.statuses.push_back(status_of(c.received));
}

void ClientSwarm::run() {
    for (Client& c : clients_) {
        if (stop_) return;
        open(c);
    }
    ready_ = true;
    std::vector<pollfd> fds;
    std::vector<Client*> of;
    char buffer[16384];
    while (!stop_) {
        fds.clear();
        of.clear();
        for (Client& c : clients_) {
            if (c.fd < 0) continue;
            fds.push_back({c.fd, POLLIN, 0});
            of.push_back(&c);
        }
        poll(fds.data(), fds.size(), 20);
        const auto now = std::chrono::steady_clock::now();
        for (size_t i = 0; i < fds.size(); ++i) {
            Client& c = *of[i];
            bool closed = false;
            if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) {
                ssize_t n = recv(c.fd, buffer, sizeof buffer, 0);
                if (n > 0) {
                    if (c.received.size() < 65536)
                        c.received.append(buffer, static_cast<size_t>(n));
                    note_answer(c);
                } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
                    closed = true;
                }
            }
            if (!closed && !script_.trickle.empty() && now >= c.next_send) {
                char byte = script_.trickle[c.trickle_at++ % script_.trickle.size()];
                ssize_t n = send(c.fd, &byte, 1, MSG_NOSIGNAL);
                if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) closed = true;
                c.next_send = now + script_.interval;
            }
            if (closed) {
                close(c.fd);
                c.fd = -1;
                {
                    std::lock_guard lock(mutex_);
                    ++stats_.closed_by_server;
                    --stats_.open;
                }
                if (script_.reconnect && !stop_)
                    open(c);
                else
                    c.done = true;
            }
        }
    }
}

void ClientSwarm::wait_connected(std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!ready_ && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

void ClientSwarm::wait_answered(std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        {
            std::lock_guard lock(mutex_);
            if (stats_.answered + stats_.failed_to_connect >= static_cast<int>(clients_.size()))
                return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

SwarmStats ClientSwarm::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

}  // namespace talkoo::test
