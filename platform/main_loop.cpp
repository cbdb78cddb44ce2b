// The desktop back end of main_loop.hpp: SDL's event queue, waited on by EventLoop.
#include "platform/main_loop.hpp"

#include <SDL.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "platform/event_loop.hpp"
#include "platform/sdl_input.hpp"

namespace talkoo::platform {

struct MainLoop::State {
    std::function<float()> points_to_pixels;
    std::chrono::steady_clock::time_point start;
    EventLoop events;
    InputQueue input;
};

MainLoop::MainLoop(std::function<float()> points_to_pixels,
                   std::chrono::steady_clock::time_point start)
    : state_(std::make_shared<State>()) {
    state_->points_to_pixels = std::move(points_to_pixels);
    state_->start = start;
}

MainLoop::~MainLoop() = default;

std::function<void()> MainLoop::waker() const {
    return state_->events.waker();
}

double MainLoop::now() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - state_->start).count();
}

void MainLoop::run(FrameFunction frame) {
    State& s = *state_;
    ImGuiIO& io = ImGui::GetIO();
    std::vector<SDL_Event> events;
    NextFrame last;
    last.again = true;
    bool more_input = false;
    double previous = now();
    for (;;) {
        // How long may we sleep? Not at all with input queued or the state just changed;
        // one 60 Hz frame while something moves; else until the next deadline.
        double t = now();
        int timeout;
        if (last.again || more_input)
            timeout = 0;
        else if (last.animating)
            timeout = std::max(1, static_cast<int>(16 - (t - previous) * 1000));
        else if (std::isinf(last.next_deadline))
            timeout = -1;
        else
            timeout = std::max(0, static_cast<int>(std::ceil((last.next_deadline - t) * 1000)));
        s.events.wait(timeout, events);
        if (s.events.quit_requested()) break;
        float scale = s.points_to_pixels();
        for (const SDL_Event& e : events)
            s.input.push(e, scale);

        t = now();
        io.DeltaTime = static_cast<float>(std::max(1e-4, t - previous));
        previous = t;
        more_input = s.input.apply(io);
        last = frame(t);
        if (last.stop) break;
    }
}

}  // namespace talkoo::platform
