// The SyncWorker on its thread against the real talkoo-central: when it wakes, how it backs off
// and recovers, how it honours Retry-After, what its status says, and two kiosks syncing 1 000
// offline signups each at the same moment. Waits are for progress (wait_until), never
// assertions about how fast something happened.
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "core/clock.hpp"
#include "sync/client/sync_worker.hpp"
#include "sync_fixture.hpp"

using namespace talkoo;
using namespace talkoo::test;
using sync::SyncStatus;
using sync::SyncWorker;

namespace {

bool all_delivered(const SyncWorker& worker, int total) {
    SyncStatus s = worker.status();
    return !s.syncing && s.waiting == 0 && s.delivered == total && s.last_error.empty();
}

}  // namespace

TEST_CASE("the worker syncs at start and sends a new signup when told, without the timer") {
    SyncWorld world;
    world.kiosk->make_signups(3);
    std::atomic<int> changes{0};
    SyncWorker worker(world.kiosk->store_file, world.kiosk->config,
                      [&](const SyncStatus&) { changes++; });
    REQUIRE(wait_until([&] { return all_delivered(worker, 3); }));
    SyncStatus first = worker.status();
    CHECK(first.connection == SyncStatus::Connection::online);
    CHECK(first.last_success_ms > 0);
    CHECK(changes > 0);
    // The timer is an hour away: only notify_signup can make this one go now.
    world.kiosk->make_signups(1);
    worker.notify_signup();
    REQUIRE(wait_until([&] { return all_delivered(worker, 4); }));
    require_delivered_exactly_once(world.centre, *world.kiosk);
    require_same_catalog(world.centre, *world.kiosk->store);
}

TEST_CASE("the worker also syncs on its timer") {
    SyncWorld world;
    world.kiosk->config.interval = std::chrono::milliseconds(100);
    SyncWorker worker(world.kiosk->store_file, world.kiosk->config);
    REQUIRE(wait_until([&] { return worker.status().last_success_ms > 0; }));
    world.kiosk->make_signups(2);  // no notify: the timer finds them
    REQUIRE(wait_until([&] { return all_delivered(worker, 2); }));
}

TEST_CASE("while the centre is unreachable the worker backs off, says so, and recovers") {
    SyncWorld world;
    world.proxy->set_refusing(true);
    world.kiosk->make_signups(5);
    SyncWorker worker(world.kiosk->store_file, world.kiosk->config);
    REQUIRE(wait_until([&] { return worker.status().failures >= 3; }));
    SyncStatus offline = worker.status();
    CHECK(offline.connection == SyncStatus::Connection::offline);
    CHECK(offline.waiting == 5);
    CHECK_THAT(offline.last_error, Catch::Contains("Cannot reach the centre"));
    CHECK(offline.next_attempt_ms > offline.last_attempt_ms);
    CHECK(offline.last_success_ms == 0);

    world.proxy->set_refusing(false);
    REQUIRE(wait_until([&] { return all_delivered(worker, 5); }));
    SyncStatus online = worker.status();
    CHECK(online.connection == SyncStatus::Connection::online);
    CHECK(online.failures == 0);  // the backoff starts over after a success
    require_delivered_exactly_once(world.centre, *world.kiosk);
}

TEST_CASE("a captive portal shows as offline with advice, and no signup is taken as delivered") {
    SyncWorld world;
    world.proxy->add_rule({Fault::captive_portal});
    world.kiosk->make_signups(2);
    SyncWorker worker(world.kiosk->store_file, world.kiosk->config);
    REQUIRE(wait_until([&] { return worker.status().failures >= 2; }));
    SyncStatus s = worker.status();
    CHECK(s.connection == SyncStatus::Connection::offline);
    CHECK(s.waiting == 2);
    CHECK(s.delivered == 0);
    CHECK_THAT(s.last_error, Catch::Contains("Wi-Fi"));
}

TEST_CASE("a 429 with Retry-After is honoured: no request before it, even when woken") {
    // One request a minute per token: the worker's second request is refused with Retry-After.
    // (Its first, the push of the one signup, gets through.)
    SyncWorld world({"--rate-limit", "1", "--rate-burst", "1"});
    world.kiosk->make_signups(1);
    SyncWorker worker(world.kiosk->store_file, world.kiosk->config);
    REQUIRE(wait_until([&] { return worker.status().failures >= 1; }));
    SyncStatus limited = worker.status();
    REQUIRE(limited.last_error_kind == sync::SyncError::Kind::rate_limited);
    CHECK_THAT(limited.last_error, Catch::Contains("slow down"));
    CHECK(limited.next_attempt_ms - limited.last_attempt_ms >= 10'000);
    const uint64_t requests = world.proxy->counters().requests;
    // New signups and "sync now" update the counts but send nothing before Retry-After.
    world.kiosk->make_signups(2);
    worker.notify_signup();
    worker.sync_now();
    const int waiting = world.kiosk->store->outbox_summary().pending;
    CHECK(waiting >= 2);
    REQUIRE(wait_until([&] { return worker.status().waiting == waiting; }));
    CHECK(world.proxy->counters().requests == requests);
    CHECK_FALSE(worker.status().syncing);
}

TEST_CASE("the status can be read while a sync waits on a slow centre, and stop cuts it short") {
    SyncWorld world;
    world.proxy->add_rule({Fault::delay_response, "GET", "/v1/catalog", 1, 30'000});
    auto worker = std::make_unique<SyncWorker>(world.kiosk->store_file, world.kiosk->config);
    REQUIRE(wait_until([&] { return world.proxy->counters().requests >= 1; }));
    SyncStatus during = worker->status();  // answers at once although the request hangs
    CHECK(during.syncing);
    worker.reset();  // stops: the request in flight is cancelled rather than waited out
    world.proxy->clear_rules();
}

TEST_CASE("two kiosks with 1 000 offline signups each sync at once: each signup arrives once") {
    SyncWorld world;
    Identity second_device = world.centre.add_device("Kiosk at point-2", "point-2");
    TestKiosk second(world.proxy->url(), second_device, world.centre.keys.current().public_key);
    world.kiosk->make_signups(1000, {"task-a1"});
    second.make_signups(1000, {"task-b1", "task-a2"});
    {
        SyncWorker one(world.kiosk->store_file, world.kiosk->config);
        SyncWorker two(second.store_file, second.config);
        REQUIRE(wait_until([&] { return all_delivered(one, 1000) && all_delivered(two, 1000); }));
    }
    require_delivered_exactly_once(world.centre, *world.kiosk);
    require_delivered_exactly_once(world.centre, second);
    require_same_catalog(world.centre, *world.kiosk->store);
    require_same_catalog(world.centre, *second.store);
}

TEST_CASE("an exception that escapes a sync pass does not end the kiosk: the worker starts again") {
    SyncWorld world;
    world.kiosk->make_signups(2);
    std::atomic<int> calls{0};
    std::atomic<bool> error_shown{false};
    // The status callback (the app's code, on the worker's thread) fails the first time: the
    // exception leaves run(), which must neither end the process nor stop syncing for good.
    SyncWorker worker(world.kiosk->store_file, world.kiosk->config, [&](const SyncStatus& s) {
        if (calls++ == 0) throw std::runtime_error("the status callback failed on purpose");
        if (s.last_error.find("unexpected error") != std::string::npos) error_shown = true;
    });
    REQUIRE(wait_until([&] { return all_delivered(worker, 2); }));
    CHECK(error_shown);
    require_delivered_exactly_once(world.centre, *world.kiosk);
}
