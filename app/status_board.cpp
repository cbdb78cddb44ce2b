// See status_board.hpp.
#include "app/status_board.hpp"

namespace talkoo {

void StatusBoard::set(std::string line) {
    std::function<void()> wake;
    {
        std::lock_guard lock(mutex_);
        if (line == line_) return;
        line_ = std::move(line);
        changed_ = true;
        wake = wake_;
    }
    if (wake) wake();  // outside the lock: the wake-up may run arbitrary code
}

std::optional<std::string> StatusBoard::take_change() {
    std::lock_guard lock(mutex_);
    if (!changed_) return std::nullopt;
    changed_ = false;
    return line_;
}

void StatusBoard::on_change(std::function<void()> wake) {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
}

}  // namespace talkoo
