// The kiosk's fonts: a humanist sans from Debian's font packages (Noto Sans, else DejaVu Sans),
// rasterised at the exact pixel sizes the current layout asks for, with the Fork Awesome icons
// the screens use merged into every size (the usual ImGui way: icons sit inline in any label).
//
// Fonts are never scaled globally (io.FontGlobalScale stays 1): a layout change rebuilds the
// atlas at the new sizes, so text is always drawn 1:1 from its own glyphs and never blurred.
// This file uses ImGui only, no SDL: tests build the same atlas headlessly.
#pragma once

#include <filesystem>
#include <string>

struct ImFont;
struct ImFontAtlas;

namespace talkoo::platform {

// The sizes, in pixels, of the seven text styles the screens use.
struct FontSizes {
    float small = 24;    // meta lines, hints
    float body = 28;     // running text
    float label = 28;    // button and chip labels (bold)
    float title = 34;    // card titles (bold)
    float heading = 44;  // screen headings (bold)
    float display = 64;  // the attract screen's headline (bold)
    float key = 34;      // the on-screen keyboard's keys (bold): grows less with large text
    bool operator==(const FontSizes&) const = default;
};

struct Fonts {
    ImFont* small = nullptr;
    ImFont* body = nullptr;
    ImFont* label = nullptr;
    ImFont* title = nullptr;
    ImFont* heading = nullptr;
    ImFont* display = nullptr;
    ImFont* key = nullptr;
};

struct FontFiles {
    std::filesystem::path regular;
    std::filesystem::path bold;
    std::filesystem::path icons;
};

// Finds the font files in their Debian locations. Throws std::runtime_error naming the package to
// install when one is missing.
FontFiles find_font_files();

// Clears `atlas` and loads the six styles at `sizes`. Call before the atlas is built (the
// renderer builds it when it makes the font texture). Throws std::runtime_error if a file cannot
// be read.
Fonts load_fonts(ImFontAtlas& atlas, const FontSizes& sizes, const FontFiles& files);

// Keeps one atlas loaded at the sizes of the current layout; ensure() rebuilds it only when the
// sizes change (a window resized to another form factor).
class FontCache {
  public:
    explicit FontCache(FontFiles files) : files_(std::move(files)) {}
    // Returns true when the atlas was rebuilt (the renderer must upload it again).
    bool ensure(ImFontAtlas& atlas, const FontSizes& sizes);
    const Fonts& fonts() const { return fonts_; }

  private:
    FontFiles files_;
    FontSizes sizes_{};
    bool loaded_ = false;
    Fonts fonts_;
};

}  // namespace talkoo::platform
