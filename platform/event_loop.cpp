// See event_loop.hpp.
#include "platform/event_loop.hpp"

#include <SDL.h>

#include <stdexcept>

namespace talkoo::platform {

EventLoop::EventLoop() {
    wake_type_ = SDL_RegisterEvents(1);
    if (wake_type_ == static_cast<uint32_t>(-1))
        throw std::runtime_error("SDL has no user event types left for the kiosk's wake-up");
}

bool EventLoop::wait(int timeout_ms, std::vector<SDL_Event>& out) {
    out.clear();
    SDL_Event e;
    bool woken =
        timeout_ms < 0 ? SDL_WaitEvent(&e) == 1 : SDL_WaitEventTimeout(&e, timeout_ms) == 1;
    if (!woken) return false;
    do {
        if (e.type == SDL_QUIT) quit_ = true;
        if (e.type != wake_type_) out.push_back(e);
    } while (SDL_PollEvent(&e));
    return true;
}

void EventLoop::wake() const {
    SDL_Event e{};
    e.type = wake_type_;
    SDL_PushEvent(&e);
}

std::function<void()> EventLoop::waker() const {
    uint32_t type = wake_type_;
    return [type] {
        SDL_Event e{};
        e.type = type;
        SDL_PushEvent(&e);
    };
}

}  // namespace talkoo::platform
