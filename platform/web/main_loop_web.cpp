// The web back end of main_loop.hpp: frames driven by the browser's events, never by a timer
// that runs for nothing.
//
//   input (SDL's handlers queue it) ──► SDL event watch ──► one requestAnimationFrame
//   a tap's release (touchend/mouseup on the window, after SDL's own handlers) ──► frames now
//   the next deadline the screens asked for ──► one setTimeout ──► requestAnimationFrame
//   waker() (a storage answer) ──► requestAnimationFrame
//
// With nothing changing, no animation frame and no timer is pending: the page sleeps.
// emscripten_set_main_loop is not used: it draws every animation frame, 60 times a second.
#include <SDL.h>
#include <emscripten/html5.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "platform/main_loop.hpp"
#include "platform/sdl_input.hpp"

namespace talkoo::platform {

struct MainLoop::State {
    std::function<float()> points_to_pixels;
    std::chrono::steady_clock::time_point start;
    InputQueue input;
    FrameFunction frame;
    NextFrame last;
    bool more_input = false;
    double previous = 0;
    bool running = false;
    bool in_frame = false;
    long animation_frame = 0;  // pending requestAnimationFrame, 0 = none
    long timer = 0;            // pending setTimeout for the next deadline, 0 = none
    double timer_due = 0;

    double now() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    void draw_one();
    void draw_now();
    void schedule();
    void request_frame();
};

namespace {

// One loop per page; the browser's callbacks find it here.
MainLoop::State* g_loop = nullptr;

EM_BOOL on_animation_frame(double, void* data) {
    auto* s = static_cast<MainLoop::State*>(data);
    s->animation_frame = 0;
    s->draw_one();
    s->schedule();
    return EM_FALSE;  // one frame only; schedule() asks for the next when it is wanted
}

void on_deadline(void* data) {
    auto* s = static_cast<MainLoop::State*>(data);
    s->timer = 0;
    s->request_frame();
}

int watch_events(void* data, SDL_Event* e) {
    auto* s = static_cast<MainLoop::State*>(data);
    if (s->running && !s->in_frame) s->request_frame();
    (void)e;
    return 0;
}

void released(void* data) {
    auto* s = static_cast<MainLoop::State*>(data);
    if (s->running && !s->in_frame) s->draw_now();
}
// EM_FALSE: SDL's own handlers decide about the events' default actions.
EM_BOOL on_mouse_up(int, const EmscriptenMouseEvent*, void* data) {
    released(data);
    return EM_FALSE;
}
EM_BOOL on_touch_end(int, const EmscriptenTouchEvent*, void* data) {
    released(data);
    return EM_FALSE;
}

}  // namespace

void MainLoop::State::request_frame() {
    if (animation_frame == 0)
        animation_frame = emscripten_request_animation_frame(&on_animation_frame, this);
}

void MainLoop::State::draw_one() {
    in_frame = true;
    ImGuiIO& io = ImGui::GetIO();
    float scale = points_to_pixels();
    SDL_Event e;
    while (SDL_PollEvent(&e))
        input.push(e, scale);
    double t = now();
    io.DeltaTime = static_cast<float>(std::max(1e-4, t - previous));
    previous = t;
    more_input = input.apply(io);
    last = frame(t);
    in_frame = false;
}

// A tap's release: its press and release (and whatever it changed) are drawn before the
// browser's event handler returns, so that a text field the tap focused can take the page's
// keyboard focus inside the person's gesture (phones open their keyboard only then).
void MainLoop::State::draw_now() {
    if (animation_frame) {
        emscripten_cancel_animation_frame(animation_frame);
        animation_frame = 0;
    }
    for (int i = 0; i < 8; ++i) {
        draw_one();
        if (!more_input && !last.again) break;
    }
    schedule();
}

void MainLoop::State::schedule() {
    if (last.again || more_input || last.animating) {
        request_frame();
        return;
    }
    if (std::isinf(last.next_deadline)) return;  // nothing to do until input: sleep
    double due = last.next_deadline;
    if (timer && timer_due == due) return;
    if (timer) emscripten_clear_timeout(timer);
    timer_due = due;
    double wait_ms = std::max(0.0, (due - now()) * 1000.0);
    timer = emscripten_set_timeout(&on_deadline, wait_ms, this);
}

MainLoop::MainLoop(std::function<float()> points_to_pixels,
                   std::chrono::steady_clock::time_point start)
    : state_(std::make_shared<State>()) {
    state_->points_to_pixels = std::move(points_to_pixels);
    state_->start = start;
}

MainLoop::~MainLoop() {
    if (g_loop == state_.get()) {
        SDL_DelEventWatch(&watch_events, state_.get());
        g_loop = nullptr;
    }
}

std::function<void()> MainLoop::waker() const {
    std::weak_ptr<State> weak = state_;
    return [weak] {
        if (auto s = weak.lock(); s && s->running && !s->in_frame) s->request_frame();
    };
}

double MainLoop::now() const {
    return state_->now();
}

void MainLoop::run(FrameFunction frame) {
    State& s = *state_;
    s.frame = std::move(frame);
    s.previous = s.now();
    s.running = true;
    g_loop = &s;
    SDL_AddEventWatch(&watch_events, &s);
    // After SDL's handlers (on the canvas and the document), as the event bubbles to the window.
    emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, &s, EM_FALSE, &on_mouse_up);
    emscripten_set_touchend_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, &s, EM_FALSE, &on_touch_end);
    s.last.again = true;
    s.request_frame();
}

}  // namespace talkoo::platform
