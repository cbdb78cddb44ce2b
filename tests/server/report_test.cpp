// What the stops brought in, read back at the centre (issue 13, point 3): the kiosks' anonymous
// usage counters, summed over devices, by point, day, organisation or task, from the real
// binary: `talkoo-central report` and GET /v1/reports (docs/protocol.md).
#include <catch2/catch.hpp>

#include "support/central_fixture.hpp"
#include "sync/wire/stats_json.hpp"

using namespace talkoo;
using namespace talkoo::test;
using nlohmann::json;

namespace {

// Two kiosks, two days, two stops: 10 + 5 sessions at point-1 on the 4th, 3 at point-2 on the
// 5th; signups for task-a1 (org-a) and task-b1 (org-b).
void send_counters(CentralFixture& f) {
    Identity second = f.add_device("Kiosk two", "point-1");
    std::vector<UsageCounter> first = {
        {"2024-05-04", "point-1", "session.start", 10},
        {"2024-05-04", "point-1", "session.lang.fi", 8},
        {"2024-05-04", "point-1", "session.lang.en", 2},
        {"2024-05-04", "point-1", "signup.sent", 3},
        {"2024-05-04", "point-1", "task.viewed.task-a1", 6},
        {"2024-05-04", "point-1", "task.viewed.task-b1", 2},
        {"2024-05-04", "point-1", "task.signup.task-a1", 2},
        {"2024-05-04", "point-1", "task.signup.task-b1", 1},
        {"2024-05-04", "point-1", "screen.browse", 30},
        {"2024-05-05", "point-2", "session.start", 3},
        {"2024-05-05", "point-2", "session.lang.sv", 3},
    };
    std::vector<UsageCounter> other = {
        {"2024-05-04", "point-1", "session.start", 5},
        {"2024-05-04", "point-1", "session.lang.fi", 5},
        {"2024-05-04", "point-1", "signup.sent", 1},
        {"2024-05-04", "point-1", "task.signup.task-a1", 1},
    };
    for (const auto& [token, counters] : {std::pair{f.device.token, first}, {second.token, other}})
        REQUIRE(body_of(f.post("/v1/stats", wire::stats_batch_to_json(counters).dump(), token))
                    .at("stored") == counters.size());
}

const json& row_of(const json& report, const std::string& column, const std::string& key) {
    for (const json& r : report.at("rows"))
        if (r.at(column) == key) return r;
    FAIL("no row " << key);
    static json none;
    return none;
}

}  // namespace

TEST_CASE(
    "GET /v1/reports by point sums the kiosks' counters into sessions, signups, languages "
    "and the tasks signed up for most",
    "[http][report]") {
    CentralFixture f;
    send_counters(f);
    json r = body_of(f.get("/v1/reports?by=point", f.network.token));
    CHECK(r.at("by") == "point");
    const json& p1 = row_of(r, "info_point_id", "point-1");
    CHECK(p1.at("sessions") == 15);
    CHECK(p1.at("signups") == 4);
    CHECK(p1.at("signups_per_100_sessions") == Approx(26.7));
    CHECK(p1.at("task_views") == 8);
    CHECK(p1.at("languages") == json({{"fi", 13}, {"sv", 0}, {"en", 2}}));
    CHECK(p1.at("most_signed_up").at(0) == json({{"task_id", "task-a1"}, {"count", 3}}));
    CHECK(p1.at("name") != "");
    CHECK(row_of(r, "info_point_id", "point-2").at("sessions") == 3);
    CHECK(r.at("total").at("sessions") == 18);

    json days = body_of(f.get("/v1/reports?by=day&since=2024-05-05", f.network.token));
    REQUIRE(days.at("rows").size() == 1);
    CHECK(days.at("rows").at(0).at("day") == "2024-05-05");
    CHECK(days.at("total").at("sessions") == 3);
}

TEST_CASE("an organisation's coordinator sees only its own tasks, and not the stops' visitors",
          "[http][report]") {
    CentralFixture f;
    send_counters(f);
    json all = body_of(f.get("/v1/reports?by=org", f.network.token));
    CHECK(row_of(all, "organisation_id", "org-a").at("signups") == 3);
    CHECK(row_of(all, "organisation_id", "org-b").at("signups") == 1);
    CHECK_FALSE(all.at("total").contains("sessions"));

    json mine = body_of(f.get("/v1/reports?by=task", f.coord_a.token));
    for (const json& row : mine.at("rows"))
        CHECK(row.at("organisation_id") == "org-a");
    CHECK(row_of(mine, "task_id", "task-a1").at("signups") == 3);
    require_error(f.get("/v1/reports?by=point", f.coord_a.token), 403, "forbidden");
    require_error(f.get("/v1/reports?by=point", f.device.token), 403, "forbidden");
}

TEST_CASE("GET /v1/reports refuses a bad query with 400 and answers CSV when asked",
          "[http][report]") {
    CentralFixture f;
    send_counters(f);
    require_error(f.get("/v1/reports?by=colour", f.network.token), 400, "bad_query");
    require_error(f.get("/v1/reports?by=day&since=2024-02-30", f.network.token), 400, "bad_query");
    require_error(f.get("/v1/reports?by=day&format=xml", f.network.token), 400, "bad_query");
    require_error(f.get("/v1/reports?by=day&page=2", f.network.token), 400, "bad_query");
    httplib::Result csv = f.get("/v1/reports?by=day&format=csv", f.network.token);
    REQUIRE(csv);
    CHECK(csv->status == 200);
    CHECK(csv->get_header_value("Content-Type").starts_with("text/csv"));
    CHECK(csv->body.starts_with("day,"));
    CHECK(csv->body.find("\r\n2024-05-04,") != std::string::npos);
}

TEST_CASE("talkoo-central report prints the same figures as a table, CSV or JSON",
          "[cli][report]") {
    CentralFixture f;
    send_counters(f);
    REQUIRE(f.server->stop() == 0);
    CommandResult j = run_central({"report", "--by", "point", "--format", "json", "--db", f.db});
    INFO(j.err);
    REQUIRE(j.exit_code == 0);
    CHECK(row_of(json::parse(j.out), "info_point_id", "point-1").at("sessions") == 15);

    CommandResult table = run_central({"report", "--by", "day", "--db", f.db});
    REQUIRE(table.exit_code == 0);
    CHECK(table.out.find("2024-05-04") != std::string::npos);
    CHECK(table.out.find("total") != std::string::npos);

    CommandResult csv = run_central({"report", "--by", "task", "--since", "2024-05-04", "--until",
                                     "2024-05-04", "--format", "csv", "--db", f.db});
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.starts_with("task_id,"));
    CHECK(csv.out.find("task-a1") != std::string::npos);

    CommandResult bad = run_central({"report", "--by", "colour", "--db", f.db});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("--by must be") != std::string::npos);
    CommandResult bad_day = run_central({"report", "--by", "day", "--since", "May", "--db", f.db});
    CHECK(bad_day.exit_code == 2);
}
