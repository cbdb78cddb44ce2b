// Sizes of everything on screen, from the panel's pixel size and its real DPI.
//
// The reference is a 24-inch 1080p kiosk panel (92 DPI) read from about 60 cm: body text 28 px,
// headings 44 px, touch targets 66 px (the issue asks for at least 60 there). Other panels scale by
// physical size and reading distance:
//
//     scale = (dpi / 92) × (reading distance / 60 cm)
//
// with the reading distance taken from the panel's diagonal: a kiosk (15" and up) 60 cm, a
// tablet (7"–15") 35 cm, a phone 30 cm. Touch targets are never under 9 mm at the real DPI.
// Fonts are loaded at these sizes (never scaled globally), so text stays sharp.
//
// When the display does not tell its DPI (dummy driver, many X servers), guess_dpi() assumes the
// common panel for the size: 1080p-class → 24" (92), 800-line tablets → 10" (149), phone-sized
// windows → a 6.1" phone (152 logical DPI). Staff set the real value with --dpi or "dpi=".
// A browser gives its device pixel ratio instead: the guess is made on CSS pixels, then scaled.
#pragma once

#include <optional>

#include "platform/fonts.hpp"

namespace talkoo {

enum class FormFactor { kiosk, tablet, phone };

struct Metrics {
    float width = 1920;
    float height = 1080;
    float dpi = 92;
    FormFactor form = FormFactor::kiosk;
    float scale = 1;
    // Device pixels per layout pixel: 1 on a kiosk; a phone's browser draws at its device pixel
    // ratio (2-3) for sharp text, and lays out by its CSS pixels.
    float pixel_ratio = 1;
    float text_scale = 1;  // the visitor's text size: 1, 1.5 or 2 (issue 18, point 6)

    platform::FontSizes fonts;
    float target = 66;          // side of what one taps, px: holds its label at the text size
    float min_target = 66;      // the least any target may be: 9 mm, whatever the text size
    float gap = 16;             // between neighbours
    float pad = 20;             // inside cards and buttons
    float margin = 24;          // from the screen's edge
    float radius = 16;          // card and button corners
    float drag_threshold = 12;  // a touch that moves less than this is a tap
    float top_bar = 96;         // height of the bar with back, language and contrast

    float px_per_mm() const { return dpi / 25.4f; }
    // Two columns (side panel + list) where there is room for both.
    bool wide() const { return width / pixel_ratio >= 1200; }
    // Less than a tablet's width: single column, compact labels.
    bool narrow() const { return width / pixel_ratio < 700; }
    bool operator==(const Metrics&) const = default;
};

float guess_dpi(float width, float height);
// `width` and `height` in device pixels; `dpi` per device pixel (when known). `text_scale`
// enlarges text for a visitor who asked (1.5 or 2). Running text and labels grow by all of it;
// titles, headings and the headline, already large, by less (as phones' own large text settings
// do), so that a word still fits a phone's width. Touch targets grow to hold their larger labels.
// `pixel_ratio`: device pixels per layout pixel (a phone's browser, 2-3; 1 on a kiosk).
Metrics compute_metrics(float width, float height, std::optional<float> dpi,
                        float text_scale = 1.0f, float pixel_ratio = 1.0f);

}  // namespace talkoo
