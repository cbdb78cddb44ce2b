// See gesture.hpp.
#include "app/ui/gesture.hpp"

#include <cmath>

namespace talkoo::ui {
namespace {

void add_sample(PointerGesture& g, double now, ImVec2 pos) {
    if (g.sample_count == static_cast<int>(g.samples.size())) {
        for (size_t i = 1; i < g.samples.size(); ++i)
            g.samples[i - 1] = g.samples[i];
        --g.sample_count;
    }
    g.samples[g.sample_count++] = {now, pos};
}

// Velocity over the samples of the last 80 ms: long enough to smooth jitter, short enough that
// a finger that stopped before lifting does not fling the list.
ImVec2 recent_velocity(const PointerGesture& g, double now) {
    if (g.sample_count < 2) return {0, 0};
    const auto& last = g.samples[g.sample_count - 1];
    if (now - last.time > 0.08) return {0, 0};
    int first = g.sample_count - 1;
    while (first > 0 && last.time - g.samples[first - 1].time <= 0.08)
        --first;
    const auto& a = g.samples[first];
    double dt = last.time - a.time;
    if (dt <= 1e-4) return {0, 0};
    return {static_cast<float>((last.pos.x - a.pos.x) / dt),
            static_cast<float>((last.pos.y - a.pos.y) / dt)};
}

}  // namespace

void update_gesture(PointerGesture& g, ImVec2 mouse_pos, bool mouse_down, double now,
                    float drag_threshold) {
    g.pressed = g.released = g.tap = g.tap_taken = false;
    g.drag_delta = {0, 0};
    g.release_velocity = {0, 0};
    ImVec2 previous = g.pos;
    g.pos = mouse_pos;

    if (mouse_down && !g.down) {
        g.down = true;
        g.pressed = true;
        g.dragging = false;
        g.tap_blocked = false;
        g.drag_owner = 0;
        g.press_pos = mouse_pos;
        g.press_time = now;
        g.sample_count = 0;
        add_sample(g, now, mouse_pos);
        return;
    }
    if (g.down && mouse_down) {
        if (!g.dragging) {
            float dx = mouse_pos.x - g.press_pos.x, dy = mouse_pos.y - g.press_pos.y;
            if (std::sqrt(dx * dx + dy * dy) >= drag_threshold) {
                g.dragging = true;
                g.drag_delta = {dx, dy};  // the list catches up with the finger at once
            }
        } else {
            g.drag_delta = {mouse_pos.x - previous.x, mouse_pos.y - previous.y};
        }
        add_sample(g, now, mouse_pos);
        return;
    }
    if (g.down && !mouse_down) {
        g.down = false;
        g.released = true;
        if (g.dragging) {
            g.drag_delta = {mouse_pos.x - previous.x, mouse_pos.y - previous.y};
            add_sample(g, now, mouse_pos);
            g.release_velocity = recent_velocity(g, now);
        } else {
            g.tap = !g.tap_blocked;
        }
        g.dragging = false;
    }
}

}  // namespace talkoo::ui
