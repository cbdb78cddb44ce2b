// Bounded answers and the last gaps of validation (issue 16, points 3 and 5), against the real
// talkoo-central over loopback HTTP: lists answer a page with a cursor, exports stream the whole
// selection, a signup's times must be near the centre's clock, and a signup naming an unknown
// info point is stored with a mark.
#include <catch2/catch.hpp>
#include <set>

#include "core/clock.hpp"
#include "support/central_fixture.hpp"
#include "sync/wire/protocol.hpp"

using namespace talkoo;
using namespace talkoo::test;
using nlohmann::json;

namespace {

// `count` signups at point-1, for task-a1, posted in batches of 100.
std::vector<Signup> post_many(const CentralFixture& f, int count) {
    std::vector<Signup> all;
    for (int i = 0; i < count; i += 100) {
        std::vector<Signup> batch;
        for (int k = i; k < std::min(count, i + 100); ++k)
            batch.push_back(test_signup({"task-a1"}, "Henkilö " + std::to_string(k)));
        json answer = f.post_signups(batch, f.device.token);
        REQUIRE(answer["counts"]["stored"] == batch.size());
        all.insert(all.end(), batch.begin(), batch.end());
    }
    return all;
}

}  // namespace

TEST_CASE("the signup list answers a page with a cursor that walks every signup once",
          "[http][paging]") {
    CentralFixture f;
    std::vector<Signup> all = post_many(f, 250);

    json first = body_of(f.get("/v1/signups", f.network.token));
    CHECK(first["count"] == wire::kDefaultListPageLimit);
    CHECK(first["more"] == true);
    REQUIRE(first["cursor"].is_string());

    std::set<std::string> seen;
    size_t listed = 0, pages = 0;
    std::string cursor;
    while (true) {
        json page = body_of(f.get(
            "/v1/signups?limit=70" + (cursor.empty() ? "" : "&cursor=" + cursor), f.network.token));
        ++pages;
        for (const json& s : page["signups"])
            seen.insert(s["id"].get<std::string>());
        listed += page["signups"].size();
        if (!page["more"].get<bool>()) {
            CHECK(page["cursor"].is_null());
            break;
        }
        cursor = page["cursor"].get<std::string>();
    }
    CHECK(pages == 4);
    CHECK(listed == all.size());
    CHECK(seen.size() == all.size());
    // An organisation's coordinator pages within its scope the same way.
    CHECK(body_of(f.get("/v1/signups?limit=1000", f.coord_a.token))["count"] == 250);
    CHECK(body_of(f.get("/v1/signups?limit=1000", f.coord_b.token))["count"] == 0);
}

TEST_CASE("a page size beyond the maximum and a cursor the centre did not make answer 400",
          "[http][paging]") {
    CentralFixture f;
    const std::string over = std::to_string(wire::kMaxListPageLimit + 1);
    require_error(f.get("/v1/signups?limit=" + over, f.network.token), 400, "bad_query");
    require_error(f.get("/v1/signups?limit=0", f.network.token), 400, "bad_query");
    require_error(f.get("/v1/devices?limit=" + over, f.network.token), 400, "bad_query");
    for (const char* bad : {"nonsense", "_", "12", "-5_x", "99999999999999999999_a", "1_a%20b"})
        require_error(f.get(std::string("/v1/signups?cursor=") + bad, f.network.token), 400,
                      "invalid_cursor");
    require_error(f.get("/v1/devices?cursor=nonsense", f.network.token), 400, "invalid_cursor");
}

