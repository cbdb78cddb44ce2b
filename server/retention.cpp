// See retention.hpp.
#include "server/retention.hpp"

#include "core/clock.hpp"

namespace talkoo::central {

RetentionSweeper::RetentionSweeper(SignupVault& vault, RetentionOptions options, std::ostream& log)
    : vault_(vault), options_(std::move(options)), log_(log) {
    if (!options_.clock) options_.clock = [] { return now_ms(); };
    thread_ = std::thread([this] { loop(); });
}

RetentionSweeper::~RetentionSweeper() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

int RetentionSweeper::sweep() {
    const int64_t now = options_.clock();
    const int erased = vault_.purge(now, options_.months);
    if (erased > 0) {
        std::lock_guard lock(mutex_);
        log_ << "talkoo-central: retention: erased the personal data of " << erased
             << (erased == 1 ? " signup" : " signups") << " given before "
             << iso_timestamp_utc(months_before(now, options_.months)).substr(0, 10) << " ("
             << options_.months << " months); their anonymous trace stays" << std::endl;
    }
    std::lock_guard lock(mutex_);
    ++sweeps_;
    return erased;
}

int RetentionSweeper::sweeps_done() {
    std::lock_guard lock(mutex_);
    return sweeps_;
}

void RetentionSweeper::loop() {
    while (true) {
        try {
            sweep();
        } catch (const std::exception& e) {
            // A busy or failing database: the next sweep tries again. The message names the
            // database and what to check, never personal data.
            std::lock_guard lock(mutex_);
            log_ << "talkoo-central: retention: the sweep failed and runs again later: " << e.what()
                 << std::endl;
        }
        std::unique_lock lock(mutex_);
        if (wake_.wait_for(lock, options_.interval, [this] { return stopping_; })) return;
    }
}

}  // namespace talkoo::central
