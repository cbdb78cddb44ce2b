// When the next sync pass runs, and what the status says after one: the policy shared by the
// kiosk's SyncWorker (its thread) and the browser's SyncStepper (the page's main loop).
//
//   - after a complete pass: the next in `interval` (60 s), the backoff reset;
//   - after a failure: Backoff's exponential wait with jitter (5 s doubling, capped at 5 min);
//   - a 429 or 503 with Retry-After is honoured: no request before it, even when woken by a
//     signup or "sync now", but never longer than an hour (a misconfigured proxy must not
//     silence a device for days).
#pragma once

#include <chrono>
#include <cstdint>

#include "sync/client/backoff.hpp"
#include "sync/client/sync_pass.hpp"
#include "sync/client/sync_status.hpp"

namespace talkoo::sync {

struct NextPass {
    milliseconds delay{0};       // from now until the next pass on its own
    milliseconds not_before{0};  // from now until any request at all (Retry-After)
};

// Records the pass in `backoff` and says when the next one is due.
NextPass plan_next_pass(const SyncReport& report, Backoff& backoff, milliseconds interval);

// The status after a pass that ended at `now_ms` (Unix ms): connection, last success or error,
// the next attempt, failures, delivered. The counts (waiting, needs attention) are the caller's.
void record_pass(SyncStatus& status, const SyncReport& report, const NextPass& next, int failures,
                 int64_t now_ms);

}  // namespace talkoo::sync
