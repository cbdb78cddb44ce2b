// See rate_limit.hpp.
#include "server/rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace talkoo::central {

RateLimiter::RateLimiter(int per_minute, int burst)
    : per_second_(per_minute / 60.0), burst_(std::max(1, burst)) {}

int64_t RateLimiter::admit(std::string_view key, std::chrono::steady_clock::time_point now) {
    if (per_second_ <= 0) return 0;
    std::lock_guard lock(mutex_);
    auto [it, inserted] = buckets_.try_emplace(std::string(key));
    Bucket& b = it->second;
    if (inserted) {
        b.tokens = burst_;
    } else {
        double seconds = std::chrono::duration<double>(now - b.refilled).count();
        b.tokens = std::min(burst_, b.tokens + std::max(0.0, seconds) * per_second_);
    }
    b.refilled = now;
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return 0;
    }
    return std::max<int64_t>(1, static_cast<int64_t>(std::ceil((1.0 - b.tokens) / per_second_)));
}

}  // namespace talkoo::central
