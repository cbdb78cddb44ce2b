// One full sync, headless, for `talkoo-kiosk --sync-once`: staff diagnostics ("does this kiosk
// reach the centre?"), scripts, and the tests that kill a kiosk's sync with SIGKILL midway. It
// runs the very SyncSession pass that the SyncWorker runs.
//
// Exit status: 0 everything delivered and the catalogue up to date; 1 the sync failed (the
// summary says why, in staff's words); 3 the sync completed but some signups need attention.
#pragma once

#include <string>

#include "core/local_store.hpp"
#include "sync/client/sync_config.hpp"

namespace talkoo::sync {

inline constexpr int kSyncOnceOk = 0;
inline constexpr int kSyncOnceFailed = 1;
inline constexpr int kSyncOnceNeedsAttention = 3;

struct SyncOnceOutcome {
    int exit_code = kSyncOnceFailed;
    // One line, no personal data, e.g. "sync complete: 12 signups delivered, 0 waiting, 0 need
    // attention; catalogue: 3 changes in 1 page; 2 requests, 4.1 KB on the wire".
    std::string summary;
};

SyncOnceOutcome sync_once(LocalStore& store, const SyncConfig& config);

}  // namespace talkoo::sync