TEST_CASE("devices are listed a page at a time", "[http][paging]") {
    CentralFixture f;
    for (int i = 0; i < 4; ++i)
        f.add_device("Kiosk " + std::to_string(i), "point-2");
    std::set<std::string> seen;
    std::string cursor;
    int pages = 0;
    while (true) {
        json page = body_of(f.get(
            "/v1/devices?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor), f.network.token));
        ++pages;
        for (const json& d : page["devices"])
            seen.insert(d["id"].get<std::string>());
        if (!page["more"].get<bool>()) break;
        cursor = page["cursor"].get<std::string>();
    }
    CHECK(seen.size() == 5);
    CHECK(pages == 3);
}

TEST_CASE("the export streams every signup of the selection as CSV or JSON", "[http][paging]") {
    CentralFixture f;
    std::vector<Signup> all = post_many(f, 1200);  // more than two of the export's pages

    auto csv = f.get("/v1/signups/export", f.network.token);
    REQUIRE(csv);
    REQUIRE(csv->status == 200);
    CHECK(csv->get_header_value("Content-Type") == "text/csv; charset=utf-8");
    CHECK(csv->get_header_value("Transfer-Encoding") == "chunked");  // streamed, not buffered
    CHECK_FALSE(csv->has_header("Content-Length"));
    CHECK(std::count(csv->body.begin(), csv->body.end(), '\n') == 1201);  // header + rows
    for (const Signup& s : {all.front(), all[617], all.back()})
        CHECK(csv->body.find(s.id) != std::string::npos);

    auto doc = f.get("/v1/signups/export?format=json", f.network.token);
    REQUIRE(doc);
    REQUIRE(doc->status == 200);
    json parsed = json::parse(doc->body);
    CHECK(parsed["count"] == 1200);
    REQUIRE(parsed["signups"].size() == 1200);
    std::set<std::string> ids;
    for (const json& s : parsed["signups"])
        ids.insert(s["id"].get<std::string>());
    CHECK(ids.size() == 1200);
    CHECK(parsed["signups"][0]["name"] == "Henkilö 0");  // opened for the coordinator

    // The older form of the CSV export streams the same, filters kept; a scoped coordinator
    // gets only its own.
    auto old_form = f.get("/v1/signups?format=csv&point=point-2", f.network.token);
    REQUIRE(old_form);
    CHECK(std::count(old_form->body.begin(), old_form->body.end(), '\n') == 1);
    auto scoped = f.get("/v1/signups/export?format=json", f.coord_b.token);
    REQUIRE(scoped);
    CHECK(json::parse(scoped->body)["count"] == 0);
}

TEST_CASE("a signup's times must lie within the documented window of the centre's clock",
          "[http][validation]") {
    CentralFixture f;
    Signup ok = test_signup({"task-a1"});
    Signup dead_battery = test_signup({"task-a1"});
    dead_battery.created_ms = 946684800000;  // 2000-01-01: a clock that was reset
    dead_battery.consent_ms = dead_battery.created_ms;
    Signup ahead = test_signup({"task-a1"});
    ahead.created_ms = now_ms() + wire::kMaxSignupAheadMs + 3'600'000;
    Signup old_but_fine = test_signup({"task-a1"});
    old_but_fine.created_ms = now_ms() - 200LL * 24 * 3600 * 1000;  // months in an offline kiosk
    json results =
        f.post_signups({ok, dead_battery, ahead, old_but_fine}, f.device.token)["results"];
    CHECK(results[0]["result"] == "stored");
    CHECK(results[1]["result"] == "rejected");
    CHECK(results[1]["code"] == "invalid");
    CHECK(results[1]["errors"][0]["field"] == "created_ms");
    CHECK(results[1]["errors"][0]["code"] == "out_of_range");
    CHECK(results[2]["result"] == "rejected");
    CHECK(results[2]["errors"][0]["field"] == "created_ms");
    CHECK(results[3]["result"] == "stored");
}

TEST_CASE("names and contacts of only invisible space are refused", "[http][validation]") {
    CentralFixture f;
    Signup nbsp = test_signup({"task-a1"}, "\xC2\xA0\xE3\x80\x80 ");
    json r = f.post_signups({nbsp}, f.device.token)["results"][0];
    CHECK(r["result"] == "rejected");
    CHECK(r["errors"][0]["field"] == "name");
    CHECK(r["errors"][0]["code"] == "required");
}

TEST_CASE("a signup naming an unknown info point is stored and marked for the coordinator",
          "[http][validation]") {
    CentralFixture f;
    Signup known = test_signup({"task-a1"});
    Signup unknown = test_signup({"task-a1"});
    unknown.info_point_id = "point-that-never-was";
    json results = f.post_signups({known, unknown}, f.device.token)["results"];
    CHECK(results[0]["result"] == "stored");
    CHECK(results[1]["result"] == "stored");  // a real visitor's interest is never dropped
    json a = body_of(f.get("/v1/signups/" + known.id, f.network.token))["signup"];
    json b = body_of(f.get("/v1/signups/" + unknown.id, f.network.token))["signup"];
    CHECK_FALSE(a.contains("info_point_unknown"));
    CHECK(b["info_point_unknown"] == true);
    CHECK(b["info_point_id"] == "point-that-never-was");
}
