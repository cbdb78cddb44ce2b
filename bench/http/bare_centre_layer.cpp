// http-bare-centre-layer: bare_app.hpp on the centre's own HTTP layer
// (server/http_server.hpp: Asio, the centre's strict parser, its limits and its worker pool, all
// at talkoo-central's defaults), without the router, authentication or JSON: what the layer
// itself costs beside the libraries it was chosen among.
#include <signal.h>

#include "bare_app.hpp"
#include "server/http_server.hpp"

using namespace talkoo::bench;
using namespace talkoo::central;

int main() {
    signal(SIGPIPE, SIG_IGN);
    BareStore store;
    HttpServerOptions options;
    options.port = 0;
    HttpApplication app;
    auto small = [](int status, std::string body, const char* type) {
        HttpResponse r;
        r.status = status;
        r.set_content(std::move(body), type);
        return r;
    };
    app.plan = [&](const HttpRequest& head) {
        RequestPlan plan;
        if (head.method == "POST" && head.path == "/row") {
            plan.max_body = 1024 * 1024;
        } else if (head.path == "/health") {
            plan.answer = small(200, kHealthAnswer, "application/json");
        } else if (head.path != "/blob") {
            plan.answer = small(404, "{}", "application/json");
        }
        return plan;
    };
    app.handle = [&](HttpRequest request, Reply reply) {
        if (request.path == "/blob")
            return reply(small(200, blob_answer(), "application/octet-stream"));
        bool ok = store.insert(request.body);
        reply(small(ok ? 200 : 503, R"({"stored":true})", "application/json"));
    };
    app.refuse = [&](const HttpRefusal& refusal, const HttpRequest*) {
        return small(refusal.status, "{}", "application/json");
    };
    HttpServer server(options, app);
    announce(server.bind());
    server.run();
}
