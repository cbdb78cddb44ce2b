// Group commit (server/signup_committer.hpp) over a real SQLite store: batches submitted at once
// from many threads share transactions, every batch is answered once with its own outcomes, and
// an answer comes only after its data is durable (it is in the database file when the answer
// arrives, read through a second connection). A store that fails (full disk, read-only file)
// is answered 503 through the committer: http_storage_faults_test.cpp.
#include <atomic>
#include <catch2/catch.hpp>
#include <mutex>
#include <thread>

#include "server/key_ring_file.hpp"
#include "server/signup_committer.hpp"
#include "server/signup_vault.hpp"
#include "support/central_fixture.hpp"
#include "support/temp_dir.hpp"

using namespace talkoo;
using namespace talkoo::central;

namespace {

struct Committed {
    std::mutex mutex;
    int answers = 0;
    int stored = 0;
    int found_on_answer = 0;  // answered signups another connection could already read
    int failures = 0;
};

}  // namespace

TEST_CASE("concurrent batches share commits and each is answered after its data is durable",
          "[committer]") {
    talkoo::test::TempDir dir;
    const std::string db = (dir / "central.db").string();
    auto store = open_central_store(db, true);
    seal::write_key_ring_file(dir / "central.keys", seal::make_key_ring(1000), false);
    KeyRingFile keys(dir / "central.keys");
    SignupVault vault(*store, keys);
    auto reader = open_central_store(db, false);  // what a fresh reader of the file sees

    Committed result;
    constexpr int kThreads = 8, kBatchesEach = 25, kPerBatch = 5;
    {
        SignupCommitter committer(*store);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&] {
                for (int b = 0; b < kBatchesEach; ++b) {
                    std::vector<SignupVault::Received> received;
                    std::vector<std::string> ids;
                    for (int i = 0; i < kPerBatch; ++i) {
                        Signup s = talkoo::test::test_signup({"task-a1"});
                        s.device_id = "device-1";
                        ids.push_back(s.id);
                        received.push_back({s, ""});
                    }
                    committer.submit(
                        {vault.seal_for_storage(received), 5000},
                        [&, ids](std::vector<SignupOutcome> outcomes, std::exception_ptr failure) {
                            int found = 0;
                            for (const std::string& id : ids)
                                found += reader->signup(id) ? 1 : 0;
                            std::lock_guard lock(result.mutex);
                            ++result.answers;
                            if (failure) ++result.failures;
                            for (SignupOutcome o : outcomes)
                                result.stored += o == SignupOutcome::stored ? 1 : 0;
                            result.found_on_answer += found;
                        });
                }
            });
        }
        for (std::thread& t : threads)
            t.join();
        // The destructor answers everything still queued before it returns.
    }
    const int total = kThreads * kBatchesEach * kPerBatch;
    CHECK(result.answers == kThreads * kBatchesEach);
    CHECK(result.failures == 0);
    CHECK(result.stored == total);
    CHECK(result.found_on_answer == total);
    CHECK(static_cast<int>(reader->signups({}).size()) == total);
}

TEST_CASE("batches submitted together are written in fewer transactions than batches",
          "[committer]") {
    talkoo::test::TempDir dir;
    auto store = open_central_store((dir / "central.db").string(), true);
    seal::write_key_ring_file(dir / "central.keys", seal::make_key_ring(1000), false);
    KeyRingFile keys(dir / "central.keys");
    SignupVault vault(*store, keys);
    SignupCommitter committer(*store);
    std::atomic<int> answered{0};
    constexpr int kBatches = 200;
    for (int b = 0; b < kBatches; ++b) {  // faster than one fsync each: they queue up
        Signup s = talkoo::test::test_signup({"task-a1"});
        s.device_id = "device-1";
        committer.submit({vault.seal_for_storage({{s, ""}}), 5000},
                         [&](std::vector<SignupOutcome> o, std::exception_ptr failure) {
                             if (!failure && o == std::vector{SignupOutcome::stored}) ++answered;
                         });
    }
    for (int i = 0; i < 1000 && answered < kBatches; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(answered == kBatches);
    SignupCommitter::Stats stats = committer.stats();
    CHECK(stats.batches == kBatches);
    CHECK(stats.groups < stats.batches);
}
