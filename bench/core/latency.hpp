// Latency samples and their percentiles, as the store's benchmarks print them.
#pragma once

#include <sys/statfs.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace talkoo::bench {

class Latencies {
  public:
    void add(std::chrono::steady_clock::duration d) {
        samples_.push_back(std::chrono::duration<double, std::milli>(d).count());
    }
    // The p-th percentile in milliseconds (nearest rank), p in [0, 100].
    double percentile(double p) {
        if (samples_.empty()) return 0;
        std::sort(samples_.begin(), samples_.end());
        size_t rank = static_cast<size_t>(p / 100.0 * static_cast<double>(samples_.size()));
        return samples_[std::min(rank, samples_.size() - 1)];
    }
    size_t count() const { return samples_.size(); }

  private:
    std::vector<double> samples_;
};

// Times one call of `f`.
template <typename F>
auto timed(Latencies& into, F&& f) {
    auto start = std::chrono::steady_clock::now();
    if constexpr (std::is_void_v<decltype(f())>) {
        f();
        into.add(std::chrono::steady_clock::now() - start);
    } else {
        auto result = f();
        into.add(std::chrono::steady_clock::now() - start);
        return result;
    }
}

// The file system a path lives on, by name: a tmpfs would make fsync free and figures lie.
inline std::string file_system_of(const std::filesystem::path& p) {
    struct statfs fs {};
    if (statfs(p.c_str(), &fs) != 0) return "unknown";
    switch (static_cast<unsigned long>(fs.f_type)) {
        case 0xEF53:
            return "ext4";
        case 0x01021994:
            return "tmpfs (fsync is free here: use a real disk)";
        case 0x58465342:
            return "xfs";
        case 0x9123683E:
            return "btrfs";
        case 0x794c7630:
            return "overlayfs";
        default: {
            char buf[32];
            std::snprintf(buf, sizeof buf, "type 0x%lx", static_cast<unsigned long>(fs.f_type));
            return buf;
        }
    }
}

}  // namespace talkoo::bench
