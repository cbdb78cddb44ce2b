// Every network failure of issue 5 between a kiosk and the real talkoo-central, injected by the
// FaultProxy. Each test has signups waiting on the kiosk and catalogue changes waiting at the
// centre; the first sync meets the fault and fails (never a false success); the next one, with
// the network healthy again, completes. Afterwards the centre holds every signup made on the
// kiosk exactly once, and the kiosk's catalogue equals the centre's.
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "sync_fixture.hpp"

using namespace talkoo;
using namespace talkoo::test;
using Kind = sync::SyncError::Kind;

namespace {

// Something for the catalogue pull to fetch: an edited task, a deleted one, a new one.
void change_centre_catalog(const CentralFixture& centre) {
    Task edited = test_task("task-a2", "org-a");
    edited.summary.fi = "Uusi kuvaus.";
    centre.put("/v1/tasks/task-a2", wire::to_json(edited).dump(), centre.network.token);
    centre.del("/v1/tasks/task-b1", centre.network.token);
    centre.put("/v1/tasks/task-c1", wire::to_json(test_task("task-c1", "org-b")).dump(),
               centre.network.token);
}

struct Expected {
    Kind kind;
    std::string words;  // part of the message staff see
};

void prepare(SyncWorld& world) {
    world.kiosk->make_signups(30, {"task-a1", "task-b1"});
    change_centre_catalog(world.centre);
    world.kiosk->config.signup_batch_size = 10;
}

void require_failure(SyncWorld& world, const sync::SyncReport& failed, const Expected& expected) {
    REQUIRE_FALSE(failed.complete);
    REQUIRE(failed.error);
    INFO("error: " << failed.error->what());
    CHECK(failed.error->kind == expected.kind);
    CHECK_THAT(failed.error->what(), Catch::Contains(expected.words));
    CHECK_THAT(failed.error->what(), !Catch::Contains("Testi"));  // no personal data in words
    // Nothing lost, nothing given up on.
    OutboxSummary outbox = world.kiosk->store->outbox_summary();
    CHECK(outbox.pending + outbox.acknowledged == static_cast<int>(world.kiosk->made.size()));
    CHECK(outbox.needs_attention == 0);
}

void recover_and_check(SyncWorld& world) {
    world.proxy->clear_rules();
    world.proxy->set_refusing(false);
    world.kiosk->config.transport.request_timeout_ms = 20'000;
    sync::SyncReport healed = world.kiosk->sync();
    INFO("second sync: " << (healed.error ? healed.error->what() : "complete"));
    REQUIRE(healed.complete);
    CHECK(world.kiosk->store->outbox_summary().pending == 0);
    CHECK(world.kiosk->store->outbox_summary().needs_attention == 0);
    require_delivered_exactly_once(world.centre, *world.kiosk);
    require_same_catalog(world.centre, *world.kiosk->store);
}

// The whole story of one fault: signups waiting, the fault on the matching request, a failed
// sync that says why, a healthy sync, and the two checks.
void fault_then_recovery(SyncWorld& world, const FaultRule& rule, const Expected& expected) {
    prepare(world);
    world.kiosk->config.transport.request_timeout_ms = 1'500;  // the delay rule outlasts it
    world.proxy->add_rule(rule);
    require_failure(world, world.kiosk->sync(), expected);
    recover_and_check(world);
}

}  // namespace

TEST_CASE("refused connections: a later sync delivers each signup once and matches the catalogue") {
    SyncWorld world;
    prepare(world);
    world.proxy->set_refusing(true);
    require_failure(world, world.kiosk->sync(), {Kind::network, "Cannot reach the centre"});
    CHECK(world.kiosk->store->outbox_summary().pending == 30);
    recover_and_check(world);
}

TEST_CASE("a reset before the signups reach the centre: each arrives once after the next sync") {
    SyncWorld world;
    // Every push after the first is cut off until the network heals (libcurl itself retries a
    // request once on a fresh connection when a reused one dies, so a single reset would pass).
    fault_then_recovery(world, {Fault::reset_before_body, "POST", "/v1/signups", -1, 0, 0, 1},
                        {Kind::network, "broke off"});
}

TEST_CASE("a reset after the centre stored a batch: the resend is a duplicate, stored once") {
    SyncWorld world;
    fault_then_recovery(world, {Fault::reset_after_body, "POST", "/v1/signups", -1, 0, 0, 1},
                        {Kind::network, "broke off"});
}

