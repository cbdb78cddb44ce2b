// The kiosk's look: a light, friendly palette and a high-contrast variant (white on black with a
// yellow accent), plus each task category's own icon and colour. Nothing of ImGui's default look
// is used: the screens draw their own widgets with these colours.
//
// Every pair of text colour and background the screens use is listed by text_pairs(), and a test
// holds each to at least 4.5:1 (WCAG AA); category colours carry white icons and are held to the
// same ratio.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace talkoo {

struct Palette {
    ImU32 background;       // the screen
    ImU32 surface;          // cards, fields, keys
    ImU32 surface_pressed;  // a card or key under a finger
    ImU32 border;           // card and field outlines (decorative)
    ImU32 text;
    ImU32 text_muted;  // secondary lines: organisation, place, hints
    ImU32 primary;     // the screen's one main action
    ImU32 primary_pressed;
    ImU32 on_primary;  // text on primary
    ImU32 secondary;   // other buttons and chips that are off
    ImU32 on_secondary;
    ImU32 selected;  // chips and choices that are on
    ImU32 on_selected;
    ImU32 focus;          // the field being typed into
    ImU32 error;          // error text and outlines
    ImU32 error_surface;  // behind an error message
    ImU32 on_error_surface;
    ImU32 scrim;  // dims the screen behind a question
    ImU32 top_bar;
    ImU32 on_top_bar;
    ImU32 attract_bg;  // the attract screen's backdrop
    ImU32 on_attract;
    unsigned clear_rgb;  // the renderer's clear colour, 0xRRGGBB
    bool high_contrast;
};

const Palette& light_palette();
const Palette& high_contrast_palette();
inline const Palette& palette(bool high_contrast) {
    return high_contrast ? high_contrast_palette() : light_palette();
}

struct CategoryStyle {
    std::string_view id;  // "" is the "all categories" tile
    const char* icon;
    ImU32 colour;  // behind a white icon
    ImU32 tint;    // a light wash of the colour behind dark text (light palette only)
};
// The style of a category id; unknown ids get the neutral "all" style.
const CategoryStyle& category_style(std::string_view id);

// WCAG 2 contrast ratio of two opaque colours, 1..21.
double contrast_ratio(ImU32 a, ImU32 b);

struct ContrastPair {
    std::string what;
    ImU32 foreground;
    ImU32 background;
};
// Every text-on-background pairing the screens draw with this palette.
std::vector<ContrastPair> text_pairs(const Palette& p);

}  // namespace talkoo
