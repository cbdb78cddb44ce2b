// Tap or drag? One pointer (a finger or a mouse) seen frame by frame, turned into the two
// gestures a kiosk needs:
//
//   - a tap: down and up with less movement than the drag threshold in between; the widget
//     under both the press and the release gets it (on release, as touch users expect);
//   - a drag: movement past the threshold; a scroll area takes it, and the touch is no longer a
//     tap for anything, so scrolling a list never opens a card by accident. The speed at
//     release (over the last ~80 ms) gives the list its inertia.
//
// Nothing here looks at hover: a widget lights up only while a finger is pressing it, so no
// highlight stays behind after a tap.
#pragma once

#include <imgui.h>

#include <array>

namespace talkoo::ui {

struct PointerGesture {
    // Persistent across frames.
    bool down = false;
    bool dragging = false;
    bool tap_blocked = false;  // this touch stopped a moving list: it must not also tap
    ImVec2 pos{-1e6f, -1e6f};
    ImVec2 press_pos{-1e6f, -1e6f};
    double press_time = -1e9;  // when the finger went down (for the tap guard, ui.hpp)
    unsigned drag_owner = 0;   // id of the scroll area that took the drag, 0 if none
    struct Sample {
        double time;
        ImVec2 pos;
    };
    std::array<Sample, 8> samples{};
    int sample_count = 0;

    // This frame's news.
    bool pressed = false;           // went down
    bool released = false;          // went up
    bool tap = false;               // went up without dragging: a tap at `pos`
    bool tap_taken = false;         // a widget has claimed this frame's tap
    ImVec2 drag_delta{0, 0};        // movement this frame while dragging
    ImVec2 release_velocity{0, 0};  // px/s when a drag ended
};

// Reads this frame's pointer position and button from ImGui's io.
void update_gesture(PointerGesture& g, ImVec2 mouse_pos, bool mouse_down, double now,
                    float drag_threshold);

}  // namespace talkoo::ui
