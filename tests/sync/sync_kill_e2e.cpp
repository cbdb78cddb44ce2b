// The kiosk's sync process killed with SIGKILL in the middle of a sync, again and again: a real
// process (test-sync-once-child, running the same sync_once as `talkoo-kiosk --sync-once`) on
// the kiosk's real store file, killed at a different point of its pass each round (in the push,
// between batches, in the catalogue pull). Then a sync runs to the end, and the centre holds
// every signup exactly once and the kiosk's catalogue equals the centre's.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <random>
#include <thread>

#include "support/child_process.hpp"
#include "sync_fixture.hpp"

using namespace talkoo;
using namespace talkoo::test;

namespace {

pid_t start_sync_once(const TestKiosk& kiosk, int batch, int page_limit) {
    return start_process({TALKOO_SYNC_ONCE_CHILD, kiosk.store_file.string(),
                          kiosk.config.server_url, kiosk.config.device_token, std::to_string(batch),
                          std::to_string(page_limit)});
}

}  // namespace

TEST_CASE("a sync process killed with SIGKILL mid-sync loses and repeats nothing (8 rounds)") {
    SyncWorld world;
    for (int i = 0; i < 40; ++i)
        world.centre.put("/v1/tasks/extra-" + std::to_string(i),
                         wire::to_json(test_task("extra-" + std::to_string(i), "org-b")).dump(),
                         world.centre.network.token);
    std::mt19937 random(20240620);
    int killed = 0;
    for (int round = 0; round < 8; ++round) {
        // New signups each round, and a catalogue change, so each pass has both to do.
        world.kiosk->make_signups(60, {"task-a1"});
        world.centre.put("/v1/tasks/extra-" + std::to_string(round),
                         wire::to_json(test_task("extra-" + std::to_string(round), "org-a")).dump(),
                         world.centre.network.token);
        world.proxy->reset_counters();
        // 60 signups in batches of 6, and the catalogue in pages of 5: 11 requests or more.
        // Kill after 1 to 10 of them, plus up to 3 ms, so rounds die at different points.
        const uint64_t kill_after = 1 + random() % 10;
        pid_t child = start_sync_once(*world.kiosk, 6, 5);
        int status = 0;
        bool exited = false;
        wait_until([&] {
            exited = waitpid(child, &status, WNOHANG) == child;
            return exited || world.proxy->counters().requests >= kill_after;
        });
        if (exited) continue;  // finished before the kill: a round without a kill
        std::this_thread::sleep_for(std::chrono::microseconds(random() % 3000));
        ::kill(child, SIGKILL);
        killed += wait_for_exit(child) == 128 + SIGKILL;
    }
    INFO("rounds in which the child was still syncing when killed: " << killed);
    CHECK(killed >= 6);
    // The store survived every kill; one more sync, to the end.
    pid_t last = start_sync_once(*world.kiosk, 6, 5);
    CHECK(wait_for_exit(last) == 0);
    world.kiosk->store = std::make_unique<LocalStore>(world.kiosk->store_file);
    CHECK(world.kiosk->store->outbox_summary().pending == 0);
    require_delivered_exactly_once(world.centre, *world.kiosk);
    require_same_catalog(world.centre, *world.kiosk->store);
}
