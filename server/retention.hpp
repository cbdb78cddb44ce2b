// RetentionSweeper: keeps the consent text's promise that a visitor's personal data is kept at
// most 12 months (or what `serve --retention-months` says). The running service erases, once at
// start and then once a day, the personal data of every signup given longer ago than that,
// keeping the anonymous trace (tasks, point, day, language, age group, follow-up) and the usage
// counters for statistics. `talkoo-central purge` does the same on demand.
//
// The clock is a parameter, so tests can set it forward and watch the sweep happen.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <ostream>
#include <thread>

#include "server/signup_vault.hpp"

namespace talkoo::central {

inline constexpr int kDefaultRetentionMonths = 12;

struct RetentionOptions {
    int months = kDefaultRetentionMonths;
    std::chrono::milliseconds interval = std::chrono::hours(24);
    std::function<int64_t()> clock;  // Unix ms; default: the system clock
};

class RetentionSweeper {
  public:
    // Starts the thread, which sweeps at once and then every `interval`. Each sweep that erases
    // anything writes one line (counts and the cut-off day, no personal data) to `log`.
    RetentionSweeper(SignupVault& vault, RetentionOptions options, std::ostream& log);
    ~RetentionSweeper();  // stops the thread
    RetentionSweeper(const RetentionSweeper&) = delete;
    RetentionSweeper& operator=(const RetentionSweeper&) = delete;

    // One sweep now, on the calling thread. Returns how many signups it erased.
    int sweep();
    int sweeps_done();

  private:
    void loop();

    SignupVault& vault_;
    RetentionOptions options_;
    std::ostream& log_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    int sweeps_ = 0;
    std::thread thread_;
};

}  // namespace talkoo::central
