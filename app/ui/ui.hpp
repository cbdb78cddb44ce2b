// The per-frame drawing context every screen and widget takes, and the basics built on it:
// taps, text measured and wrapped, and the layout audit.
//
// Screens draw straight into an ImGui draw list with their own widgets (widgets.hpp); ImGui
// supplies fonts, text measurement, the draw lists and the renderer, but none of its windows or
// default widgets, so nothing of its developer-tool look reaches the visitor.
//
// The layout audit records every widget's id and rectangle and every text that does not fit its
// box or target that is too small. Tests use the records to tap widgets by id and fail on any
// issue; the kiosk runs with the audit off.
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/metrics.hpp"
#include "app/theme.hpp"
#include "app/translations.hpp"
#include "app/ui/geometry.hpp"
#include "app/ui/gesture.hpp"
#include "core/lang.hpp"
#include "platform/fonts.hpp"
#include "platform/scroll_region.hpp"

namespace talkoo::ui {

struct WidgetRecord {
    std::string id;
    Rect rect;
    Rect clip;  // the part of the screen it could be seen and touched in
    bool tappable = false;
};

struct LayoutIssue {
    std::string id;
    std::string problem;
};

struct LayoutAudit {
    std::vector<WidgetRecord> widgets;
    std::vector<LayoutIssue> issues;
    const WidgetRecord* find(std::string_view id) const;
    void clear() {
        widgets.clear();
        issues.clear();
    }
};

struct Ui {
    ImDrawList* dl = nullptr;
    const Metrics* m = nullptr;
    const Palette* pal = nullptr;
    const platform::Fonts* fonts = nullptr;
    const Translations* tr = nullptr;
    Lang lang = Lang::fi;
    PointerGesture* pointer = nullptr;
    LayoutAudit* audit = nullptr;
    double now = 0;
    float dt = 0;
    Rect screen;
    Rect clip;             // where drawing and touching currently happen
    bool blocked = false;  // something modal is above: what is drawn now takes no input
    // The tap guard: a touch that went down before this time takes no widget. The screen under
    // the finger changed just now (another screen, an overlay, a relayout), so the touch was
    // meant for what was there before: the second half of a double tap (issue 18).
    double taps_from = -1e9;
    bool wants_frames = false;  // something moves: draw again soon
    bool relayout = false;      // this frame's layout depends on what it measured: draw again now
    bool on_screen_keyboard = true;  // false: the device's own keyboard types (a phone)
    // The largest scrolling region drawn this frame, for the renderer to move its pixels.
    std::optional<platform::ScrollRegion> scrolled;

    const std::string& t(std::string_view key) const { return tr->get(lang, key); }
    std::string f(std::string_view key,
                  std::initializer_list<std::pair<std::string_view, std::string>> args) const {
        return tr->format(lang, key, args);
    }
};

// -- input ---------------------------------------------------------------------------------
// True once when a tap lands in `r` (pressed and released inside it, within the clip);
// the tap is then taken, so an enclosing widget asked later does not get it too.
bool tapped(Ui& ui, const Rect& r);
// True while a finger presses `r` and has not started dragging: draw the pressed look.
bool pressing(const Ui& ui, const Rect& r);

// -- audit ---------------------------------------------------------------------------------
// Records a widget; a tappable one smaller than the target size is an issue.
void record(Ui& ui, std::string_view id, const Rect& r, bool tappable);
void issue(Ui& ui, std::string_view id, std::string problem);

// -- text ----------------------------------------------------------------------------------
ImVec2 measure(ImFont* font, std::string_view text);
// Lines of `text` broken at spaces to fit `width` (a word longer than the width is broken
// inside). With max_lines > 0, at most that many, the last ending in "…" when text remains.
std::vector<std::string> wrap(ImFont* font, std::string_view text, float width, int max_lines = 0);
float line_height(ImFont* font);
// The first of `fonts` (largest first) in which every word of `text` fits `width`: a heading
// at a large text size is set smaller rather than broken inside a word. The last if none fits.
ImFont* font_fitting_words(std::initializer_list<ImFont*> fonts, std::string_view text,
                           float width);

void text(Ui& ui, ImFont* font, ImVec2 pos, ImU32 colour, std::string_view s);
// Wrapped text at `pos`, `width` wide; returns the height used.
float paragraph(Ui& ui, ImFont* font, ImVec2 pos, float width, ImU32 colour, std::string_view s,
                int max_lines = 0);
float paragraph_height(ImFont* font, float width, std::string_view s, int max_lines = 0);
// One line in `box`, aligned (0 left, 0.5 centre, 1 right) and vertically centred. Text wider
// than the box is an audit issue (and is clipped, never drawn over a neighbour).
void label(Ui& ui, std::string_view id, ImFont* font, const Rect& box, ImU32 colour,
           std::string_view s, float align_x = 0.5f);
// Like label() but wraps onto as many lines as the box's height holds; an issue if it needs more
// or a word is wider than the box.
void label_wrapped(Ui& ui, std::string_view id, ImFont* font, const Rect& box, ImU32 colour,
                   std::string_view s, float align_x = 0.5f);

}  // namespace talkoo::ui
