// See theme.hpp. Colours are written 0xRRGGBB and turned into ImGui's ABGR here.
#include "app/theme.hpp"

#include <array>
#include <cmath>

#include "platform/icons.hpp"

namespace talkoo {
namespace {

constexpr ImU32 rgb(unsigned hex, unsigned alpha = 255) {
    return (alpha << 24) | ((hex & 0xff) << 16) | (hex & 0xff00) | ((hex >> 16) & 0xff);
}

const std::array<CategoryStyle, 14> kCategoryStyles = {{
    {"", icon::all, rgb(0x374151), rgb(0xE7E8EA)},
    {"social", icon::social, rgb(0xA3385F), rgb(0xF4E7EC)},
    {"children-youth", icon::children_youth, rgb(0xB8430E), rgb(0xF6E8E2)},
    {"elderly", icon::elderly, rgb(0x9A2F7A), rgb(0xF3E6EF)},
    {"environment", icon::environment, rgb(0x17743A), rgb(0xE3EEE7)},
    {"animals", icon::animals, rgb(0x8A4B14), rgb(0xF1E9E3)},
    {"sports", icon::sports, rgb(0x1D54C9), rgb(0xE4EAF9)},
    {"culture", icon::culture, rgb(0x6D28B8), rgb(0xEDE5F6)},
    {"events", icon::events, rgb(0xA35200), rgb(0xF4EAE0)},
    {"crafts", icon::crafts, rgb(0xB0245F), rgb(0xF6E5EC)},
    {"multicultural", icon::multicultural, rgb(0x0B6F86), rgb(0xE2EEF0)},
    {"first-aid", icon::first_aid, rgb(0xB42020), rgb(0xF6E4E4)},
    {"digital", icon::digital, rgb(0x4338CA), rgb(0xE8E7F9)},
    {"food-aid", icon::food_aid, rgb(0x4F6E12), rgb(0xEAEEE3)},
}};

double channel(unsigned c) {
    double v = c / 255.0;
    return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

double luminance(ImU32 c) {
    return 0.2126 * channel(c & 0xff) + 0.7152 * channel((c >> 8) & 0xff) +
           0.0722 * channel((c >> 16) & 0xff);
}

}  // namespace

const Palette& light_palette() {
    static const Palette p = {
        .background = rgb(0xF5F2EC),
        .surface = rgb(0xFFFFFF),
        .surface_pressed = rgb(0xCFE3D9),
        .border = rgb(0xD9D3C7),
        .text = rgb(0x1C2230),
        .text_muted = rgb(0x4B5262),
        .primary = rgb(0x0F6B4F),
        .primary_pressed = rgb(0x0A4F3A),
        .on_primary = rgb(0xFFFFFF),
        .secondary = rgb(0xE4EFEA),
        .on_secondary = rgb(0x0F4D3A),
        .selected = rgb(0x0F6B4F),
        .on_selected = rgb(0xFFFFFF),
        .focus = rgb(0x1D54C9),
        .error = rgb(0xB3261E),
        .error_surface = rgb(0xFBE9E7),
        .on_error_surface = rgb(0x8C1D18),
        .scrim = rgb(0x1C2230, 170),
        .top_bar = rgb(0xFFFFFF),
        .on_top_bar = rgb(0x1C2230),
        .attract_bg = rgb(0x0F6B4F),
        .on_attract = rgb(0xFFFFFF),
        .clear_rgb = 0xF5F2EC,
        .high_contrast = false,
    };
    return p;
}

const Palette& high_contrast_palette() {
    static const Palette p = {
        .background = rgb(0x000000),
        .surface = rgb(0x000000),
        .surface_pressed = rgb(0x3A3A3A),
        .border = rgb(0xFFFFFF),
        .text = rgb(0xFFFFFF),
        .text_muted = rgb(0xE0E0E0),
        .primary = rgb(0xFFD60A),
        .primary_pressed = rgb(0xFFE766),
        .on_primary = rgb(0x000000),
        .secondary = rgb(0x000000),
        .on_secondary = rgb(0xFFFFFF),
        .selected = rgb(0xFFD60A),
        .on_selected = rgb(0x000000),
        .focus = rgb(0x5CC8FF),
        .error = rgb(0xFF9E9E),
        .error_surface = rgb(0x000000),
        .on_error_surface = rgb(0xFF9E9E),
        .scrim = rgb(0x000000, 215),
        .top_bar = rgb(0x000000),
        .on_top_bar = rgb(0xFFFFFF),
        .attract_bg = rgb(0x000000),
        .on_attract = rgb(0xFFFFFF),
        .clear_rgb = 0x000000,
        .high_contrast = true,
    };
    return p;
}

const CategoryStyle& category_style(std::string_view id) {
    for (const auto& s : kCategoryStyles)
        if (s.id == id) return s;
    return kCategoryStyles[0];
}

double contrast_ratio(ImU32 a, ImU32 b) {
    double la = luminance(a), lb = luminance(b);
    if (la < lb) std::swap(la, lb);
    return (la + 0.05) / (lb + 0.05);
}

std::vector<ContrastPair> text_pairs(const Palette& p) {
    std::vector<ContrastPair> pairs = {
        {"text on background", p.text, p.background},
        {"muted text on background", p.text_muted, p.background},
        {"text on surface", p.text, p.surface},
        {"muted text on surface", p.text_muted, p.surface},
        {"text on a pressed surface", p.text, p.surface_pressed},
        {"label on primary", p.on_primary, p.primary},
        {"label on pressed primary", p.on_primary, p.primary_pressed},
        {"label on secondary", p.on_secondary, p.secondary},
        {"label on selected", p.on_selected, p.selected},
        {"error text on surface", p.error, p.surface},
        {"error text on background", p.error, p.background},
        {"error message on its surface", p.on_error_surface, p.error_surface},
        {"top bar text", p.on_top_bar, p.top_bar},
        {"attract text", p.on_attract, p.attract_bg},
        {"focus outline on surface (as text)", p.focus, p.surface},
    };
    for (const auto& s : kCategoryStyles) {
        std::string name = s.id.empty() ? "all" : std::string(s.id);
        pairs.push_back({"white icon on " + name, rgb(0xFFFFFF), s.colour});
        if (!p.high_contrast) pairs.push_back({"text on the " + name + " tint", p.text, s.tint});
    }
    return pairs;
}

}  // namespace talkoo
