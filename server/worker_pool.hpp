// WorkerPool: the bounded pool of threads that runs the centre's request handlers, apart from
// the network thread, so that a thousand open connections cost memory and never threads, and a
// handler waiting on the database never stops the centre from reading, refusing or answering
// other connections.
//
// Bounded twice: a fixed number of threads, and a queue that refuses new requests beyond its
// length (the server then answers 503 with Retry-After at once, instead of letting latency grow
// without end). Work that continues a request already admitted (the next piece of a streamed
// answer) is never refused.
//
// Every job runs inside a catch-all: an exception, whatever it is, ends that job, never the
// process.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace talkoo::central {

class WorkerPool {
  public:
    WorkerPool(int threads, size_t max_queued);
    ~WorkerPool();  // runs what is queued, then joins
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // Queues a new request's job; false (and nothing queued) when the queue is full.
    bool try_submit(std::function<void()> job);
    // Queues a job that continues admitted work; never refused.
    void submit(std::function<void()> job);

    size_t queued() const;
    int threads() const { return static_cast<int>(threads_.size()); }

  private:
    void run();

    size_t max_queued_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace talkoo::central
