// See worker_pool.hpp.
#include "server/worker_pool.hpp"

#include <cstdio>
#include <exception>

namespace talkoo::central {

WorkerPool::WorkerPool(int threads, size_t max_queued) : max_queued_(max_queued) {
    threads_.reserve(static_cast<size_t>(threads));
    for (int i = 0; i < threads; ++i)
        threads_.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : threads_)
        t.join();
}

bool WorkerPool::try_submit(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        if (queue_.size() >= max_queued_) return false;
        queue_.push_back(std::move(job));
    }
    wake_.notify_one();
    return true;
}

void WorkerPool::submit(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(job));
    }
    wake_.notify_one();
}

size_t WorkerPool::queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

void WorkerPool::run() {
    while (true) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and nothing left to run
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        try {
            job();
        } catch (const std::exception& e) {
            // Jobs catch their own errors and answer; this is the last line, so that no thread
            // of the centre can end the process.
            std::fprintf(stderr, "talkoo-central: a worker job failed: %s\n", e.what());
        } catch (...) {
            std::fprintf(stderr, "talkoo-central: a worker job failed\n");
        }
    }
}

}  // namespace talkoo::central
