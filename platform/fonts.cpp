// See fonts.hpp. Glyph ranges: Basic Latin + Latin-1 (ä ö å é ü ...), Latin Extended-A (š ž and
// the rest of Finnish and Swedish loan-word letters), General Punctuation (– — ‘ ’ “ ” … •),
// the euro sign, and the icon code points of icons.hpp.
#include "platform/fonts.hpp"

#include <imgui.h>

#include <stdexcept>
#include <system_error>

#include "platform/icons.hpp"

namespace talkoo::platform {
namespace {

// ImGui keeps a pointer to the ranges until the atlas is built, so they must outlive the call.
constexpr ImWchar kTextRanges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1 Supplement
    0x0100, 0x017F,  // Latin Extended-A
    0x2000, 0x206F,  // General Punctuation
    0x20AC, 0x20AC,  // €
    0x2212, 0x2212,  // minus sign
    0,
};

const ImWchar* icon_ranges() {
    // Pairs of [cp, cp] for each icon, built once.
    static const ImVector<ImWchar> ranges = [] {
        ImVector<ImWchar> r;
        for (unsigned short cp : icon::kCodepoints) {
            r.push_back(static_cast<ImWchar>(cp));
            r.push_back(static_cast<ImWchar>(cp));
        }
        r.push_back(0);
        return r;
    }();
    return ranges.Data;
}

std::filesystem::path first_existing(std::initializer_list<const char*> candidates) {
    std::error_code ec;
    for (const char* c : candidates)
        if (std::filesystem::is_regular_file(c, ec)) return c;
    return {};
}

ImFont* add_style(ImFontAtlas& atlas, const std::filesystem::path& text_file,
                  const std::filesystem::path& icon_file, float size) {
    ImFontConfig text;
    // At 20 px and above, horizontal oversampling buys nothing visible but triples the atlas.
    text.OversampleH = 1;
    text.OversampleV = 1;
    text.PixelSnapH = true;
    ImFont* font = atlas.AddFontFromFileTTF(text_file.c_str(), size, &text, kTextRanges);
    if (!font)
        throw std::runtime_error("Cannot read the font file " + text_file.string() +
                                 ": reinstall fonts-noto-core (scripts/install-deps.sh).");

    ImFontConfig icons;
    icons.MergeMode = true;
    icons.OversampleH = 1;
    icons.OversampleV = 1;
    icons.PixelSnapH = true;
    // Icons a little smaller than the text's em and square, so that an icon column lines up.
    const float icon_size = size * 0.9f;
    icons.GlyphMinAdvanceX = icon_size * 1.15f;
    icons.GlyphOffset = ImVec2(0, size * 0.02f);
    if (!atlas.AddFontFromFileTTF(icon_file.c_str(), icon_size, &icons, icon_ranges()))
        throw std::runtime_error("Cannot read the icon font " + icon_file.string() +
                                 ": reinstall fonts-fork-awesome (scripts/install-deps.sh).");
    return font;
}

}  // namespace

FontFiles find_font_files() {
    FontFiles f;
    f.regular = first_existing({"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
                                "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"});
    f.bold = first_existing({"/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
                             "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"});
    f.icons = first_existing({"/usr/share/fonts/truetype/fork-awesome/forkawesome-webfont.ttf"});
    if (f.regular.empty() || f.bold.empty())
        throw std::runtime_error(
            "No text font found: install fonts-noto-core or fonts-dejavu-core "
            "(scripts/install-deps.sh installs both).");
    if (f.icons.empty())
        throw std::runtime_error(
            "The icon font is missing: install fonts-fork-awesome (scripts/install-deps.sh).");
    return f;
}

Fonts load_fonts(ImFontAtlas& atlas, const FontSizes& sizes, const FontFiles& files) {
    atlas.Clear();
    // The atlas is uploaded once per layout; a power-of-two width keeps it compact.
    atlas.TexDesiredWidth = 2048;
    Fonts fonts;
    fonts.body = add_style(atlas, files.regular, files.icons, sizes.body);  // first = default
    fonts.small = add_style(atlas, files.regular, files.icons, sizes.small);
    fonts.label = add_style(atlas, files.bold, files.icons, sizes.label);
    fonts.title = add_style(atlas, files.bold, files.icons, sizes.title);
    fonts.heading = add_style(atlas, files.bold, files.icons, sizes.heading);
    fonts.display = add_style(atlas, files.bold, files.icons, sizes.display);
    fonts.key = add_style(atlas, files.bold, files.icons, sizes.key);
    return fonts;
}

bool FontCache::ensure(ImFontAtlas& atlas, const FontSizes& sizes) {
    if (loaded_ && sizes == sizes_) return false;
    fonts_ = load_fonts(atlas, sizes, files_);
    // Build now, so that a headless context (tests) can start a frame without a renderer.
    atlas.Build();
    sizes_ = sizes;
    loaded_ = true;
    return true;
}

}  // namespace talkoo::platform
