// One sync pass against the real talkoo-central, with no faults: what goes up, what comes down,
// how the centre's per-signup answers move signups, and what an idle sync costs. The faults are
// in sync_faults_e2e.cpp, the worker's timing in sync_worker_e2e.cpp.
#include <catch2/catch.hpp>

#include "core/sqlite.hpp"
#include "sync/client/sync_once.hpp"
#include "sync/wire/signup_json.hpp"
#include "sync_fixture.hpp"

using namespace talkoo;
using namespace talkoo::test;

TEST_CASE(
    "a first sync replaces the bundled catalogue with the centre's and delivers every signup") {
    SyncWorld world;
    // The centre's catalogue differs from the one the kiosk started with.
    world.centre.put("/v1/tasks/task-new", wire::to_json(test_task("task-new", "org-b")).dump(),
                     world.centre.network.token);
    world.kiosk->make_signups(7);
    sync::SyncReport report = world.kiosk->sync();
    INFO((report.error ? report.error->what() : ""));
    REQUIRE(report.complete);
    CHECK(report.delivered == 7);
    CHECK(report.catalog_replaced);
    CHECK(world.kiosk->store->outbox_summary().pending == 0);
    CHECK(world.kiosk->store->outbox_summary().acknowledged == 7);
    CHECK_FALSE(world.kiosk->store->catalog_cursor().empty());
    CHECK(world.kiosk->store->task("task-new"));
    require_delivered_exactly_once(world.centre, *world.kiosk);
    require_same_catalog(world.centre, *world.kiosk->store);
}

TEST_CASE("catalogue edits and deletions at the centre reach the kiosk at its next sync") {
    SyncWorld world;
    REQUIRE(world.kiosk->sync().complete);
    Task changed = test_task("task-a2", "org-a");
    changed.title.fi = "Muutettu otsikko";
    changed.title.sv = "Ändrad rubrik";
    world.centre.put("/v1/tasks/task-a2", wire::to_json(changed).dump(),
                     world.centre.network.token);
    world.centre.del("/v1/tasks/task-b1", world.centre.network.token);
    world.centre.put("/v1/tasks/task-c1", wire::to_json(test_task("task-c1", "org-b")).dump(),
                     world.centre.network.token);
    sync::SyncReport report = world.kiosk->sync();
    REQUIRE(report.complete);
    CHECK_FALSE(report.catalog_replaced);
    CHECK(report.catalog_changes == 3);
    CHECK_FALSE(world.kiosk->store->task("task-b1"));
    CHECK(world.kiosk->store->task("task-a2")->title.fi == "Muutettu otsikko");
    require_same_catalog(world.centre, *world.kiosk->store);
}

TEST_CASE("a task that arrives a page before its edited organisation is applied with it") {
    SyncWorld world;
    // Editing org-a after its tasks moves it behind them in the centre's revision order: with
    // pages of one record, a task comes before its organisation.
    Organisation org = test_organisation("org-a");
    org.name.fi = "Uusi nimi";
    world.centre.put("/v1/organisations/org-a", wire::to_json(org).dump(),
                     world.centre.network.token);
    world.kiosk->config.catalog_page_limit = 1;
    // A kiosk that never synced; its store is empty, so the first page is applied as a replace.
    world.kiosk->store->replace_catalog({}, "");
    sync::SyncReport report = world.kiosk->sync();
    INFO((report.error ? report.error->what() : ""));
    REQUIRE(report.complete);
    require_same_catalog(world.centre, *world.kiosk->store);
    CHECK(world.kiosk->store->organisation("org-a")->name.fi == "Uusi nimi");
}

TEST_CASE("an interrupted catalogue pull resumes after its last applied page, not from zero") {
    SyncWorld world;
    for (int i = 0; i < 12; ++i)
        world.centre.put("/v1/tasks/extra-" + std::to_string(i),
                         wire::to_json(test_task("extra-" + std::to_string(i), "org-b")).dump(),
                         world.centre.network.token);
    world.kiosk->config.catalog_page_limit = 4;
    // From the third catalogue page on, the connection is cut off.
    world.proxy->add_rule({Fault::reset_before_body, "GET", "/v1/catalog", -1, 0, 0, 2});
    sync::SyncReport first = world.kiosk->sync();
    REQUIRE_FALSE(first.complete);
    CHECK(first.catalog_pages == 2);
    const std::string cursor = world.kiosk->store->catalog_cursor();
    REQUIRE_FALSE(cursor.empty());

    world.proxy->clear_rules();
    world.proxy->reset_counters();
    sync::SyncReport second = world.kiosk->sync();
    REQUIRE(second.complete);
    std::vector<std::string> requests = world.proxy->requests();
    REQUIRE_FALSE(requests.empty());
    // The resumed pull's first request names the cursor of the last page applied.
    CHECK_THAT(requests.front(), Catch::Contains("since=" + cursor));
    require_same_catalog(world.centre, *world.kiosk->store);
}

