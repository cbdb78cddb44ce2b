// In place of the form when this kiosk cannot seal a signup: it has no network key, or only the
// demo catalogue's while it syncs with a real centre (KioskApp decides). The visitor is told in
// their language that signing up is not possible here now and where else to do it; nothing can
// be typed, so nothing personal is taken that could not be protected. Staff see why on the
// status line, in --summary and in the log.
#include <algorithm>
#include <string>

#include "app/screens/screens.hpp"
#include "app/ui/widgets.hpp"
#include "platform/icons.hpp"

namespace talkoo {

using ui::Rect;

namespace {
constexpr unsigned kSignupsOffScroll = 7;
}  // namespace

void signups_off_screen(ui::Ui& ui, ViewState& state, ScreenData& data, Actions& out) {
    (void)data;
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    ui.dl->AddRectFilled(ui.screen.min(), ui.screen.max(), p.background);
    Rect area = top_bar(ui, state, {"nav.back", "form.title"}, ui.screen, out);
    Rect bar = bottom_bar(ui, area, m.target);
    float bw = std::min(
        bar.w, std::max(m.target * 5,
                        ui::button_width(ui, ui.fonts->label, ui.t("form.off.back"), icon::back)));
    if (ui::button(ui, "form.off.back", Rect{bar.x + (bar.w - bw) * 0.5f, bar.y, bw, bar.h},
                   ui.t("form.off.back"), icon::back, ui::ButtonKind::primary))
        out.push_back({ActionKind::back, {}, 0});

    Rect view = area.shrink(m.margin, m.gap);
    float col_w = std::min(view.w - m.gap, m.target * 13);
    float x = view.x + (view.w - m.gap - col_w) * 0.5f;
    float top = ui::begin_scroll(ui, state.form_scroll, view, kSignupsOffScroll);
    float y = top + m.gap;
    float badge = m.target * 0.9f;
    ui::icon_badge(ui, ImVec2(x + col_w * 0.5f, y + badge), badge, p.primary, icon::lock);
    y += badge * 2 + m.gap;
    y += ui::paragraph(ui, ui.fonts->display, ImVec2(x, y), col_w, p.text, ui.t("form.off.title"));
    y += m.gap;
    y += ui::paragraph(ui, ui.fonts->body, ImVec2(x, y), col_w, p.text, ui.t("form.off.text"));
    ui::end_scroll(ui, state.form_scroll, view, y - top + m.gap);
}

}  // namespace talkoo
