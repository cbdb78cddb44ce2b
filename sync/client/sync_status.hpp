// SyncStatus: what the screens show about syncing, as a plain struct that the SyncWorker keeps
// up to date and hands out by copy (SyncWorker::status() never waits for the network).
//
// Meanings (docs/sync.md has the table staff see):
//   connection  online: the centre answered the last attempt (even if it refused something);
//               offline: no answer from the centre (no network, refused, timed out, a captive
//               portal or proxy answering instead); unknown: no attempt has finished yet.
//   waiting     signups on this device that the centre does not have yet.
//   needs_attention  signups the centre answered "conflict" or "rejected" for: kept, not retried.
//   last_success_ms  the end of the last complete sync (kept in the store across restarts).
//   last_error  why the last attempt failed, in words staff can act on; empty after a success.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sync/client/sync_error.hpp"

namespace talkoo::sync {

struct SyncStatus {
    enum class Connection { unknown, online, offline };
    Connection connection = Connection::unknown;
    bool syncing = false;  // a pass is running now
    int waiting = 0;
    int needs_attention = 0;
    int64_t oldest_waiting_ms = 0;  // when the oldest waiting signup was made; 0 if none
    int64_t last_success_ms = 0;    // 0: never
    int64_t last_attempt_ms = 0;    // the end of the last pass, successful or not
    int64_t next_attempt_ms = 0;    // when the worker will try next on its own
    std::string last_error;
    std::optional<SyncError::Kind> last_error_kind;
    int failures = 0;       // failed passes since the last success
    int64_t delivered = 0;  // signups delivered since the worker started
    uint64_t version = 0;   // grows with every change: a cheap "anything new?"
    bool operator==(const SyncStatus&) const = default;
};

}  // namespace talkoo::sync