TEST_CASE("a catalogue cursor the centre does not know starts the pull over") {
    SyncWorld world;
    world.kiosk->store->replace_catalog(test_catalog(), "not-a-cursor");
    sync::SyncReport report = world.kiosk->sync();
    INFO((report.error ? report.error->what() : ""));
    REQUIRE(report.complete);
    CHECK(report.catalog_replaced);
    require_same_catalog(world.centre, *world.kiosk->store);
}

TEST_CASE("conflict and rejected need attention with a reason and do not hold back the rest") {
    SyncWorld world;
    std::vector<Signup> made = world.kiosk->make_signups(5);
    // Signup 1: the centre already has its id with other content (conflict).
    Signup other = made[1];
    other.message = "Toinen sisältö";
    world.centre.post_signups({other}, world.centre.device.token);
    // Signup 3: the kiosk's copy no longer passes the centre's rules (as if an older kiosk had
    // stored it): rejected once the centre has opened it. Signup 4: its sealed data was cut
    // short in the file: rejected as damaged.
    {
        Signup bad = made[3];
        bad.phone = "12";
        bad.email = "";
        SealedSignup resealed = world.centre.sealed(bad);
        sqlite::Database db(world.kiosk->store_file);
        db.prepare("UPDATE signups SET sealed = ?1 WHERE id = ?2")
            .bind_blob(1, resealed.sealed)
            .bind(2, made[3].id)
            .run();
        db.exec("UPDATE signups SET sealed = substr(sealed, 1, 40) WHERE id = '" + made[4].id +
                "'");
    }
    sync::SyncReport report = world.kiosk->sync();
    REQUIRE(report.complete);
    CHECK(report.delivered == 2);
    CHECK(report.needs_attention == 3);
    LocalStore& store = *world.kiosk->store;
    auto conflict = store.outbox_entry(made[1].id);
    auto rejected = store.outbox_entry(made[3].id);
    CHECK(conflict->state == OutboxState::needs_attention);
    CHECK_THAT(conflict->last_error, Catch::Contains("conflict"));
    CHECK(rejected->state == OutboxState::needs_attention);
    CHECK_THAT(rejected->last_error, Catch::Contains("phone (invalid_phone)"));
    auto damaged = store.outbox_entry(made[4].id);
    CHECK(damaged->state == OutboxState::needs_attention);
    CHECK_THAT(damaged->last_error, Catch::Contains("sealed_damaged"));
    // Kept on the kiosk, with the visitor's data (sealed), for staff.
    CHECK(open_signup({conflict->signup, conflict->sealed}, world.centre.keys).name ==
          made[1].name);
    CHECK(store.outbox_summary().needs_attention == 3);
    CHECK(store.outbox_summary().pending == 0);
    // Not retried: the next sync sends nothing.
    world.proxy->reset_counters();
    REQUIRE(world.kiosk->sync().complete);
    for (const std::string& r : world.proxy->requests())
        CHECK_FALSE(r.starts_with("POST /v1/signups"));
    // The summary of --sync-once says so with its own exit status.
    sync::SyncOnceOutcome once = sync::sync_once(store, world.kiosk->config);
    CHECK(once.exit_code == sync::kSyncOnceNeedsAttention);
    CHECK_THAT(once.summary, Catch::Contains("3 need attention"));
}

TEST_CASE("a visitor's personal data leaves the device once the centre has it") {
    SyncWorld world;
    std::vector<Signup> made = world.kiosk->make_signups(3, {"task-a1"}, "Salainen Nimi");
    REQUIRE(world.kiosk->sync().complete);
    for (const Signup& s : made) {
        auto entry = world.kiosk->store->outbox_entry(s.id);
        REQUIRE(entry);
        CHECK(entry->state == OutboxState::acknowledged);
        CHECK(entry->sealed.empty());
        CHECK(entry->signup.name.empty());
        CHECK(entry->signup.phone.empty());
        CHECK(entry->signup.email.empty());
        CHECK(entry->signup.message.empty());
        CHECK(entry->signup.task_ids == s.task_ids);  // the anonymous rest stays
    }
    require_delivered_exactly_once(world.centre, *world.kiosk);
}

