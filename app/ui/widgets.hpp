// The kiosk's widgets, drawn with the palette of theme.hpp: buttons, chips, check boxes, cards,
// icon badges, and a flow layout for rows of chips. Each takes the rectangle it fills (screens
// lay out by hand), records itself in the layout audit under a stable id, and reports a tap.
//
// Pressed looks last only while the finger is down; there are no hover states.
#pragma once

#include <string_view>

#include "app/ui/ui.hpp"

namespace talkoo::ui {

enum class ButtonKind {
    primary,    // the screen's one main action
    secondary,  // everything else one can press
    on,         // a toggle that is on (selected chip, chosen task)
    key,        // a key of the on-screen keyboard: light, like paper keys on a darker tray
};

// Natural width of a button or chip with this label and icon (icon may be null), never less
// than the touch target.
float button_width(const Ui& ui, ImFont* font, std::string_view label, const char* icon);

// `inset`: the label's room from each side, < 0 = the usual (the keyboard's keys use less).
bool button(Ui& ui, std::string_view id, const Rect& r, std::string_view label,
            const char* icon = nullptr, ButtonKind kind = ButtonKind::secondary,
            ImFont* font = nullptr, float inset = -1);
// A square button with only an icon; `name` is for the audit (what it does).
bool icon_button(Ui& ui, std::string_view id, const Rect& r, const char* icon,
                 ButtonKind kind = ButtonKind::secondary);
// A pill-shaped toggle. Returns true when tapped (the caller flips the state).
bool chip(Ui& ui, std::string_view id, const Rect& r, std::string_view label, const char* icon,
          bool on);
// A check box with its label wrapped beside it; the whole row is the target.
// Returns the height used (at least the target); `tapped_out` tells whether it was tapped.
float check_box(Ui& ui, std::string_view id, ImVec2 pos, float width, std::string_view label,
                bool checked, bool error, bool* tapped_out);
float check_box_height(const Ui& ui, float width, std::string_view label);

// A rounded card background with an outline; pressed look while a finger is on it.
void card(Ui& ui, const Rect& r, bool pressed, ImU32 fill = 0);
// A filled circle in a category's colour with a white icon in it.
void icon_badge(Ui& ui, ImVec2 centre, float radius, ImU32 colour, const char* icon);
// Icon and text on one line in `box`, aligned like label().
void icon_label(Ui& ui, std::string_view id, const Rect& box, ImFont* font, const char* icon,
                std::string_view s, ImU32 colour, float align_x = 0.5f);

// Places widgets left to right, wrapping to a new line when the next would not fit.
struct FlowLayout {
    Rect area;
    float gap = 0;
    float row_height = 0;
    float x = 0, y = 0;
    FlowLayout(const Rect& area_, float gap_, float row_height_)
        : area(area_), gap(gap_), row_height(row_height_), x(area_.x), y(area_.y) {}
    Rect next(float width);
    float height() const { return y + row_height - area.y; }
};

}  // namespace talkoo::ui
