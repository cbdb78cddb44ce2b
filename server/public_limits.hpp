// The limits of the public channel for phones (public_api.cpp): token buckets per client address
// and per installation (the web app's own id, sent in X-Talkoo-Installation), so that one phone,
// or one script pretending to be many phones from one address, cannot flood the centre with
// signups. The figures (docs/protocol.md, "The public channel"):
//
//   per address       120 requests a minute, bursts of 60: a library's Wi-Fi puts many phones
//                     behind one address, and a phone's sync is 1-2 requests a minute;
//   per installation  12 requests a minute, bursts of 12; each signup batch at most 20 signups
//                     and 64 KiB (wire::kMaxPublicSignupsPerBatch, kMaxPublicBodyBytes).
//
// Both must admit a request; the answer to one that may not go ahead is 429 with Retry-After.
// Unlike the devices' RateLimiter (one bucket per token, a known few), the keys here come from
// anyone: the tables are bounded (kMaxKeys), full buckets (as good as new) are dropped first,
// and when the table is still full the request is refused as if its bucket were empty.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace talkoo::central {

struct PublicLimitOptions {
    double per_address_per_minute = 120, per_address_burst = 60;
    double per_installation_per_minute = 12, per_installation_burst = 12;
};

class PublicLimits {
  public:
    using Clock = std::chrono::steady_clock;
    static constexpr size_t kMaxKeys = 100'000;

    explicit PublicLimits(PublicLimitOptions options = {}) : options_(options) {}

    // 0 when the request may go ahead (counted against both), else the seconds to wait.
    int64_t admit(std::string_view address, std::string_view installation,
                  Clock::time_point now = Clock::now());

  private:
    struct Bucket {
        double tokens = 0;
        Clock::time_point refilled;
    };
    struct Table {
        std::unordered_map<std::string, Bucket> buckets;
        Clock::time_point last_prune{};
    };
    // The seconds until `key` has a token (0: it has one now); takes it when `take`.
    int64_t check(Table& table, std::string_view key, double per_minute, double burst,
                  Clock::time_point now, bool take);

    PublicLimitOptions options_;
    std::mutex mutex_;
    Table addresses_, installations_;
};

}  // namespace talkoo::central
