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
//   - the font atlas is kept as 8-bit alpha (ImGui's white pixel makes solid shapes texel 255);
//   - only what changed is drawn again: the target is cut into tiles, each tile gets a hash of
//     the primitives that touch it, and a frame redraws just the tiles whose hash differs from
//     the previous frame's (while the list scrolls, the header and the category column stay);
//   - a scrolling list is moved, not drawn again: given the region that scrolled (ScrollRegion),
//     its pixels are copied to where the content now is, its tiles are hashed in the content's
//     own coordinates, and only the strip that came into view and what changed are drawn.
//
// Pixels are 32-bit in any channel order (the window surface's); no SDL in here, so tests can
// render to a plain buffer.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "platform/scroll_region.hpp"

struct ImDrawData;

namespace talkoo::platform {

struct PixelTarget {
    uint32_t* pixels = nullptr;
    int width = 0;
    int height = 0;
    int pitch = 0;                               // in pixels
    int r_shift = 16, g_shift = 8, b_shift = 0;  // where each 8-bit channel sits
};

struct PixelRect {
    int x = 0, y = 0, w = 0, h = 0;
};

// What the last frame cost, for tests and benchmarks.
struct RenderStats {
    long drawn_pixels = 0;  // pixels rasterised again
    long moved_pixels = 0;  // pixels copied from the last frame to their scrolled place
};

// Defined in soft_renderer.cpp: a quad or triangle of the frame with the pixels it may touch,
// a band of rows to draw with its spans of columns, and a scrolling region's tiles.
struct RasterPrim;
struct RasterBand;
struct ScrolledTiles;

class SoftRenderer {
  public:
    SoftRenderer();
    ~SoftRenderer();
    SoftRenderer(const SoftRenderer&) = delete;
    SoftRenderer& operator=(const SoftRenderer&) = delete;

    // Copies the font atlas (8-bit alpha, as ImFontAtlas::GetTexDataAsAlpha8 gives it). The
    // next frame is drawn whole.
    void set_atlas(const unsigned char* alpha, int width, int height);

    // Draws `draw_data` over a background of `clear_rgb` (0xRRGGBB) into `target`.
    //
    // With `target_kept` the caller promises that the target still holds, untouched, the
    // pixels of the last frame this renderer drew into it; then only the tiles whose content
    // changed are drawn (pixel for pixel the same result). Otherwise, or when the target's
    // buffer, size or format or the clear colour differ from last time, everything is drawn.
    //
    // Returns the rectangles whose pixels were drawn (empty when nothing changed), for the
    // caller to show; valid until the next call.
    //
    // With `scroll` (and the target kept, and the same region last frame), that region's pixels
    // are moved by the change of its content_top and only what differs is drawn there.
    const std::vector<PixelRect>& render(const ImDrawData& draw_data, const PixelTarget& target,
                                         uint32_t clear_rgb, bool target_kept = false,
                                         const ScrollRegion* scroll = nullptr);
    const RenderStats& last_stats() const { return stats_; }

  private:
    std::vector<unsigned char> atlas_;
    int atlas_w_ = 0;
    int atlas_h_ = 0;

    // The last frame, to find what changed.
    bool have_last_ = false;
    PixelTarget last_target_;
    uint32_t last_clear_ = 0;
    std::vector<uint64_t> tile_hash_;
    // The scrolling region of the last frame, and this frame's (kept to reuse its memory).
    std::unique_ptr<ScrolledTiles> scrolled_, next_scrolled_;
    bool last_moved_ = false;  // the last frame moved its region: tile_hash_ left it out
    RenderStats stats_;

    // Scratch, kept between frames so that a frame allocates nothing.
    std::vector<RasterPrim> prims_;
    std::vector<uint64_t> new_hash_;
    std::vector<RasterBand> bands_;
    std::vector<PixelRect> damage_;
};

}  // namespace talkoo::platform
