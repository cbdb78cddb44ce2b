// What the kiosk's client takes for the centre's answer, against servers that are not the centre
// (cpp-httplib in-process: a web server at the wrong address, a redirecting portal, a proxy that
// requires a login, a JSON service of another kind). None of them is ever a success, and each
// failure says what staff can check. The real centre's answers are in the *_e2e.cpp tests.
#include <catch2/catch.hpp>

#include <httplib.h>

#include <thread>

#include "core/local_store.hpp"
#include "support/temp_dir.hpp"
#include "sync/client/sync_session.hpp"

using namespace talkoo;
using namespace talkoo::sync;

namespace {

// A loopback server answering every request with `status`, `content_type` and `body`.
struct Impostor {
    httplib::Server server;
    std::thread thread;
    int port = 0;

    Impostor(int status, std::string content_type, std::string body,
             std::vector<std::pair<std::string, std::string>> headers = {}) {
        auto answer = [=](const httplib::Request&, httplib::Response& res) {
            res.status = status;
            for (const auto& [name, value] : headers)
                res.set_header(name, value);
            res.set_content(body, content_type);
        };
        server.Get(".*", answer);
        server.Post(".*", answer);
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running())
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~Impostor() {
        server.stop();
        thread.join();
    }
};

// One pass of a kiosk holding one catalogue record, against the impostor.
SyncReport pass_against(const Impostor& impostor) {
    talkoo::test::TempDir dir;
    LocalStore store(dir / "talkoo.db");
    SyncConfig config;
    config.server_url = "http://127.0.0.1:" + std::to_string(impostor.port);
    config.device_token = "tkd_4FdRh_CAsBUaRV9w40KPdm8WiUQ2hRJ_LGo53KgzwDM";
    SyncReport report;
    {
        SyncSession session(store, config);
        report = session.run_pass();
    }
    CHECK(store.catalog_cursor().empty());  // nothing of any answer was applied
    return report;
}

void require_refused(const SyncReport& report, SyncError::Kind kind, const std::string& words) {
    REQUIRE_FALSE(report.complete);
    REQUIRE(report.error);
    INFO(report.error->what());
    CHECK(report.error->kind == kind);
    CHECK_THAT(report.error->what(), Catch::Contains(words));
}

}  // namespace

TEST_CASE("a web server that is not a centre is no success, and the address is to be checked") {
    Impostor web(404, "text/html", "<html><body>Not Found</body></html>");
    require_refused(pass_against(web), SyncError::Kind::not_centre, "check the server address");
}

TEST_CASE("a redirect is not followed and says the address or a login page is in the way") {
    Impostor portal(302, "text/html", "<a href=\"http://login.example\">login</a>",
                    {{"Location", "http://login.example/"}});
    require_refused(pass_against(portal), SyncError::Kind::not_centre, "sent the kiosk elsewhere");
}

TEST_CASE("a proxy that wants a login says so") {
    Impostor proxy(407, "text/html", "<html>Proxy Authentication Required</html>");
    require_refused(pass_against(proxy), SyncError::Kind::not_centre, "proxy wants a login");
}

TEST_CASE("JSON without the protocol field is no success, however right it looks") {
    Impostor lookalike(200, "application/json",
                       R"({"cursor":"x.1","more":false,"reset":true,"organisations":[],)"
                       R"("info_points":[],"tasks":[],"deleted":{}})");
    require_refused(pass_against(lookalike), SyncError::Kind::not_centre, "not a Talkoo centre's");
}

TEST_CASE("the centre's JSON under another content type is no success") {
    Impostor wrong_type(200, "text/plain",
                        R"({"protocol":"talkoo/1","cursor":"x.1","more":false,"reset":true,)"
                        R"("organisations":[],"info_points":[],"tasks":[],"deleted":{}})");
    require_refused(pass_against(wrong_type), SyncError::Kind::not_centre, "not a Talkoo centre");
}

TEST_CASE("a body that is cut short JSON is damaged, not a success") {
    Impostor broken(200, "application/json", R"({"protocol":"talkoo/1","cursor":"x.1","mo)");
    require_refused(pass_against(broken), SyncError::Kind::not_centre, "damaged or incomplete");
}

TEST_CASE("a catalogue page of the right protocol but the wrong shape applies nothing") {
    Impostor odd(200, "application/json",
                 R"({"protocol":"talkoo/1","cursor":"x.1","more":false,"reset":true,)"
                 R"("organisations":[{"id":"Bad Id!"}],"info_points":[],"tasks":[]})");
    require_refused(pass_against(odd), SyncError::Kind::bad_answer, "cannot read");
}
