// The task page: everything a visitor needs to decide (what, which organisation, for whom,
// where, when, how much time, what they get), a QR code to the task's web page to continue on
// their phone, and the one main action, "I'm interested". A second, quieter button adds the
// task to a list instead, for visitors who want to send one form for several tasks.
#include <algorithm>
#include <cmath>
#include <string>

#include "app/screens/screens.hpp"
#include "app/ui/widgets.hpp"
#include "platform/icons.hpp"

namespace talkoo {

using ui::Rect;

namespace {

constexpr unsigned kTaskScroll = 3;

std::string show_date(const ui::Ui& ui, const std::string& iso) {
    // "2025-06-01" → "1.6.2025" (the format of each language's table).
    if (iso.size() != 10) return iso;
    int d = std::atoi(iso.c_str() + 8), mo = std::atoi(iso.c_str() + 5);
    return ui.f("date.format",
                {{"d", std::to_string(d)}, {"m", std::to_string(mo)}, {"y", iso.substr(0, 4)}});
}

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) {
        if (p.empty()) continue;
        if (!out.empty()) out += ", ";
        out += p;
    }
    return out;
}

}  // namespace

// The place and its town, unless the place already names the town ("Yyterin uimaranta, Pori"
// and Pori is one "Pori", not two: issue 18, finding 5).
std::string place_with_town(std::string_view place, std::string_view town) {
    auto lower = [](std::string_view s) {
        std::string out(s);
        for (char& c : out)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return out;
    };
    auto trimmed = [](std::string_view s) {
        while (!s.empty() && s.front() == ' ')
            s.remove_prefix(1);
        while (!s.empty() && s.back() == ' ')
            s.remove_suffix(1);
        return s;
    };
    std::string p(trimmed(place));
    if (p.empty()) return std::string(town);
    if (town.empty()) return p;
    // The last part after a comma, or the last word ("28100 Pori").
    size_t comma = p.rfind(',');
    std::string_view last =
        trimmed(std::string_view(p).substr(comma == std::string::npos ? 0 : comma + 1));
    size_t space = last.rfind(' ');
    std::string_view last_word = space == std::string_view::npos ? last : last.substr(space + 1);
    if (lower(last) == lower(town) || lower(last_word) == lower(town)) return p;
    return p + ", " + std::string(town);
}

