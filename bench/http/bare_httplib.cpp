// http-bare-httplib: bare_app.hpp on cpp-httplib 0.11.4, tuned as the centre was before
// issue 16 (a pool of 64 threads, TCP_NODELAY, keep-alive 5 s for up to 1 000 requests, read
// timeout 5 s). Its header and URI limits are compiled into Debian's library.
#include <httplib.h>

#include "bare_app.hpp"

using namespace talkoo::bench;

int main() {
    BareStore store;
    httplib::Server server;
    server.new_task_queue = [] { return new httplib::ThreadPool(64); };
    server.set_tcp_nodelay(true);
    server.set_keep_alive_timeout(5);
    server.set_keep_alive_max_count(1000);
    server.set_read_timeout(5, 0);
    server.set_payload_max_length(1024 * 1024);
    server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(kHealthAnswer, "application/json");
    });
    server.Get("/blob", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(blob_answer(), "application/octet-stream");
    });
    server.Post("/row", [&](const httplib::Request& req, httplib::Response& res) {
        res.status = store.insert(req.body) ? 200 : 503;
        res.set_content(R"({"stored":true})", "application/json");
    });
    int port = server.bind_to_any_port("127.0.0.1");
    announce(port);
    server.listen_after_bind();
}
