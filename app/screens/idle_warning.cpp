// "Are you still there?": after a while with no touch, this question sits over the screen with a
// countdown, and "I need more time" doubles this visitor's idle time. A touch anywhere answers it;
// at zero the kiosk starts over and what was typed is wiped. The number changes once a second,
// which is the only drawing this needs.
#include <algorithm>
#include <cmath>
#include <string>

#include "app/screens/screens.hpp"
#include "app/ui/widgets.hpp"
#include "platform/icons.hpp"

namespace talkoo {

using ui::Rect;

namespace {
constexpr float kPi = 3.14159265f;
}  // namespace

void idle_warning(ui::Ui& ui, int seconds_left, int countdown_seconds, bool more_time,
                  Actions& out) {
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    Rect screen = ui.screen;
    ui.dl->AddRectFilled(screen.min(), screen.max(), p.scrim);
    float w = std::min(screen.w - 2 * m.margin, m.target * 12);
    Rect measure_box{0, 0, w - 2 * m.pad, 0};
    std::string body = ui.f("idle.body", {{"n", std::to_string(seconds_left)}});
    float ring = m.target * 1.2f;
    float h = 2 * m.pad +
              ui::paragraph_height(ui.fonts->heading, measure_box.w, ui.t("idle.title")) + m.gap +
              ring * 2 + m.gap + ui::paragraph_height(ui.fonts->body, measure_box.w, body) +
              m.gap * 1.5f + m.target + (more_time ? m.gap + m.target : 0.0f);
    Rect panel{screen.x + (screen.w - w) * 0.5f, screen.y + (screen.h - h) * 0.5f, w, h};
    ui.dl->AddRectFilled(panel.min(), panel.max(), p.surface, m.radius);
    ui.dl->AddRect(panel.min(), panel.max(), p.border, m.radius, 0, 2.0f);
    Rect in = panel.shrink(m.pad);
    float y = in.y;
    y += ui::paragraph(ui, ui.fonts->heading, ImVec2(in.x, y), in.w, p.text, ui.t("idle.title"));
    y += m.gap;
    // The countdown: the seconds left in a ring that empties as they run out.
    ImVec2 c(in.center().x, y + ring);
    ui.dl->AddCircle(c, ring - 4, p.border, 48, 8.0f);
    float left = std::min(1.0f, static_cast<float>(seconds_left) /
                                    static_cast<float>(std::max(1, countdown_seconds)));
    ui.dl->PathArcTo(c, ring - 4, -kPi * 0.5f, -kPi * 0.5f + 2 * kPi * left, 48);
    ui.dl->PathStroke(p.primary, 0, 8.0f);
    std::string n = std::to_string(seconds_left);
    ImVec2 ns = ui::measure(ui.fonts->display, n);
    ui::text(ui, ui.fonts->display,
             ImVec2(c.x - ns.x * 0.5f, c.y - ui.fonts->display->FontSize * 0.5f), p.text, n);
    y += ring * 2 + m.gap;
    y += ui::paragraph(ui, ui.fonts->body, ImVec2(in.x, y), in.w, p.text, body);
    y += m.gap * 1.5f;
    if (ui::button(ui, "idle.stay", Rect{in.x, y, in.w, m.target}, ui.t("idle.stay"), icon::hand,
                   ui::ButtonKind::primary))
        out.push_back({ActionKind::still_here, {}, 0});
    // More time for those who need it (WCAG 2.2.1): reading slowly, a second language, or
    // fetching glasses should not cost anyone what they typed.
    if (more_time) {
        y += m.target + m.gap;
        if (ui::button(ui, "idle.more_time", Rect{in.x, y, in.w, m.target}, ui.t("idle.more_time"),
                       icon::clock_more))
            out.push_back({ActionKind::more_time, {}, 0});
    }
    // Any other touch means the same: someone is there.
    ui::record(ui, "idle.anywhere", screen, false);
    if (ui::tapped(ui, screen)) out.push_back({ActionKind::still_here, {}, 0});
}

}  // namespace talkoo
