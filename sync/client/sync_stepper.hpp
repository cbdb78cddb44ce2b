// SyncStepper: the SyncWorker's logic for a program with no threads to spare, the web app in a
// browser. The same passes (sync_pass.hpp: batches, client ids, exactly once, catalogue cursor
// and tombstones, the captive-portal rule) and the same schedule (sync_schedule.hpp: backoff,
// Retry-After), driven from the main loop: step() starts a pass when one is due and hands each
// request to an AsyncTransport (the browser's fetch: fetch_transport.hpp), whose answer, when it
// comes, moves the pass on by one request. Nothing ever waits.
//
//   the main loop ─► step(now) ─► due? ─► SyncPass::next ─► transport.start(request, done)
//                        ▲                                       │ (later, in the same thread)
//                        └── at the returned deadline ◄── done(result): take, next request ...
//
// wake() (a signup was made, "sync now") and network_online() (the browser's "online" event)
// make the next pass due at once, within Retry-After; online also forgets the backoff, since the
// failures it counted were the missing network's.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "core/local_store.hpp"
#include "sync/client/backoff.hpp"
#include "sync/client/central_client.hpp"
#include "sync/client/sync_config.hpp"
#include "sync/client/sync_pass.hpp"
#include "sync/client/sync_status.hpp"

namespace talkoo::sync {

// A transport that answers later. start() returns at once; `done` is called exactly once, later,
// on the thread that runs the stepper (never from inside start()).
class AsyncTransport {
  public:
    virtual ~AsyncTransport() = default;
    virtual void start(const HttpRequest& request, std::function<void(HttpResult)> done) = 0;
};

class SyncStepper {
  public:
    using Clock = std::chrono::steady_clock;

    // `store` and `transport` must outlive the stepper. The first pass is due at once.
    SyncStepper(LocalStore& store, SyncConfig config, AsyncTransport& transport);
    ~SyncStepper();
    SyncStepper(const SyncStepper&) = delete;
    SyncStepper& operator=(const SyncStepper&) = delete;

    // Starts a pass when one is due and none is running; a pass whose outbox is held is tried
    // again. Returns when step() next needs calling (nullopt: only after an answer, a wake or
    // an online event; the main loop sleeps till then).
    std::optional<Clock::time_point> step(Clock::time_point now = Clock::now());
    // A signup was committed, or staff asked: a pass as soon as Retry-After allows.
    void wake();
    // The browser says the network is back: as wake(), and the backoff starts over.
    void network_online();
    // See SyncPass::hold_outbox: while this says true, signups are not sent.
    void hold_outbox(std::function<bool()> held) { outbox_held_ = std::move(held); }

    const SyncStatus& status() const { return status_; }
    bool running() const { return pass_ != nullptr; }
    // The report of the last finished pass (for tests and the status line).
    const std::optional<SyncReport>& last_report() const { return last_report_; }
    // When step() next needs calling, as step() returned it.
    std::optional<Clock::time_point> next_step(Clock::time_point now = Clock::now()) const {
        return deadline(now);
    }
    // Called after every change of status() (a pass started, made progress or ended).
    void on_change(std::function<void()> changed) { on_change_ = std::move(changed); }

  private:
    std::optional<Clock::time_point> deadline(Clock::time_point now) const;
    void advance();  // moves the running pass on until it sends, waits or finishes
    void finish_pass();
    void refresh_counts();
    void changed();

    LocalStore& store_;
    SyncConfig config_;
    AsyncTransport& transport_;
    CentralClient client_;
    SentCounters sent_;
    Backoff backoff_;
    std::unique_ptr<SyncPass> pass_;
    bool waiting_for_answer_ = false;
    std::function<bool()> outbox_held_;
    std::function<void()> on_change_;
    Clock::time_point next_pass_;   // the next pass on its own
    Clock::time_point not_before_;  // Retry-After: no request before this
    bool woken_ = false;
    SyncStatus status_;
    std::optional<SyncReport> last_report_;
    // Shared with the answers in flight: a stepper destroyed first makes them do nothing.
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace talkoo::sync
