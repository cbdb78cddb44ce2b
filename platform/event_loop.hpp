// The kiosk's idle-aware wait: with nobody touching, the process sleeps and uses no CPU. It wakes
// for input, for the next deadline the screens asked for (a countdown tick, an animation frame,
// the attract screen's next highlight) and for a wake-up from another thread (the sync worker
// posting a status change), delivered as an SDL user event.
//
// SDL_WaitEventTimeout truly sleeps only where the video driver can wait on its event source
// (X11 and Wayland here); elsewhere (the dummy driver of headless runs, KMSDRM) SDL polls every
// millisecond. There this loop pumps SDL's events itself every 10 ms and sleeps in between on a
// condition variable that wake() signals: a tenth of the wake-ups, and other threads still get
// through at once.
//
// waker() hands other threads a plain std::function, so sync/ never includes SDL.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

union SDL_Event;

namespace talkoo::platform {

class EventLoop {
  public:
    // Registers the wake-up event type; SDL's video subsystem must be running (Window starts
    // it), so that the driver's name tells how to wait.
    EventLoop();

    // Sleeps until an event arrives or `timeout_ms` passes (negative: no timeout), then takes
    // every queued event into `out` (cleared first). Wake-up events are consumed here: they
    // only end the sleep. Returns true when woken by anything, false on a plain timeout.
    bool wait(int timeout_ms, std::vector<SDL_Event>& out);

    // Thread-safe: ends a wait() in progress (or the next one) early.
    void wake() const;
    std::function<void()> waker() const;
    // True once a quit request (window closed, SIGTERM, SIGINT) came through wait().
    bool quit_requested() const { return quit_; }
    // Whether SDL's own wait sleeps with this video driver (see above).
    bool driver_sleeps() const { return driver_sleeps_; }

  private:
    struct Shared;
    std::shared_ptr<Shared> shared_;
    uint32_t wake_type_ = 0;
    bool quit_ = false;
    bool driver_sleeps_ = true;
};

}  // namespace talkoo::platform
