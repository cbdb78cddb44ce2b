// Who may do what: tokens, revocation, the device/coordinator split, organisation scope and the
// per-token rate limit, against the real service.
#include <catch2/catch.hpp>
#include <fstream>

#include "support/central_fixture.hpp"
#include "sync/wire/catalog_json.hpp"
#include "sync/wire/signup_json.hpp"

using namespace talkoo;
using namespace talkoo::test;
using nlohmann::json;

TEST_CASE("requests without a token or with a malformed or unknown one get 401", "[http][auth]") {
    CentralFixture f;
    auto none = f.get("/v1/catalog", "");
    require_error(none, 401, "unauthorized");
    CHECK(none->get_header_value("WWW-Authenticate").starts_with("Bearer"));
    require_error(f.get("/v1/catalog", "not-a-token"), 401, "unauthorized");
    require_error(f.get("/v1/catalog", "tkd_" + std::string(43, 'A')), 401, "unauthorized");
    // A coordinator token with one character changed.
    std::string forged = f.network.token;
    forged.back() = forged.back() == 'A' ? 'B' : 'A';
    require_error(f.get("/v1/signups", forged), 401, "unauthorized");
    httplib::Client c = f.server->client();
    require_error(c.Get("/v1/catalog", {{"Authorization", "Basic dXNlcjpwYXNz"}}), 401,
                  "unauthorized");
}

TEST_CASE("a revoked device token gets 401 at once while the service runs", "[http][auth]") {
    CentralFixture f;
    Identity kiosk = f.add_device("Kiosk to retire", "point-2");
    REQUIRE(f.get("/v1/catalog", kiosk.token)->status == 200);
    CommandResult revoked = run_central({"device", "revoke", kiosk.id, "--db", f.db});
    REQUIRE(revoked.exit_code == 0);
    require_error(f.get("/v1/catalog", kiosk.token), 401, "unauthorized");
    require_error(f.post("/v1/signups", f.sealed_batch({test_signup({"task-a1"})}), kiosk.token),
                  401, "unauthorized");
    // Other devices carry on.
    CHECK(f.get("/v1/catalog", f.device.token)->status == 200);
    // And so do coordinators until theirs is revoked.
    REQUIRE(run_central({"coordinator", "revoke", f.coord_b.id, "--db", f.db}).exit_code == 0);
    require_error(f.get("/v1/signups", f.coord_b.token), 401, "unauthorized");
}

TEST_CASE("device tokens cannot use the coordinator API nor coordinators post signups",
          "[http][auth]") {
    CentralFixture f;
    require_error(f.get("/v1/signups", f.device.token), 403, "forbidden");
    require_error(f.get("/v1/devices", f.device.token), 403, "forbidden");
    require_error(f.put("/v1/tasks/task-a1", wire::to_json(test_task("task-a1", "org-a")).dump(),
                        f.device.token),
                  403, "forbidden");
    require_error(f.del("/v1/tasks/task-a1", f.device.token), 403, "forbidden");
    require_error(
        f.post("/v1/signups", f.sealed_batch({test_signup({"task-a1"})}), f.network.token), 403,
        "forbidden");
    require_error(f.post("/v1/stats", R"({"counters":[]})", f.network.token), 403, "forbidden");
}

TEST_CASE("a coordinator of one organisation never sees another organisation's signups",
          "[http][auth]") {
    CentralFixture f;
    Signup a = test_signup({"task-a1"}, "Vain A");
    Signup b = test_signup({"task-b1"}, "Vain B");
    Signup both = test_signup({"task-a2", "task-b1"}, "Molemmat");
    f.post_signups({a, b, both}, f.device.token);

    json listed = body_of(f.get("/v1/signups", f.coord_a.token));
    REQUIRE(listed["count"] == 2);
    CHECK(listed["signups"][0]["id"] == a.id);
    CHECK(listed["signups"][1]["id"] == both.id);
    // The shared signup shows only org-a's task to org-a.
    CHECK(listed["signups"][1]["task_ids"] == json::array({"task-a2"}));

    auto csv = f.get("/v1/signups?format=csv", f.coord_a.token);
    REQUIRE(csv);
    CHECK(csv->body.find("Vain A") != std::string::npos);
    CHECK(csv->body.find("Vain B") == std::string::npos);
    CHECK(csv->body.find("task-b1") == std::string::npos);

    require_error(f.get("/v1/signups?org=org-b", f.coord_a.token), 403, "forbidden");
    require_error(f.get("/v1/signups/" + b.id, f.coord_a.token), 404, "not_found");
    require_error(
        f.put("/v1/signups/" + b.id + "/follow-up", R"({"status":"joined"})", f.coord_a.token), 404,
        "not_found");
    require_error(f.post("/v1/signups/" + b.id + "/erase", "", f.coord_a.token), 404, "not_found");
    CHECK(body_of(f.get("/v1/signups/" + b.id, f.network.token))["signup"]["name"] == "Vain B");
    CHECK(body_of(f.get("/v1/signups/" + both.id, f.coord_b.token))["signup"]["task_ids"] ==
          json::array({"task-b1"}));
    // The whole network's coordinator sees all three, with every task.
    CHECK(body_of(f.get("/v1/signups", f.network.token))["count"] == 3);
}

