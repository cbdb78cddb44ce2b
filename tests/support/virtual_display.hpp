// VirtualDisplay: an Xvfb X server for a test's or a benchmark's lifetime, so that the kiosk's
// X11 path runs on a real X server with no screen attached (scripts/install-deps.sh installs
// Xvfb). No Catch2 in here: the benchmarks use it too.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace talkoo::test {

class VirtualDisplay {
  public:
    // Starts `Xvfb -displayfd` with one screen of `screen` (width x height x depth) and waits
    // until it accepts connections. display() stays empty when Xvfb is missing or fails.
    explicit VirtualDisplay(const std::string& screen = "1920x1080x24");
    ~VirtualDisplay();
    VirtualDisplay(const VirtualDisplay&) = delete;
    VirtualDisplay& operator=(const VirtualDisplay&) = delete;

    const std::string& display() const { return display_; }  // ":N"
    // "DISPLAY=:N" for a child's environment, or nothing without Xvfb.
    std::optional<std::string> env() const {
        if (display_.empty()) return std::nullopt;
        return "DISPLAY=" + display_;
    }

  private:
    pid_t pid_ = 0;
    std::string display_;
};

}  // namespace talkoo::test
