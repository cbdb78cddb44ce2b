// SyncWorker: the kiosk's sync thread. It opens its own LocalStore connection on the store file
// (the UI thread keeps its own; WAL lets both work at once) and runs SyncSession passes:
//
//   - at start, then every `interval` (default 60 s) while things go well;
//   - at once when woken by notify_signup() (a visitor's signup was just committed) or
//     sync_now() (staff asked);
//   - after a failure, after Backoff's exponential wait with jitter (capped, default 5 min); a
//     success resets it. A 429 or 503 with Retry-After is honoured: no request before it, even
//     when woken.
//
// status() returns a copy of the latest SyncStatus under a short lock, so a screen can read it
// every frame. When the status changes the worker calls `on_change` with the new status from its
// own thread: the kiosk passes a function that wakes its main loop (an SDL user event) when what
// it shows changed; sync/ knows nothing of SDL. The destructor stops the thread, cutting short a
// request in flight.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>

#include "sync/client/sync_config.hpp"
#include "sync/client/sync_status.hpp"

namespace talkoo::sync {

class SyncWorker {
  public:
    using StatusCallback = std::function<void(const SyncStatus&)>;
    SyncWorker(std::filesystem::path store_file, SyncConfig config, StatusCallback on_change = {});
    ~SyncWorker();
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

    void notify_signup();  // a signup was committed: send it soon
    void sync_now();       // staff asked for a sync now
    SyncStatus status() const;
    void stop();  // idempotent; also done by the destructor

  private:
    using Clock = std::chrono::steady_clock;
    void run();
    void wake();
    // Changes the status under the lock; if that changed anything, bumps its version and calls
    // on_change (unlocked) with a copy.
    template <class Change>
    void update(Change change);

    const std::filesystem::path store_file_;
    const SyncConfig config_;
    const StatusCallback on_change_;

    mutable std::mutex mutex_;  // guards the fields below
    std::condition_variable wakeup_;
    bool stopping_ = false;
    bool wake_requested_ = false;
    bool counts_stale_ = false;  // a signup was committed since the counts were read
    SyncStatus status_;

    std::atomic<bool> cancel_{false};
    std::thread thread_;
};

}  // namespace talkoo::sync
