// What the three sync client benchmarks share: a kiosk (a store file in a temporary folder) and
// its SyncConfig pointed at a central service, and a stopwatch. The centre is
// bench/server's RunningCentral: the real talkoo-central service code, in this process, on a
// free loopback port, with its rate limit off.
#pragma once

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "bench/server/bench_setup.hpp"
#include "core/local_store.hpp"
#include "core/sealed_signup.hpp"
#include "sync/client/sync_config.hpp"

namespace talkoo::bench {

using BenchClock = std::chrono::steady_clock;

inline double ms_since(BenchClock::time_point start) {
    return std::chrono::duration<double, std::milli>(BenchClock::now() - start).count();
}

class BenchKiosk {
  public:
    BenchKiosk(int port, const std::string& token) {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "talkoo-sync-bench-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot make a temporary folder");
        dir_ = pattern;
        store = std::make_unique<LocalStore>(dir_ / "talkoo.db");
        config.server_url = "http://127.0.0.1:" + std::to_string(port);
        config.device_token = token;
    }
    ~BenchKiosk() {
        store.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    const std::filesystem::path& dir() const { return dir_; }

    // Commits `count` signups (over ten tasks), sealed to the network's key as "Send" seals
    // them: the store must have synced once, which brings that key.
    void commit_sealed_signups(int count) {
        const seal::PublicKey key = store->network_key().value().key;
        for (int i = 0; i < count; ++i) {
            Signup s = bench_signup("task-" + std::to_string(i % 10));
            s.device_id = store->device_id();
            store->commit_signup(seal_signup(s, key));
        }
    }

    std::unique_ptr<LocalStore> store;
    sync::SyncConfig config;

  private:
    std::filesystem::path dir_;
};

}  // namespace talkoo::bench
