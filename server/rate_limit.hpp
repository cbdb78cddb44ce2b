// A per-token rate limit: a token bucket for each device or coordinator, so that one runaway or
// misused token cannot crowd out the other kiosks. A request that finds its bucket empty gets 429
// with Retry-After saying when the next one will be let through.
//
// Buckets live in memory only: a restart forgets them, which errs on the side of letting
// requests through. One bucket per known token keeps memory bounded by the number of tokens.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace talkoo::central {

class RateLimiter {
  public:
    // `per_minute` requests sustained, bursts up to `burst`; per_minute == 0 turns limiting off.
    RateLimiter(int per_minute, int burst);

    // 0 if the request may go ahead now (and it is counted), else the seconds to wait.
    int64_t admit(std::string_view key, std::chrono::steady_clock::time_point now);
    int64_t admit(std::string_view key) { return admit(key, std::chrono::steady_clock::now()); }

  private:
    struct Bucket {
        double tokens = 0;
        std::chrono::steady_clock::time_point refilled;
    };
    double per_second_;
    double burst_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace talkoo::central
