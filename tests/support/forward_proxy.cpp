// See forward_proxy.hpp.
#include "support/forward_proxy.hpp"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <stdexcept>

namespace talkoo::test {
namespace {

// Headers that belong to one connection (RFC 9110 section 7.6.1), those httplib sets itself,
// and the pseudo-headers httplib adds to a received request: never passed on.
bool passed_on(const std::string& name) {
    std::string n = name;
    std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const char* skip :
         {"connection", "proxy-connection", "keep-alive", "te", "trailer", "transfer-encoding",
          "upgrade", "proxy-authorization", "host", "content-length", "accept-encoding",
          "remote_addr", "remote_port", "local_addr", "local_port"})
        if (n == skip) return false;
    return true;
}

void forward(const httplib::Request& req, httplib::Response& res) {
    const std::string scheme = "http://";
    if (req.target.rfind(scheme, 0) != 0) {
        res.status = 400;
        res.set_content("a forward proxy wants an absolute target", "text/plain");
        return;
    }
    size_t slash = req.target.find('/', scheme.size());
    std::string authority = req.target.substr(scheme.size(), slash - scheme.size());
    std::string path = slash == std::string::npos ? "/" : req.target.substr(slash);
    size_t colon = authority.rfind(':');
    std::string host = authority.substr(0, colon);
    int port = colon == std::string::npos ? 80 : std::stoi(authority.substr(colon + 1));

    httplib::Client upstream(host, port);
    upstream.set_connection_timeout(5);
    upstream.set_read_timeout(30);
    upstream.set_decompress(false);
    httplib::Request out;
    out.method = req.method;
    out.path = path;
    out.body = req.body;
    for (const auto& [name, value] : req.headers)
        if (passed_on(name)) out.headers.emplace(name, value);
    httplib::Result answer = upstream.send(out);
    if (!answer) {
        res.status = 502;
        res.set_content("the proxy could not reach " + authority, "text/plain");
        return;
    }
    res.status = answer->status;
    for (const auto& [name, value] : answer->headers)
        if (passed_on(name)) res.headers.emplace(name, value);
    res.body = answer->body;
}

}  // namespace

ForwardProxy::ForwardProxy() : server_(std::make_unique<httplib::Server>()) {
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
        {
            std::lock_guard lock(mutex_);
            log_.push_back(req.method + " " + req.target);
        }
        // Answers go back as they came: keep httplib from compressing them again.
        const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
        forward(req, res);
    };
    server_->Get(".*", handler);
    server_->Post(".*", handler);
    server_->Put(".*", handler);
    server_->Delete(".*", handler);
    server_->Patch(".*", handler);
    port_ = server_->bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("ForwardProxy: cannot listen on 127.0.0.1");
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    for (int i = 0; i < 5000 && !server_->is_running(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

ForwardProxy::~ForwardProxy() {
    server_->stop();
    if (thread_.joinable()) thread_.join();
}

std::vector<std::string> ForwardProxy::requests() const {
    std::lock_guard lock(mutex_);
    return log_;
}

}  // namespace talkoo::test
