// See event_loop.hpp.
#include "platform/event_loop.hpp"

#include <SDL.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <stdexcept>

namespace talkoo::platform {

struct EventLoop::Shared {
    uint32_t type = 0;
    std::mutex mutex;
    std::condition_variable cv;
    bool woken = false;

    void wake() {
        SDL_Event e{};
        e.type = type;
        SDL_PushEvent(&e);  // thread-safe; ends SDL_WaitEventTimeout where that sleeps
        {
            std::lock_guard lock(mutex);
            woken = true;
        }
        cv.notify_one();  // ends our own sleep where SDL would poll
    }
};

namespace {

// Drivers whose WaitEventTimeout sleeps on their event source (SDL 2.26).
bool sleeping_driver(const char* name) {
    if (!name) return false;
    for (const char* d : {"x11", "wayland", "windows", "cocoa"})
        if (std::strcmp(name, d) == 0) return true;
    return false;
}

}  // namespace

EventLoop::EventLoop() : shared_(std::make_shared<Shared>()) {
    wake_type_ = SDL_RegisterEvents(1);
    if (wake_type_ == static_cast<uint32_t>(-1))
        throw std::runtime_error("SDL has no user event types left for the kiosk's wake-up");
    shared_->type = wake_type_;
    driver_sleeps_ = sleeping_driver(SDL_GetCurrentVideoDriver());
}

bool EventLoop::wait(int timeout_ms, std::vector<SDL_Event>& out) {
    out.clear();
    SDL_Event e;
    bool got = false;
    if (driver_sleeps_ || timeout_ms == 0) {
        got = timeout_ms < 0 ? SDL_WaitEvent(&e) == 1 : SDL_WaitEventTimeout(&e, timeout_ms) == 1;
    } else {
        using Clock = std::chrono::steady_clock;
        auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
        for (;;) {
            SDL_PumpEvents();
            if (SDL_PeepEvents(&e, 1, SDL_GETEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) == 1) {
                got = true;
                break;
            }
            auto now = Clock::now();
            if (timeout_ms >= 0 && now >= deadline) break;
            auto step = std::chrono::milliseconds(10);
            if (timeout_ms >= 0)
                step = std::min(step, std::chrono::duration_cast<std::chrono::milliseconds>(
                                          deadline - now + std::chrono::milliseconds(1)));
            std::unique_lock lock(shared_->mutex);
            shared_->cv.wait_for(lock, step, [&] { return shared_->woken; });
            shared_->woken = false;
        }
    }
    if (!got) return false;
    do {
        if (e.type == SDL_QUIT) quit_ = true;
        if (e.type != wake_type_) out.push_back(e);
    } while (SDL_PollEvent(&e));
    return true;
}

void EventLoop::wake() const {
    shared_->wake();
}

std::function<void()> EventLoop::waker() const {
    std::shared_ptr<Shared> shared = shared_;
    return [shared] { shared->wake(); };
}

}  // namespace talkoo::platform
