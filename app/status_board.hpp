// The seam between the kiosk's UI thread and the threads that will report to it (the sync worker
// of a later issue): a one-line status for staff, set from any thread. Setting it calls the
// wake-up the kiosk installed (EventLoop::waker(), an SDL user event), so the sleeping UI draws
// the change at once and otherwise stays asleep.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace talkoo {

class StatusBoard {
  public:
    // Any thread.
    void set(std::string line);
    // UI thread: the new line if it changed since the last call.
    std::optional<std::string> take_change();
    // Installed once by the UI before other threads start.
    void on_change(std::function<void()> wake);

  private:
    std::mutex mutex_;
    std::string line_;
    bool changed_ = false;
    std::function<void()> wake_;
};

}  // namespace talkoo
