// What the kiosk benchmarks share: starting the real talkoo-kiosk as a child process (under
// Xvfb when it is installed, so that SDL uses its X11 driver as on a real kiosk; else SDL's
// dummy driver), reading its CPU time and memory from /proc, and a data folder seeded with the
// demo catalogue. Header-only: each benchmark is one small executable.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/virtual_display.hpp"

extern char** environ;

namespace talkoo::bench {

inline pid_t spawn(std::vector<std::string> args, const std::vector<std::string>& extra_env = {},
                   bool quiet = true) {
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_store;
    for (char** e = environ; *e; ++e)
        env_store.emplace_back(*e);
    for (const auto& e : extra_env)
        env_store.push_back(e);
    std::vector<char*> envp;
    for (auto& e : env_store)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (quiet) posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        std::fprintf(stderr, "cannot start %s\n", argv[0]);
        std::exit(1);
    }
    return pid;
}

inline int wait_exit(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// User + system CPU seconds of a running process.
inline double cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string s((std::istreambuf_iterator<char>(in)), {});
    // Fields after the command name (which may hold spaces) in parentheses.
    std::istringstream rest(s.substr(s.rfind(')') + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
        if (i == 14) utime = std::stoull(field);
        if (i == 15) stime = std::stoull(field);
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// A "VmRSS" or "VmHWM" line of /proc/PID/status, in MiB.
inline double status_mib(pid_t pid, const std::string& key) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key + ":", 0) == 0) return std::stod(line.substr(key.size() + 1)) / 1024.0;
    return 0;
}

// An Xvfb display for the benchmark's lifetime, when Xvfb is installed (the tests' own).
using talkoo::test::VirtualDisplay;

// A data folder with the demo catalogue loaded (the kiosk seeds it on first use).
inline std::filesystem::path demo_data_dir(const std::string& name) {
    std::filesystem::path dir = std::filesystem::temp_directory_path() / ("talkoo-bench-" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    pid_t pid = spawn({TALKOO_KIOSK_BIN, "--data-dir", dir.string(), "--summary"});
    wait_exit(pid);
    return dir;
}

inline std::string machine() {
    std::ifstream in("/proc/cpuinfo");
    std::string line, model;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) {
            model = line.substr(line.find(':') + 2);
            break;
        }
    return std::to_string(std::thread::hardware_concurrency()) + " cores, " + model;
}

}  // namespace talkoo::bench