namespace {

struct Fact {
    const char* icon;
    std::string label;
    std::string value;
};

std::vector<Fact> facts_of(const ui::Ui& ui, const Task& t) {
    std::vector<Fact> facts;
    std::vector<std::string> groups;
    for (TargetGroup g : t.target_groups)
        groups.push_back(ui.t("group." + std::string(to_string(g))));
    facts.push_back({icon::users, ui.t("task.for_whom"), join(groups)});

    std::vector<std::string> where = {place_with_town(t.place.show(ui.lang), t.municipality)};
    if (t.remote_possible) where.push_back(ui.t("task.remote_yes"));
    facts.push_back({icon::map_marker, ui.t("task.where"), join(where)});

    std::string when;
    if (!t.start_date.empty() && !t.end_date.empty())
        when = ui.f("task.when_range",
                    {{"from", show_date(ui, t.start_date)}, {"to", show_date(ui, t.end_date)}});
    else if (!t.start_date.empty())
        when = ui.f("task.when_from", {{"from", show_date(ui, t.start_date)}});
    else if (!t.end_date.empty())
        when = ui.f("task.when_until", {{"to", show_date(ui, t.end_date)}});
    else
        when = ui.t("task.when_open");
    when += " \xc2\xb7 " + ui.t("commitment." + std::string(to_string(t.commitment)));
    facts.push_back({icon::calendar, ui.t("task.when"), when});

    if (!t.time_needed.show(ui.lang).empty())
        facts.push_back({icon::clock, ui.t("task.time_needed"), t.time_needed.show(ui.lang)});
    std::vector<std::string> langs;
    for (Lang l : t.languages)
        langs.push_back(ui.t("lang.name." + std::string(lang_code(l))));
    if (!langs.empty()) facts.push_back({icon::language, ui.t("task.languages"), join(langs)});
    std::vector<std::string> benefits;
    for (Benefit b : t.benefits)
        benefits.push_back(ui.t("benefit." + std::string(to_string(b))));
    if (!benefits.empty())
        facts.push_back({icon::certificate, ui.t("task.benefits"), join(benefits)});
    std::vector<std::string> contact = {t.contact.name, t.contact.phone, t.contact.email};
    if (!join(contact).empty()) facts.push_back({icon::phone, ui.t("task.contact"), join(contact)});
    return facts;
}

// Draws (draw=true) or measures the page's text column; returns its height.
float body(ui::Ui& ui, const ScreenData& data, ImVec2 pos, float width, bool draw) {
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    const Task& t = *data.task;
    float y = pos.y;
    auto para = [&](ImFont* f, ImU32 c, std::string_view s, float x, float w) {
        return draw ? ui::paragraph(ui, f, ImVec2(x, y), w, c, s) : ui::paragraph_height(f, w, s);
    };

    // Category tags in their colours.
    ui::FlowLayout flow(Rect{pos.x, y, width, 0}, m.gap * 0.5f,
                        ui::line_height(ui.fonts->label) + m.gap * 0.5f);
    for (const auto& c : t.categories) {
        const CategoryStyle& cs = category_style(c);
        std::string_view name = category_name(ui, c);
        float w = ui::measure(ui.fonts->label, name).x + ui::measure(ui.fonts->label, cs.icon).x +
                  m.gap * 1.6f;
        Rect r = flow.next(w);
        if (draw) {
            ui.dl->AddRectFilled(r.min(), r.max(), cs.colour, r.h * 0.5f);
            ui::icon_label(ui, "task.category." + c, r.shrink(m.gap * 0.5f, 0), ui.fonts->label,
                           cs.icon, name, IM_COL32_WHITE);
        }
    }
    y += (t.categories.empty() ? 0 : flow.height()) + m.gap;
    const std::string& title = t.title.show(ui.lang);
    y += para(
        ui::font_fitting_words({ui.fonts->heading, ui.fonts->title, ui.fonts->label}, title, width),
        p.text, title, pos.x, width);
    if (data.task_org) {
        y += m.gap * 0.3f;
        std::string org = std::string(icon::building) + "  " + data.task_org->name.show(ui.lang);
        y += para(ui.fonts->label, p.text_muted, org, pos.x, width);
    }
    y += m.gap;
    y += para(ui.fonts->body, p.text, t.summary.show(ui.lang), pos.x, width);
    y += m.gap;

    // The facts: icon, what it is, and the value, one per row.
    float icon_w = m.target * 0.7f;
    for (const Fact& f : facts_of(ui, t)) {
        if (draw) {
            ImFont* fi = ui.fonts->title;
            ui::text(ui, fi,
                     ImVec2(pos.x, y + (ui::line_height(ui.fonts->small) - fi->FontSize) * 0.5f +
                                       m.gap * 0.2f),
                     p.text_muted, f.icon);
        }
        y += para(ui.fonts->small, p.text_muted, f.label, pos.x + icon_w, width - icon_w);
        y += para(ui.fonts->body, p.text, f.value, pos.x + icon_w, width - icon_w);
        y += m.gap * 0.6f;
    }
    const std::string& description = t.description.show(ui.lang);
    if (!description.empty()) {
        y += m.gap * 0.5f;
        y += para(ui.fonts->body, p.text, description, pos.x, width);
    }
    return y - pos.y;
}

float qr_block_height(const ui::Ui& ui, float width) {
    const Metrics& m = *ui.m;
    float side = std::min(width, m.target * 3.6f);
    return ui::paragraph_height(ui.fonts->label, width, ui.t("task.qr_title")) +
           ui::paragraph_height(ui.fonts->small, width, ui.t("task.qr_hint")) + m.gap + side;
}

float qr_block(ui::Ui& ui, const ScreenData& data, ImVec2 pos, float width) {
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    float y = pos.y;
    y += ui::paragraph(ui, ui.fonts->label, ImVec2(pos.x, y), width, p.text, ui.t("task.qr_title"));
    y += ui::paragraph(ui, ui.fonts->small, ImVec2(pos.x, y), width, p.text_muted,
                       ui.t("task.qr_hint"));
    y += m.gap;
    float side = std::min(width, m.target * 3.6f);
    Rect drawn = draw_qr(ui, data.task_qr, Rect{pos.x, y, side, side});
    ui::record(ui, "task.qr", drawn, false);
    return y + side - pos.y;
}

}  // namespace

