// The app's idle-aware main loop: one interface, two back ends.
//
//   desktop (main_loop.cpp): sleeps in SDL_WaitEventTimeout (platform/event_loop.hpp) until input,
//     the next deadline the screens asked for, or a wake-up from another thread; then draws one
//     frame, and again without sleeping only while something moves or input is still queued.
//     run() returns when the window is closed or a frame asks to stop.
//   web (web/main_loop_web.cpp): the browser owns the loop. A frame is drawn in an animation
//     frame when input arrives, when a deadline's timer fires, or when waker() is called (a
//     storage write confirmed); with nothing to do no timer or animation frame is pending, so an
//     idle page costs no CPU. A tap's release is drawn at once, inside the browser's event
//     handler, so that what the tap opens (the phone's keyboard) counts as the person's gesture.
//     run() returns at once; frames go on from the browser's event loop.
//
// Either way the loop turns SDL's events into ImGui input (platform/sdl_input.hpp: one button
// change per frame) before it calls the frame function, and sets io.DeltaTime.
#pragma once

#include <chrono>
#include <functional>
#include <limits>
#include <memory>

namespace talkoo::platform {

// What a drawn frame asks of the loop.
struct NextFrame {
    bool again = false;      // draw another frame right away: the state just changed
    bool animating = false;  // something moves: draw again at the display's pace
    double next_deadline = std::numeric_limits<double>::infinity();  // loop time a frame is due
    bool stop = false;  // leave the loop (the kiosk's --exit-after-frames)
};

// Draws one frame at `now`, seconds since the loop's clock started; ImGui's io holds this
// frame's input and DeltaTime. It sets io.DisplaySize, draws, and presents the frame.
using FrameFunction = std::function<NextFrame(double now)>;

class MainLoop {
  public:
    // `points_to_pixels` converts pointer coordinates (window points, CSS pixels in a browser)
    // into the frame's pixels; asked per batch of events, as it changes with the window.
    // `start` is the origin of the loop's clock (the process's start, so that times the app
    // reports count its whole start-up). Desktop: SDL's video subsystem must be running (the
    // window starts it).
    MainLoop(std::function<float()> points_to_pixels, std::chrono::steady_clock::time_point start);
    ~MainLoop();
    MainLoop(const MainLoop&) = delete;
    MainLoop& operator=(const MainLoop&) = delete;

    // Thread-safe (desktop): makes the loop draw a frame soon. sync/ and the app get it as a
    // plain function, so they never include SDL.
    std::function<void()> waker() const;
    // Seconds on the loop's clock (monotonic, since `start`).
    double now() const;

    void run(FrameFunction frame);

    struct State;

  private:
    std::shared_ptr<State> state_;
};

}  // namespace talkoo::platform
