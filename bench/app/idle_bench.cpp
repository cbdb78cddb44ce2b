// bench-app-idle: CPU use and resident memory of talkoo-kiosk left alone for 60 s, on the attract
// screen (rotating highlights) and on the browse screen, over the demo catalogue at 1920×1080.
// CPU time comes from /proc/PID/stat before and after the minute; memory from /proc/PID/status.
// Under Xvfb when installed (SDL's X11 driver sleeps in the X connection's poll, as on a
// kiosk) and with SDL's dummy driver, which cannot sleep in SDL: there the kiosk's event loop
// pumps events itself every 10 ms (platform/event_loop.hpp).
#include <chrono>
#include <cstdio>
#include <thread>

#include "kiosk_process.hpp"

using namespace talkoo::bench;

namespace {

void measure(const char* label, const std::filesystem::path& data, const std::string& screen,
             std::vector<std::string> extra, const std::vector<std::string>& env, int seconds) {
    std::vector<std::string> args = {TALKOO_KIOSK_BIN,       "--data-dir", data.string(),
                                     "--windowed",           "--size",     "1920x1080",
                                     "--idle-seconds",       "3600",       "--point",
                                     "demo-ip-pori-library", "--screen",   screen};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_t pid = spawn(args, env);
    std::this_thread::sleep_for(std::chrono::seconds(3));  // started and settled
    double c0 = cpu_seconds(pid);
    auto t0 = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    double c1 = cpu_seconds(pid);
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double rss = status_mib(pid, "VmRSS"), hwm = status_mib(pid, "VmHWM");
    kill(pid, SIGTERM);
    wait_exit(pid);
    std::printf(
        "%-28s %-8s idle CPU %.2f%% of a core over %.0f s; resident %.1f MiB (peak %.1f MiB)\n",
        label, screen.c_str(), 100.0 * (c1 - c0) / wall, wall, rss, hwm);
}

}  // namespace

int main(int argc, char** argv) {
    int seconds = argc > 1 ? std::atoi(argv[1]) : 60;
    std::printf("machine: %s\n", machine().c_str());
    std::filesystem::path data = demo_data_dir("idle");
    VirtualDisplay xvfb;
    for (const char* screen : {"attract", "browse"}) {
        if (auto env = xvfb.env()) measure("X11 (Xvfb)", data, screen, {}, {*env}, seconds);
        measure("dummy driver (software)", data, screen, {"--headless"}, {}, seconds);
    }
    std::filesystem::remove_all(data);
}
