// See widgets.hpp.
#include "app/ui/widgets.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "platform/icons.hpp"

namespace talkoo::ui {
namespace {

struct Colours {
    ImU32 fill, text, outline;
};

Colours colours_for(const Ui& ui, ButtonKind kind, bool pressed) {
    const Palette& p = *ui.pal;
    switch (kind) {
        case ButtonKind::primary:
            return {pressed ? p.primary_pressed : p.primary, p.on_primary, 0};
        case ButtonKind::on:
            return {pressed ? p.primary_pressed : p.selected, p.on_selected, 0};
        case ButtonKind::key:
            return {pressed ? p.surface_pressed : p.surface, p.text,
                    p.high_contrast ? p.border : 0};
        case ButtonKind::secondary:
        default:
            return {pressed ? p.surface_pressed : p.secondary, p.on_secondary,
                    p.high_contrast ? p.border : 0};
    }
}

float icon_width(ImFont* font, const char* icon) {
    return icon ? measure(font, icon).x : 0.0f;
}

}  // namespace

float button_width(const Ui& ui, ImFont* font, std::string_view label, const char* icon) {
    float w = measure(font, label).x + icon_width(font, icon);
    if (icon && !label.empty()) w += ui.m->gap * 0.6f;
    return std::max(ui.m->target, std::ceil(w + 2 * ui.m->pad));
}

void icon_label(Ui& ui, std::string_view id, const Rect& box, ImFont* font, const char* icon,
                std::string_view s, ImU32 colour, float align_x) {
    // Large text on a narrow screen: a label that does not fit its box steps down to the next
    // smaller face, then drops its icon, before it would be clipped.
    auto width_of = [&](ImFont* f, const char* ic) {
        return icon_width(f, ic) + ((ic && !s.empty()) ? ui.m->gap * 0.6f : 0.0f) + measure(f, s).x;
    };
    if (width_of(font, icon) > box.w + 0.5f && !s.empty()) {
        for (ImFont* smaller : {ui.fonts->body, ui.fonts->small, ui.fonts->key}) {
            if (smaller->FontSize >= font->FontSize) continue;
            font = smaller;
            if (width_of(font, icon) <= box.w + 0.5f) break;
        }
        if (icon && width_of(font, icon) > box.w + 0.5f && width_of(font, nullptr) <= box.w + 0.5f)
            icon = nullptr;
    }
    float iw = icon_width(font, icon);
    float space = (icon && !s.empty()) ? ui.m->gap * 0.6f : 0.0f;
    float tw = measure(font, s).x;
    float total = iw + space + tw;
    if (total > box.w + 0.5f) {
        issue(ui, id,
              "label \"" + std::string(s) + "\" is " + std::to_string(static_cast<int>(total)) +
                  " px wide in a " + std::to_string(static_cast<int>(box.w)) + " px box");
    }
    float x = box.x + std::max(0.0f, box.w - total) * align_x;
    float y = box.y + (box.h - font->FontSize) * 0.5f;
    if (icon) text(ui, font, ImVec2(x, y), colour, icon);
    if (!s.empty()) {
        ImVec4 clip(std::max(box.x, ui.clip.x), ui.clip.y, std::min(box.right(), ui.clip.right()),
                    ui.clip.bottom());
        ui.dl->AddText(font, font->FontSize, ImVec2(std::round(x + iw + space), std::round(y)),
                       colour, s.data(), s.data() + s.size(), 0.0f, &clip);
    }
}

bool button(Ui& ui, std::string_view id, const Rect& r, std::string_view label, const char* icon,
            ButtonKind kind, ImFont* font, float inset) {
    if (!font) font = ui.fonts->label;
    record(ui, id, r, true);
    bool hit = tapped(ui, r);
    Colours c = colours_for(ui, kind, pressing(ui, r));
    ui.dl->AddRectFilled(r.min(), r.max(), c.fill, ui.m->radius);
    if (c.outline) ui.dl->AddRect(r.min(), r.max(), c.outline, ui.m->radius, 0, 2.0f);
    icon_label(ui, id, r.shrink(inset < 0 ? ui.m->pad * 0.75f : inset, 0), font, icon, label,
               c.text);
    return hit;
}

bool icon_button(Ui& ui, std::string_view id, const Rect& r, const char* icon, ButtonKind kind) {
    record(ui, id, r, true);
    bool hit = tapped(ui, r);
    Colours c = colours_for(ui, kind, pressing(ui, r));
    ui.dl->AddRectFilled(r.min(), r.max(), c.fill, ui.m->radius);
    if (c.outline) ui.dl->AddRect(r.min(), r.max(), c.outline, ui.m->radius, 0, 2.0f);
    ImFont* font = ui.fonts->title;
    ImVec2 size = measure(font, icon);
    text(ui, font, ImVec2(r.center().x - size.x * 0.5f, r.center().y - font->FontSize * 0.5f),
         c.text, icon);
    return hit;
}

bool chip(Ui& ui, std::string_view id, const Rect& r, std::string_view label, const char* icon,
          bool on) {
    record(ui, id, r, true);
    bool hit = tapped(ui, r);
    bool pressed = pressing(ui, r);
    const Palette& p = *ui.pal;
    float rounding = r.h * 0.5f;
    ImU32 fill =
        on ? (pressed ? p.primary_pressed : p.selected) : (pressed ? p.surface_pressed : p.surface);
    ui.dl->AddRectFilled(r.min(), r.max(), fill, rounding);
    if (!on || p.high_contrast)
        ui.dl->AddRect(r.min(), r.max(), on ? p.on_selected : p.border, rounding, 0, 2.0f);
    // A chip that is on shows a check mark: the state never rests on colour alone.
    icon_label(ui, id, r.shrink(ui.m->pad * 0.75f, 0), ui.fonts->label, on ? icon::check : icon,
               label, on ? p.on_selected : p.text);
    return hit;
}

float check_box_height(const Ui& ui, float width, std::string_view label) {
    float box = ui.m->target;
    float text_w = width - box - ui.m->gap;
    return std::max(box, paragraph_height(ui.fonts->body, text_w, label) + ui.m->pad);
}

float check_box(Ui& ui, std::string_view id, ImVec2 pos, float width, std::string_view label,
                bool checked, bool error, bool* tapped_out) {
    const Palette& p = *ui.pal;
    float h = check_box_height(ui, width, label);
    Rect row{pos.x, pos.y, width, h};
    record(ui, id, row, true);
    bool hit = tapped(ui, row);
    if (tapped_out) *tapped_out = hit;
    bool pressed = pressing(ui, row);
    float s = ui.m->target;
    Rect box{pos.x, pos.y, s, s};
    if (pressed) ui.dl->AddRectFilled(row.min(), row.max(), p.surface_pressed, ui.m->radius);
    ui.dl->AddRectFilled(box.shrink(s * 0.12f).min(), box.shrink(s * 0.12f).max(),
                         checked ? p.selected : p.surface, ui.m->radius * 0.5f);
    ui.dl->AddRect(box.shrink(s * 0.12f).min(), box.shrink(s * 0.12f).max(),
                   error ? p.error : (checked ? p.selected : p.text_muted), ui.m->radius * 0.5f, 0,
                   3.0f);
    if (checked) {
        ImFont* f = ui.fonts->title;
        ImVec2 sz = measure(f, icon::check);
        text(ui, f, ImVec2(box.center().x - sz.x * 0.5f, box.center().y - f->FontSize * 0.5f),
             p.on_selected, icon::check);
    }
    float text_x = pos.x + s + ui.m->gap;
    float text_w = width - s - ui.m->gap;
    float text_h = paragraph_height(ui.fonts->body, text_w, label);
    paragraph(ui, ui.fonts->body, ImVec2(text_x, pos.y + std::max(0.0f, (h - text_h) * 0.5f)),
              text_w, p.text, label);
    return h;
}

void card(Ui& ui, const Rect& r, bool pressed, ImU32 fill) {
    const Palette& p = *ui.pal;
    ImU32 f = pressed ? p.surface_pressed : (fill ? fill : p.surface);
    ui.dl->AddRectFilled(r.min(), r.max(), f, ui.m->radius);
    ui.dl->AddRect(r.min(), r.max(), p.border, ui.m->radius, 0, p.high_contrast ? 2.0f : 1.5f);
}

void icon_badge(Ui& ui, ImVec2 centre, float radius, ImU32 colour, const char* icon) {
    ui.dl->AddCircleFilled(centre, radius, colour, 40);
    if (ui.pal->high_contrast) ui.dl->AddCircle(centre, radius, ui.pal->border, 40, 2.0f);
    // The largest font whose icon fits the badge comfortably.
    ImFont* font = ui.fonts->label;
    for (ImFont* f : {ui.fonts->display, ui.fonts->heading, ui.fonts->title})
        if (f->FontSize <= radius * 1.3f) {
            font = f;
            break;
        }
    ImVec2 size = measure(font, icon);
    text(ui, font, ImVec2(centre.x - size.x * 0.5f, centre.y - font->FontSize * 0.5f),
         IM_COL32_WHITE, icon);
}

Rect FlowLayout::next(float width) {
    width = std::min(width, area.w);
    if (x > area.x && x + width > area.right() + 0.5f) {
        x = area.x;
        y += row_height + gap;
    }
    Rect r{x, y, width, row_height};
    x += width + gap;
    return r;
}

}  // namespace talkoo::ui
