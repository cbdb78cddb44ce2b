// SyncWorker (see sync_worker.hpp): the thread's loop. It sleeps on a condition variable until
// the next timed attempt, a wake-up (signup, "sync now") that Retry-After allows, a request to
// refresh the counts, or stop; then runs one pass and schedules the next from its outcome.
#include "sync/client/sync_worker.hpp"

#include <algorithm>
#include <optional>

#include "core/clock.hpp"
#include "core/local_store.hpp"
#include "sync/client/backoff.hpp"
#include "sync/client/sync_schedule.hpp"
#include "sync/client/sync_session.hpp"

namespace talkoo::sync {
namespace {

// After an error that run() did not expect, before it starts again.
constexpr std::chrono::seconds kRestartPause{5};

bool same_apart_from_version(SyncStatus a, const SyncStatus& b) {
    a.version = b.version;
    return a == b;
}

}  // namespace

SyncWorker::SyncWorker(std::filesystem::path store_file, SyncConfig config,
                       StatusCallback on_change)
    : store_file_(std::move(store_file)),
      config_(std::move(config)),
      on_change_(std::move(on_change)) {
    // Nothing may end the kiosk from this thread: whatever run() lets escape (it handles the
    // failures it expects itself) is shown as the sync status's error, and after a pause the
    // loop starts again with the store and session opened afresh, until stop().
    thread_ = std::thread([this] {
        while (true) {
            std::string what;
            try {
                run();
                return;
            } catch (const std::exception& e) {
                what = e.what();
            } catch (...) {
                what = "an unknown error";
            }
            try {
                const int64_t now = now_ms();
                update([&](SyncStatus& st) {
                    st.syncing = false;
                    st.last_attempt_ms = now;
                    st.last_error = "Sync stopped on an unexpected error (" + what +
                                    "); it starts again in a few seconds.";
                });
            } catch (...) {
            }
            std::unique_lock lock(mutex_);
            if (wakeup_.wait_for(lock, kRestartPause, [this] { return stopping_; })) return;
        }
    });
}

SyncWorker::~SyncWorker() {
    stop();
}

void SyncWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cancel_ = true;
    wakeup_.notify_all();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void SyncWorker::notify_signup() {
    wake();
}

void SyncWorker::sync_now() {
    wake();
}

void SyncWorker::wake() {
    {
        std::lock_guard lock(mutex_);
        wake_requested_ = true;
        counts_stale_ = true;
    }
    wakeup_.notify_all();
}

SyncStatus SyncWorker::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

template <class Change>
void SyncWorker::update(Change change) {
    SyncStatus copy;
    {
        std::lock_guard lock(mutex_);
        SyncStatus before = status_;
        change(status_);
        if (same_apart_from_version(before, status_)) return;
        status_.version++;
        copy = status_;
    }
    if (on_change_) on_change_(copy);
}

void SyncWorker::run() {
    Backoff backoff(config_.backoff);
    std::optional<LocalStore> store;
    std::optional<SyncSession> session;
    Clock::time_point next = Clock::now();
    Clock::time_point not_before = Clock::now();  // Retry-After: no request before this

    auto refresh_counts = [&] {
        if (!store) return;
        try {
            OutboxSummary s = store->outbox_summary();
            update([&](SyncStatus& st) {
                st.waiting = s.pending;
                st.needs_attention = s.needs_attention;
                st.oldest_waiting_ms = s.oldest_waiting_ms;
            });
        } catch (const StoreError&) {
            // The counts stay as they were; the next pass reports the store's trouble.
        }
    };

    while (true) {
        bool counts_only = false;
        {
            std::unique_lock lock(mutex_);
            while (true) {
                if (stopping_) return;
                const auto now = Clock::now();
                if (now >= next) break;
                if (wake_requested_ && now >= not_before) break;
                if (counts_stale_ && store) {
                    // Woken inside a Retry-After window: no request yet, but a new signup
                    // should show in the counts now. The wake-up itself stays pending.
                    counts_only = true;
                    break;
                }
                wakeup_.wait_until(lock, wake_requested_ ? std::min(next, not_before) : next);
            }
            counts_stale_ = false;
            if (!counts_only) wake_requested_ = false;
        }
        if (counts_only) {
            refresh_counts();
            continue;
        }

        update([](SyncStatus& st) { st.syncing = true; });
        SyncReport report;
        try {
            if (!store) {
                store.emplace(store_file_);
                const std::string last = store->setting(kLastSuccessSetting).value_or("0");
                update([&](SyncStatus& st) { st.last_success_ms = std::atoll(last.c_str()); });
                session.emplace(*store, config_, &cancel_);
            }
            refresh_counts();
            report = session->run_pass(refresh_counts);
        } catch (const StoreError& e) {  // opening the store failed
            report.error = SyncError(SyncError::Kind::store, e.what());
        }
        if (report.error && report.error->kind == SyncError::Kind::cancelled) return;

        const NextPass plan = plan_next_pass(report, backoff, config_.interval);
        not_before = Clock::now() + plan.not_before;
        next = Clock::now() + plan.delay;
        refresh_counts();
        const int64_t now = now_ms();
        update([&](SyncStatus& st) { record_pass(st, report, plan, backoff.failures(), now); });
    }
}

}  // namespace talkoo::sync
