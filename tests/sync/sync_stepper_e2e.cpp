// The SyncStepper (sync/client/sync_stepper.hpp), the web app's way to sync, against the real
// talkoo-central through the FaultProxy: the same passes as the kiosk's worker, stepped from one
// thread's loop with answers that come later, as the browser's fetch gives them. The transport
// here is libcurl on a thread of its own per request, its answers handed back to the loop's
// thread through a queue, so the stepper sees what it sees in a browser: start() returns at
// once, and the answer arrives in a later turn of the loop.
#include <catch2/catch.hpp>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include "sync/client/http_transport.hpp"
#include "sync/client/sync_stepper.hpp"
#include "sync_fixture.hpp"

using namespace talkoo;
using namespace talkoo::test;
using namespace std::chrono_literals;

namespace {

class ThreadedTransport : public sync::AsyncTransport {
  public:
    explicit ThreadedTransport(sync::TransportConfig config) : config_(std::move(config)) {}
    ~ThreadedTransport() override {
        for (auto& t : threads_)
            t.join();
    }

    void start(const sync::HttpRequest& request,
               std::function<void(sync::HttpResult)> done) override {
        started++;
        threads_.emplace_back([this, request, done = std::move(done)] {
            sync::HttpTransport transport(config_);
            sync::HttpResult result = transport.send(request);
            std::lock_guard lock(mutex_);
            answers_.emplace_back([done, result] { done(result); });
        });
    }

    // Hands the answers that came to their callbacks, on the calling thread (the loop's).
    int deliver() {
        std::deque<std::function<void()>> ready;
        {
            std::lock_guard lock(mutex_);
            ready.swap(answers_);
        }
        for (auto& f : ready)
            f();
        return static_cast<int>(ready.size());
    }

    int started = 0;

  private:
    sync::TransportConfig config_;
    std::mutex mutex_;
    std::deque<std::function<void()>> answers_;
    std::vector<std::thread> threads_;
};

// The browser's main loop in small: deliver answers, step, sleep until the stepper's deadline
// (at most 10 ms at a time) until `done` holds or `limit` passes.
bool run_loop(sync::SyncStepper& stepper, ThreadedTransport& transport,
              const std::function<bool()>& done, std::chrono::milliseconds limit = 30s) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        transport.deliver();
        stepper.step();
        if (done()) return true;
        std::this_thread::sleep_for(5ms);
    }
    return false;
}

}  // namespace

TEST_CASE("the stepper delivers signups exactly once and pulls the catalogue, one answer a turn") {
    SyncWorld world;
    world.kiosk->make_signups(5);
    ThreadedTransport transport(world.kiosk->config.transport);
    sync::SyncConfig config = world.kiosk->config;
    config.signup_batch_size = 2;  // three batches: three answers, in three turns of the loop
    sync::SyncStepper stepper(*world.kiosk->store, config, transport);
    CHECK(stepper.status().waiting == 5);

    // The first step starts the pass and returns at once, its request in flight.
    CHECK_FALSE(stepper.step().has_value());
    CHECK(stepper.running());
    CHECK(stepper.status().syncing);
    CHECK(transport.started == 1);

    REQUIRE(run_loop(stepper, transport, [&] { return stepper.last_report().has_value(); }));
    const sync::SyncReport& report = *stepper.last_report();
    INFO((report.error ? report.error->what() : ""));
    REQUIRE(report.complete);
    CHECK(report.delivered == 5);
    CHECK(transport.started >= 4);  // three batches and the catalogue at least
    CHECK(stepper.status().connection == sync::SyncStatus::Connection::online);
    CHECK(stepper.status().waiting == 0);
    CHECK_FALSE(stepper.status().syncing);
    require_delivered_exactly_once(world.centre, *world.kiosk);
    require_same_catalog(world.centre, *world.kiosk->store);
    // The next pass on its own is an interval away.
    auto next = stepper.next_step();
    REQUIRE(next);
    CHECK(*next > std::chrono::steady_clock::now() + config.interval / 2);
}

TEST_CASE("offline, the stepper backs off; the browser's online event syncs at once, once") {
    SyncWorld world;
    world.proxy->set_refusing(true);
    world.kiosk->make_signups(3);
    ThreadedTransport transport(world.kiosk->config.transport);
    sync::SyncConfig config = world.kiosk->config;
    config.backoff.initial = 60s;  // so that only the online event can explain a quick retry
    config.backoff.cap = 60s;
    sync::SyncStepper stepper(*world.kiosk->store, config, transport);
    REQUIRE(run_loop(stepper, transport, [&] { return stepper.last_report().has_value(); }));
    CHECK_FALSE(stepper.last_report()->complete);
    CHECK(stepper.status().connection == sync::SyncStatus::Connection::offline);
    CHECK(stepper.status().failures == 1);
    CHECK(stepper.status().waiting == 3);
    auto next = stepper.next_step();
    REQUIRE(next);
    CHECK(*next > std::chrono::steady_clock::now() + 20s);

    world.proxy->set_refusing(false);
    stepper.network_online();
    REQUIRE(run_loop(
        stepper, transport, [&] { return stepper.last_report()->complete; }, 30s));
    CHECK(stepper.status().failures == 0);
    CHECK(stepper.status().waiting == 0);
    require_delivered_exactly_once(world.centre, *world.kiosk);

    // An answer lost after the centre stored the batch: sent again at the next pass, the
    // centre answers "duplicate", and nothing is doubled.
    world.kiosk->make_signups(2);
    world.proxy->add_rule({.fault = Fault::reset_after_body,
                           .method = "POST",
                           .path_prefix = "/v1/signups",
                           .times = 1});
    stepper.wake();
    REQUIRE(run_loop(stepper, transport, [&] { return !stepper.last_report()->complete; }));
    stepper.network_online();
    REQUIRE(run_loop(stepper, transport, [&] { return stepper.last_report()->complete; }));
    CHECK(stepper.status().waiting == 0);
    require_delivered_exactly_once(world.centre, *world.kiosk);
}

TEST_CASE("a held outbox sends nothing until the signup's write is confirmed") {
    SyncWorld world;
    world.kiosk->make_signups(1);
    ThreadedTransport transport(world.kiosk->config.transport);
    sync::SyncStepper stepper(*world.kiosk->store, world.kiosk->config, transport);
    bool held = true;
    stepper.hold_outbox([&] { return held; });
    auto next = stepper.step();
    REQUIRE(next);  // waiting on the hold, not on an answer
    CHECK(transport.started == 0);
    CHECK(stepper.running());
    run_loop(
        stepper, transport, [] { return false; }, 200ms);
    CHECK(transport.started == 0);
    held = false;
    REQUIRE(run_loop(stepper, transport, [&] { return stepper.last_report().has_value(); }));
    CHECK(stepper.last_report()->delivered == 1);
    require_delivered_exactly_once(world.centre, *world.kiosk);
}