TEST_CASE("an answer delayed past the timeout: the batch stays queued and arrives once") {
    SyncWorld world;
    fault_then_recovery(world, {Fault::delay_response, "POST", "/v1/signups", 1, 4'000},
                        {Kind::network, "did not answer in time"});
}

TEST_CASE("a truncated answer to the signups is a failure, and the next sync delivers once") {
    SyncWorld world;
    fault_then_recovery(world, {Fault::truncate_response, "POST", "/v1/signups", 1},
                        {Kind::network, "broke off"});
}

TEST_CASE("a truncated catalogue page applies nothing, and the next sync matches the centre") {
    SyncWorld world;
    world.kiosk->config.catalog_page_limit = 2;
    fault_then_recovery(world, {Fault::truncate_response, "GET", "/v1/catalog", 1, 0, 0, 1},
                        {Kind::network, "broke off"});
}

TEST_CASE("a proxy's 500 page after the centre stored the batch is no success; resent once") {
    SyncWorld world;
    fault_then_recovery(world, {Fault::status_after_forward, "POST", "/v1/signups", 1, 0, 500},
                        {Kind::not_centre, "HTTP 500"});
}

TEST_CASE("a proxy's 502 page is a failure in words, and the next sync delivers once") {
    SyncWorld world;
    fault_then_recovery(world, {Fault::status_only, "POST", "/v1/signups", 1, 0, 502},
                        {Kind::not_centre, "proxy or gateway"});
}

TEST_CASE("a 503 page in front of the catalogue is a failure, and the next sync matches") {
    SyncWorld world;
    fault_then_recovery(world, {Fault::status_only, "GET", "/v1/catalog", 1, 0, 503},
                        {Kind::not_centre, "HTTP 503"});
}

TEST_CASE("a captive portal's 200 login page is never taken for the centre's answer") {
    SyncWorld world;
    fault_then_recovery(world, {Fault::captive_portal, "", "", -1},
                        {Kind::not_centre, "log in or accept its terms"});
    // And the portal answering every request stored nothing at the centre in the meantime.
}

TEST_CASE("a 200 JSON answer with another protocol field is a failure, not a success") {
    SyncWorld world;
    fault_then_recovery(world,
                        {Fault::replace_answer, "POST", "/v1/signups", 1, 0, 0, 0,
                         R"({"protocol":"talkoo/0","results":[]})"},
                        {Kind::not_centre, "not talkoo/1"});
}

TEST_CASE("a 200 HTML answer to the catalogue leaves the catalogue and cursor untouched") {
    SyncWorld world;
    REQUIRE(world.kiosk->sync().complete);
    const std::string cursor = world.kiosk->store->catalog_cursor();
    change_centre_catalog(world.centre);
    world.proxy->add_rule({Fault::captive_portal, "GET", "/v1/catalog", 1});
    REQUIRE_FALSE(world.kiosk->sync().complete);
    CHECK(world.kiosk->store->catalog_cursor() == cursor);
    CHECK(world.kiosk->store->task("task-b1"));  // not deleted by a page that never came
    REQUIRE(world.kiosk->sync().complete);
    require_same_catalog(world.centre, *world.kiosk->store);
}

TEST_CASE("an answer that leaves out a sent signup's result keeps that signup queued") {
    SyncWorld world;
    std::vector<Signup> made = world.kiosk->make_signups(2);
    // The centre stores both; the kiosk sees an answer naming only the first.
    const std::string partial =
        R"({"protocol":"talkoo/1","results":[{"id":")" + made[0].id + R"(","result":"stored"}]})";
    world.proxy->add_rule({Fault::replace_answer, "POST", "/v1/signups", 1, 0, 0, 0, partial});
    sync::SyncReport report = world.kiosk->sync();
    REQUIRE_FALSE(report.complete);
    CHECK(report.error->kind == Kind::bad_answer);
    CHECK_THAT(report.error->what(), Catch::Contains("left out 1 of the 2"));
    CHECK(world.kiosk->store->outbox_entry(made[0].id)->state == OutboxState::acknowledged);
    CHECK(world.kiosk->store->outbox_entry(made[1].id)->state == OutboxState::pending);
    REQUIRE(world.kiosk->sync().complete);
    require_delivered_exactly_once(world.centre, *world.kiosk);
}

TEST_CASE("the centre killed with SIGKILL mid-push and restarted: each signup arrives once") {
    SyncWorld world;
    world.kiosk->make_signups(400);
    change_centre_catalog(world.centre);
    world.kiosk->config.signup_batch_size = 5;
    // The push runs on another thread while the centre dies under it.
    std::atomic<bool> done{false}, complete{false};
    std::thread pusher([&] {
        sync::SyncSession session(*world.kiosk->store, world.kiosk->config);
        while (!done && !complete) {
            complete = session.run_pass().complete;
            if (!complete) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    auto posts_seen = [&] {
        int n = 0;
        for (const std::string& r : world.proxy->requests())
            n += r.starts_with("POST /v1/signups");
        return n;
    };
    bool pushing = wait_until([&] { return posts_seen() >= 10; });
    world.kill_and_restart_centre();
    bool finished = wait_until([&] { return complete.load(); });
    done = true;
    pusher.join();
    REQUIRE(pushing);
    REQUIRE(finished);
    CHECK(world.kiosk->store->outbox_summary().pending == 0);
    require_delivered_exactly_once(world.centre, *world.kiosk);
    require_same_catalog(world.centre, *world.kiosk->store);
}
