// ForwardProxy: a plain HTTP forward proxy on a loopback port, as many office and library
// networks have one, for the tests that the kiosk's sync goes through the proxy named in the
// usual environment variables (http_proxy) when one is set. A client sends it each request with
// the target in absolute form ("POST http://127.0.0.1:8480/v1/signups"); it sends the request
// on to that host and relays the answer. Plain HTTP only (no CONNECT), answers uncompressed.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
}

namespace talkoo::test {

class ForwardProxy {
  public:
    ForwardProxy();  // listens on a free port of 127.0.0.1
    ~ForwardProxy();
    ForwardProxy(const ForwardProxy&) = delete;
    ForwardProxy& operator=(const ForwardProxy&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    // "METHOD target" of every request it forwarded, in order.
    std::vector<std::string> requests() const;

  private:
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    int port_ = 0;
    mutable std::mutex mutex_;
    std::vector<std::string> log_;
};

}  // namespace talkoo::test
