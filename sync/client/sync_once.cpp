// sync_once (see sync_once.hpp): one pass and its summary line.
#include "sync/client/sync_once.hpp"

#include <cstdio>

#include "sync/client/sync_session.hpp"

namespace talkoo::sync {
namespace {

std::string kilobytes(uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f KB", static_cast<double>(bytes) / 1024.0);
    return text;
}

}  // namespace

SyncOnceOutcome sync_once(LocalStore& store, const SyncConfig& config) {
    SyncOnceOutcome outcome;
    SyncReport report;
    {
        SyncSession session(store, config);
        report = session.run_pass();
    }
    OutboxSummary outbox;
    try {
        outbox = store.outbox_summary();
    } catch (const StoreError&) {
        // The report's own error says more than this would.
    }
    const std::string counts =
        std::to_string(report.delivered) +
        (report.delivered == 1 ? " signup delivered, " : " signups delivered, ") +
        std::to_string(outbox.pending) + " waiting, " + std::to_string(outbox.needs_attention) +
        " need attention";
    const std::string wire = std::to_string(report.requests) +
                             (report.requests == 1 ? " request, " : " requests, ") +
                             kilobytes(report.wire_bytes) + " on the wire";
    if (!report.complete) {
        outcome.exit_code = kSyncOnceFailed;
        outcome.summary =
            "sync failed: " + std::string(report.error->what()) + " (" + counts + "; " + wire + ")";
        return outcome;
    }
    outcome.exit_code = outbox.needs_attention > 0 ? kSyncOnceNeedsAttention : kSyncOnceOk;
    outcome.summary = "sync complete: " + counts +
                      "; catalogue: " + std::to_string(report.catalog_changes) + " changes in " +
                      std::to_string(report.catalog_pages) +
                      (report.catalog_pages == 1 ? " page" : " pages") +
                      (report.catalog_replaced ? " (replaced)" : "") + "; " + wire;
    return outcome;
}

}  // namespace talkoo::sync
