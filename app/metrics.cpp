// See metrics.hpp for the rule; the numbers live here.
#include "app/metrics.hpp"

#include <algorithm>
#include <cmath>

namespace talkoo {

float guess_dpi(float width, float height) {
    float short_side = std::min(width, height);
    if (short_side >= 1000) return 92;  // 24" 1080p, landscape or portrait
    if (short_side >= 700) return 149;  // 10.1" 1280×800 tablet
    return 152;                         // 6.1" phone in logical pixels (390×844)
}

Metrics compute_metrics(float width, float height, std::optional<float> dpi, float text_scale,
                        float pixel_ratio) {
    Metrics m;
    m.width = width;
    m.height = height;
    m.pixel_ratio = pixel_ratio > 0 ? pixel_ratio : 1;
    m.dpi = dpi.value_or(guess_dpi(width / m.pixel_ratio, height / m.pixel_ratio) * m.pixel_ratio);
    float diagonal_inches = std::hypot(width, height) / m.dpi;
    float distance_cm = 60;
    if (diagonal_inches >= 15) {
        m.form = FormFactor::kiosk;
    } else if (diagonal_inches >= 7) {
        m.form = FormFactor::tablet;
        distance_cm = 35;
    } else {
        m.form = FormFactor::phone;
        distance_cm = 30;
    }
    m.scale = (m.dpi / 92.0f) * (distance_cm / 60.0f);
    auto px = [&](float reference) { return std::round(reference * m.scale); };

    m.text_scale = std::clamp(text_scale, 1.0f, 2.0f);
    auto text = [&](float reference, float growth) {
        return std::round(reference * m.scale * std::pow(m.text_scale, growth));
    };
    m.fonts.small = text(24, 1.0f);
    m.fonts.body = text(28, 1.0f);
    m.fonts.label = text(28, 1.0f);
    m.fonts.title = text(34, 0.8f);
    m.fonts.heading = text(44, 0.6f);
    m.fonts.display = text(64, 0.35f);

    float nine_mm = std::ceil(9.0f * m.px_per_mm());
    // A label's line and a little room above and below it, at the visitor's text size.
    float holds_label = std::round(m.fonts.label * 1.25f + 2 * px(10));
    m.min_target = std::max(nine_mm, px(66));
    m.target = std::max(m.min_target, holds_label);
    // The keyboard's keys keep their size at any text size (a phone's width must hold them),
    // and so do their letters: 34 px at the reference, already larger than body text.
    m.fonts.key = std::round(m.scale * 34.0f);
    m.gap = px(16);
    m.pad = px(20);
    m.margin = px(m.form == FormFactor::phone ? 12 : 28);
    m.radius = px(16);
    // 2 mm, but never below 8 px: a finger rolls more than that while tapping.
    m.drag_threshold = std::max(8.0f, std::round(2.0f * m.px_per_mm()));
    m.top_bar = m.target + 2 * px(12);
    return m;
}

}  // namespace talkoo
