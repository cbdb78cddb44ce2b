// test-sync-once-child: one sync pass of a kiosk's store, as `talkoo-kiosk --sync-once` runs it
// (the same sync_once), in a process of its own, so that a test can kill it with SIGKILL in the
// middle of a sync. Prints the one-line summary and exits with sync_once's status.
//
//   test-sync-once-child STORE SERVER_URL TOKEN BATCH_SIZE PAGE_LIMIT
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "core/local_store.hpp"
#include "sync/client/sync_once.hpp"

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr,
                     "usage: test-sync-once-child STORE SERVER_URL TOKEN BATCH_SIZE PAGE_LIMIT\n");
        return 2;
    }
    try {
        talkoo::LocalStore store(argv[1]);
        talkoo::sync::SyncConfig config;
        config.server_url = argv[2];
        config.device_token = argv[3];
        config.signup_batch_size = std::atoi(argv[4]);
        config.catalog_page_limit = std::atoi(argv[5]);
        config.transport.request_timeout_ms = 20'000;
        talkoo::sync::SyncOnceOutcome outcome = talkoo::sync::sync_once(store, config);
        std::printf("%s\n", outcome.summary.c_str());
        return outcome.exit_code;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "test-sync-once-child: %s\n", e.what());
        return 2;
    }
}
