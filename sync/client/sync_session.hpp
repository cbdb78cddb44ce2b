// SyncSession: one kiosk's conversation with the centre, and one full sync pass over it. The
// SyncWorker runs passes on its thread; `talkoo-kiosk --sync-once` runs exactly one; tests and
// benchmarks run them directly. A pass, in order of what matters most:
//
//   1. push the outbox (outbox_push.cpp): batches of signups, each signup leaving the outbox
//      only on the centre's "stored" or "duplicate" for its id; "conflict" and "rejected" move
//      it to needs attention with the reason; personal data is erased once delivered;
//   2. pull the catalogue (catalog_pull.cpp): page by page from the stored cursor, each page
//      applied together with its cursor in one transaction, so an interrupted pull resumes;
//      the network's public key comes with it (when that is the kiosk's first key, signups an
//      earlier version kept in plain text are sealed now, and step 1 runs once more);
//   3. learn the kiosk's registration (registration_pull.cpp): the info point it was enrolled
//      for, at most once an hour;
//   4. send usage counters (stats_push.cpp): only those that changed since last sent.
//
// The first failure ends the pass (SyncReport::error says why); whatever was committed before it
// stays committed, and the next pass carries on from there.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "core/local_store.hpp"
#include "sync/client/central_client.hpp"
#include "sync/client/sync_config.hpp"
#include "sync/client/sync_error.hpp"

namespace talkoo::sync {

// The store setting that keeps the end time of the last complete pass (Unix ms, as text).
inline constexpr std::string_view kLastSuccessSetting = "sync.last_success_ms";
// The info point the centre has registered for this kiosk ("" = none), learned by step 3 of a
// pass; the kiosk uses it when no point is set locally (kiosk.conf or --point win).
inline constexpr std::string_view kCentreInfoPointSetting = "centre.info_point";
// When step 3 last asked (Unix ms, as text): once an hour is plenty for a registration.
inline constexpr std::string_view kRegistrationCheckedSetting = "sync.registration_checked_ms";
inline constexpr int64_t kRegistrationCheckInterval = 3600 * 1000;

struct SyncReport {
    bool complete = false;    // every step finished
    int delivered = 0;        // signups the centre acknowledged in this pass
    int needs_attention = 0;  // signups moved to needs attention in this pass
    int catalog_pages = 0;    // catalogue pages applied
    int catalog_changes = 0;  // records upserted or deleted by them
    bool catalog_replaced = false;
    bool network_key_changed = false;  // the centre's pages named a key new to this kiosk
    int counters_sent = 0;
    int requests = 0;                // HTTP requests made in this pass
    uint64_t wire_bytes = 0;         // their bytes on the wire
    std::optional<SyncError> error;  // why the pass stopped early
};

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
    void push_outbox(SyncReport& report, const std::function<void()>& on_progress);
    void pull_catalog(SyncReport& report, const std::function<void()>& on_progress);
    void push_stats(SyncReport& report);
    void pull_registration();
    void erase_delivered_personal_data();

    LocalStore& store_;
    SyncConfig config_;
    CentralClient client_;
    // Counter values the centre has confirmed in this session, so that an idle sync sends none.
    // After a restart everything is sent once more; the centre keeps the largest value.
    std::map<std::tuple<std::string, std::string, std::string>, int64_t> counters_sent_;
};

}  // namespace talkoo::sync
