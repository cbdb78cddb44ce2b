// The choices that open over the browse screen: who the task is for, and (on narrow screens,
// where tiles do not fit beside the list) the category. One list of big options in a panel;
// the panel scrolls when the options are more than the screen holds. A tap beside the panel
// closes it, as people expect of a pop-up.
#include <algorithm>
#include <string>

#include "app/screens/screens.hpp"
#include "app/ui/widgets.hpp"
#include "platform/icons.hpp"

namespace talkoo {

using ui::Rect;

namespace {

constexpr unsigned kPickerScroll = 6;

struct Option {
    std::string id;
    std::string label;
    bool on = false;
    Action action;
    const CategoryStyle* category = nullptr;  // a badge in the category's colour
    int count = -1;                           // shown right-aligned when >= 0
};

void draw_option(ui::Ui& ui, const Option& o, const Rect& r, Actions& out) {
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    if (!o.category) {
        if (ui::button(ui, o.id, r, o.label, o.on ? icon::check : nullptr,
                       o.on ? ui::ButtonKind::on : ui::ButtonKind::secondary))
            out.push_back(o.action);
        return;
    }
    ui::record(ui, o.id, r, true);
    if (ui::tapped(ui, r)) out.push_back(o.action);
    bool pressed = ui::pressing(ui, r);
    ImU32 fill =
        o.on ? p.selected
             : (pressed ? p.surface_pressed : (p.high_contrast ? p.surface : o.category->tint));
    ui.dl->AddRectFilled(r.min(), r.max(), fill, m.radius);
    if (p.high_contrast) ui.dl->AddRect(r.min(), r.max(), p.border, m.radius, 0, 2.0f);
    Rect in = r.shrink(m.pad * 0.6f, 0);
    float badge = std::min(m.target * 0.75f, r.h - m.pad * 0.5f);
    ui::icon_badge(ui, ImVec2(in.x + badge * 0.5f, in.center().y), badge * 0.5f, o.category->colour,
                   o.category->icon);
    in.take_left(badge, m.gap * 0.6f);
    ImU32 ink = o.on ? p.on_selected : p.text;
    if (o.count >= 0) {
        std::string n = std::to_string(o.count);
        Rect num = in.take_right(std::max(ui::measure(ui.fonts->small, n).x, m.gap), m.gap * 0.5f);
        ui::label(ui, o.id + ".count", ui.fonts->small, num, o.on ? p.on_selected : p.text_muted, n,
                  1.0f);
    }
    ui::label(ui, o.id + ".name", ui.fonts->label, in, ink, o.label, 0.0f);
}

void picker(ui::Ui& ui, ui::ScrollState& scroll, std::string_view title,
            const std::vector<Option>& options, Actions& out) {
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    Rect screen = ui.screen;
    ui.dl->AddRectFilled(screen.min(), screen.max(), p.scrim);
    float w = std::min(screen.w - 2 * m.margin, m.target * 13);
    int cols = w >= m.target * 8 ? 2 : 1;
    int rows = (static_cast<int>(options.size()) + cols - 1) / cols;
    float inner_w = w - 2 * m.pad;
    float title_w = inner_w - m.target - m.gap;
    float head_h = std::max(m.target, ui::paragraph_height(ui.fonts->heading, title_w, title));
    float row_h = m.target + m.gap * 0.6f;
    float list_h = static_cast<float>(rows) * row_h;
    float h = std::min(2 * m.pad + head_h + m.gap + list_h, screen.h - 2 * m.margin);
    Rect panel{screen.x + (screen.w - w) * 0.5f, screen.y + (screen.h - h) * 0.5f, w, h};
    ui.dl->AddRectFilled(panel.min(), panel.max(), p.surface, m.radius);
    ui.dl->AddRect(panel.min(), panel.max(), p.border, m.radius, 0, 2.0f);
    Rect in = panel.shrink(m.pad);
    Rect head = in.take_top(head_h, m.gap);
    Rect close = head.take_right(m.target, m.gap);
    close.h = m.target;
    ui::paragraph(ui, ui.fonts->heading, head.min(), head.w, p.text, title);
    if (ui::icon_button(ui, "picker.close", close, icon::close))
        out.push_back({ActionKind::close_picker, {}, 0});

    float top = ui::begin_scroll(ui, scroll, in, kPickerScroll);
    float cw =
        (in.w - m.gap * 0.6f - m.gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    for (size_t i = 0; i < options.size(); ++i) {
        int row = static_cast<int>(i) / cols, col = static_cast<int>(i) % cols;
        Rect r{in.x + static_cast<float>(col) * (cw + m.gap), top + static_cast<float>(row) * row_h,
               cw, m.target};
        draw_option(ui, options[i], r, out);
    }
    ui::end_scroll(ui, scroll, in, list_h);
    if (!panel.contains(ui.pointer->pos) && !panel.contains(ui.pointer->press_pos) &&
        ui::tapped(ui, screen))
        out.push_back({ActionKind::close_picker, {}, 0});
}

}  // namespace

void group_picker(ui::Ui& ui, ViewState& state, Actions& out) {
    std::vector<Option> options;
    options.push_back({"group.any",
                       ui.t("filter.group_any"),
                       !state.browse.group,
                       {ActionKind::set_group, {}, -1}});
    for (TargetGroup g : all_target_groups()) {
        std::string id = "group." + std::string(to_string(g));
        options.push_back({id,
                           ui.t(id),
                           state.browse.group == g,
                           {ActionKind::set_group, {}, static_cast<int>(g)}});
    }
    picker(ui, state.browse.picker_scroll, ui.t("filter.for_whom_title"), options, out);
}

void category_picker(ui::Ui& ui, ViewState& state, const ScreenData& data, Actions& out) {
    std::vector<Option> options;
    for (size_t i = 0; i <= all_categories().size(); ++i) {
        std::string_view cat = i == 0 ? std::string_view{} : all_categories()[i - 1];
        int count = data.all_count;
        if (!cat.empty()) {
            count = 0;
            for (const auto& c : data.counts)
                if (c.category == cat) count = c.tasks;
        }
        Option o{"category." + std::string(cat.empty() ? "all" : cat),
                 std::string(category_name(ui, cat)),
                 state.browse.category == cat,
                 {ActionKind::set_category, std::string(cat), 0}};
        o.category = &category_style(cat);
        o.count = count;
        options.push_back(std::move(o));
    }
    picker(ui, state.browse.picker_scroll, ui.t("filter.category_title"), options, out);
}

}  // namespace talkoo
