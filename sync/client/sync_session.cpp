// SyncSession::run_pass (see sync_session.hpp): the three steps in order, and the translation of
// a failing step into the report. The steps themselves are in outbox_push.cpp, catalog_pull.cpp
// and stats_push.cpp.
#include "sync/client/sync_session.hpp"

#include "core/clock.hpp"

namespace talkoo::sync {

SyncSession::SyncSession(LocalStore& store, const SyncConfig& config,
                         const std::atomic<bool>* cancel)
    : store_(store), config_(config), client_([&] {
          SyncConfig c = config;
          c.transport.cancel = cancel;
          return c;
      }()) {}

SyncReport SyncSession::run_pass(const std::function<void()>& on_progress) {
    SyncReport report;
    const WireTally before = client_.tally();
    try {
        push_outbox(report, on_progress);
        pull_catalog(report, on_progress);
        // A first key may have sealed signups an earlier version kept plain: send them now.
        if (report.network_key_changed) push_outbox(report, on_progress);
        pull_registration();
        push_stats(report);
        erase_delivered_personal_data();
        store_.set_setting(kLastSuccessSetting, std::to_string(now_ms()));
        report.complete = true;
    } catch (const SyncError& e) {
        report.error = e;
    } catch (const StoreError& e) {
        // The store's messages are written for staff already and hold no personal data.
        report.error = SyncError(SyncError::Kind::store, e.what());
    }
    report.requests = client_.tally().requests - before.requests;
    report.wire_bytes = client_.tally().bytes - before.bytes;
    return report;
}

}  // namespace talkoo::sync
