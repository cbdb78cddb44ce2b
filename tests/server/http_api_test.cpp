// Every endpoint of the v1 API, against the real talkoo-central over loopback HTTP: what a kiosk
// and a coordinator can rely on. Auth and scoping, idempotency, paging and bad input have their
// own files.
#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

#include "core/clock.hpp"
#include "raw_http.hpp"
#include "server/storage.hpp"
#include "support/central_fixture.hpp"
#include "sync/wire/catalog_json.hpp"
#include "sync/wire/signup_json.hpp"
#include "sync/wire/stats_json.hpp"

using namespace talkoo;
using namespace talkoo::test;
using nlohmann::json;

TEST_CASE("health answers without a token with status, version and server time", "[http]") {
    CentralFixture f;
    json j = body_of(f.get("/v1/health", ""));
    CHECK(j["status"] == "ok");
    CHECK(j["version"] == TALKOO_VERSION);
    CHECK(std::abs(j["time_ms"].get<int64_t>() - now_ms()) < 60'000);
    CHECK(j["time"].get<std::string>().ends_with("Z"));
}

TEST_CASE("a kiosk asks the centre which info point it was enrolled for", "[http]") {
    CentralFixture f;
    nlohmann::json me = body_of(f.get("/v1/device", f.device.token));
    CHECK(me["device"]["id"] == f.device.id);
    CHECK(me["device"]["info_point_id"] == "point-1");
    Identity other = f.add_device("Kiosk at point-2", "point-2");
    CHECK(body_of(f.get("/v1/device", other.token))["device"]["info_point_id"] == "point-2");
    require_error(f.get("/v1/device", f.network.token), 403, "forbidden");
    require_error(f.get("/v1/device", ""), 401, "unauthorized");
}

TEST_CASE("a first catalogue pull returns everything with a cursor and reset", "[http]") {
    CentralFixture f;
    json j = body_of(f.get("/v1/catalog", f.device.token));
    CHECK(j["reset"] == true);
    CHECK(j["more"] == false);
    CHECK(j["organisations"].size() == 2);
    CHECK(j["info_points"].size() == 2);
    REQUIRE(j["tasks"].size() == 3);
    CHECK(wire::task_from_json(j["tasks"][0], "tasks[0]") == test_catalog().tasks[0]);
    CHECK(j["deleted"]["tasks"].empty());
    CHECK(!j["cursor"].get<std::string>().empty());
    // Coordinators may read the catalogue too.
    CHECK(body_of(f.get("/v1/catalog", f.coord_a.token))["tasks"].size() == 3);
}

TEST_CASE("an idle catalogue sync costs well under 2 KB on the wire", "[http]") {
    CentralFixture f;
    std::string cursor = body_of(f.get("/v1/catalog", f.device.token))["cursor"];
    std::string request = "GET /v1/catalog?since=" + cursor +
                          " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                          f.device.token +
                          "\r\nAccept-Encoding: gzip\r\nUser-Agent: talkoo-kiosk/0.1.0\r\n"
                          "X-Talkoo-App-Version: 0.1.0\r\n\r\n";
    std::string response = raw_exchange(f.server->host(), f.server->port(), request);
    REQUIRE(raw_status(response) == 200);
    size_t total = request.size() + response.size();
    INFO(request << response);
    CHECK(total < 1024);
    CHECK(response.find("Content-Encoding: gzip") != std::string::npos);
    json j = body_of(f.get("/v1/catalog?since=" + cursor, f.device.token));
    CHECK(j["cursor"] == cursor);
    CHECK(j["reset"] == false);
    CHECK(j["tasks"].empty());
}

TEST_CASE("coordinator changes reach kiosks as upserts and tombstones after their cursor",
          "[http]") {
    CentralFixture f;
    std::string cursor = body_of(f.get("/v1/catalog", f.device.token))["cursor"];

    Task changed = test_task("task-a1", "org-a");
    changed.title.en = "Friend for an elderly person";
    json put = body_of(f.put("/v1/tasks/task-a1", wire::to_json(changed).dump(), f.network.token));
    CHECK(put["changed"] == true);
    Task created = test_task("task-a3", "org-a");
    auto r = f.put("/v1/tasks/task-a3", wire::to_json(created).dump(), f.coord_a.token);
    REQUIRE(r);
    CHECK(r->status == 201);
    CHECK(body_of(f.del("/v1/tasks/task-b1", f.network.token))["deleted"]["id"] == "task-b1");
    require_error(f.get("/v1/tasks/task-b1", f.network.token), 404, "not_found");

    json delta = body_of(f.get("/v1/catalog?since=" + cursor, f.device.token));
    CHECK(delta["reset"] == false);
    REQUIRE(delta["tasks"].size() == 2);
    CHECK(wire::task_from_json(delta["tasks"][0], "t") == changed);
    CHECK(wire::task_from_json(delta["tasks"][1], "t") == created);
    CHECK(delta["deleted"]["tasks"] == json::array({"task-b1"}));
    CHECK(delta["organisations"].empty());

    // The same content again changes nothing, so kiosks fetch nothing.
    std::string after = delta["cursor"];
    json again =
        body_of(f.put("/v1/tasks/task-a1", wire::to_json(changed).dump(), f.network.token));
    CHECK(again["changed"] == false);
    CHECK(body_of(f.get("/v1/catalog?since=" + after, f.device.token))["tasks"].empty());
}

TEST_CASE("coordinators create, read, update and delete organisations and info points", "[http]") {
    CentralFixture f;
    Organisation o = test_organisation("org-c");
    auto created = f.put("/v1/organisations/org-c", wire::to_json(o).dump(), f.network.token);
    REQUIRE(created);
    CHECK(created->status == 201);
    json got = body_of(f.get("/v1/organisations/org-c", f.coord_a.token));
    CHECK(wire::organisation_from_json(got["organisation"], "o") == o);
    o.municipality = "Rauma";
    CHECK(body_of(f.put("/v1/organisations/org-c", wire::to_json(o).dump(),
                        f.network.token))["organisation"]["municipality"] == "Rauma");
    CHECK(body_of(f.del("/v1/organisations/org-c", f.network.token))["deleted"]["kind"] ==
          "organisation");
    require_error(f.del("/v1/organisations/org-c", f.network.token), 404, "not_found");
    // An organisation that still has tasks cannot go.
    require_error(f.del("/v1/organisations/org-a", f.network.token), 409, "conflict");

    InfoPoint p = test_info_point("point-3");
    p.kind = InfoPointKind::popup;
    p.active_from = "2024-06-01";
    p.active_until = "2024-06-02";
    auto made = f.put("/v1/info-points/point-3", wire::to_json(p).dump(), f.network.token);
    REQUIRE(made);
    CHECK(made->status == 201);
    CHECK(wire::info_point_from_json(
              body_of(f.get("/v1/info-points/point-3", f.network.token))["info_point"], "p") == p);
    CHECK(body_of(f.del("/v1/info-points/point-3", f.network.token))["deleted"]["id"] == "point-3");
}

TEST_CASE("a record that fails validation is refused with 422 naming the field", "[http]") {
    CentralFixture f;
    json task = wire::to_json(test_task("task-a9", "org-a"));
    task["title"] = json::object();
    auto r = f.put("/v1/tasks/task-a9", task.dump(), f.network.token);
    require_error(r, 422, "validation_failed");
    CHECK(body_of(r)["error"]["message"].get<std::string>().find("title") != std::string::npos);
    json orphan = wire::to_json(test_task("task-a9", "org-none"));
    require_error(f.put("/v1/tasks/task-a9", orphan.dump(), f.network.token), 422,
                  "validation_failed");
    json other_id = wire::to_json(test_task("task-zz", "org-a"));
    require_error(f.put("/v1/tasks/task-a9", other_id.dump(), f.network.token), 400, "bad_request");
    require_error(f.get("/v1/tasks/task-a9", f.network.token), 404, "not_found");
}

TEST_CASE("a batch gets one result per signup: stored, duplicate, conflict, rejected", "[http]") {
    CentralFixture f;
    Signup a = test_signup({"task-a1"});
    Signup b = test_signup({"task-b1", "task-a2"});
    json first = f.post_signups({a, b}, f.device.token);
    REQUIRE(first["results"].size() == 2);
    CHECK(first["results"][0] == json({{"id", a.id}, {"result", "stored"}}));
    CHECK(first["results"][1]["result"] == "stored");

    Signup a_other = a;
    a_other.message = "Eri viesti";
    Signup invalid = test_signup({"task-a1"});
    invalid.phone = "not a phone";
    invalid.email = "";
    json batch = json::parse(f.sealed_batch({a, a_other, invalid}));
    batch["signups"].push_back({{"id", "only-an-id"}});
    json second = body_of(f.post("/v1/signups", batch.dump(), f.device.token));
    json results = second["results"];
    REQUIRE(results.size() == 4);
    CHECK(results[0]["result"] == "duplicate");
    CHECK(results[1]["result"] == "conflict");
    CHECK(!results[1]["message"].get<std::string>().empty());
    CHECK(results[2]["result"] == "rejected");
    CHECK(results[2]["id"] == invalid.id);
    REQUIRE(results[2]["errors"].size() == 1);
    CHECK(results[2]["errors"][0]["field"] == "phone");
    CHECK(results[2]["errors"][0]["code"] == "invalid_phone");
    CHECK(results[3]["result"] == "rejected");
    CHECK(results[3]["id"] == "only-an-id");
    CHECK(results[3]["message"].get<std::string>().find("task_ids") != std::string::npos);
    CHECK(second["counts"] ==
          json({{"stored", 0}, {"duplicate", 1}, {"conflict", 1}, {"rejected", 2}}));

    // The client library reads the same answer.
    auto parsed = wire::parse_signup_results(second);
    CHECK(parsed[0].result == wire::SignupResultKind::duplicate);
    CHECK(parsed[2].errors[0].code == "invalid_phone");

    json stored = body_of(f.get("/v1/signups/" + a.id, f.network.token))["signup"];
    CHECK(stored["message"] == a.message);  // the conflict changed nothing
}

TEST_CASE("the device comes from the token, never from the body, and the receive time is kept",
          "[http]") {
    CentralFixture f;
    Identity other = f.add_device("Kiosk at point-2", "point-2");
    Signup s = test_signup({"task-a1"});
    s.info_point_id = "";  // a kiosk that does not say: the device's own point is used
    json batch = json::parse(f.sealed_batch({s}));
    batch["signups"][0]["device_id"] = other.id;  // an attempt to file as another device
    int64_t before = now_ms();
    CHECK(body_of(f.post("/v1/signups", batch.dump(), f.device.token))["results"][0]["result"] ==
          "stored");
    int64_t after = now_ms();
    json stored = body_of(f.get("/v1/signups/" + s.id, f.network.token))["signup"];
    CHECK(stored["device_id"] == f.device.id);
    CHECK(stored["info_point_id"] == "point-1");
    CHECK(stored["received_ms"].get<int64_t>() >= before);
    CHECK(stored["received_ms"].get<int64_t>() <= after);
    CHECK(stored["created_ms"] == s.created_ms);
}

TEST_CASE("a signup naming a task deleted since is stored and reaches that organisation",
          "[http]") {
    CentralFixture f;
    REQUIRE(f.del("/v1/tasks/task-b1", f.network.token)->status == 200);
    Signup s = test_signup({"task-b1"});
    CHECK(f.post_signups({s}, f.device.token)["results"][0]["result"] == "stored");
    json list = body_of(f.get("/v1/signups", f.coord_b.token));
    REQUIRE(list["count"] == 1);
    CHECK(list["signups"][0]["id"] == s.id);
}

TEST_CASE("usage counters merge idempotently by device, day and counter", "[http]") {
    CentralFixture f;
    std::vector<UsageCounter> counters = {{"2024-05-04", "point-1", "screen.browse", 40},
                                          {"2024-05-04", "point-1", "task.view", 7}};
    std::string body = wire::stats_batch_to_json(counters).dump();
    for (int i = 0; i < 3; ++i) {
        json j = body_of(f.post("/v1/stats", body, f.device.token));
        CHECK(j["stored"] == 2);
        CHECK(j["rejected"].empty());
    }
    counters[0].value = 45;
    json mixed = wire::stats_batch_to_json(counters);
    mixed["counters"].push_back(
        {{"day", "2024-02-30"}, {"info_point_id", "point-1"}, {"name", "x"}, {"value", 1}});
    json j = body_of(f.post("/v1/stats", mixed.dump(), f.device.token));
    CHECK(j["stored"] == 2);
    REQUIRE(j["rejected"].size() == 1);
    CHECK(j["rejected"][0]["index"] == 2);
    REQUIRE(f.server->stop() == 0);

    auto store = central::open_central_store(f.db, false);
    auto usage = store->usage();
    REQUIRE(usage.size() == 2);
    CHECK(usage[0].device_id == f.device.id);
    CHECK(usage[0].counter == counters[0]);
    CHECK(usage[1].counter == counters[1]);
}

TEST_CASE("coordinators list and export signups filtered by organisation, point and date",
          "[http]") {
    CentralFixture f;
    Identity kiosk2 = f.add_device("Kiosk at point-2", "point-2");
    Signup a = test_signup({"task-a1"}, "Aino, \"Ankka\"");
    a.created_ms = 1717000000000;  // 2024-05-29
    a.message = "=HYPERLINK(\"http://example.com\")\nrivi 2";
    Signup b = test_signup({"task-b1"});
    b.created_ms = 1719000000000;  // 2024-06-21
    b.info_point_id = "point-2";
    f.post_signups({a}, f.device.token);
    f.post_signups({b}, kiosk2.token);

    json all = body_of(f.get("/v1/signups", f.network.token));
    CHECK(all["count"] == 2);
    CHECK(body_of(f.get("/v1/signups?org=org-b", f.network.token))["signups"][0]["id"] == b.id);
    CHECK(body_of(f.get("/v1/signups?point=point-1", f.network.token))["signups"][0]["id"] == a.id);
    CHECK(body_of(f.get("/v1/signups?since=2024-06-01", f.network.token))["count"] == 1);
    CHECK(body_of(f.get("/v1/signups?until=2024-05-31", f.network.token))["count"] == 1);
    CHECK(body_of(f.get("/v1/signups?limit=1&offset=1", f.network.token))["signups"][0]["id"] ==
          b.id);

    auto csv = f.get("/v1/signups?format=csv&org=org-a", f.network.token);
    REQUIRE(csv);
    REQUIRE(csv->status == 200);
    CHECK(csv->get_header_value("Content-Type") == "text/csv; charset=utf-8");
    CHECK(csv->get_header_value("X-Talkoo-Protocol") == "talkoo/1");
    INFO(csv->body);
    CHECK(csv->body.starts_with("id,created,day,received,info_point_id,device_id,task_ids,"));
    CHECK(csv->body.find("\"Aino, \"\"Ankka\"\"\"") != std::string::npos);
    CHECK(csv->body.find("\"'=HYPERLINK(\"\"http://example.com\"\")\nrivi 2\"") !=
          std::string::npos);
    CHECK(csv->body.find(b.id) == std::string::npos);
}

TEST_CASE("follow-up status is set, shown and filtered", "[http]") {
    CentralFixture f;
    Signup s = test_signup({"task-a1"});
    f.post_signups({s}, f.device.token);
    json j = body_of(
        f.put("/v1/signups/" + s.id + "/follow-up", R"({"status":"contacted"})", f.coord_a.token));
    CHECK(j["signup"]["follow_up"] == "contacted");
    CHECK(body_of(f.get("/v1/signups?status=contacted", f.network.token))["count"] == 1);
    CHECK(body_of(f.get("/v1/signups?status=new", f.network.token))["count"] == 0);
    body_of(f.put("/v1/signups/" + s.id + "/follow-up", R"({"status":"not-suitable"})",
                  f.network.token));
    CHECK(body_of(f.get("/v1/signups/" + s.id, f.network.token))["signup"]["follow_up"] ==
          "not-suitable");
    require_error(
        f.put("/v1/signups/" + s.id + "/follow-up", R"({"status":"maybe"})", f.network.token), 400,
        "bad_request");
}

TEST_CASE("erasing a signup's personal data keeps an anonymous trace", "[http]") {
    CentralFixture f;
    Signup s = test_signup({"task-a1", "task-b1"}, "Poistettava Nimi");
    f.post_signups({s}, f.device.token);
    json erased = body_of(f.post("/v1/signups/" + s.id + "/erase", "", f.network.token))["signup"];
    CHECK(erased["erased"] == true);
    CHECK(erased["name"] == "");
    CHECK(erased["phone"] == "");
    CHECK(erased["email"] == "");
    CHECK(erased["message"] == "");
    CHECK(erased["task_ids"] == json::array({"task-a1", "task-b1"}));
    CHECK(erased["info_point_id"] == "point-1");
    CHECK(erased["age_group"] == "30-64");
    // A late retry from the kiosk is a success and does not bring the data back.
    CHECK(f.post_signups({s}, f.device.token)["results"][0]["result"] == "duplicate");
    CHECK(body_of(f.get("/v1/signups/" + s.id, f.network.token))["signup"]["name"] == "");
    REQUIRE(f.server->stop() == 0);
    // Nor is it anywhere in the database file any more.
    std::ifstream in(f.db, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(bytes.find("Poistettava Nimi") == std::string::npos);
}

TEST_CASE("devices are listed with last-seen time and app version", "[http]") {
    CentralFixture f;
    httplib::Client c = f.server->client();
    int64_t before = now_ms();
    auto r = c.Get("/v1/catalog", {{"Authorization", "Bearer " + f.device.token},
                                   {"X-Talkoo-App-Version", "0.3.1"}});
    REQUIRE(r);
    REQUIRE(r->status == 200);
    json devices = body_of(f.get("/v1/devices", f.coord_b.token))["devices"];
    REQUIRE(devices.size() == 1);
    CHECK(devices[0]["id"] == f.device.id);
    CHECK(devices[0]["name"] == "Kiosk at point-1");
    CHECK(devices[0]["info_point_id"] == "point-1");
    CHECK(devices[0]["app_version"] == "0.3.1");
    CHECK(devices[0]["last_seen_ms"].get<int64_t>() >= before);
    CHECK(devices[0]["revoked"] == false);
}

TEST_CASE("gzip request bodies are accepted and answers are gzip when the client asks", "[http]") {
    CentralFixture f;
    httplib::Client c = f.server->client();
    c.set_compress(true);  // gzip the request body
    std::vector<Signup> batch;
    for (int i = 0; i < 50; ++i)
        batch.push_back(test_signup({"task-a1"}));
    auto posted = c.Post("/v1/signups", {{"Authorization", "Bearer " + f.device.token}},
                         f.sealed_batch(batch), "application/json");
    REQUIRE(posted);
    CHECK(body_of(posted)["counts"]["stored"] == 50);

    httplib::Client raw = f.server->client();
    raw.set_decompress(false);
    auto r = raw.Get("/v1/catalog",
                     {{"Authorization", "Bearer " + f.device.token}, {"Accept-Encoding", "gzip"}});
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Encoding") == "gzip");
}

TEST_CASE("every answer carries the JSON content type and the protocol field", "[http]") {
    CentralFixture f;
    const std::vector<std::pair<std::string, std::string>> calls = {
        {"/v1/health", ""},
        {"/v1/catalog", f.device.token},
        {"/v1/catalog", ""},
        {"/v1/signups", f.network.token},
        {"/v1/signups", f.device.token},
        {"/v1/devices", f.coord_a.token},
        {"/v1/tasks/task-a1", f.coord_a.token},
        {"/v1/nowhere", ""},
        {"/", ""},
    };
    for (const auto& [path, token] : calls) {
        INFO(path);
        auto r = f.get(path, token);
        REQUIRE(r);
        CHECK(r->get_header_value("X-Talkoo-Protocol") == "talkoo/1");
        body_of(r);  // checks content type and protocol field
    }
}

TEST_CASE("no personal data reaches the service's log", "[http]") {
    CentralFixture f;
    Signup s = test_signup({"task-a1"}, "Salainen Sukunimi");
    s.phone = "+358 44 987 6543";
    s.email = "salainen.osoite@example.fi";
    s.message = "Ainutlaatuinen viesti";
    Signup rejected = s;
    rejected.id = test_signup({"task-a1"}).id;
    rejected.phone = "Salainen puhelin 12";
    Signup conflicting = s;
    conflicting.name = "Toinen Salainen";
    f.post_signups({s, rejected}, f.device.token);
    f.post_signups({conflicting}, f.device.token);
    f.post("/v1/signups", "{\"signups\": [\"Salainen Sukunimi\"", f.device.token);  // bad JSON
    f.get("/v1/signups/Salainen-Sukunimi", f.network.token);
    f.get("/Salainen/Sukunimi?name=Salainen", "");
    f.get("/v1/signups?format=csv", f.network.token);
    REQUIRE(f.server->stop() == 0);
    std::string log = f.log();
    INFO(log);
    CHECK(log.find("\"route\":\"/v1/signups\"") != std::string::npos);  // it did log requests
    for (const char* secret : {"Salainen", "987 6543", "9876543", "salainen.osoite",
                               "Ainutlaatuinen", f.device.token.c_str()})
        CHECK(log.find(secret) == std::string::npos);
}
