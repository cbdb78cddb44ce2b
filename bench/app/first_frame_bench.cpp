// bench-app-first-frame: cold start of talkoo-kiosk to its first frame on screen, at 1920×1080
// over the demo catalogue. The kiosk is started as a child with --exit-after-frames 1, so the
// figure is process start → store opened → fonts rasterised → first frame presented → exit;
// the kiosk also reports its own start-to-first-frame time (TALKOO_REPORT_FIRST_FRAME).
// Runs under Xvfb (SDL's X11 driver, as on a kiosk) when installed, and with the dummy driver.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "kiosk_process.hpp"

using namespace talkoo::bench;

namespace {

void run(const char* label, const std::filesystem::path& data, std::vector<std::string> extra_args,
         const std::vector<std::string>& env) {
    constexpr int kRuns = 15;
    std::vector<double> ms;
    for (int i = 0; i < kRuns; ++i) {
        std::vector<std::string> args = {TALKOO_KIOSK_BIN,      "--data-dir", data.string(),
                                         "--windowed",          "--size",     "1920x1080",
                                         "--exit-after-frames", "1"};
        args.insert(args.end(), extra_args.begin(), extra_args.end());
        auto t0 = std::chrono::steady_clock::now();
        pid_t pid = spawn(args, env);
        int rc = wait_exit(pid);
        double t = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                       .count();
        if (rc != 0) {
            std::printf("%s: the kiosk failed (exit %d)\n", label, rc);
            return;
        }
        ms.push_back(t);
    }
    std::sort(ms.begin(), ms.end());
    std::printf(
        "%-28s start to first frame and exit: median %.0f ms, p90 %.0f ms, min %.0f ms (%d runs)\n",
        label, ms[ms.size() / 2], ms[ms.size() * 9 / 10], ms.front(), kRuns);
}

}  // namespace

int main() {
    std::printf("machine: %s\n", machine().c_str());
    std::filesystem::path data = demo_data_dir("first-frame");
    VirtualDisplay xvfb;
    if (auto env = xvfb.env()) run("X11 (Xvfb)", data, {}, {*env});
    run("dummy driver (software)", data, {"--headless"}, {});
    std::filesystem::remove_all(data);
}
