// See public_limits.hpp.
#include "server/public_limits.hpp"

#include <algorithm>
#include <cmath>

namespace talkoo::central {

int64_t PublicLimits::check(Table& limits, std::string_view key, double per_minute, double burst,
                            Clock::time_point now, bool take) {
    const double per_second = per_minute / 60.0;
    auto& table = limits.buckets;
    auto it = table.find(std::string(key));
    if (it == table.end()) {
        if (table.size() >= kMaxKeys && now - limits.last_prune >= std::chrono::seconds(1)) {
            // Drop the buckets that have refilled: they are as good as new. At most once a
            // second: under a flood, each new key must not cost a scan of the whole table.
            limits.last_prune = now;
            for (auto i = table.begin(); i != table.end();) {
                const double seconds =
                    std::chrono::duration<double>(now - i->second.refilled).count();
                if (i->second.tokens + seconds * per_second >= burst)
                    i = table.erase(i);
                else
                    ++i;
            }
        }
        if (table.size() >= kMaxKeys) return 60;  // still full: a flood; try in a minute
        it = table.emplace(std::string(key), Bucket{burst, now}).first;
    }
    Bucket& b = it->second;
    const double seconds = std::chrono::duration<double>(now - b.refilled).count();
    b.tokens = std::min(burst, b.tokens + std::max(0.0, seconds) * per_second);
    b.refilled = now;
    if (b.tokens >= 1.0) {
        if (take) b.tokens -= 1.0;
        return 0;
    }
    return std::max<int64_t>(1, static_cast<int64_t>(std::ceil((1.0 - b.tokens) / per_second)));
}

int64_t PublicLimits::admit(std::string_view address, std::string_view installation,
                            Clock::time_point now) {
    std::lock_guard lock(mutex_);
    // Look at both before taking from either, so a request refused by one costs the other
    // nothing.
    int64_t wait =
        std::max(check(addresses_, address, options_.per_address_per_minute,
                       options_.per_address_burst, now, false),
                 check(installations_, installation, options_.per_installation_per_minute,
                       options_.per_installation_burst, now, false));
    if (wait > 0) return wait;
    check(addresses_, address, options_.per_address_per_minute, options_.per_address_burst, now,
          true);
    check(installations_, installation, options_.per_installation_per_minute,
          options_.per_installation_burst, now, true);
    return 0;
}

}  // namespace talkoo::central
