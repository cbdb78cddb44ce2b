// The thank-you screen, shown only after the signup is durable in the store. It says what
// happens next (who will get in touch, and roughly when) and lists the tasks, never the
// visitor's own details: the next person at the stand may already be looking.
#include <algorithm>
#include <string>

#include "app/screens/screens.hpp"
#include "app/ui/widgets.hpp"
#include "platform/icons.hpp"

namespace talkoo {

using ui::Rect;

void thanks_screen(ui::Ui& ui, ViewState& state, ScreenData& data, Actions& out) {
    (void)data;
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    ui.dl->AddRectFilled(ui.screen.min(), ui.screen.max(), p.background);
    // "Done" is the way back, top left, where every screen has it: never where the form's
    // "Send" or the task page's actions were, so that a visitor's second tap on "Send" cannot
    // skip this screen (issue 18, finding 1). Nobody has to tap it: the screen goes back to the
    // start by itself.
    TopBar bar{"thanks.done", ""};
    bar.back_id = "thanks.done";
    bar.back_icon = icon::check;
    bar.back_primary = true;
    Rect area = top_bar(ui, state, bar, ui.screen, out);

    Rect view = area.shrink(m.margin, m.gap);
    float col_w = std::min(view.w - m.gap, m.target * 13);
    float x = view.x + (view.w - m.gap - col_w) * 0.5f;
    // The page is short; scrolling only guards small screens and long task titles.
    float top = ui::begin_scroll(ui, state.thanks_scroll, view, 5);
    float y = top + m.gap;
    float badge = m.target * 0.9f;
    ui::icon_badge(ui, ImVec2(x + col_w * 0.5f, y + badge), badge, p.primary, icon::check);
    y += badge * 2 + m.gap;
    auto centred = [&](ImFont* f, ImU32 c, std::string_view s) {
        for (const std::string& line : ui::wrap(f, s, col_w)) {
            float w = ui::measure(f, line).x;
            ui::text(ui, f, ImVec2(x + (col_w - w) * 0.5f, y), c, line);
            y += ui::line_height(f);
        }
    };
    centred(ui.fonts->display, p.text, ui.t("thanks.title"));
    y += m.gap;
    centred(ui.fonts->body, p.text, ui.t("thanks.saved"));
    y += m.gap * 1.5f;
    y += ui::paragraph(ui, ui.fonts->label, ImVec2(x, y), col_w, p.text, ui.t("thanks.next_title"));
    y += m.gap * 0.4f;
    y += ui::paragraph(ui, ui.fonts->body, ImVec2(x, y), col_w, p.text, ui.t("thanks.next_text"));
    y += m.gap;
    if (!state.thanks_titles.empty()) {
        y += ui::paragraph(ui, ui.fonts->label, ImVec2(x, y), col_w, p.text, ui.t("thanks.tasks"));
        y += m.gap * 0.4f;
        for (const std::string& title : state.thanks_titles) {
            ui::text(ui, ui.fonts->body, ImVec2(x, y), p.primary, icon::check);
            float iw = m.target * 0.6f;
            y += ui::paragraph(ui, ui.fonts->body, ImVec2(x + iw, y), col_w - iw, p.text, title, 2);
            y += m.gap * 0.3f;
        }
    }
    ui::end_scroll(ui, state.thanks_scroll, view, y - top + m.gap);
}

}  // namespace talkoo
