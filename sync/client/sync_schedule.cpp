// See sync_schedule.hpp.
#include "sync/client/sync_schedule.hpp"

#include <algorithm>

namespace talkoo::sync {
namespace {

constexpr std::chrono::seconds kLongestRetryAfter{3600};

}  // namespace

NextPass plan_next_pass(const SyncReport& report, Backoff& backoff, milliseconds interval) {
    NextPass next;
    next.delay = interval;
    if (report.complete) {
        backoff.reset();
        return next;
    }
    next.delay = backoff.after_failure();
    if (report.error && report.error->retry_after_s) {
        const milliseconds wait = std::min<milliseconds>(
            std::chrono::seconds(std::max(0L, *report.error->retry_after_s)), kLongestRetryAfter);
        next.delay = std::max(next.delay, wait);
        next.not_before = wait;
    }
    return next;
}

void record_pass(SyncStatus& st, const SyncReport& report, const NextPass& next, int failures,
                 int64_t now_ms) {
    st.syncing = false;
    st.last_attempt_ms = now_ms;
    st.next_attempt_ms = now_ms + next.delay.count();
    st.failures = failures;
    st.delivered += report.delivered;
    if (report.complete) {
        st.connection = SyncStatus::Connection::online;
        st.last_success_ms = now_ms;
        st.last_error.clear();
        st.last_error_kind.reset();
        return;
    }
    if (report.error->centre_answered())
        st.connection = SyncStatus::Connection::online;
    else if (report.error->kind != SyncError::Kind::store)
        st.connection = SyncStatus::Connection::offline;
    st.last_error = report.error->what();
    st.last_error_kind = report.error->kind;
}

}  // namespace talkoo::sync
