// bench-core-commit: how long a visitor waits between "Send" and the thank-you screen, i.e.
// commit_signup() with WAL and synchronous=FULL on a real disk. Commits 2 000 signups (1 to 3
// tasks, a short message) into a store holding a 500-task catalogue, and prints p50/p90/p99 and
// the worst. A second run does the same while another connection plays the sync thread,
// sending and acknowledging the outbox, as on a kiosk with a network. The signups are sealed
// before the clock starts; bench-core-seal measures the sealing, and sealing with the commit.
//
//   bench-core-commit [FOLDER]   (default: a new folder under $TMPDIR, removed afterwards)
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "core/local_store.hpp"
#include "core/sealed_signup.hpp"
#include "core/uuid.hpp"
#include "generated_catalog.hpp"
#include "latency.hpp"

using namespace talkoo;

namespace {

constexpr int kCommits = 2000;

Signup make_signup(int i, const Catalog& catalog) {
    Signup s;
    s.id = new_uuid_v7();
    for (int k = 0; k <= i % 3; ++k)
        s.task_ids.push_back(
            catalog.tasks[static_cast<size_t>(i * 7 + k * 13) % catalog.tasks.size()].id);
    s.name = "Maija Meikäläinen";
    s.phone = "040 123 4567";
    s.email = "maija@example.fi";
    s.message = "Olen vapaa viikonloppuisin ja iltaisin.";
    s.lang = Lang::fi;
    s.consent_version = "2025-01";
    s.created_ms = s.consent_ms = now_ms();
    s.info_point_id = "pori-library";
    s.device_id = "0190a6f2-0000-7000-8000-000000000001";
    return s;
}

void run(const std::filesystem::path& file, const Catalog& catalog, bool with_sync) {
    std::filesystem::remove(file);
    LocalStore store(file);
    store.replace_catalog(catalog, "bench");
    std::atomic<bool> stop{false};
    std::atomic<int> busy{0};
    std::string sync_failure;
    std::thread sync;
    if (with_sync)
        sync = std::thread([&] {
            // As the kiosk's SyncWorker does: a store that stays locked (this loop of back-to-back
            // commits can hold the write lock for the whole 5 s busy timeout, as SQLite's waiter
            // polls and keeps missing the gaps) is a failed pass, tried again later; no
            // exception may leave the thread, which would end the process.
            try {
                LocalStore connection(file);
                while (!stop) {
                    try {
                        std::vector<std::string> ids;
                        for (const SealedSignup& s : connection.outbox_batch(50))
                            ids.push_back(s.signup.id);
                        if (!ids.empty()) {
                            connection.mark_sent(ids);
                            connection.mark_acknowledged(ids, now_ms());
                        }
                    } catch (const StoreError& e) {
                        if (e.code != StoreError::Code::busy) throw;
                        ++busy;
                    }
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                }
            } catch (const std::exception& e) {
                sync_failure = e.what();
            }
        });
    const seal::KeyRing ring = seal::make_key_ring(now_ms());
    bench::Latencies commit;
    for (int i = 0; i < kCommits; ++i) {
        SealedSignup s = seal_signup(make_signup(i, catalog), ring.current().public_key);
        bench::timed(commit, [&] { store.commit_signup(s); });
    }
    stop = true;
    if (sync.joinable()) sync.join();
    std::printf("%-44s %6zu  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %6.2f ms\n",
                with_sync ? "commit_signup, sync thread sending alongside" : "commit_signup, alone",
                commit.count(), commit.percentile(50), commit.percentile(90), commit.percentile(99),
                commit.percentile(100));
    if (with_sync)
        std::printf("  sync thread: %d pass(es) found the store locked and were retried%s%s\n",
                    busy.load(),
                    sync_failure.empty() ? "" : "; it stopped: ", sync_failure.c_str());
    if (!sync_failure.empty()) throw std::runtime_error("the sync thread failed: " + sync_failure);
}

}  // namespace

int main(int argc, char** argv) {
    std::filesystem::path folder;
    bool remove_after = false;
    if (argc > 1) {
        folder = argv[1];
        std::filesystem::create_directories(folder);
    } else {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "bench-core-commit-XXXXXX").string();
        if (!mkdtemp(pattern.data())) return 1;
        folder = pattern;
        remove_after = true;
    }
    const auto file = folder / "store.sqlite";
    std::printf("store file: %s (%s), synchronous=FULL, WAL\n", file.c_str(),
                bench::file_system_of(folder).c_str());
    const Catalog catalog = bench::CatalogGenerator(7).make(500, 50);
    try {
        run(file, catalog, false);
        run(file, catalog, true);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench-core-commit: %s\n", e.what());
        return 1;
    }
    if (remove_after) std::filesystem::remove_all(folder);
    return 0;
}