TEST_CASE("an organisation's coordinator may change only its own organisation and tasks",
          "[http][auth]") {
    CentralFixture f;
    Task mine = test_task("task-a5", "org-a");
    CHECK(f.put("/v1/tasks/task-a5", wire::to_json(mine).dump(), f.coord_a.token)->status == 201);
    Task theirs = test_task("task-b1", "org-b");
    theirs.title.fi = "Kaapattu";
    require_error(f.put("/v1/tasks/task-b1", wire::to_json(theirs).dump(), f.coord_a.token), 403,
                  "forbidden");
    Task moved = test_task("task-b1", "org-a");  // taking another organisation's task over
    require_error(f.put("/v1/tasks/task-b1", wire::to_json(moved).dump(), f.coord_a.token), 403,
                  "forbidden");
    Task given_away = test_task("task-a5", "org-b");
    require_error(f.put("/v1/tasks/task-a5", wire::to_json(given_away).dump(), f.coord_a.token),
                  403, "forbidden");
    require_error(f.del("/v1/tasks/task-b1", f.coord_a.token), 403, "forbidden");
    CHECK(f.del("/v1/tasks/task-a5", f.coord_a.token)->status == 200);

    Organisation own = test_organisation("org-a");
    own.municipality = "Ulvila";
    CHECK(f.put("/v1/organisations/org-a", wire::to_json(own).dump(), f.coord_a.token)->status ==
          200);
    require_error(f.put("/v1/organisations/org-b", wire::to_json(test_organisation("org-b")).dump(),
                        f.coord_a.token),
                  403, "forbidden");
    require_error(f.del("/v1/organisations/org-a", f.coord_a.token), 403, "forbidden");
    require_error(f.put("/v1/info-points/point-9", wire::to_json(test_info_point("point-9")).dump(),
                        f.coord_a.token),
                  403, "forbidden");
    require_error(f.del("/v1/info-points/point-1", f.coord_a.token), 403, "forbidden");
    CHECK(body_of(f.get("/v1/tasks/task-b1", f.network.token))["task"]["title"]["fi"] ==
          "Tehtävä task-b1");
}

TEST_CASE("a token over its rate limit gets 429 with Retry-After, others are unaffected",
          "[http][auth]") {
    // One request a minute after a burst of 3: the fourth in a row is refused on any machine.
    CentralFixture f({"--rate-limit", "1", "--rate-burst", "3"});
    std::vector<httplib::Result> answers;
    for (int i = 0; i < 5; ++i)
        answers.push_back(f.get("/v1/catalog", f.device.token));
    for (int i = 0; i < 3; ++i)
        CHECK(answers[i]->status == 200);
    const httplib::Result& limited = answers[3];
    require_error(limited, 429, "rate_limited");
    require_error(answers[4], 429, "rate_limited");
    int retry_after = std::stoi(limited->get_header_value("Retry-After"));
    CHECK(retry_after >= 1);
    CHECK(retry_after <= 60);
    CHECK(f.get("/v1/catalog", f.coord_a.token)->status == 200);
    CHECK(f.get("/v1/health", "")->status == 200);
}

TEST_CASE("tokens are kept only as hashes", "[http][auth]") {
    CentralFixture f;
    REQUIRE(f.server->stop() == 0);
    for (const std::string& name : {f.db, f.db + "-wal"}) {
        std::ifstream in(name, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        for (const Identity* who : {&f.device, &f.network, &f.coord_a}) {
            CHECK(bytes.find(who->token) == std::string::npos);
            CHECK(bytes.find(who->token.substr(4)) == std::string::npos);
        }
    }
    // `device list` shows ids, never tokens.
    CommandResult list = run_central({"device", "list", "--db", f.db});
    CHECK(list.out.find(f.device.id) != std::string::npos);
    CHECK(list.out.find(f.device.token) == std::string::npos);
}
