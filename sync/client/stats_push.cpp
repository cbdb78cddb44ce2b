// Step 3 of a sync pass: sending the anonymous usage counters (see sync_session.hpp).
//
// Counters are absolute values and the centre keeps the largest it was sent, so sending one
// again is harmless; sending only those that changed since the centre last confirmed them keeps
// an idle sync to its one catalogue request. A counter the centre rejects (a bug of ours, since
// the kiosk names them) is not sent again in this session: resending cannot make it acceptable.
#include <algorithm>

#include "sync/client/sync_session.hpp"
#include "sync/wire/protocol.hpp"

namespace talkoo::sync {

void SyncSession::push_stats(SyncReport& report) {
    std::vector<UsageCounter> changed;
    for (UsageCounter& c : store_.usage_counters()) {
        auto it = counters_sent_.find({c.day, c.info_point_id, c.name});
        if (it == counters_sent_.end() || it->second != c.value) changed.push_back(std::move(c));
    }
    for (size_t start = 0; start < changed.size(); start += wire::kMaxCountersPerPost) {
        const size_t end = std::min(changed.size(), start + wire::kMaxCountersPerPost);
        std::vector<UsageCounter> chunk(changed.begin() + static_cast<std::ptrdiff_t>(start),
                                        changed.begin() + static_cast<std::ptrdiff_t>(end));
        client_.post_stats(chunk);
        for (const UsageCounter& c : chunk)
            counters_sent_[{c.day, c.info_point_id, c.name}] = c.value;
        report.counters_sent += static_cast<int>(chunk.size());
    }
}

}  // namespace talkoo::sync
