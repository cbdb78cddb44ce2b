// "Saving your signup…": over the form while a browser's storage confirms the signup's write
// (app/store_flush.hpp). It shows only when that takes a moment (KioskApp decides), takes no
// input, and goes when the answer comes: the thank-you screen, or the form with the reason.
#include <algorithm>

#include "app/screens/screens.hpp"
#include "app/ui/widgets.hpp"

namespace talkoo {

using ui::Rect;

void saving_notice(ui::Ui& ui) {
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    Rect screen = ui.screen;
    ui.dl->AddRectFilled(screen.min(), screen.max(), p.scrim);
    float w = std::min(screen.w - 2 * m.margin, m.target * 12);
    float text_w = w - 2 * m.pad;
    float h = 2 * m.pad + ui::paragraph_height(ui.fonts->heading, text_w, ui.t("saving.title"));
    Rect panel{screen.x + (screen.w - w) * 0.5f, screen.y + (screen.h - h) * 0.5f, w, h};
    ui.dl->AddRectFilled(panel.min(), panel.max(), p.surface, m.radius);
    ui.dl->AddRect(panel.min(), panel.max(), p.border, m.radius, 0, 2.0f);
    Rect in = panel.shrink(m.pad);
    ui::paragraph(ui, ui.fonts->heading, ImVec2(in.x, in.y), in.w, p.text, ui.t("saving.title"));
    ui::record(ui, "saving.notice", panel, false);
}

}  // namespace talkoo
