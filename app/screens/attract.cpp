// The attract screen: what a passer-by sees. A headline in the stand's language, one volunteer
// task from near this stand at a time (the next one every few seconds, a cut rather than an
// animation: nobody may be looking, and idle must stay idle), and "touch to start" in all three
// languages. A touch anywhere starts; a touch on a language button starts in that language.
#include <algorithm>
#include <string>

#include "app/screens/screens.hpp"
#include "app/ui/widgets.hpp"
#include "platform/icons.hpp"

namespace talkoo {

using ui::Rect;

namespace {

// The card of one highlighted task: category badge, title, organisation and place, summary.
float highlight_height(const ui::Ui& ui, const TaskCard& card, float width) {
    const Metrics& m = *ui.m;
    float w = width - 2 * m.pad;
    return 2 * m.pad + m.target + m.gap * 0.5f +
           ui::paragraph_height(ui.fonts->heading, w, card.title, 2) +
           ui::line_height(ui.fonts->label) + m.gap * 0.5f +
           ui::paragraph_height(ui.fonts->body, w, card.summary, 3);
}

void draw_highlight(ui::Ui& ui, const TaskCard& card, const Rect& r, const std::string& near) {
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    ui::card(ui, r, false);
    Rect in = r.shrink(m.pad);
    std::string_view cat = card.categories.empty() ? std::string_view{} : card.categories[0];
    const CategoryStyle& cs = category_style(cat);
    Rect head = in.take_top(m.target, m.gap * 0.5f);
    ui::icon_badge(ui, ImVec2(head.x + m.target * 0.5f, head.center().y), m.target * 0.5f,
                   cs.colour, cs.icon);
    head.take_left(m.target, m.gap);
    std::string tag = std::string(category_name(ui, cat));
    if (!near.empty()) tag += "  \xc2\xb7  " + near;
    auto lines = ui::wrap(ui.fonts->label, tag, head.w, 1);
    ui::text(ui, ui.fonts->label,
             ImVec2(head.x, head.center().y - ui.fonts->label->FontSize * 0.5f), p.text_muted,
             lines.empty() ? "" : lines[0]);
    in.y += ui::paragraph(ui, ui.fonts->heading, in.min(), in.w, p.text, card.title, 2);
    std::string meta = card.organisation_name;
    if (!card.municipality.empty()) meta += "  \xc2\xb7  " + card.municipality;
    in.y +=
        ui::paragraph(ui, ui.fonts->label, in.min(), in.w, p.text_muted, meta, 1) + m.gap * 0.5f;
    ui::paragraph(ui, ui.fonts->body, in.min(), in.w, p.text, card.summary, 3);
}

}  // namespace

void attract_screen(ui::Ui& ui, ViewState& state, ScreenData& data, Actions& out) {
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    Rect screen = ui.screen;
    ui.dl->AddRectFilled(screen.min(), screen.max(), p.attract_bg);

    Rect area = screen.shrink(m.margin);
    ControlRows rows = control_rows(ui, area.w, 0);
    Rect top = area.take_top(m.target, m.gap);
    Rect second = rows.two ? area.take_top(m.target, m.gap) : Rect{};
    float controls = display_controls(ui, state, top, second, rows, out, true);
    // "Help me choose", top left: for a passer-by who does not know where to begin.
    {
        std::string_view label = ui.t("chooser.open");
        Rect row = rows.two ? second : top;
        float room = rows.two ? m.target * 0.0f + (second.w - 3 * m.target - m.gap)
                              : top.w - controls - m.gap;
        float w = ui::button_width(ui, ui.fonts->label, label, icon::compass);
        bool icon_only = w > room;
        Rect b{row.x, row.y, icon_only ? m.target : w, m.target};
        if (room >= m.target) {
            const Palette& pal = *ui.pal;
            ui::record(ui, "attract.chooser", b, true);
            bool hit = ui::tapped(ui, b);
            if (ui::pressing(ui, b))
                ui.dl->AddRectFilled(b.min(), b.max(), pal.primary_pressed, m.radius);
            ui.dl->AddRect(b.min(), b.max(), pal.on_attract, m.radius, 0, 2.0f);
            ui::icon_label(ui, "attract.chooser", b.shrink(m.pad * 0.75f, 0), ui.fonts->label,
                           icon::compass, icon_only ? std::string_view("") : label, pal.on_attract);
            if (hit) out.push_back({ActionKind::chooser_open, {}, 0});
        }
    }

    // The column everything else sits in: readable width, centred.
    float col_w = std::min(area.w, std::max(m.target * 12, area.w * 0.62f));
    Rect col{area.x + (area.w - col_w) * 0.5f, area.y, col_w, area.h};

    // "Touch to start": the screen's one action, at the bottom where an arm or thumb reaches,
    // in the current language and then in the other two.
    std::string others;
    for (Lang l : kAllLangs) {
        if (l == state.lang) continue;
        if (!others.empty()) others += "  \xc2\xb7  ";
        others += ui.tr->get(l, "attract.touch");
    }
    float others_h = ui::paragraph_height(ui.fonts->body, col.w, others);
    Rect cta_area = col.take_bottom(m.target * 1.2f + m.gap + others_h, m.gap);
    Rect cta = cta_area.take_top(m.target * 1.2f, m.gap);
    // The largest face in which "touch to start" fits the column on one line.
    ImFont* cta_font = ui.fonts->label;
    for (ImFont* f : {ui.fonts->heading, ui.fonts->title}) {
        if (ui::button_width(ui, f, ui.t("attract.touch"), icon::hand) + m.pad <= cta.w) {
            cta_font = f;
            break;
        }
    }
    float cta_w =
        std::min(cta.w, ui::button_width(ui, cta_font, ui.t("attract.touch"), icon::hand) + m.pad);
    Rect pill{cta.x + (cta.w - cta_w) * 0.5f, cta.y, cta_w, cta.h};
    ui.dl->AddRectFilled(pill.min(), pill.max(), p.surface, pill.h * 0.5f);
    ui::icon_label(ui, "attract.touch", pill.shrink(m.pad, 0), cta_font, icon::hand,
                   ui.t("attract.touch"), p.primary);
    if (p.high_contrast) ui.dl->AddRect(pill.min(), pill.max(), p.border, pill.h * 0.5f, 0, 2);
    std::vector<std::string> other_lines = ui::wrap(ui.fonts->body, others, col.w);
    float oy = cta_area.y;
    for (const auto& line : other_lines) {
        float w = ui::measure(ui.fonts->body, line).x;
        ui::text(ui, ui.fonts->body, ImVec2(col.x + (col.w - w) * 0.5f, oy), p.on_attract, line);
        oy += ui::line_height(ui.fonts->body);
    }

    // Headline and subtitle.
    ImFont* display = ui::font_fitting_words(
        {ui.fonts->display, ui.fonts->heading, ui.fonts->title}, ui.t("attract.title"), col.w);
    float title_h = ui::paragraph_height(display, col.w, ui.t("attract.title"));
    // "Near you" only where the kiosk knows where it stands (issue 18, point 4).
    std::string_view subtitle =
        ui.t(data.has_point ? "attract.subtitle" : "attract.subtitle_anywhere");
    float sub_h = ui::paragraph_height(ui.fonts->body, col.w, subtitle);
    int n_high = static_cast<int>(data.highlights.size());
    int current = n_high == 0 ? 0 : ((state.attract.highlight % n_high) + n_high) % n_high;
    auto card_at = [&](int k) -> const TaskCard& {
        return data.highlights[static_cast<size_t>((current + k) % n_high)];
    };
    float dots_h = n_high > 1 ? m.gap * 2 : 0;
    // As many highlights as the screen's height holds (a portrait kiosk shows three), starting
    // with the current one; the next change moves them all on by one. None rather than a
    // squeezed one where the screen is short.
    float text_h = title_h + m.gap + sub_h;
    int shown = 0;
    float cards_h = 0;
    for (int k = 0; k < std::min(3, n_high); ++k) {
        float h = highlight_height(ui, card_at(k), col.w);
        float extra = (k == 0 ? m.gap * 2 + dots_h : m.gap);
        if (text_h + cards_h + h + extra > col.h * (k == 0 ? 1.0f : 0.85f)) break;
        cards_h += h + extra;
        ++shown;
    }
    float block = text_h + cards_h;
    float y = col.y + std::max(0.0f, (col.h - block) * 0.5f);
    y += ui::paragraph(ui, display, ImVec2(col.x, y), col.w, p.on_attract, ui.t("attract.title"));
    y += m.gap;
    y += ui::paragraph(ui, ui.fonts->body, ImVec2(col.x, y), col.w, p.on_attract, subtitle);
    ui::record(ui, data.has_point ? "attract.subtitle" : "attract.subtitle_anywhere",
               Rect{col.x, y, col.w, 0}, false);
    if (shown > 0) y += m.gap * 2;
    for (int k = 0; k < shown; ++k) {
        float h = highlight_height(ui, card_at(k), col.w);
        draw_highlight(ui, card_at(k), Rect{col.x, y, col.w, h},
                       data.point_name.empty() ? "" : ui.t("attract.near"));
        y += h + m.gap;
    }
    if (shown > 0 && n_high > shown) {
        // Which of the highlights lead now: small dots, the first shown one filled.
        float r = std::max(4.0f, m.gap * 0.35f);
        float total = static_cast<float>(n_high) * r * 3;
        float x = col.x + (col.w - total) * 0.5f + r * 1.5f;
        for (int k = 0; k < n_high; ++k, x += r * 3) {
            if (k == current)
                ui.dl->AddCircleFilled(ImVec2(x, y + m.gap * 0.5f), r, p.on_attract, 16);
            else
                ui.dl->AddCircle(ImVec2(x, y + m.gap * 0.5f), r, p.on_attract, 16, 2.0f);
        }
    }

    // Anywhere else on the screen starts.
    ui::record(ui, "attract.start", screen, false);
    if (ui::tapped(ui, screen)) out.push_back({ActionKind::start, {}, 0});
}

}  // namespace talkoo
