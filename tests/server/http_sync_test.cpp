// The two promises the kiosk's sync is built on, against the real service: an upload can be
// repeated any number of times, even concurrently, and each signup is stored exactly once; the
// catalogue, paged by cursor, yields every change exactly once even while changes land.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "server/storage.hpp"
#include "support/central_fixture.hpp"
#include "support/fault_proxy.hpp"
#include "sync/wire/catalog_json.hpp"
#include "sync/wire/signup_json.hpp"

using namespace talkoo;
using namespace talkoo::test;
using nlohmann::json;

namespace {

size_t stored_signups(const std::string& db) {
    return central::open_central_store(db, false)->signups({}).size();
}

}  // namespace

TEST_CASE("a batch whose answer was lost is retried as duplicates and stored once",
          "[http][sync]") {
    CentralFixture f;
    FaultProxy proxy(f.server->port());
    proxy.add_rule({Fault::reset_after_body, "POST", "/v1/signups", 1});
    std::vector<Signup> batch;
    for (int i = 0; i < 20; ++i)
        batch.push_back(test_signup({"task-a1"}));
    std::string body = f.sealed_batch(batch);  // sealed once, the same bytes at every retry
    httplib::Client c("127.0.0.1", proxy.port());
    c.set_read_timeout(60);
    httplib::Headers auth = {{"Authorization", "Bearer " + f.device.token}};

    auto lost = c.Post("/v1/signups", auth, body, "application/json");
    CHECK_FALSE(lost);  // the kiosk saw a reset: it cannot know the centre stored the batch
    auto retried = c.Post("/v1/signups", auth, body, "application/json");
    json j = body_of(retried);
    CHECK(j["counts"]["duplicate"] == 20);
    CHECK(j["counts"]["stored"] == 0);
    auto again = c.Post("/v1/signups", auth, body, "application/json");
    CHECK(body_of(again)["counts"]["duplicate"] == 20);
    REQUIRE(f.server->stop() == 0);
    CHECK(stored_signups(f.db) == 20);
}

TEST_CASE("concurrent posts of the same batch store each signup exactly once", "[http][sync]") {
    CentralFixture f;
    Identity second_kiosk = f.add_device("Second kiosk", "point-1");
    std::vector<Signup> batch;
    for (int i = 0; i < 50; ++i)
        batch.push_back(test_signup({"task-a1", "task-b1"}));
    std::string body = f.sealed_batch(batch);

    constexpr int kPosters = 8;
    std::vector<json> answers(kPosters);
    std::vector<std::thread> posters;
    for (int p = 0; p < kPosters; ++p) {
        posters.emplace_back([&, p] {
            httplib::Client c = f.server->client();
            auto r = c.Post("/v1/signups", {{"Authorization", "Bearer " + f.device.token}}, body,
                            "application/json");
            if (r && r->status == 200) answers[p] = json::parse(r->body);
        });
    }
    for (std::thread& t : posters)
        t.join();

    std::map<std::string, int> stored, duplicate;
    for (const json& a : answers) {
        REQUIRE(a.contains("results"));
        for (const json& r : a["results"]) {
            if (r["result"] == "stored") ++stored[r["id"]];
            if (r["result"] == "duplicate") ++duplicate[r["id"]];
        }
    }
    REQUIRE(stored.size() == batch.size());
    for (const Signup& s : batch) {
        CHECK(stored[s.id] == 1);
        CHECK(duplicate[s.id] == kPosters - 1);
    }
    // The same ids from another kiosk are not duplicates: they are conflicts, and change nothing.
    json other = f.post_signups({batch[0]}, second_kiosk.token);
    CHECK(other["results"][0]["result"] == "conflict");
    REQUIRE(f.server->stop() == 0);
    CHECK(stored_signups(f.db) == batch.size());
}

