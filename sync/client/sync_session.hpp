// SyncSession: one kiosk's conversation with the centre over libcurl, on the thread that runs
// it: each pass (sync_pass.hpp) sends its requests one after the other and waits for each
// answer. The SyncWorker runs passes on its thread; `talkoo-kiosk --sync-once` runs exactly one;
// tests and benchmarks run them directly. (The browser runs the same passes over fetch,
// without waiting: sync_stepper.hpp.)
#pragma once

#include <atomic>
#include <functional>

#include "core/local_store.hpp"
#include "sync/client/central_client.hpp"
#include "sync/client/http_transport.hpp"
#include "sync/client/sync_config.hpp"
#include "sync/client/sync_pass.hpp"

namespace talkoo::sync {

class SyncSession {
  public:
    // `store` is this thread's own connection. `cancel` (optional) stops a pass in flight.
    SyncSession(LocalStore& store, const SyncConfig& config,
                const std::atomic<bool>* cancel = nullptr);

    // One full pass. Never throws for network, centre or store trouble: that is the report's
    // error. `on_progress` (optional) is called after each committed batch or page.
    SyncReport run_pass(const std::function<void()>& on_progress = {});

    const WireTally& tally() const { return client_.tally(); }

  private:
    LocalStore& store_;
    SyncConfig config_;
    CentralClient client_;
    HttpTransport transport_;
    SentCounters counters_sent_;
};

}  // namespace talkoo::sync