void task_screen(ui::Ui& ui, ViewState& state, ScreenData& data, Actions& out) {
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    ui.dl->AddRectFilled(ui.screen.min(), ui.screen.max(), p.background);
    Rect area = top_bar(ui, state, {"nav.back", ""}, ui.screen, out);
    if (!data.task) {
        Rect in = area.shrink(m.margin);
        ui::paragraph(ui, ui.fonts->body, in.min(), in.w, p.text, ui.t("task.missing"));
        return;
    }
    const std::string& id = data.task->id;
    bool chosen =
        std::find(state.selected.begin(), state.selected.end(), id) != state.selected.end();
    std::string_view list_label = ui.t(chosen ? "task.on_list" : "task.add_to_list");
    const char* list_icon = chosen ? icon::check : icon::plus;
    ui::ButtonKind list_kind = chosen ? ui::ButtonKind::on : ui::ButtonKind::secondary;
    bool has_qr = data.task_qr.size > 0;

    Rect content = area.shrink(m.margin, m.gap);
    if (m.wide()) {
        float side_w = std::clamp(content.w * 0.3f, m.target * 5.0f, m.target * 7.0f);
        Rect side = content.take_right(side_w, m.gap * 2);
        Rect actions = side.take_bottom(2 * m.target + m.gap);
        if (ui::button(ui, "task.interested", actions.take_top(m.target, m.gap),
                       ui.t("task.interested"), icon::hand, ui::ButtonKind::primary))
            out.push_back({ActionKind::interested, id, 0});
        if (ui::button(ui, "task.select", actions, list_label, list_icon, list_kind))
            out.push_back({ActionKind::toggle_selected, id, 0});
        if (has_qr && qr_block_height(ui, side.w) <= side.h) qr_block(ui, data, side.min(), side.w);
    } else {
        Rect bar = bottom_bar(ui, area, m.target);
        content = area.shrink(m.margin, m.gap);
        // On narrow screens the list button shows its icon only, so that the main action keeps
        // a wide, unmistakable target.
        float lw =
            m.narrow() ? m.target : ui::button_width(ui, ui.fonts->label, list_label, list_icon);
        lw = std::min(lw, bar.w * 0.45f);
        Rect list_r = bar.take_left(lw, m.gap);
        bool list_tap =
            m.narrow() ? ui::icon_button(ui, "task.select", list_r, list_icon, list_kind)
                       : ui::button(ui, "task.select", list_r, list_label, list_icon, list_kind);
        if (list_tap) out.push_back({ActionKind::toggle_selected, id, 0});
        if (ui::button(ui, "task.interested", bar, ui.t("task.interested"), icon::hand,
                       ui::ButtonKind::primary))
            out.push_back({ActionKind::interested, id, 0});
    }

    float text_w = std::min(content.w - m.gap, m.target * 15);
    float top = ui::begin_scroll(ui, state.task_scroll, content, kTaskScroll);
    float listen = listen_button(ui, data, "task.listen", ImVec2(content.x, top), text_w, out);
    if (listen > 0) listen += m.gap;
    float h = listen + body(ui, data, ImVec2(content.x, top + listen), text_w, true);
    if (!m.wide() && has_qr) {
        h += m.gap * 1.5f;
        h += qr_block(ui, data, ImVec2(content.x, top + h), text_w);
    }
    ui::end_scroll(ui, state.task_scroll, content, h + m.gap);
}

}  // namespace talkoo
