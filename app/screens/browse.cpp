// The browse screen: category tiles, filters (near this stand or the whole region; for whom;
// one-off, recurring or ongoing; remote possible), free-text search, and the task cards in large
// type. Cards are all one height so that the list can be drawn virtually: only the cards on
// screen are fetched and drawn, whatever the number of tasks.
//
// Wide screens (landscape kiosk, tablet) put the categories in a column on the left; narrower
// ones scroll categories, filters and cards as one list under a fixed search row; phones choose
// the category from a picker (pickers.cpp), as tiles do not fit beside the list.
//
// Index: filter_chips / draw_chips (the filter row) · category_tile · task_card and draw_cards
// (the virtual list) · empty_state · search_row · browse_screen (layout of it all).
#include <algorithm>
#include <cmath>
#include <string>

#include "app/screens/screens.hpp"
#include "app/ui/widgets.hpp"
#include "platform/icons.hpp"

namespace talkoo {

using ui::Rect;

namespace {

constexpr unsigned kListScroll = 1;
constexpr unsigned kSideScroll = 2;

struct ChipSpec {
    std::string id;
    std::string label;
    const char* icon;
    bool on;
    Action action;
};

bool filters_active(const BrowseState& b) {
    return !b.category.empty() || b.group || !b.commitments.empty() || b.remote_only ||
           !b.query.empty();
}

std::vector<ChipSpec> filter_chips(const ui::Ui& ui, const ViewState& state,
                                   const ScreenData& data) {
    const BrowseState& b = state.browse;
    std::vector<ChipSpec> chips;
    // "Help me choose": three questions instead of filters (issue 18, point 9).
    chips.push_back({"browse.chooser",
                     ui.t("chooser.open"),
                     icon::compass,
                     false,
                     {ActionKind::chooser_open, {}, 0}});
    if (ui.m->narrow()) {
        // No room for tiles beside the list: the category is a choice like the others.
        const CategoryStyle& cs = category_style(b.category);
        chips.push_back({"filter.category",
                         std::string(category_name(ui, b.category)),
                         cs.icon,
                         !b.category.empty(),
                         {ActionKind::open_picker, {}, static_cast<int>(Picker::category)}});
    }
    if (data.has_point) {
        chips.push_back({"filter.near",
                         ui.t("filter.near"),
                         icon::map_marker,
                         b.near,
                         {ActionKind::set_near, {}, 1}});
        chips.push_back({"filter.region",
                         ui.t("filter.region"),
                         icon::map_marker,
                         !b.near,
                         {ActionKind::set_near, {}, 0}});
    }
    std::string group_label =
        b.group ? ui.f("filter.for_whom_value",
                       {{"group", ui.t("group." + std::string(to_string(*b.group)))}})
                : ui.t("filter.for_whom");
    chips.push_back({"filter.group",
                     group_label,
                     icon::users,
                     b.group.has_value(),
                     {ActionKind::open_picker, {}, static_cast<int>(Picker::group)}});
    for (Commitment c : all_commitments()) {
        bool on = std::find(b.commitments.begin(), b.commitments.end(), c) != b.commitments.end();
        chips.push_back({"filter.commitment." + std::string(to_string(c)),
                         ui.t("commitment." + std::string(to_string(c))),
                         c == Commitment::one_off     ? icon::calendar
                         : c == Commitment::recurring ? icon::repeat
                                                      : icon::hourglass,
                         on,
                         {ActionKind::toggle_commitment, {}, static_cast<int>(c)}});
    }
    chips.push_back({"filter.remote",
                     ui.t("filter.remote"),
                     icon::remote,
                     b.remote_only,
                     {ActionKind::toggle_remote, {}, 0}});
    if (filters_active(b))
        chips.push_back({"filter.clear",
                         ui.t("filter.clear"),
                         icon::undo,
                         false,
                         {ActionKind::clear_filters, {}, 0}});
    return chips;
}

// The same width whether the chip is on (a check mark) or off (its icon): chips never move
// under a finger when one is chosen.
float chip_width(const ui::Ui& ui, const ChipSpec& c) {
    return std::max(ui::button_width(ui, ui.fonts->label, c.label, icon::check),
                    ui::button_width(ui, ui.fonts->label, c.label, c.icon));
}

float chips_height(const ui::Ui& ui, const std::vector<ChipSpec>& chips, float width) {
    ui::FlowLayout flow(Rect{0, 0, width, 0}, ui.m->gap * 0.6f, ui.m->target);
    for (const auto& c : chips)
        flow.next(chip_width(ui, c));
    return chips.empty() ? 0 : flow.height();
}

void draw_chips(ui::Ui& ui, const std::vector<ChipSpec>& chips, const Rect& area, Actions& out) {
    ui::FlowLayout flow(area, ui.m->gap * 0.6f, ui.m->target);
    for (const auto& c : chips) {
        Rect r = flow.next(chip_width(ui, c));
        if (r.bottom() < ui.clip.y || r.y > ui.clip.bottom()) {
            ui::record(ui, c.id, r, true);
            continue;
        }
        if (ui::chip(ui, c.id, r, c.label, c.icon, c.on)) out.push_back(c.action);
    }
}

float tile_height(const ui::Ui& ui) {
    // Two lines of a category's name, at any text size.
    return std::round(
        std::max(ui.m->target * 1.25f, 2 * ui::line_height(ui.fonts->label) + ui.m->pad * 0.5f));
}

void category_tile(ui::Ui& ui, const Rect& r, std::string_view category, int count, bool on,
                   Actions& out) {
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    std::string id = "category." + std::string(category.empty() ? "all" : category);
    ui::record(ui, id, r, true);
    if (ui::tapped(ui, r)) out.push_back({ActionKind::set_category, std::string(category), 0});
    bool pressed = ui::pressing(ui, r);
    const CategoryStyle& cs = category_style(category);
    ImU32 fill =
        on ? p.selected : (pressed ? p.surface_pressed : (p.high_contrast ? p.surface : cs.tint));
    ImU32 ink = on ? p.on_selected : p.text;
    ui.dl->AddRectFilled(r.min(), r.max(), fill, m.radius);
    if (p.high_contrast || on)
        ui.dl->AddRect(r.min(), r.max(), on ? cs.colour : p.border, m.radius, 0, on ? 4.0f : 2.0f);
    Rect in = r.shrink(m.pad * 0.6f, 0);
    float badge = std::min(m.target * 0.8f, r.h - m.pad);
    ui::icon_badge(ui, ImVec2(in.x + badge * 0.5f, in.center().y), badge * 0.5f, cs.colour,
                   cs.icon);
    in.take_left(badge, m.gap * 0.6f);
    std::string n = std::to_string(count);
    float nw = std::max(ui::measure(ui.fonts->small, n).x, m.gap);
    Rect num = in.take_right(nw, m.gap * 0.5f);
    ui::label(ui, id + ".count", ui.fonts->small, num, on ? p.on_selected : p.text_muted, n, 1.0f);
    ui::label_wrapped(ui, id + ".name", ui.fonts->label, in, ink, category_name(ui, category),
                      0.0f);
}

int count_for(const ScreenData& data, std::string_view category) {
    if (category.empty()) return data.all_count;
    for (const auto& c : data.counts)
        if (c.category == category) return c.tasks;
    return 0;
}

float card_height(const ui::Ui& ui) {
    const Metrics& m = *ui.m;
    return std::round(2 * m.pad + 2 * ui::line_height(ui.fonts->title) + m.gap * 0.3f +
                      ui::line_height(ui.fonts->small) + m.gap * 0.3f +
                      2 * ui::line_height(ui.fonts->body));
}

void task_card(ui::Ui& ui, const TaskCard& card, const Rect& r, bool selected, Actions& out) {
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    std::string_view cat = card.categories.empty() ? std::string_view{} : card.categories[0];
    const CategoryStyle& cs = category_style(cat);
    Rect sel{r.right() - m.pad * 0.6f - m.target, r.center().y - m.target * 0.5f, m.target,
             m.target};
    bool pressed = ui::pressing(ui, r) && !sel.contains(ui.pointer->press_pos);
    ui::card(ui, r, pressed, selected && !p.high_contrast ? p.surface_pressed : 0);
    if (selected) ui.dl->AddRect(r.min(), r.max(), p.selected, m.radius, 0, 4.0f);
    // The category's colour down the left edge: the list reads by colour at a glance.
    float stripe = std::max(6.0f, std::round(m.gap * 0.5f));
    ui.dl->AddRectFilled(r.min(), ImVec2(r.x + stripe, r.bottom()), cs.colour, m.radius,
                         ImDrawFlags_RoundCornersLeft);

    Rect in = r.shrink(m.pad);
    in.x += stripe * 0.5f;
    // On a phone the text needs the width more than the badge; the stripe keeps the colour.
    if (!m.narrow()) {
        float badge = m.target * 0.8f;
        ui::icon_badge(ui, ImVec2(in.x + badge * 0.5f, in.y + badge * 0.5f), badge * 0.5f,
                       cs.colour, cs.icon);
        in.take_left(badge, m.gap);
    }
    in.w = std::max(0.0f, sel.x - m.gap - in.x);
    float y = in.y;
    y += ui::paragraph(ui, ui.fonts->title, ImVec2(in.x, y), in.w, p.text, card.title, 2);
    y += m.gap * 0.3f;
    std::string meta = card.organisation_name;
    if (!card.municipality.empty()) meta += "  \xc2\xb7  " + card.municipality;
    meta += "  \xc2\xb7  " + ui.t("commitment." + std::string(to_string(card.commitment)));
    if (card.remote_possible) meta += "  \xc2\xb7  " + ui.t("task.remote_short");
    y += ui::paragraph(ui, ui.fonts->small, ImVec2(in.x, y), in.w, p.text_muted, meta, 1);
    y += m.gap * 0.3f;
    ui::paragraph(ui, ui.fonts->body, ImVec2(in.x, y), in.w, p.text, card.summary, 2);

    if (ui::icon_button(ui, "select." + card.id, sel, selected ? icon::check : icon::plus,
                        selected ? ui::ButtonKind::on : ui::ButtonKind::secondary))
        out.push_back({ActionKind::toggle_selected, card.id, 0});
    ui::record(ui, "card." + card.id, r, true);
    if (ui::tapped(ui, r)) out.push_back({ActionKind::open_task, card.id, 0});
}

bool is_selected(const ViewState& s, const std::string& id) {
    return std::find(s.selected.begin(), s.selected.end(), id) != s.selected.end();
}

// The cards from `top` (screen y of the list's first row) in `view`, `cols` per row. Only the
// rows that are on screen are fetched and drawn.
void draw_cards(ui::Ui& ui, ViewState& state, ScreenData& data, float top, const Rect& view,
                int cols, Actions& out) {
    const Metrics& m = *ui.m;
    float ch = card_height(ui);
    float row_h = ch + m.gap;
    int total = data.list ? data.list->total() : 0;
    int rows = (total + cols - 1) / cols;
    int first_row = std::max(0, static_cast<int>(std::floor((view.y - top) / row_h)));
    int last_row = std::min(rows - 1, static_cast<int>(std::floor((view.bottom() - top) / row_h)));
    if (last_row < first_row) return;
    data.list->prefetch(first_row * cols, (last_row + 1) * cols - 1);
    float card_w =
        (view.w - m.gap * 0.5f - m.gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    for (int row = first_row; row <= last_row; ++row) {
        for (int c = 0; c < cols; ++c) {
            int index = row * cols + c;
            const TaskCard* card = data.list->card(index);
            if (!card) continue;
            Rect r{view.x + static_cast<float>(c) * (card_w + m.gap),
                   top + static_cast<float>(row) * row_h, card_w, ch};
            task_card(ui, *card, r, is_selected(state, card->id), out);
        }
    }
}

float cards_height(const ui::Ui& ui, const ScreenData& data, int cols) {
    int total = data.list ? data.list->total() : 0;
    int rows = (total + cols - 1) / cols;
    return static_cast<float>(rows) * (card_height(ui) + ui.m->gap);
}

std::string count_text(const ui::Ui& ui, int n) {
    return ui.f(n == 1 ? "browse.count_one" : "browse.count_many", {{"n", std::to_string(n)}});
}

// The empty list: say so and offer the way out.
float empty_state(ui::Ui& ui, const BrowseState& b, ImVec2 pos, float width, Actions& out) {
    const Metrics& m = *ui.m;
    float y = pos.y + m.gap;
    y += ui::paragraph(ui, ui.fonts->body, ImVec2(pos.x, y), width, ui.pal->text,
                       ui.t("browse.empty"));
    if (filters_active(b)) {
        y += m.gap;
        float w = std::min(width,
                           ui::button_width(ui, ui.fonts->label, ui.t("filter.clear"), icon::undo));
        if (ui::button(ui, "browse.empty.clear", Rect{pos.x, y, w, m.target}, ui.t("filter.clear"),
                       icon::undo))
            out.push_back({ActionKind::clear_filters, {}, 0});
        y += m.target;
    }
    return y - pos.y;
}

void search_row(ui::Ui& ui, const ViewState& state, const Rect& r, Actions& out) {
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    const std::string& q = state.browse.query;
    bool focused = state.keyboard.focus == Field::search;
    Rect row = r;
    Rect clear{};
    if (!q.empty()) clear = row.take_right(m.target, m.gap * 0.5f);
    ui::record(ui, "search", row, true);
    if (ui::tapped(ui, row))
        out.push_back({ActionKind::focus, {}, static_cast<int>(Field::search)});
    bool pressed = ui::pressing(ui, row);
    ui.dl->AddRectFilled(row.min(), row.max(), pressed ? p.surface_pressed : p.surface,
                         row.h * 0.5f);
    ui.dl->AddRect(row.min(), row.max(), focused ? p.focus : p.text_muted, row.h * 0.5f, 0,
                   focused ? 4.0f : 2.0f);
    Rect in = row.shrink(m.pad, 0);
    ImFont* f = ui.fonts->body;
    float iw = ui::measure(f, icon::search).x;
    ui::text(ui, f, ImVec2(in.x, in.center().y - f->FontSize * 0.5f), p.text_muted, icon::search);
    in.take_left(iw, m.gap * 0.6f);
    ui.dl->PushClipRect(in.min(), in.max(), true);
    float tw = ui::measure(f, q).x;
    float x = tw > in.w ? in.right() - tw - 4 : in.x;
    float ty = in.center().y - f->FontSize * 0.5f;
    if (q.empty())
        ui::text(ui, f, ImVec2(in.x, ty), p.text_muted, ui.t("browse.search_hint"));
    else
        ui::text(ui, f, ImVec2(x, ty), p.text, q);
    if (focused)
        ui.dl->AddRectFilled(ImVec2(x + tw + 1, ty), ImVec2(x + tw + 4, ty + f->FontSize), p.focus);
    ui.dl->PopClipRect();
    if (!q.empty() && ui::icon_button(ui, "search.clear", clear, icon::close))
        out.push_back({ActionKind::clear_filters, "query", 0});
}

}  // namespace

void browse_screen(ui::Ui& ui, ViewState& state, ScreenData& data, Actions& out) {
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    BrowseState& b = state.browse;
    bool outer_blocked = ui.blocked;
    ui.blocked = outer_blocked || b.picker != Picker::none;

    ui.dl->AddRectFilled(ui.screen.min(), ui.screen.max(), p.background);
    Rect area = top_bar(ui, state, {"nav.to_start", "browse.title"}, ui.screen, out);

    bool typing = state.keyboard.focus == Field::search;
    if (typing) {
        float kh = keyboard_height(ui, Field::search, state.keyboard);
        Rect kb = area.take_bottom(kh);
        keyboard(ui, kb, state.keyboard, Field::search, b.query, out);
    } else if (!state.selected.empty()) {
        std::string label = ui.f("browse.continue", {{"n", std::to_string(state.selected.size())}});
        Rect bar = bottom_bar(ui, area, m.target);
        float w = std::min(bar.w, ui::button_width(ui, ui.fonts->label, label, icon::forward));
        std::string chosen =
            ui.f(state.selected.size() == 1 ? "browse.chosen_one" : "browse.chosen_many",
                 {{"n", std::to_string(state.selected.size())}});
        // On a phone the count is in the button; the button takes the whole bar.
        Rect button_r = m.narrow() ? bar : bar.take_right(w, m.gap);
        if (!m.narrow())
            ui::icon_label(ui, "browse.chosen", bar, ui.fonts->label, icon::check_circle, chosen,
                           p.text, 0.0f);
        if (ui::button(ui, "browse.continue", button_r, label, icon::forward,
                       ui::ButtonKind::primary))
            out.push_back({ActionKind::to_form, {}, 0});
    }

    Rect content = area.shrink(m.margin, m.gap);
    std::vector<ChipSpec> chips = filter_chips(ui, state, data);
    int total = data.list ? data.list->total() : 0;
    std::string count = count_text(ui, total);
    float count_h = ui::line_height(ui.fonts->label);

    if (m.wide()) {
        // Categories down the left, search + filters + cards on the right.
        float side_w = std::clamp(content.w * 0.28f, m.target * 5.0f, m.target * 7.0f);
        Rect side = content.take_left(side_w, m.gap * 1.5f);
        float th = tile_height(ui);
        float top = ui::begin_scroll(ui, b.side, side, kSideScroll);
        float y = top;
        for (size_t i = 0; i <= all_categories().size(); ++i) {
            std::string_view cat = i == 0 ? std::string_view{} : all_categories()[i - 1];
            Rect r{side.x, y, side.w - m.gap * 0.6f, th};
            if (r.bottom() >= side.y && r.y <= side.bottom())
                category_tile(ui, r, cat, count_for(data, cat), b.category == cat, out);
            y += th + m.gap * 0.5f;
        }
        ui::end_scroll(ui, b.side, side, y - top);

        search_row(ui, state, content.take_top(m.target, m.gap), out);
        float fh = chips_height(ui, chips, content.w);
        // While the keyboard is up on a short screen with large text, the filters give their
        // room to the results; they are back when the keyboard goes.
        bool room = fh + m.gap + count_h + card_height(ui) <= content.h;
        if (!typing || room) draw_chips(ui, chips, content.take_top(fh, m.gap), out);
        Rect count_r = content.take_top(count_h, m.gap * 0.5f);
        ui::label(ui, "browse.count", ui.fonts->label, count_r, p.text, count, 0.0f);
        int cols = content.w >= m.target * 15 ? 2 : 1;
        Rect view = content;
        float list_top = ui::begin_scroll(ui, b.list, view, kListScroll);
        if (total == 0)
            empty_state(ui, b, ImVec2(view.x, list_top), view.w - m.gap, out);
        else
            draw_cards(ui, state, data, list_top, view, cols, out);
        ui::end_scroll(ui, b.list, view, total == 0 ? 0 : cards_height(ui, data, cols));
    } else {
        // One list: search fixed on top, then filters, categories and cards scroll together.
        search_row(ui, state, content.take_top(m.target, m.gap), out);
        Rect view = content;
        float inner_w = view.w - m.gap * 0.8f;
        float fh = chips_height(ui, chips, inner_w);
        // Wide enough for the longest word of any category's name beside its badge and count
        // (large text makes "Monikulttuurisuus" wider than a third of a portrait screen).
        float widest = 0;
        for (size_t i = 0; i <= all_categories().size(); ++i) {
            std::string_view name =
                category_name(ui, i == 0 ? std::string_view{} : all_categories()[i - 1]);
            size_t start = 0;
            while (start <= name.size()) {
                size_t space = name.find(' ', start);
                std::string_view word =
                    name.substr(start, space == std::string_view::npos ? std::string_view::npos
                                                                       : space - start);
                widest = std::max(widest, ui::measure(ui.fonts->label, word).x);
                if (space == std::string_view::npos) break;
                start = space + 1;
            }
        }
        float min_tile =
            std::max(m.target * 4.2f, widest + m.target * 0.8f + m.gap * 1.1f +
                                          ui::measure(ui.fonts->small, "99").x + m.pad * 1.2f + 2);
        int tcols =
            std::max(1, static_cast<int>((inner_w + m.gap * 0.5f) / (min_tile + m.gap * 0.5f)));
        // Narrow screens choose the category from a chip (see filter_chips): no tiles.
        int tiles = m.narrow() ? 0 : static_cast<int>(all_categories().size()) + 1;
        int trows = (tiles + tcols - 1) / tcols;
        float th = tile_height(ui);
        float grid_h =
            tiles == 0 ? 0 : static_cast<float>(trows) * (th + m.gap * 0.5f) + m.gap * 0.5f;
        float header = fh + m.gap + grid_h + count_h + m.gap;

        float top = ui::begin_scroll(ui, b.list, view, kListScroll);
        draw_chips(ui, chips, Rect{view.x, top, inner_w, fh}, out);
        float tw =
            (inner_w - m.gap * 0.5f * static_cast<float>(tcols - 1)) / static_cast<float>(tcols);
        for (int i = 0; i < tiles; ++i) {
            std::string_view cat =
                i == 0 ? std::string_view{} : all_categories()[static_cast<size_t>(i - 1)];
            Rect r{view.x + static_cast<float>(i % tcols) * (tw + m.gap * 0.5f),
                   top + fh + m.gap + static_cast<float>(i / tcols) * (th + m.gap * 0.5f), tw, th};
            if (r.bottom() >= view.y && r.y <= view.bottom())
                category_tile(ui, r, cat, count_for(data, cat), b.category == cat, out);
            else
                ui::record(ui, "category." + std::string(cat.empty() ? "all" : cat), r, true);
        }
        Rect count_r{view.x, top + fh + m.gap + grid_h, inner_w, count_h};
        ui::label(ui, "browse.count", ui.fonts->label, count_r, p.text, count, 0.0f);
        Rect cards_view{view.x, view.y, inner_w, view.h};
        if (total == 0)
            empty_state(ui, b, ImVec2(view.x, top + header), inner_w, out);
        else
            draw_cards(ui, state, data, top + header, cards_view, 1, out);
        float body = total == 0 ? m.target * 3 : cards_height(ui, data, 1);
        ui::end_scroll(ui, b.list, view, header + body);
    }

    ui.blocked = outer_blocked;
    if (b.picker != Picker::none) {
        ImDrawList* base = ui.dl;
        ui.dl = ImGui::GetForegroundDrawList();
        if (b.picker == Picker::group)
            group_picker(ui, state, out);
        else
            category_picker(ui, state, data, out);
        ui.dl = base;
    }
}

}  // namespace talkoo
