// Step 4 of a sync pass: sending the anonymous usage counters (see sync_pass.hpp).
//
// Counters are absolute values and the centre keeps the largest it was sent, so sending one
// again is harmless; sending only those that changed since the centre last confirmed them keeps
// an idle sync to its one catalogue request. A counter the centre rejects (a bug of ours, since
// the kiosk names them) is not sent again in this session: resending cannot make it acceptable.
// A visitor's phone (the public channel) sends none: the centre counts devices' figures only.
#include <algorithm>

#include "sync/client/sync_pass.hpp"
#include "sync/wire/protocol.hpp"

namespace talkoo::sync {

bool SyncPass::prepare_stats() {
    if (client_.public_channel()) return false;
    if (!step_started_) {
        changed_counters_.clear();
        for (UsageCounter& c : store_.usage_counters()) {
            auto it = sent_.find({c.day, c.info_point_id, c.name});
            if (it == sent_.end() || it->second != c.value)
                changed_counters_.push_back(std::move(c));
        }
        chunk_start_ = chunk_end_ = 0;
    }
    chunk_start_ = chunk_end_;
    if (chunk_start_ >= changed_counters_.size()) return false;
    chunk_end_ = std::min(changed_counters_.size(), chunk_start_ + wire::kMaxCountersPerPost);
    std::vector<UsageCounter> chunk(
        changed_counters_.begin() + static_cast<std::ptrdiff_t>(chunk_start_),
        changed_counters_.begin() + static_cast<std::ptrdiff_t>(chunk_end_));
    request_ = client_.stats_request(chunk);
    return true;
}

void SyncPass::take_stats(const HttpResult& result) {
    client_.stats_rejected(result);
    for (size_t i = chunk_start_; i < chunk_end_; ++i) {
        const UsageCounter& c = changed_counters_[i];
        sent_[{c.day, c.info_point_id, c.name}] = c.value;
    }
    report_.counters_sent += static_cast<int>(chunk_end_ - chunk_start_);
}

}  // namespace talkoo::sync
