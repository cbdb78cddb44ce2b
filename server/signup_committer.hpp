// SignupCommitter: group commit for the kiosks' signup batches (issue 16, point 6).
//
// A durable commit costs one fsync, and a disk does only so many of them a second, whatever the
// size of each. So batches are not committed one by one on the workers that received them: a
// worker does the CPU-heavy part (open, validate, seal at rest, digest: SignupVault) and hands
// the batch here, its answer deferred (Call::defer), and goes back to the other requests. One
// writer thread takes every batch that has arrived meanwhile and stores them all in one
// transaction (CentralStore::store_signup_batches: one fsync for the group); only after that
// commit has returned does an acknowledging thread call each batch's `done`, which answers its
// kiosk. So no batch is answered before its data is durable, and while one group is being
// acknowledged the next is already being written.
//
//   workers ──submit──► [queue] ──writer: one transaction, one fsync──► [committed]
//   ──acknowledger──► done(outcomes)
//
// A group is bounded (kMaxGroupSignups) so that one transaction never grows without end behind
// a thousand kiosks. If a group of several batches fails, each of its batches is tried once
// more alone, so that one batch that cannot be stored never fails the others; a failure that
// remains (a full disk, a read-only database) reaches that batch's `done` as an exception, which
// answers 503 and leaves the kiosk to retry. Nothing of a failed transaction is stored.
//
// Personal data stays sealed all the way: what is queued is SignupToStore (sealed blobs and keyed
// digests), never a plain field. No exception leaves either thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "server/storage.hpp"

namespace talkoo::central {

class SignupCommitter {
  public:
    // Called once per submitted batch, on the acknowledging thread: the outcomes in the batch's
    // order, or the failure (outcomes then empty). It must not block for long: the next group's
    // answers wait behind it.
    using Done = std::function<void(std::vector<SignupOutcome> outcomes, std::exception_ptr)>;

    // The most signups one transaction takes (a group holds at least one batch whatever its size).
    static constexpr size_t kMaxGroupSignups = 20'000;

    explicit SignupCommitter(CentralStore& store);
    // Stores and acknowledges everything submitted so far, then stops both threads.
    ~SignupCommitter();
    SignupCommitter(const SignupCommitter&) = delete;
    SignupCommitter& operator=(const SignupCommitter&) = delete;

    void submit(SignupBatch batch, Done done);

    // Measured facts, for tests and benchmarks: groups committed, and batches in them.
    struct Stats {
        uint64_t groups = 0;
        uint64_t batches = 0;
    };
    Stats stats() const;

  private:
    struct Pending {
        SignupBatch batch;
        Done done;
        std::vector<SignupOutcome> outcomes;
        std::exception_ptr failure;
    };
    void write_loop();
    void acknowledge_loop();
    void commit(std::vector<Pending>& group);

    CentralStore& store_;
    mutable std::mutex mutex_;
    std::condition_variable arrived_;    // the writer's wake-up
    std::condition_variable committed_;  // the acknowledger's
    std::deque<Pending> queue_;          // submitted, not yet written
    std::deque<Pending> to_acknowledge_;
    bool stopping_ = false;
    bool writer_done_ = false;
    Stats stats_;
    std::thread writer_;
    std::thread acknowledger_;
};

}  // namespace talkoo::central
