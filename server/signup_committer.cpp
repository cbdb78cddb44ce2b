// See signup_committer.hpp.
#include "server/signup_committer.hpp"

#include <cstdio>

namespace talkoo::central {

SignupCommitter::SignupCommitter(CentralStore& store) : store_(store) {
    writer_ = std::thread([this] { write_loop(); });
    acknowledger_ = std::thread([this] { acknowledge_loop(); });
}

SignupCommitter::~SignupCommitter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    arrived_.notify_all();
    writer_.join();
    acknowledger_.join();
}

void SignupCommitter::submit(SignupBatch batch, Done done) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back({std::move(batch), std::move(done), {}, nullptr});
    }
    arrived_.notify_one();
}

SignupCommitter::Stats SignupCommitter::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void SignupCommitter::commit(std::vector<Pending>& group) {
    auto store_alone = [this](Pending& p) {
        try {
            p.outcomes = store_.store_signups(p.batch.signups, p.batch.received_ms);
        } catch (...) {
            p.failure = std::current_exception();
        }
    };
    if (group.size() == 1) {
        store_alone(group.front());
        return;
    }
    std::vector<const SignupBatch*> batches;
    batches.reserve(group.size());
    for (Pending& p : group)
        batches.push_back(&p.batch);
    try {
        std::vector<std::vector<SignupOutcome>> outcomes = store_.store_signup_batches(batches);
        for (size_t i = 0; i < group.size(); ++i)
            group[i].outcomes = std::move(outcomes[i]);
    } catch (...) {
        // Nothing of the group is stored. Each batch alone, so that one that cannot be stored
        // does not fail the others (a full disk fails them all again, quickly).
        for (Pending& p : group)
            store_alone(p);
    }
}

void SignupCommitter::write_loop() {
    std::unique_lock lock(mutex_);
    while (true) {
        arrived_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) break;  // stopping, and everything is written
        // What has arrived, up to the group's bound: the batches that waited while the previous
        // group was being written.
        std::vector<Pending> group;
        size_t signups = 0;
        while (!queue_.empty() && (group.empty() || signups + queue_.front().batch.signups.size() <=
                                                        kMaxGroupSignups)) {
            signups += queue_.front().batch.signups.size();
            group.push_back(std::move(queue_.front()));
            queue_.pop_front();
        }
        lock.unlock();
        commit(group);  // catches everything: no exception leaves this thread
        lock.lock();
        ++stats_.groups;
        stats_.batches += group.size();
        for (Pending& p : group)
            to_acknowledge_.push_back(std::move(p));
        committed_.notify_one();
    }
    writer_done_ = true;
    committed_.notify_one();
}

void SignupCommitter::acknowledge_loop() {
    std::unique_lock lock(mutex_);
    while (true) {
        committed_.wait(lock, [this] { return writer_done_ || !to_acknowledge_.empty(); });
        if (to_acknowledge_.empty()) return;  // the writer is done and so is everything else
        std::deque<Pending> ready;
        ready.swap(to_acknowledge_);
        lock.unlock();
        for (Pending& p : ready) {
            try {
                p.done(std::move(p.outcomes), p.failure);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "talkoo-central: answering a signup batch: %s\n", e.what());
            } catch (...) {
                std::fprintf(stderr, "talkoo-central: answering a signup batch failed\n");
            }
        }
        ready.clear();
        lock.lock();
    }
}

}  // namespace talkoo::central
