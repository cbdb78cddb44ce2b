// SDL input → ImGui input, the touch-first way. Our own small platform backend instead of
// imgui_impl_sdl: that one (1.86) polls the global mouse state every frame, which undoes a
// finger's lift and merges a quick tap's press and release into one frame.
//
//   - Touches arrive as SDL's synthesized mouse events (SDL_HINT_TOUCH_MOUSE_EVENTS), so a finger
//     and a mouse take one code path; multi-touch gestures are not used by the kiosk.
//   - Events queue up, and each frame applies them only up to the first press or release: a
//     tap whose down and up arrive in the same wake-up still becomes two frames, so the screens
//     see the press and then the release (the "input trickling" that later ImGui versions do).
//   - Keys the screens need are passed as control characters in ImGui's character queue
//     ('\b' backspace, '\r' enter, '\t' tab, 0x1b escape), next to typed text: the text fields
//     read one stream, whether it comes from the on-screen keyboard, a USB keyboard or a test.
#pragma once

#include <deque>
#include <string>

union SDL_Event;
struct ImGuiIO;

namespace talkoo::platform {

class InputQueue {
  public:
    // Queues what matters of `event`. Returns true when the event is a person's input (pointer,
    // wheel, key or text), which is what resets the kiosk's idle timer.
    bool push(const SDL_Event& event, float points_to_pixels);
    // Applies queued input to `io`, stopping after the first button change. Returns true when
    // input remains for the next frame.
    bool apply(ImGuiIO& io);
    bool empty() const { return items_.empty(); }

  private:
    struct Item {
        enum Kind { move, down, up, wheel, chars } kind = move;
        float x = 0;
        float y = 0;
        std::string text;
    };
    std::deque<Item> items_;
};

}  // namespace talkoo::platform
