// Backoff (see backoff.hpp).
#include "sync/client/backoff.hpp"

#include <algorithm>

namespace talkoo::sync {

Backoff::Backoff(BackoffPolicy policy, uint64_t seed) : policy_(policy), random_(seed) {}

milliseconds Backoff::after_failure() {
    failures_++;
    const int64_t cap = std::max<int64_t>(1, policy_.cap.count());
    int64_t step = std::clamp<int64_t>(policy_.initial.count(), 1, cap);
    // Doubling stops at the cap, so this never overflows however long the outage.
    for (int i = 1; i < failures_ && step < cap; ++i)
        step = std::min(cap, step * 2);
    std::uniform_int_distribution<int64_t> jitter(0, step / 2);
    return milliseconds(step - step / 2 + jitter(random_));
}

}  // namespace talkoo::sync
