// Step 1 of a sync pass: sending the outbox (see sync_pass.hpp).
//
// The exactly-once rule lives here. Each batch is marked sent, posted, and then judged id by id
// against the centre's per-item results: "stored" or "duplicate" acknowledge the signup (it
// leaves the outbox); "conflict" or "rejected" move it to needs attention with the reason, out
// of later batches, so it neither blocks the queue nor is retried silently. A signup the answer
// does not mention stays queued, and the pass fails: an answer that leaves ids out is not the
// centre's full answer. Any failure of the request itself leaves the whole batch queued; sending
// it again is safe because the centre stores each id once (a retry answers "duplicate").
//
// Signups travel sealed (core/sealed_signup.hpp), as the bytes sealed at their commit: the
// kiosk never seals a signup twice, so a retry is byte for byte the first attempt.
#include <algorithm>
#include <unordered_map>

#include "core/clock.hpp"
#include "sync/client/sync_pass.hpp"
#include "sync/wire/protocol.hpp"

namespace talkoo::sync {
namespace {

// The centre refuses bodies over 1 MiB. 500 ordinary signups take about 300 KB, but a batch of
// long messages in many-byte characters could pass the limit: batches stop at this budget.
constexpr size_t kBatchByteBudget = 768 * 1024;
// The public channel takes at most 64 KiB (wire::kMaxPublicBodyBytes): a phone's few signups.
constexpr size_t kPublicBatchByteBudget = 48 * 1024;

void trim_to_byte_budget(std::vector<SealedSignup>& batch, size_t budget) {
    size_t bytes = 0;
    for (size_t i = 0; i < batch.size(); ++i) {
        bytes += wire::to_json(batch[i]).dump().size() + 1;
        if (bytes > budget && i > 0) {
            batch.resize(i);
            return;
        }
    }
}

}  // namespace

bool SyncPass::prepare_outbox() {
    const size_t most =
        client_.public_channel() ? wire::kMaxPublicSignupsPerBatch : wire::kMaxSignupsPerBatch;
    const int batch_size = std::clamp(config_.signup_batch_size, 1, static_cast<int>(most));
    std::vector<SealedSignup> batch = store_.outbox_batch(batch_size);
    if (batch.empty()) return false;
    trim_to_byte_budget(batch,
                        client_.public_channel() ? kPublicBatchByteBudget : kBatchByteBudget);
    batch_ids_.clear();
    batch_ids_.reserve(batch.size());
    for (const SealedSignup& s : batch)
        batch_ids_.push_back(s.signup.id);
    store_.mark_sent(batch_ids_);
    request_ = client_.signups_request(batch);
    return true;
}

void SyncPass::take_outbox(const HttpResult& result) {
    const std::vector<std::string>& ids = batch_ids_;
    std::vector<wire::SignupResult> results;
    try {
        results = client_.signup_results(result);
    } catch (const SyncError& e) {
        store_.record_failed_attempt(ids, e.what());
        throw;
    }

    std::unordered_map<std::string, const wire::SignupResult*> by_id;
    for (const wire::SignupResult& r : results)
        by_id.emplace(r.id, &r);
    std::vector<std::string> delivered, missing;
    for (const std::string& id : ids) {
        auto it = by_id.find(id);
        if (it == by_id.end()) {
            missing.push_back(id);
            continue;
        }
        const wire::SignupResult& r = *it->second;
        if (r.result == wire::SignupResultKind::stored ||
            r.result == wire::SignupResultKind::duplicate) {
            delivered.push_back(id);
        } else {
            store_.mark_needs_attention(id, wire::attention_reason(r));
            report_.needs_attention++;
        }
    }
    store_.mark_acknowledged(delivered, now_ms());
    report_.delivered += static_cast<int>(delivered.size());
    if (config_.keep_personal_data.count() == 0) erase_delivered_personal_data();
    if (on_progress_) on_progress_();

    if (!missing.empty()) {
        const std::string message =
            "The centre's answer left out " + std::to_string(missing.size()) + " of the " +
            std::to_string(ids.size()) +
            " signups sent; they stay queued and are sent again at the next sync.";
        store_.record_failed_attempt(missing, message);
        throw SyncError(SyncError::Kind::bad_answer, message);
    }
}

void SyncPass::erase_delivered_personal_data() {
    // acknowledged_ms < now + 1 - keep: with keep = 0, everything acknowledged until now.
    store_.erase_acknowledged_personal_data(now_ms() + 1 - config_.keep_personal_data.count());
}

}  // namespace talkoo::sync