TEST_CASE("catalogue paging yields every change once while coordinators change it",
          "[http][sync]") {
    // Hundreds of requests in a few seconds from one kiosk and one coordinator: no rate limit.
    CentralFixture f({"--rate-limit", "0"});
    auto page_at = [&](const std::string& target) {
        auto r = f.get(target, f.device.token);
        REQUIRE(r);
        REQUIRE(r->status == 200);
        return body_of(r);
    };
    // 60 more tasks, so that paging by 4 takes many pages.
    for (int i = 0; i < 60; ++i) {
        std::string id = "t" + std::to_string(i);
        auto r =
            f.put("/v1/tasks/" + id, wire::to_json(test_task(id, "org-a")).dump(), f.network.token);
        REQUIRE(r->status == 201);
    }
    // While the kiosk pages, a coordinator keeps editing (titles "v1", "v2", ...) and deleting.
    std::atomic<bool> paging_done = false;
    std::atomic<int> edits = 0;
    std::thread coordinator([&] {
        int version = 0;
        while (!paging_done && version < 400) {
            ++version;
            std::string id = "t" + std::to_string((version * 7) % 60);
            Task t = test_task(id, "org-a");
            t.title.fi = "v" + std::to_string(version);
            f.put("/v1/tasks/" + id, wire::to_json(t).dump(), f.network.token);
            if (version % 10 == 0)
                f.del("/v1/tasks/t" + std::to_string(version / 10), f.network.token);
            ++edits;
        }
    });

    struct JoinAtExit {  // a failed REQUIRE below must not leave the thread running
        std::atomic<bool>& done;
        std::thread& thread;
        ~JoinAtExit() {
            done = true;
            if (thread.joinable()) thread.join();
        }
    } join_at_exit{paging_done, coordinator};

    std::map<std::string, Task> kiosk;
    std::map<std::string, int> last_version;  // per task: the newest title version delivered
    std::string cursor;
    int pages = 0;
    bool more = true;
    while (more || edits < 20) {
        json page = page_at("/v1/catalog?limit=4" + (cursor.empty() ? "" : "&since=" + cursor));
        ++pages;
        std::set<std::string> in_page;
        for (const json& tj : page["tasks"]) {
            Task t = wire::task_from_json(tj, "task");
            CHECK(in_page.insert(t.id).second);  // never twice in one page
            int version = t.title.fi.starts_with("v") ? std::stoi(t.title.fi.substr(1)) : 0;
            // A task comes again only in a newer version: no change is delivered twice.
            if (last_version.count(t.id)) CHECK(version > last_version[t.id]);
            last_version[t.id] = version;
            kiosk[t.id] = t;
        }
        for (const json& id : page["deleted"]["tasks"])
            kiosk.erase(id.get<std::string>());
        cursor = page["cursor"];
        more = page["more"];
    }
    paging_done = true;
    coordinator.join();
    // Catch up with what landed after the last page, then compare with the centre's state.
    for (more = true; more;) {
        json page = page_at("/v1/catalog?limit=1000&since=" + cursor);
        for (const json& tj : page["tasks"]) {
            Task t = wire::task_from_json(tj, "task");
            kiosk[t.id] = t;
        }
        for (const json& id : page["deleted"]["tasks"])
            kiosk.erase(id.get<std::string>());
        cursor = page["cursor"];
        more = page["more"];
    }
    json truth = page_at("/v1/catalog?limit=1000");
    REQUIRE(truth["more"] == false);
    CHECK(pages > 15);
    REQUIRE(kiosk.size() == truth["tasks"].size());
    for (const json& tj : truth["tasks"]) {
        Task t = wire::task_from_json(tj, "task");
        CHECK(kiosk[t.id] == t);
    }
}

TEST_CASE("a full pull pages 1000 records at a time and says when more follow", "[http][sync]") {
    CentralFixture f;
    Catalog big;
    big.organisations = {test_organisation("org-a")};
    for (int i = 0; i < 1200; ++i)
        big.tasks.push_back(test_task("big-" + std::to_string(i), "org-a"));
    std::ofstream(f.dir / "big.json") << wire::catalog_to_json_text(big, false);
    REQUIRE(run_central({"import", (f.dir / "big.json").string(), "--db", f.db}).exit_code == 0);

    json first = body_of(f.get("/v1/catalog?limit=1000", f.device.token));
    CHECK(first["more"] == true);
    size_t records =
        first["organisations"].size() + first["info_points"].size() + first["tasks"].size();
    CHECK(records == 1000);
    json second = body_of(f.get(
        "/v1/catalog?limit=1000&since=" + first["cursor"].get<std::string>(), f.device.token));
    CHECK(second["more"] == false);
    CHECK(second["reset"] == false);
    std::set<std::string> ids;
    for (const json* page : {&first, &second})
        for (const json& t : (*page)["tasks"])
            CHECK(ids.insert(t["id"].get<std::string>()).second);
    CHECK(ids.size() == 1203);  // 3 of the test catalogue + 1200
    require_error(f.get("/v1/catalog?limit=1001", f.device.token), 400, "bad_query");
}

TEST_CASE("a cursor from another database makes the kiosk start over", "[http][sync]") {
    CentralFixture old_centre;
    std::string foreign = body_of(old_centre.get("/v1/catalog", old_centre.device.token))["cursor"];
    CentralFixture f;
    json j = body_of(f.get("/v1/catalog?since=" + foreign, f.device.token));
    CHECK(j["reset"] == true);
    CHECK(j["tasks"].size() == 3);
    // A cursor from beyond this database's history (a restored backup) also starts over.
    std::string mine = body_of(f.get("/v1/catalog", f.device.token))["cursor"];
    std::string ahead = mine.substr(0, mine.find('.')) + ".999999";
    CHECK(body_of(f.get("/v1/catalog?since=" + ahead, f.device.token))["reset"] == true);
}
