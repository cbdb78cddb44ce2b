// ClientSwarm: many raw TCP clients of one server, each from a loopback address of its own
// choosing (127.0.0.2 and up: on Linux the whole of 127/8 is this machine), driven by one thread
// with poll(2). The hostile-client tests and the HTTP benchmarks use it to play slow attackers
// (a request head or body trickled a byte at a time) and idle kept-alive kiosks, as they would
// arrive from other machines, beside the honest clients on 127.0.0.1.
//
// Each client sends its `opening` bytes at once, then, if `trickle` is set, one byte of it every
// `interval`; it reads and keeps the first answer the server sends, and notes when the server
// closes the connection. With `reconnect`, a client the server closed connects again (a real
// slowloris does).
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace talkoo::test {

// A socket connected from `source` to host:port (blocking mode), or -1.
int connect_from(const std::string& source, const std::string& host, int port);

// The address of client `index` when `per_address` clients share each one: 127.0.0.2 for the
// first `per_address`, then 127.0.0.3, ... (at most 127.0.0.254, then 127.0.1.x).
std::string swarm_address(int index, int per_address);

struct SwarmScript {
    std::string opening;  // sent as soon as connected
    std::string trickle;  // then sent one byte per interval, cyclically
    std::chrono::milliseconds interval{500};
    bool reconnect = false;  // connect again when the server closes
};

struct SwarmStats {
    int connected = 0;  // connections made (reconnections included)
    int failed_to_connect = 0;
    int open = 0;      // open now
    int answered = 0;  // connections that got an answer from the server
    int closed_by_server = 0;
    std::vector<int> statuses;  // the status of each answer received
};

class ClientSwarm {
  public:
    ClientSwarm(std::string host, int port, int count, int per_address, SwarmScript script);
    ~ClientSwarm();  // stops the thread, closes every connection
    ClientSwarm(const ClientSwarm&) = delete;
    ClientSwarm& operator=(const ClientSwarm&) = delete;

    // Waits until every client has connected (or failed) and sent its opening.
    void wait_connected(std::chrono::milliseconds limit = std::chrono::seconds(20));
    // Waits until every connection has received an answer or was closed.
    void wait_answered(std::chrono::milliseconds limit);
    SwarmStats stats() const;

  private:
    struct Client {
        int fd = -1;
        std::string address;
        size_t trickle_at = 0;
        std::chrono::steady_clock::time_point next_send;
        std::string received;
        bool answered = false;
        bool done = false;
    };
    void run();
    bool open(Client& c);
    void note_answer(Client& c);

    std::string host_;
    int port_;
    SwarmScript script_;
    std::vector<Client> clients_;
    mutable std::mutex mutex_;
    SwarmStats stats_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> ready_{false};
    std::thread thread_;
};

// The status code of the first HTTP answer in `bytes` ("HTTP/1.1 431 ..." gives 431), or 0.
int status_of(const std::string& bytes);

}  // namespace talkoo::test
