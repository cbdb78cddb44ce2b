// http-bare-mhd: bare_app.hpp on libmicrohttpd 0.9.75, configured as ../shared/NOTES.md
// measured it: epoll with a pool of 4 internal threads, at most 4 096 connections and 64 per
// address, 64 KB of memory per connection, an inactivity timeout of 10 s. Handlers run in the
// library's threads (the commit blocks its epoll thread while it lasts).
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "bare_app.hpp"

using namespace talkoo::bench;

namespace {

BareStore* store = nullptr;

MHD_Result answer(MHD_Connection* connection, int status, const std::string& body,
                  const char* type) {
    MHD_Response* r = MHD_create_response_from_buffer(body.size(), const_cast<char*>(body.data()),
                                                      MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(r, "Content-Type", type);
    MHD_Result ok = MHD_queue_response(connection, static_cast<unsigned>(status), r);
    MHD_destroy_response(r);
    return ok;
}

MHD_Result on_request(void*, MHD_Connection* connection, const char* url, const char* method,
                      const char*, const char* upload, size_t* upload_size, void** state) {
    // The usual MHD pattern: the first call only says "go on"; answering in it makes MHD close
    // the connection after the answer (no keep-alive).
    auto* body = static_cast<std::string*>(*state);
    if (!body) {
        *state = new std::string();
        return MHD_YES;
    }
    const bool post = std::strcmp(method, "POST") == 0;
    if (post) {
        if (*upload_size) {
            if (body->size() + *upload_size > 1024 * 1024) return MHD_NO;
            body->append(upload, *upload_size);
            *upload_size = 0;
            return MHD_YES;
        }
        if (std::strcmp(url, "/row") != 0) return answer(connection, 404, "{}", "application/json");
        bool ok = store->insert(*body);
        return answer(connection, ok ? 200 : 503, R"({"stored":true})", "application/json");
    }
    if (std::strcmp(url, "/health") == 0)
        return answer(connection, 200, kHealthAnswer, "application/json");
    if (std::strcmp(url, "/blob") == 0)
        return answer(connection, 200, blob_answer(), "application/octet-stream");
    return answer(connection, 404, "{}", "application/json");
}

void on_completed(void*, MHD_Connection*, void** state, MHD_RequestTerminationCode) {
    delete static_cast<std::string*>(*state);
    *state = nullptr;
}

}  // namespace

int main() {
    signal(SIGPIPE, SIG_IGN);
    BareStore rows;
    store = &rows;
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int yes = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(listener, 1024) != 0)
        return 1;
    socklen_t len = sizeof addr;
    getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
    MHD_Daemon* daemon = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, nullptr, nullptr, on_request, nullptr,
        MHD_OPTION_LISTEN_SOCKET, listener, MHD_OPTION_THREAD_POOL_SIZE, 4u,
        MHD_OPTION_CONNECTION_LIMIT, 4096u, MHD_OPTION_PER_IP_CONNECTION_LIMIT, 64u,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<size_t>(64 * 1024),
        MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_NOTIFY_COMPLETED, on_completed, nullptr,
        MHD_OPTION_END);
    if (!daemon) return 1;
    announce(ntohs(addr.sin_port));
    pause();
}
