// Backoff: how long the sync worker waits after failures. Exponential (initial, 2x, 4x, ...),
// capped, with jitter so that the kiosks of a whole network do not all return at the same
// second after the centre comes back; reset by a success.
//
// The jitter is "equal jitter": the wait is between half and all of the exponential step. Half
// keeps the growth (a kiosk that keeps failing really does wait longer), the random other half
// spreads the kiosks apart.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

#include "sync/client/sync_config.hpp"

namespace talkoo::sync {

class Backoff {
  public:
    explicit Backoff(BackoffPolicy policy, uint64_t seed = std::random_device{}());

    // Records a failure and returns the wait before the next try: in [step / 2, step], where
    // step = min(cap, initial * 2^(failures - 1)).
    milliseconds after_failure();
    void reset() { failures_ = 0; }
    int failures() const { return failures_; }

  private:
    BackoffPolicy policy_;
    int failures_ = 0;
    std::mt19937_64 random_;
};

}  // namespace talkoo::sync
