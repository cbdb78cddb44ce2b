// What every visitor screen shares: the top bar with the way back, the title, the language
// switch and the contrast toggle; the bottom bar for the main action; text fields; the staff
// status line; the names of the catalogue's enumerations in the visitor's language.
#include <algorithm>
#include <cmath>
#include <string>

#include "app/screens/screens.hpp"
#include "app/ui/widgets.hpp"
#include "platform/icons.hpp"

namespace talkoo {

using ui::Rect;

namespace {

// A button on the attract screen's dark backdrop: outlined when off, filled white when on.
bool on_dark_button(ui::Ui& ui, std::string_view id, const Rect& r, std::string_view label,
                    const char* glyph, bool on) {
    const Palette& p = *ui.pal;
    ui::record(ui, id, r, true);
    bool hit = ui::tapped(ui, r);
    bool pressed = ui::pressing(ui, r);
    if (on || pressed)
        ui.dl->AddRectFilled(r.min(), r.max(), pressed && !on ? p.primary_pressed : p.on_attract,
                             ui.m->radius);
    ui.dl->AddRect(r.min(), r.max(), p.on_attract, ui.m->radius, 0, 2.0f);
    ImU32 ink = on ? p.attract_bg : p.on_attract;
    if (label.empty()) {
        ImFont* f = ui.fonts->title;
        ImVec2 s = ui::measure(f, glyph);
        ui::text(ui, f, ImVec2(r.center().x - s.x * 0.5f, r.center().y - f->FontSize * 0.5f), ink,
                 glyph);
    } else {
        ui::icon_label(ui, id, r.shrink(ui.m->pad * 0.75f, 0), ui.fonts->label, nullptr, label,
                       ink);
    }
    return hit;
}

}  // namespace

namespace {

// The text size buttons: "A", "A+", "A++" where there is room, else one button that steps
// through the three sizes.
bool text_sizes_compact(const ui::Ui& ui) {
    return ui.m->narrow();
}

constexpr std::pair<int, const char*> kTextSizes[] = {{200, "A++"}, {150, "A+"}, {100, "A"}};

float text_size_button_width(const ui::Ui& ui, const char* label) {
    return button_width(ui, ui.fonts->label, label, nullptr);
}

float text_size_width(const ui::Ui& ui) {
    if (text_sizes_compact(ui)) return ui.m->target;
    float w = ui.m->gap;
    for (auto [size, label] : kTextSizes)
        w += text_size_button_width(ui, label);
    return w;
}

float languages_width(const ui::Ui& ui, bool use_names) {
    float w = 0;
    for (Lang l : kAllLangs)
        w += use_names ? button_width(ui, ui.fonts->label, ui.tr->get(l, "lang.self"), nullptr)
                       : ui.m->target;
    return w + ui.m->gap;  // two half gaps between three
}

// Each language names itself ("Suomi", "Svenska", "English"), so a visitor finds their own
// whatever is showing; where that takes too much room, the codes FI / SV / EN.
bool language_names_fit(const ui::Ui& ui, float row_w) {
    return !ui.m->narrow() &&
           languages_width(ui, true) + 2 * ui.m->gap + ui.m->target + text_size_width(ui) <=
               row_w * 0.6f;
}

float draw_languages(ui::Ui& ui, const ViewState& state, Rect row, Actions& out, bool on_dark,
                     bool use_names) {
    const Metrics& m = *ui.m;
    float used = 0;
    for (auto it = kAllLangs.rbegin(); it != kAllLangs.rend(); ++it) {
        Lang l = *it;
        std::string_view text = ui.tr->get(l, use_names ? "lang.self" : "lang.code");
        float w = use_names ? button_width(ui, ui.fonts->label, text, nullptr) : m.target;
        bool last = it + 1 == kAllLangs.rend();
        Rect b = row.take_right(w, last ? 0 : m.gap * 0.5f);
        std::string id = "lang." + std::string(lang_code(l));
        bool on = state.lang == l;
        bool hit = on_dark ? on_dark_button(ui, id, b, text, nullptr, on)
                           : ui::button(ui, id, b, text, nullptr,
                                        on ? ui::ButtonKind::on : ui::ButtonKind::secondary);
        if (hit) out.push_back({ActionKind::set_lang, {}, static_cast<int>(l)});
        used += w + (last ? 0 : m.gap * 0.5f);
    }
    return used;
}

// Contrast and text size, right-aligned in `row`; returns their width.
float draw_display_controls(ui::Ui& ui, const ViewState& state, Rect row, Actions& out,
                            bool on_dark) {
    const Metrics& m = *ui.m;
    float start = row.right();
    Rect contrast = row.take_right(m.target, m.gap);
    bool contrast_tap =
        on_dark
            ? on_dark_button(ui, "contrast", contrast, {}, icon::contrast, state.high_contrast)
            : ui::icon_button(ui, "contrast", contrast, icon::contrast,
                              state.high_contrast ? ui::ButtonKind::on : ui::ButtonKind::secondary);
    if (contrast_tap) out.push_back({ActionKind::toggle_contrast, {}, 0});
    if (text_sizes_compact(ui)) {
        // One button stepping 100 → 150 → 200 → 100 %: on when the text is enlarged.
        Rect b = row.take_right(m.target, m.gap);
        bool on = state.text_size > 100;
        bool hit = on_dark ? on_dark_button(ui, "text_size", b, {}, icon::text_size, on)
                           : ui::icon_button(ui, "text_size", b, icon::text_size,
                                             on ? ui::ButtonKind::on : ui::ButtonKind::secondary);
        if (hit) out.push_back({ActionKind::set_text_size, {}, 0});
    } else {
        for (size_t i = 0; i < 3; ++i) {
            auto [size, text] = kTextSizes[i];
            Rect b =
                row.take_right(text_size_button_width(ui, text), i + 1 == 3 ? m.gap : m.gap * 0.5f);
            std::string id = "text_size." + std::to_string(size);
            bool on = state.text_size == size;
            bool hit = on_dark ? on_dark_button(ui, id, b, text, nullptr, on)
                               : ui::button(ui, id, b, text, nullptr,
                                            on ? ui::ButtonKind::on : ui::ButtonKind::secondary);
            if (hit) out.push_back({ActionKind::set_text_size, {}, size});
        }
    }
    return start - row.right();
}

}  // namespace

ControlRows control_rows(const ui::Ui& ui, float row_w, float left_w) {
    const Metrics& m = *ui.m;
    ControlRows r;
    r.names = language_names_fit(ui, row_w);
    float display = m.target + m.gap + text_size_width(ui) + m.gap;
    float all = languages_width(ui, r.names) + display;
    r.two = left_w + (left_w > 0 ? m.gap * 1.5f : 0) + all > row_w + 0.5f;
    return r;
}

float display_controls(ui::Ui& ui, const ViewState& state, const Rect& row, const Rect& second,
                       const ControlRows& rows, Actions& out, bool on_dark) {
    float used = draw_display_controls(ui, state, row, out, on_dark);
    if (rows.two) {
        draw_languages(ui, state, second, out, on_dark, rows.names);
        return used;
    }
    Rect rest = row;
    rest.w = std::max(0.0f, rest.w - used);
    return used + draw_languages(ui, state, rest, out, on_dark, rows.names) + ui.m->gap;
}

Rect top_bar(ui::Ui& ui, const ViewState& state, const TopBar& bar, Rect area, Actions& out) {
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    float row_w = area.w - 2 * m.margin;
    std::string_view back_label = bar.back_key.empty() ? std::string_view{} : ui.t(bar.back_key);
    const char* glyph = bar.back_icon ? bar.back_icon : icon::back;
    float back_full =
        bar.back_key.empty() ? 0 : button_width(ui, ui.fonts->label, back_label, glyph);
    ControlRows rows = control_rows(ui, row_w, bar.back_key.empty() ? 0 : m.target);
    // Where the controls do not fit beside the way back (a phone, large text), the languages
    // take a second row: everything stays a full-size target, nothing is squeezed.
    float row_h = m.target;
    float pad = (m.top_bar - m.target) * 0.5f;
    Rect strip = area.take_top(rows.two ? 2 * row_h + 3 * pad : m.top_bar);
    ui.dl->AddRectFilled(strip.min(), strip.max(), p.top_bar);
    float line = p.high_contrast ? 2.0f : 1.0f;
    ui.dl->AddRectFilled(ImVec2(strip.x, strip.bottom() - line), strip.max(), p.border);
    Rect row{strip.x + m.margin, strip.y + pad, row_w, row_h};
    Rect second{row.x, row.bottom() + pad, row_w, row_h};
    float right = display_controls(ui, state, row, second, rows, out, false);
    row.w = std::max(0.0f, row.w - right - m.gap);

    if (!bar.back_key.empty()) {
        ui::ButtonKind kind =
            bar.back_primary ? ui::ButtonKind::primary : ui::ButtonKind::secondary;
        bool icon_only =
            bar.back_primary ? back_full > row.w : (m.narrow() || back_full > row.w * 0.6f);
        Rect b = row.take_left(icon_only ? m.target : back_full, m.gap * 1.5f);
        if (icon_only ? ui::icon_button(ui, bar.back_id, b, glyph, kind)
                      : ui::button(ui, bar.back_id, b, back_label, glyph, kind))
            out.push_back({ActionKind::back, {}, 0});
    }
    if (!bar.title_key.empty() && !m.narrow()) {
        std::string_view title = ui.t(bar.title_key);
        for (ImFont* f : {ui.fonts->heading, ui.fonts->title}) {
            if (ui::measure(f, title).x <= row.w) {
                ui::label(ui, "title", f, row, p.on_top_bar, title, 0.0f);
                break;
            }
        }
    }
    return area;
}

Rect bottom_bar(ui::Ui& ui, Rect& area, float content_height) {
    const Metrics& m = *ui.m;
    Rect bar = area.take_bottom(content_height + 2 * m.gap);
    ui.dl->AddRectFilled(bar.min(), bar.max(), ui.pal->top_bar);
    float line = ui.pal->high_contrast ? 2.0f : 1.0f;
    ui.dl->AddRectFilled(bar.min(), ImVec2(bar.right(), bar.y + line), ui.pal->border);
    return bar.shrink(m.margin, m.gap);
}

namespace {

float box_height(const ui::Ui& ui, const FieldSpec& spec) {
    if (spec.lines <= 1) return ui.m->target;
    return std::max(ui.m->target,
                    ui::line_height(ui.fonts->body) * static_cast<float>(spec.lines) + ui.m->pad);
}

}  // namespace

// The label above the field: its icon, then its text, wrapping on narrow screens.
float label_height(const ui::Ui& ui, const FieldSpec& spec, float width) {
    float iw = spec.icon ? ui::measure(ui.fonts->label, spec.icon).x + ui.m->gap * 0.6f : 0;
    return ui::paragraph_height(ui.fonts->label, width - iw, spec.label);
}

float text_field_height(const ui::Ui& ui, const FieldSpec& spec, float width) {
    float h = label_height(ui, spec, width) + ui.m->gap * 0.4f + box_height(ui, spec);
    if (!spec.error.empty())
        h += ui.m->gap * 0.4f +
             ui::paragraph_height(ui.fonts->body, width - ui.m->target * 0.6f, spec.error);
    return h;
}

float text_field(ui::Ui& ui, const FieldSpec& spec, ImVec2 pos, float width, std::string_view value,
                 bool focused, Actions& out) {
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    bool has_error = !spec.error.empty();
    float y = pos.y;
    // The label above the box: its icon, then its text, wrapping on narrow screens.
    ImFont* lf = ui.fonts->label;
    float iw = spec.icon ? ui::measure(lf, spec.icon).x + m.gap * 0.6f : 0;
    if (spec.icon)
        ui::text(ui, lf, ImVec2(pos.x, y + (ui::line_height(lf) - lf->FontSize) * 0.5f), p.text,
                 spec.icon);
    y += ui::paragraph(ui, lf, ImVec2(pos.x + iw, y), width - iw, p.text, spec.label);
    y += m.gap * 0.4f;

    Rect box{pos.x, y, width, box_height(ui, spec)};
    ui::record(ui, spec.id, box, true);
    if (ui::tapped(ui, box)) out.push_back({ActionKind::focus, {}, static_cast<int>(spec.field)});
    bool pressed = ui::pressing(ui, box);
    ui.dl->AddRectFilled(box.min(), box.max(), pressed ? p.surface_pressed : p.surface,
                         m.radius * 0.6f);
    ImU32 outline = has_error ? p.error : (focused ? p.focus : p.text_muted);
    ui.dl->AddRect(box.min(), box.max(), outline, m.radius * 0.6f, 0,
                   focused || has_error ? 4.0f : 2.0f);

    Rect inner = box.shrink(m.pad * 0.75f, 0);
    ImFont* font = ui.fonts->body;
    ui.dl->PushClipRect(box.shrink(2).min(), box.shrink(2).max(), true);
    float caret_x = inner.x, caret_y = 0;
    if (value.empty()) {
        if (!spec.hint.empty()) {
            float ty =
                spec.lines <= 1 ? box.y + (box.h - font->FontSize) * 0.5f : box.y + m.pad * 0.5f;
            ui::text(ui, font, ImVec2(inner.x, ty), p.text_muted, spec.hint);
        }
        caret_y = spec.lines <= 1 ? box.y + (box.h - font->FontSize) * 0.5f : box.y + m.pad * 0.5f;
    } else if (spec.lines <= 1) {
        // One line: when the text is longer than the box, show its end, where typing happens.
        float w = ui::measure(font, value).x;
        float x = w > inner.w ? inner.right() - w : inner.x;
        caret_y = box.y + (box.h - font->FontSize) * 0.5f;
        ui::text(ui, font, ImVec2(x, caret_y), p.text, value);
        caret_x = x + w;
    } else {
        std::vector<std::string> lines = ui::wrap(font, value, inner.w);
        float lhb = ui::line_height(font);
        size_t first = lines.size() > static_cast<size_t>(spec.lines)
                           ? lines.size() - static_cast<size_t>(spec.lines)
                           : 0;
        float ty = box.y + m.pad * 0.5f;
        for (size_t i = first; i < lines.size(); ++i) {
            ui::text(ui, font, ImVec2(inner.x, ty), p.text, lines[i]);
            caret_y = ty;
            caret_x = inner.x + ui::measure(font, lines[i]).x;
            ty += lhb;
        }
        if (!value.empty() && value.back() == '\n') {
            caret_y += lhb;
            caret_x = inner.x;
        }
    }
    if (focused) {
        // A steady caret: blinking would mean redrawing twice a second for nothing.
        float cw = std::max(2.0f, std::round(m.scale * 3));
        ui.dl->AddRectFilled(ImVec2(caret_x + 1, caret_y),
                             ImVec2(caret_x + 1 + cw, caret_y + font->FontSize), p.focus);
    }
    ui.dl->PopClipRect();
    y += box.h;

    if (has_error) {
        y += m.gap * 0.4f;
        ImFont* f = ui.fonts->body;
        float iw = m.target * 0.6f;
        ui::text(ui, f, ImVec2(pos.x, y + (ui::line_height(f) - f->FontSize) * 0.5f), p.error,
                 icon::warning);
        y += ui::paragraph(ui, f, ImVec2(pos.x + iw, y), width - iw, p.error, spec.error);
        ui::record(ui, std::string(spec.id) + ".error", Rect{pos.x, y, width, 0}, false);
    }
    return y - pos.y;
}

float listen_button(ui::Ui& ui, const ScreenData& data, std::string_view id, ImVec2 pos,
                    float width, Actions& out) {
    if (!data.can_speak) return 0;
    std::string_view label = ui.t(data.speaking ? "speech.stop" : "speech.listen");
    const char* glyph = data.speaking ? icon::stop : icon::volume;
    float w = std::min(width, ui::button_width(ui, ui.fonts->label, label, glyph));
    if (ui::button(ui, id, Rect{pos.x, pos.y, w, ui.m->target}, label, glyph,
                   data.speaking ? ui::ButtonKind::on : ui::ButtonKind::secondary))
        out.push_back({ActionKind::listen, {}, 0});
    return ui.m->target;
}

void status_line(ui::Ui& ui, const ViewState& state) {
    if (state.status_line.empty()) return;
    ImFont* f = ui.fonts->small;
    float h = ui::line_height(f);
    Rect r{ui.screen.x, ui.screen.bottom() - h, ui.screen.w, h};
    ui.dl->AddRectFilled(r.min(), r.max(), ui.pal->top_bar);
    // The line can be longer than a phone is wide (the sync line with staff advice): it ends
    // in "…" rather than running off the edge.
    Rect box = r.shrink(ui.m->margin, 0);
    std::string text = state.status_line;
    if (ui::measure(f, text).x > box.w) {
        const std::string ellipsis = "…";
        while (!text.empty() && ui::measure(f, text + ellipsis).x > box.w) {
            // Drop one whole UTF-8 character: its continuation bytes, then its first byte.
            while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80)
                text.pop_back();
            if (!text.empty()) text.pop_back();
        }
        text += ellipsis;
    }
    ui::label(ui, "status", f, box, ui.pal->text_muted, text, 1.0f);
}

std::string_view category_name(const ui::Ui& ui, std::string_view id) {
    if (id.empty()) return ui.t("category.all");
    return ui.t("category." + std::string(id));
}

}  // namespace talkoo
