// bench-server-catalog: what a kiosk's first sync of a 10 000-task catalogue costs (time and
// bytes, plain and gzip), and what an idle sync costs once it is up to date.
//
// The full pull pages through GET /v1/catalog?limit=1000 with the cursor, as the kiosk does.
// Bytes are counted on the socket (headers included) with a minimal HTTP/1.1 client on plain
// sockets, so the figures are what a kiosk's mobile data plan pays. The service runs in this
// process on a loopback port; times are the median of 5 pulls.
//
//   bench-server-catalog [--tasks N]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "bench_setup.hpp"

using namespace talkoo;
using Clock = std::chrono::steady_clock;

namespace {

struct Exchange {
    size_t bytes_sent = 0;
    size_t bytes_received = 0;
    std::string body;  // decoded
};

std::string gunzip(const std::string& data) {
    z_stream z{};
    inflateInit2(&z, 31);
    std::string out;
    char buffer[65536];
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    int rc;
    do {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - z.avail_out);
    } while (rc == Z_OK);
    inflateEnd(&z);
    return out;
}

// One GET on a kept-alive socket; reads exactly one response (Content-Length framing).
Exchange get(int fd, const std::string& target, const std::string& token, bool gzip) {
    std::string request = "GET " + target +
                          " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
                          "\r\nUser-Agent: talkoo-kiosk/0.1.0\r\n" +
                          (gzip ? "Accept-Encoding: gzip\r\n" : "") + "\r\n";
    Exchange e;
    e.bytes_sent = request.size();
    if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size()))
        throw std::runtime_error("send failed");
    std::string data;
    char buffer[65536];
    size_t header_end = std::string::npos, total = 0;
    while (header_end == std::string::npos || data.size() < total) {
        ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) throw std::runtime_error("connection closed");
        data.append(buffer, static_cast<size_t>(n));
        if (header_end == std::string::npos &&
            (header_end = data.find("\r\n\r\n")) != std::string::npos) {
            size_t at = data.find("Content-Length: ");
            total = header_end + 4 + std::stoul(data.substr(at + 16));
        }
    }
    e.bytes_received = data.size();
    std::string body = data.substr(header_end + 4);
    bool compressed =
        data.substr(0, header_end).find("Content-Encoding: gzip") != std::string::npos;
    e.body = compressed ? gunzip(body) : body;
    return e;
}

int connect_to(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        throw std::runtime_error("connect failed");
    return fd;
}

struct Pull {
    double ms = 0;
    size_t sent = 0, received = 0, pages = 0, tasks = 0;
    std::string cursor;
};

Pull full_pull(int port, const std::string& token, bool gzip) {
    int fd = connect_to(port);
    Pull p;
    auto t0 = Clock::now();
    bool more = true;
    while (more) {
        std::string target =
            "/v1/catalog?limit=1000" + (p.cursor.empty() ? "" : "&since=" + p.cursor);
        Exchange e = get(fd, target, token, gzip);
        nlohmann::json page = nlohmann::json::parse(e.body);
        p.sent += e.bytes_sent;
        p.received += e.bytes_received;
        p.tasks += page["tasks"].size();
        p.cursor = page["cursor"];
        more = page["more"];
        ++p.pages;
    }
    p.ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    close(fd);
    return p;
}

}  // namespace

int main(int argc, char** argv) {
    int tasks = 10000;
    for (int i = 1; i + 1 < argc; i += 2)
        if (!std::strcmp(argv[i], "--tasks")) tasks = std::atoi(argv[i + 1]);
    bench::RunningCentral central(tasks, 1);
    const std::string& token = central.device_tokens[0];
    std::printf(
        "bench-server-catalog: %d tasks (600-character descriptions, 3 languages), 10 "
        "organisations, pages of 1000\n",
        tasks);
    for (bool gzip : {false, true}) {
        std::vector<double> times;
        Pull last;
        for (int run = 0; run < 5; ++run) {
            last = full_pull(central.port(), token, gzip);
            times.push_back(last.ms);
        }
        std::printf(
            "  full pull, %s: %zu pages, %zu tasks, median %.0f ms (min %.0f, max %.0f), "
            "%.2f MB received, %.1f KB sent\n",
            gzip ? "gzip" : "uncompressed", last.pages, last.tasks, bench::percentile(times, 50),
            bench::percentile(times, 0), bench::percentile(times, 100), last.received / 1e6,
            last.sent / 1e3);
        if (gzip) {
            int fd = connect_to(central.port());
            Exchange idle = get(fd, "/v1/catalog?limit=1000&since=" + last.cursor, token, true);
            close(fd);
            std::printf(
                "  idle sync (nothing new): %zu bytes sent, %zu bytes received, %zu in all\n",
                idle.bytes_sent, idle.bytes_received, idle.bytes_sent + idle.bytes_received);
        }
    }
    return 0;
}
