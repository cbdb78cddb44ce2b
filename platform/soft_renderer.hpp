// A software rasteriser for ImGui's draw data, for kiosks without a GPU driver (and for headless
// runs). SDL's own software renderer draws ImGui's triangles through a general-purpose path and
// took 60 ms for a 1080p frame of the browse screen; this one knows what ImGui draws and took a
// few ms (docs/benchmarks.md):
//
//   - axis-aligned quads (rectangles, and every glyph of text, 1:1 from the font atlas) are
//     filled or blitted row by row with no per-pixel geometry;
//   - other triangles (rounded corners, the anti-aliased fringe of shapes, circles) are filled
//     span by span, with a solid-colour fast path when all three corners share colour and
//     texel, and per-pixel interpolation only where colours differ (the 1-px fringe);
//   - the font atlas is kept as 8-bit alpha (ImGui's white pixel makes solid shapes texel 255).
//
// Pixels are 32-bit in any channel order (the window surface's); no SDL in here, so tests can
// render to a plain buffer.
#pragma once

#include <cstdint>
#include <vector>

struct ImDrawData;

namespace talkoo::platform {

struct PixelTarget {
    uint32_t* pixels = nullptr;
    int width = 0;
    int height = 0;
    int pitch = 0;                               // in pixels
    int r_shift = 16, g_shift = 8, b_shift = 0;  // where each 8-bit channel sits
};

class SoftRenderer {
  public:
    // Copies the font atlas (8-bit alpha, as ImFontAtlas::GetTexDataAsAlpha8 gives it).
    void set_atlas(const unsigned char* alpha, int width, int height);
    // Clears `target` to `clear_rgb` (0xRRGGBB) and draws `draw_data` over it.
    void render(const ImDrawData& draw_data, const PixelTarget& target, uint32_t clear_rgb) const;

  private:
    std::vector<unsigned char> atlas_;
    int atlas_w_ = 0;
    int atlas_h_ = 0;
};

}  // namespace talkoo::platform
