// The kiosk's idle-aware wait: with nobody touching, the process sleeps in SDL_WaitEventTimeout
// and uses no CPU. It wakes for input, for the next deadline the screens asked for (a countdown
// tick, an animation frame, the attract screen's next highlight) and for a wake-up from another
// thread (the sync worker posting a status change) delivered as an SDL user event.
//
// SDL_PushEvent is thread-safe, so waker() hands other threads a plain std::function: sync/
// never includes SDL.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

union SDL_Event;

namespace talkoo::platform {

class EventLoop {
  public:
    // Registers the wake-up event type; SDL's event subsystem must be running (Window starts it).
    EventLoop();

    // Sleeps until an event arrives or `timeout_ms` passes (negative: no timeout), then takes
    // every queued event into `out` (cleared first). Wake-up events are consumed here: they
    // only end the sleep. Returns true when woken by anything, false on a plain timeout.
    bool wait(int timeout_ms, std::vector<SDL_Event>& out);

    // Thread-safe: ends a wait() in progress (or the next one) early.
    void wake() const;
    std::function<void()> waker() const;
    // True when `out` from the last wait() held a quit request (window closed, SIGTERM, SIGINT).
    bool quit_requested() const { return quit_; }

  private:
    uint32_t wake_type_ = 0;
    bool quit_ = false;
};

}  // namespace talkoo::platform
