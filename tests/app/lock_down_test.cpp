// Lock-down (issue 13, point 8): a full-screen kiosk, as on a stand, ignores a request to close
// its window (what a window manager sends for its close button or Alt+F4) and keeps running;
// SIGTERM (systemctl stop) still ends it cleanly. A windowed kiosk (a desktop try-out) closes as
// any program does. The real talkoo-kiosk binary on a real X server (Xvfb).
#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "app_fixture.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"
#include "support/virtual_display.hpp"
#include "x11_close.hpp"

namespace talkoo::test {
namespace {

// Whether `pid` exits within `ms`; its exit code in `code` if it did.
bool exits_within(pid_t pid, int ms, int& code) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

pid_t start_kiosk(const VirtualDisplay& xvfb, const TempDir& dir, const std::string& mode) {
    return start_process(
        {TALKOO_KIOSK_BIN, "--data-dir", (dir / "data").string(), mode, "--size", "1280x800"}, -1,
        {{"DISPLAY", xvfb.display()}, {"SDL_VIDEODRIVER", "x11"}, {"SDL_AUDIODRIVER", "dummy"}});
}

}  // namespace

TEST_CASE("a full-screen kiosk ignores a request to close its window, and stops on SIGTERM",
          "[lockdown]") {
    VirtualDisplay xvfb("1280x800x24");
    INFO("Xvfb is needed here: scripts/install-deps.sh installs it");
    REQUIRE_FALSE(xvfb.display().empty());
    TempDir dir;
    seed_fixture(dir / "data" / "talkoo.db");
    pid_t kiosk = start_kiosk(xvfb, dir, "--fullscreen");
    REQUIRE(x11_request_close(xvfb.display(), kiosk, 20'000));
    int code = -1;
    CHECK_FALSE(exits_within(kiosk, 2000, code));             // still there
    REQUIRE(x11_request_close(xvfb.display(), kiosk, 1000));  // and its window with it
    CHECK_FALSE(exits_within(kiosk, 1000, code));
    ::kill(kiosk, SIGTERM);
    REQUIRE(exits_within(kiosk, 20'000, code));
    CHECK(code == 0);
}

TEST_CASE("a windowed kiosk closes when its window is closed", "[lockdown]") {
    VirtualDisplay xvfb("1280x800x24");
    REQUIRE_FALSE(xvfb.display().empty());
    TempDir dir;
    seed_fixture(dir / "data" / "talkoo.db");
    pid_t kiosk = start_kiosk(xvfb, dir, "--windowed");
    REQUIRE(x11_request_close(xvfb.display(), kiosk, 20'000));
    int code = -1;
    bool exited = exits_within(kiosk, 20'000, code);
    if (!exited) {
        ::kill(kiosk, SIGKILL);
        wait_for_exit(kiosk);
    }
    CHECK(exited);
    CHECK(code == 0);
}

TEST_CASE("a full-screen kiosk under SDL's dummy driver stops on SIGTERM, as a unit stops it",
          "[lockdown]") {
    TempDir dir;
    seed_fixture(dir / "data" / "talkoo.db");
    pid_t kiosk = start_process(
        {TALKOO_KIOSK_BIN, "--data-dir", (dir / "data").string(), "--fullscreen", "--headless"}, -1,
        {{"SDL_AUDIODRIVER", "dummy"}});
    int code = -1;
    CHECK_FALSE(exits_within(kiosk, 1500, code));
    ::kill(kiosk, SIGTERM);
    REQUIRE(exits_within(kiosk, 20'000, code));
    CHECK(code == 0);
}

}  // namespace talkoo::test
