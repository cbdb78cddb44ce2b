// HTTP as bytes on a loopback socket, for what an HTTP library will not send: malformed request
// lines, lying Content-Lengths, a body sent in two halves, and for counting every byte of an
// exchange (headers included).
#pragma once

#include <string>

namespace talkoo::test {

class RawConnection {
  public:
    RawConnection(const std::string& host, int port);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    void send(const std::string& bytes);
    // Reads one HTTP response (headers, then Content-Length bytes of body), or what arrives
    // before the peer closes. Empty if nothing came within the timeout.
    std::string read_response(int timeout_ms = 30'000);

  private:
    int fd_ = -1;
    std::string pending_;
};

// Sends `request` on a new connection and returns the one response.
std::string raw_exchange(const std::string& host, int port, const std::string& request);
// The status code of a raw response ("HTTP/1.1 404 ..." gives 404), or 0.
int raw_status(const std::string& response);
// The body of a raw response.
std::string raw_body(const std::string& response);

}  // namespace talkoo::test
