// Rectangles for laying out screens by hand: a screen takes the display's rectangle and cuts it
// into bars, columns and cells. Plain arithmetic, no ImGui state.
#pragma once

#include <imgui.h>

#include <algorithm>

namespace talkoo::ui {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;

    float right() const { return x + w; }
    float bottom() const { return y + h; }
    ImVec2 min() const { return {x, y}; }
    ImVec2 max() const { return {x + w, y + h}; }
    ImVec2 center() const { return {x + w * 0.5f, y + h * 0.5f}; }
    bool contains(ImVec2 p) const { return p.x >= x && p.x < x + w && p.y >= y && p.y < y + h; }
    bool overlaps(const Rect& o) const {
        return x < o.right() && o.x < right() && y < o.bottom() && o.y < bottom();
    }
    bool inside(const Rect& o) const {
        return x >= o.x - 0.5f && y >= o.y - 0.5f && right() <= o.right() + 0.5f &&
               bottom() <= o.bottom() + 0.5f;
    }
    Rect shrink(float d) const {
        return {x + d, y + d, std::max(0.f, w - 2 * d), std::max(0.f, h - 2 * d)};
    }
    Rect shrink(float dx, float dy) const {
        return {x + dx, y + dy, std::max(0.f, w - 2 * dx), std::max(0.f, h - 2 * dy)};
    }
    Rect intersect(const Rect& o) const {
        float nx = std::max(x, o.x), ny = std::max(y, o.y);
        float nr = std::min(right(), o.right()), nb = std::min(bottom(), o.bottom());
        return {nx, ny, std::max(0.f, nr - nx), std::max(0.f, nb - ny)};
    }

    // Cut a slice off one side and return it; this rectangle keeps the rest (minus `gap`).
    Rect take_top(float height, float gap = 0) {
        Rect r{x, y, w, std::min(height, h)};
        float used = std::min(h, height + gap);
        y += used;
        h -= used;
        return r;
    }
    Rect take_bottom(float height, float gap = 0) {
        Rect r{x, bottom() - std::min(height, h), w, std::min(height, h)};
        h = std::max(0.f, h - height - gap);
        return r;
    }
    Rect take_left(float width, float gap = 0) {
        Rect r{x, y, std::min(width, w), h};
        float used = std::min(w, width + gap);
        x += used;
        w -= used;
        return r;
    }
    Rect take_right(float width, float gap = 0) {
        Rect r{right() - std::min(width, w), y, std::min(width, w), h};
        w = std::max(0.f, w - width - gap);
        return r;
    }
};

}  // namespace talkoo::ui