TEST_CASE("with a retention time, delivered personal data stays on the device until it passes") {
    SyncWorld world;
    world.kiosk->config.keep_personal_data = std::chrono::hours(24);
    std::vector<Signup> made = world.kiosk->make_signups(2);
    REQUIRE(world.kiosk->sync().complete);
    auto entry = world.kiosk->store->outbox_entry(made[0].id);
    CHECK(entry->state == OutboxState::acknowledged);
    CHECK(open_signup({entry->signup, entry->sealed}, world.centre.keys).name == made[0].name);
    // A day later (as the kiosk sees it: the retention passed) the next sync erases it.
    world.kiosk->config.keep_personal_data = std::chrono::milliseconds(1);
    REQUIRE(world.kiosk->sync().complete);
    CHECK(world.kiosk->store->outbox_entry(made[0].id)->sealed.empty());
}

TEST_CASE("an idle sync costs one small request") {
    SyncWorld world;
    world.kiosk->store->count_usage("2024-06-20", "point-1", "screen.browse", 3);
    world.kiosk->make_signups(2);
    sync::SyncSession session(*world.kiosk->store, world.kiosk->config);
    REQUIRE(session.run_pass().complete);
    world.proxy->reset_counters();
    sync::SyncReport idle = session.run_pass();
    REQUIRE(idle.complete);
    ProxyCounters wire = world.proxy->counters();
    CHECK(wire.requests == 1);
    CHECK(idle.requests == 1);
    CHECK(wire.bytes_from_client + wire.bytes_to_client < 2048);
    REQUIRE(world.proxy->requests().size() == 1);
    CHECK(world.proxy->requests()[0].starts_with("GET /v1/catalog"));
}

TEST_CASE("usage counters reach the centre, and only changed ones are sent again") {
    SyncWorld world;
    LocalStore& store = *world.kiosk->store;
    store.count_usage("2024-06-20", "point-1", "screen.browse", 3);
    store.count_usage("2024-06-20", "point-1", "task.view", 1);
    sync::SyncSession session(store, world.kiosk->config);
    sync::SyncReport first = session.run_pass();
    REQUIRE(first.complete);
    CHECK(first.counters_sent == 2);
    store.count_usage("2024-06-20", "point-1", "task.view", 1);
    sync::SyncReport second = session.run_pass();
    REQUIRE(second.complete);
    CHECK(second.counters_sent == 1);
}

TEST_CASE("a revoked device token stops the sync with advice to get a new one, losing nothing") {
    SyncWorld world;
    world.kiosk->make_signups(2);
    CommandResult revoked =
        run_central({"device", "revoke", world.centre.device.id, "--db", world.centre.db});
    REQUIRE(revoked.exit_code == 0);
    sync::SyncReport report = world.kiosk->sync();
    REQUIRE_FALSE(report.complete);
    REQUIRE(report.error);
    CHECK(report.error->kind == sync::SyncError::Kind::unauthorized);
    CHECK_THAT(report.error->what(),
               Catch::Contains("The centre does not recognise this device: ask the coordinator "
                               "for a new token"));
    CHECK(world.kiosk->store->outbox_summary().pending == 2);
    sync::SyncOnceOutcome once = sync::sync_once(*world.kiosk->store, world.kiosk->config);
    CHECK(once.exit_code == sync::kSyncOnceFailed);
    CHECK_THAT(once.summary, Catch::StartsWith("sync failed: The centre does not recognise"));
}

TEST_CASE("a coordinator's token used as a device token is refused in words") {
    SyncWorld world;
    world.kiosk->config.device_token = world.centre.network.token;
    world.kiosk->make_signups(1);
    sync::SyncReport report = world.kiosk->sync();
    REQUIRE(report.error);
    CHECK(report.error->kind == sync::SyncError::Kind::forbidden);
    CHECK_THAT(report.error->what(), Catch::Contains("device token"));
}

TEST_CASE("a batch larger than the centre's limit is sent in several requests") {
    SyncWorld world;
    world.kiosk->make_signups(1200);
    sync::SyncReport report = world.kiosk->sync();
    REQUIRE(report.complete);
    CHECK(report.delivered == 1200);
    int posts = 0;
    for (const std::string& r : world.proxy->requests())
        posts += r.starts_with("POST /v1/signups");
    CHECK(posts == 3);
    require_delivered_exactly_once(world.centre, *world.kiosk);
}
