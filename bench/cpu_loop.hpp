// A yardstick for the p99 of a benchmark on a shared or virtual machine.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace talkoo::bench {

// The machine's own jitter, as a yardstick for a p99: a fixed CPU-only loop that takes about
// `ms` on a quiet core. No I/O, no allocation, no locks: whatever the p99 of its runs adds to
// their p50, the scheduler and the virtual machine add to any call of that length.
class CpuLoop {
  public:
    explicit CpuLoop(double ms) {
        // The fastest of a few timed runs: the machine's speed when nothing interferes.
        const uint64_t calibration = 5'000'000;
        double fastest_ms = 1e9;
        for (int i = 0; i < 7; ++i) {
            auto start = std::chrono::steady_clock::now();
            spin(calibration);
            const std::chrono::duration<double, std::milli> took =
                std::chrono::steady_clock::now() - start;
            fastest_ms = std::min(fastest_ms, took.count());
        }
        steps_ = static_cast<uint64_t>(ms / fastest_ms * static_cast<double>(calibration));
    }
    void run() { spin(steps_); }

  private:
    void spin(uint64_t n) {
        for (uint64_t i = 0; i < n; ++i)
            sink_ = sink_ + i;
    }
    uint64_t steps_ = 0;
    volatile uint64_t sink_ = 0;
};

}  // namespace talkoo::bench
