// See scroll_area.hpp.
#include "app/ui/scroll_area.hpp"

#include <algorithm>
#include <cmath>

namespace talkoo::ui {
namespace {

// Friction: speed falls to 1/e in 0.4 s, the feel of common phone lists. Below 20 px/s the
// list stops (further motion would be invisible and keep the CPU awake).
constexpr float kFrictionPerSecond = 2.5f;
constexpr float kStopSpeed = 20.0f;
// The first frame after a long sleep has a huge dt; physics steps never exceed this.
constexpr float kMaxStep = 1.0f / 20.0f;

}  // namespace

float begin_scroll(Ui& ui, ScrollState& s, const Rect& view, unsigned id) {
    PointerGesture& g = *ui.pointer;
    bool mine = !ui.blocked && view.contains(g.press_pos) && ui.clip.contains(g.press_pos);
    if (mine && g.pressed && s.velocity != 0) {
        s.velocity = 0;
        g.tap_blocked = true;  // that touch was to stop the list
    }
    if (mine && g.dragging && (g.drag_owner == 0 || g.drag_owner == id)) {
        g.drag_owner = id;
        s.offset -= g.drag_delta.y;
        s.velocity = 0;
    }
    if (g.released && g.drag_owner == id) {
        s.offset -= g.drag_delta.y;
        s.velocity = -g.release_velocity.y;
        g.drag_owner = 0;
    }
    float dt = std::min(ui.dt, kMaxStep);
    if (s.velocity != 0 && !g.down) {
        s.offset += s.velocity * dt;
        s.velocity *= std::exp(-kFrictionPerSecond * dt);
        if (std::fabs(s.velocity) < kStopSpeed) s.velocity = 0;
    }
    ImGuiIO& io = ImGui::GetIO();
    if (!ui.blocked && io.MouseWheel != 0 && view.contains(g.pos))
        s.offset -= io.MouseWheel * ui.m->target * 1.5f;

    s.view = view.h;
    s.offset = std::clamp(s.offset, 0.0f, s.max_offset());
    if (s.offset <= 0 || s.offset >= s.max_offset()) {
        if ((s.offset <= 0 && s.velocity < 0) || (s.offset >= s.max_offset() && s.velocity > 0))
            s.velocity = 0;
    }
    if (s.velocity != 0) ui.wants_frames = true;

    ui.dl->PushClipRect(view.min(), view.max(), true);
    ui.clip = view;
    // Content starts at a whole pixel, so that scrolling moves it by whole pixels: the renderer
    // can then move the region's pixels instead of drawing them again.
    const float top = std::round(view.y - s.offset);
    const ImVec2 lo = ui.dl->GetClipRectMin(), hi = ui.dl->GetClipRectMax();
    auto size = [](const platform::ScrollRegion& r) { return (r.x1 - r.x0) * (r.y1 - r.y0); };
    platform::ScrollRegion region{lo.x, lo.y, hi.x, hi.y, static_cast<int>(top)};
    if (!ui.scrolled || size(region) > size(*ui.scrolled)) ui.scrolled = region;
    return top;
}

void end_scroll(Ui& ui, ScrollState& s, const Rect& view, float content_height) {
    s.content = content_height;
    s.view = view.h;
    s.offset = std::clamp(s.offset, 0.0f, s.max_offset());
    ui.dl->PopClipRect();
    ui.clip = ui.screen;
    if (s.max_offset() <= 0) return;
    // A thin, always-visible indicator: people who have never used a touch list see that
    // there is more below. It is not a control (too thin to touch), the list itself is.
    float track = view.h - 8;
    float thumb = std::max(track * view.h / content_height, ui.m->target * 0.6f);
    float y = view.y + 4 + (track - thumb) * (s.offset / s.max_offset());
    float w = std::max(4.0f, std::round(ui.m->gap * 0.4f));
    float x = view.right() - w - 2;
    ui.dl->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + thumb), ui.pal->text_muted, w * 0.5f);
}

void scroll_into_view(ScrollState& s, float top, float bottom, float margin) {
    if (top - margin < s.offset) {
        s.offset = std::max(0.0f, top - margin);
    } else if (bottom + margin > s.offset + s.view) {
        s.offset = std::min(bottom + margin - s.view, std::max(top - margin, 0.0f));
    }
    s.velocity = 0;
}

}  // namespace talkoo::ui
