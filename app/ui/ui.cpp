// See ui.hpp.
#include "app/ui/ui.hpp"

#include <cmath>

namespace talkoo::ui {
namespace {

constexpr std::string_view kEllipsis = "\xe2\x80\xa6";  // …

const char* end_of(std::string_view s) {
    return s.data() + s.size();
}

// Steps back over one UTF-8 code point.
size_t previous_char(std::string_view s, size_t at) {
    if (at == 0) return 0;
    --at;
    while (at > 0 && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80)
        --at;
    return at;
}

size_t next_char(std::string_view s, size_t at) {
    if (at >= s.size()) return s.size();
    ++at;
    while (at < s.size() && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80)
        ++at;
    return at;
}

std::string_view trim_right(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

std::string with_ellipsis(ImFont* font, std::string_view line, float width) {
    std::string_view cut = trim_right(line);
    while (!cut.empty()) {
        std::string candidate = std::string(cut) + std::string(kEllipsis);
        if (measure(font, candidate).x <= width) return candidate;
        cut = trim_right(cut.substr(0, previous_char(cut, cut.size())));
    }
    return std::string(kEllipsis);
}

}  // namespace

const WidgetRecord* LayoutAudit::find(std::string_view id) const {
    // The last record wins: a widget drawn twice (e.g. under and over a modal) is found where
    // it was drawn last.
    for (auto it = widgets.rbegin(); it != widgets.rend(); ++it)
        if (it->id == id) return &*it;
    return nullptr;
}

bool tapped(Ui& ui, const Rect& r) {
    PointerGesture& g = *ui.pointer;
    if (ui.blocked || !g.tap || g.tap_taken || g.press_time < ui.taps_from) return false;
    if (!r.contains(g.press_pos) || !r.contains(g.pos)) return false;
    if (!ui.clip.contains(g.pos)) return false;
    g.tap_taken = true;
    return true;
}

bool pressing(const Ui& ui, const Rect& r) {
    const PointerGesture& g = *ui.pointer;
    return !ui.blocked && g.down && !g.dragging && !g.tap_blocked && g.press_time >= ui.taps_from &&
           r.contains(g.press_pos) && r.contains(g.pos) && ui.clip.contains(g.pos);
}

void record(Ui& ui, std::string_view id, const Rect& r, bool tappable) {
    if (!ui.audit) return;
    // Under a modal layer nothing can be touched: such widgets are drawn, but are no targets.
    tappable = tappable && !ui.blocked;
    ui.audit->widgets.push_back({std::string(id), r, ui.clip, tappable});
    // Half a pixel of slack for rounding; the rule is the metric, not an exact float.
    if (tappable && (r.w + 0.5f < ui.m->min_target || r.h + 0.5f < ui.m->min_target))
        issue(ui, id,
              "touch target " + std::to_string(static_cast<int>(r.w)) + "x" +
                  std::to_string(static_cast<int>(r.h)) + " px is under the minimum " +
                  std::to_string(static_cast<int>(ui.m->min_target)) + " px");
}

void issue(Ui& ui, std::string_view id, std::string problem) {
    if (!ui.audit) return;
    ui.audit->issues.push_back({std::string(id), std::move(problem)});
}

ImVec2 measure(ImFont* font, std::string_view text) {
    // An empty view may have no data at all: ImGui would read it as a C string.
    if (text.empty()) return ImVec2(0, font->FontSize);
    return font->CalcTextSizeA(font->FontSize, 1e9f, 0.0f, text.data(), end_of(text));
}

ImFont* font_fitting_words(std::initializer_list<ImFont*> fonts, std::string_view text,
                           float width) {
    ImFont* last = nullptr;
    for (ImFont* f : fonts) {
        last = f;
        bool fits = true;
        size_t start = 0;
        while (fits && start < text.size()) {
            size_t space = text.find_first_of(" \n", start);
            std::string_view word = text.substr(
                start, space == std::string_view::npos ? text.size() - start : space - start);
            fits = measure(f, word).x <= width + 0.5f;
            if (space == std::string_view::npos) break;
            start = space + 1;
        }
        if (fits) return f;
    }
    return last;
}

float line_height(ImFont* font) {
    return std::round(font->FontSize * 1.25f);
}

std::vector<std::string> wrap(ImFont* font, std::string_view text, float width, int max_lines) {
    std::vector<std::string> lines;
    size_t at = 0;
    while (at < text.size()) {
        size_t newline = text.find('\n', at);
        size_t para_end = newline == std::string_view::npos ? text.size() : newline;
        std::string_view rest = text.substr(at, para_end - at);
        const char* brk = font->CalcWordWrapPositionA(1.0f, rest.data(), end_of(rest), width);
        size_t len = static_cast<size_t>(brk - rest.data());
        if (len == 0 && !rest.empty()) len = next_char(rest, 0);  // always make progress
        std::string_view line = trim_right(rest.substr(0, len));
        size_t next = at + len;
        while (next < para_end && text[next] == ' ')
            ++next;
        if (next == para_end && newline != std::string_view::npos) ++next;  // eat the '\n'
        bool more = next < text.size();
        if (max_lines > 0 && static_cast<int>(lines.size()) == max_lines - 1 && more) {
            // Last permitted line and text remains: end it in an ellipsis.
            lines.push_back(with_ellipsis(font, line, width));
            return lines;
        }
        lines.emplace_back(line);
        at = next;
    }
    return lines;
}

void text(Ui& ui, ImFont* font, ImVec2 pos, ImU32 colour, std::string_view s) {
    ui.dl->AddText(font, font->FontSize, ImVec2(std::round(pos.x), std::round(pos.y)), colour,
                   s.data(), end_of(s));
}

float paragraph(Ui& ui, ImFont* font, ImVec2 pos, float width, ImU32 colour, std::string_view s,
                int max_lines) {
    float lh = line_height(font);
    float pad = std::round((lh - font->FontSize) * 0.5f);
    float y = pos.y;
    for (const std::string& line : wrap(font, s, width, max_lines)) {
        // Lines entirely outside the clip cost nothing to skip (long descriptions).
        if (y + lh >= ui.clip.y && y <= ui.clip.bottom())
            text(ui, font, ImVec2(pos.x, y + pad), colour, line);
        y += lh;
    }
    return y - pos.y;
}

float paragraph_height(ImFont* font, float width, std::string_view s, int max_lines) {
    return static_cast<float>(wrap(font, s, width, max_lines).size()) * line_height(font);
}

void label(Ui& ui, std::string_view id, ImFont* font, const Rect& box, ImU32 colour,
           std::string_view s, float align_x) {
    // Large text on a narrow screen: a smaller face before a clipped label.
    for (ImFont* smaller : {ui.fonts->body, ui.fonts->small, ui.fonts->key})
        if (measure(font, s).x > box.w + 0.5f && smaller->FontSize < font->FontSize) font = smaller;
    ImVec2 size = measure(font, s);
    if (size.x > box.w + 0.5f)
        issue(ui, id,
              "text \"" + std::string(s) + "\" is " + std::to_string(static_cast<int>(size.x)) +
                  " px wide in a " + std::to_string(static_cast<int>(box.w)) + " px box");
    float x = box.x + std::max(0.0f, box.w - size.x) * align_x;
    float y = box.y + (box.h - font->FontSize) * 0.5f;
    ImVec4 clip(std::max(box.x, ui.clip.x), std::max(box.y - font->FontSize, ui.clip.y),
                std::min(box.right(), ui.clip.right()),
                std::min(box.bottom() + font->FontSize, ui.clip.bottom()));
    ui.dl->AddText(font, font->FontSize, ImVec2(std::round(x), std::round(y)), colour, s.data(),
                   end_of(s), 0.0f, &clip);
}

void label_wrapped(Ui& ui, std::string_view id, ImFont* font, const Rect& box, ImU32 colour,
                   std::string_view s, float align_x) {
    // Large text: a smaller face where the lines would not fit the box or a word its width.
    auto fits = [&](ImFont* f) {
        if (wrap(f, s, box.w).size() * line_height(f) > box.h + 0.5f) return false;
        size_t start = 0;
        while (start < s.size()) {
            size_t space = s.find_first_of(" \n", start);
            std::string_view word =
                s.substr(start, space == std::string_view::npos ? s.size() - start : space - start);
            if (measure(f, word).x > box.w + 0.5f) return false;
            if (space == std::string_view::npos) break;
            start = space + 1;
        }
        return true;
    };
    for (ImFont* smaller : {ui.fonts->body, ui.fonts->small, ui.fonts->key})
        if (!fits(font) && smaller->FontSize < font->FontSize) font = smaller;
    std::vector<std::string> lines = wrap(font, s, box.w);
    float lh = line_height(font);
    float total = lh * static_cast<float>(lines.size());
    if (total > box.h + 0.5f)
        issue(ui, id,
              "text \"" + std::string(s) + "\" needs " + std::to_string(lines.size()) +
                  " lines, its box holds " + std::to_string(static_cast<int>(box.h / lh)));
    // A word that had to be broken inside is as bad as a clipped one.
    size_t start = 0;
    while (start < s.size()) {
        size_t space = s.find_first_of(" \n", start);
        std::string_view word =
            s.substr(start, space == std::string_view::npos ? s.size() - start : space - start);
        if (!word.empty() && measure(font, word).x > box.w + 0.5f)
            issue(ui, id, "word \"" + std::string(word) + "\" is wider than its box");
        if (space == std::string_view::npos) break;
        start = space + 1;
    }
    float y = box.y + std::max(0.0f, (box.h - total) * 0.5f);
    float pad = std::round((lh - font->FontSize) * 0.5f);
    for (const std::string& line : lines) {
        float w = measure(font, line).x;
        float x = box.x + std::max(0.0f, box.w - w) * align_x;
        text(ui, font, ImVec2(x, y + pad), colour, line);
        y += lh;
    }
}

}  // namespace talkoo::ui
