// See soft_renderer.hpp: which primitives a frame has, which tiles changed, and drawing those
// (each primitive's pixels come from soft_raster.hpp).
#include "platform/soft_renderer.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "platform/soft_raster.hpp"

namespace talkoo::platform {

using namespace raster;  // this file's own helper header

namespace {

// What changed is found per tile of 64×32 pixels: a word of text or a button's corner is a tile
// or two, and 1080p has 30×34 tiles, few enough to hash every frame.
constexpr int kTileW = 64;
constexpr int kTileH = 32;

uint64_t mix(uint64_t h, uint64_t v) {
    h = (h ^ v) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

uint64_t bits(float f) {
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u;
}

uint64_t mix_vertex(uint64_t h, const ImDrawVert& v) {
    h = mix(h, bits(v.pos.x) << 32 | bits(v.pos.y));
    h = mix(h, bits(v.uv.x) << 32 | bits(v.uv.y));
    return mix(h, v.col);
}

// A vertex of the scrolling region, its row counted from the content's top. In double the
// difference of a float and an int is exact, so two frames' vertices hash alike exactly when one
// lies a whole number of pixels below the other; then every pixel the rasteriser computes for
// them is the same, shifted (it only ever works with differences of such coordinates).
uint64_t mix_content_vertex(uint64_t h, const ImDrawVert& v, int top) {
    const double row = static_cast<double>(v.pos.y) - top;
    uint64_t row_bits;
    std::memcpy(&row_bits, &row, sizeof row_bits);
    h = mix(h, bits(v.pos.x));
    h = mix(h, row_bits);
    h = mix(h, bits(v.uv.x) << 32 | bits(v.uv.y));
    return mix(h, v.col);
}

int floor_div(int a, int b) {
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

bool same_clip(const Clip& a, const Clip& b) {
    return a.x0 == b.x0 && a.y0 == b.y0 && a.x1 == b.x1 && a.y1 == b.y1;
}
bool is_empty(const Clip& c) {
    return c.x0 >= c.x1 || c.y0 >= c.y1;
}

}  // namespace

enum class Shape : unsigned char {
    quad,      // axis-aligned, 6 indices
    triangle,  // 3 indices
    polygon,   // convex, one colour and texel: a fan of `corners - 2` triangles
};

struct RasterPrim {
    const ImDrawVert* vtx;
    const ImDrawIdx* idx;
    Shape shape;
    int corners;
    Clip clip;    // the draw command's
    Clip box;     // the pixels it may touch, inside the clip
    bool moving;  // part of the frame's ScrollRegion
};

// The scrolling region's tiles: kTileW × kTileH of its content, counted from the content's
// y = 0, so that a tile keeps its hash while the list moves under the screen.
struct ScrolledTiles {
    bool valid = false;
    Clip area{0, 0, 0, 0};  // the region's pixels on the target
    int top = 0;            // the screen row of the content's y = 0
    int first_row = 0;      // the content tile row of hash[0]
    int rows = 0, cols = 0;
    std::vector<uint64_t> hash;  // rows × cols
    // Where other primitives were drawn over the region (a scroll indicator, a dimmed layer):
    // their pixels do not move with the content.
    std::vector<Clip> overlays;
    std::vector<char> dirty;  // scratch: rows × cols, the tiles to draw again
};

struct RasterBand {
    std::vector<Clip> spans;  // rectangles to draw, left to right, all in one band of rows
};

namespace {

// Draws every primitive into the bands' spans, in ImGui's order.
template <class ChannelOrder>
void draw(const Raster<ChannelOrder>& r, const std::vector<RasterPrim>& prims,
          const std::vector<RasterBand>& bands, int band_h) {
    for (const RasterPrim& p : prims) {
        int b0 = p.box.y0 / band_h, b1 = (p.box.y1 - 1) / band_h;
        for (int b = b0; b <= b1; ++b)
            for (const Clip& span : bands[static_cast<size_t>(b)].spans) {
                if (span.x0 >= p.box.x1 || span.x1 <= p.box.x0) continue;
                Clip clip = intersect(p.clip, span);
                if (p.shape == Shape::quad)
                    r.quad(p.vtx[p.idx[0]], p.vtx[p.idx[2]], clip);
                else if (p.shape == Shape::triangle)
                    r.triangle(p.vtx[p.idx[0]], p.vtx[p.idx[1]], p.vtx[p.idx[2]], clip);
                else
                    r.polygon(p.vtx, p.idx, p.corners, clip);
            }
    }
}

template <class ChannelOrder>
void draw_all(const PixelTarget& t, ChannelOrder order, const std::vector<unsigned char>& atlas,
              int aw, int ah, uint32_t clear_rgb, bool clear, const std::vector<RasterPrim>& prims,
              const std::vector<RasterBand>& bands, int band_h) {
    Raster<ChannelOrder> r(t, order, atlas.data(), aw, ah);
    if (clear) {
        uint32_t value =
            r.pack((clear_rgb >> 16) & 0xff, (clear_rgb >> 8) & 0xff, clear_rgb & 0xff);
        for (const RasterBand& band : bands)
            for (const Clip& span : band.spans)
                r.fill(span, value);
    }
    draw(r, prims, bands, band_h);
}

}  // namespace

SoftRenderer::SoftRenderer() = default;
SoftRenderer::~SoftRenderer() = default;

void SoftRenderer::set_atlas(const unsigned char* alpha, int width, int height) {
    atlas_.assign(alpha, alpha + static_cast<size_t>(width) * height);
    atlas_w_ = width;
    atlas_h_ = height;
    have_last_ = false;
}

namespace {

uint64_t prim_hash(const RasterPrim& p) {
    auto pair = [](int a, int b) {
        return static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32 | static_cast<uint32_t>(b);
    };
    uint64_t h = mix(pair(p.clip.x0, p.clip.y0), pair(p.clip.x1, p.clip.y1));
    if (p.shape == Shape::quad) {
        h = mix_vertex(h, p.vtx[p.idx[0]]);
        return mix_vertex(h, p.vtx[p.idx[2]]);
    }
    for (int k = 0; k < p.corners; ++k)
        h = mix_vertex(h, fan_corner(p.vtx, p.idx, k));
    return mix(h, static_cast<uint64_t>(p.corners));
}

// prim_hash for a primitive of the scrolling region: rows counted from the content's top, and no
// clip (it is the region's own, the same every frame the hash is compared with).
uint64_t content_prim_hash(const RasterPrim& p, int top) {
    uint64_t h = 0x5C8011ED;
    if (p.shape == Shape::quad) {
        h = mix_content_vertex(h, p.vtx[p.idx[0]], top);
        return mix_content_vertex(h, p.vtx[p.idx[2]], top);
    }
    for (int k = 0; k < p.corners; ++k)
        h = mix_content_vertex(h, fan_corner(p.vtx, p.idx, k), top);
    return mix(h, static_cast<uint64_t>(p.corners));
}

// How many triangles from idx[0] on (n indices left) form a fan (A B C0)(A C0 C1)... whose
// corners all have A's colour and texel (ImGui's anti-aliased fringe, which follows the fill,
// starts like one more triangle of the fan but fades out).
int fan_length(const ImDrawVert* vtx, const ImDrawIdx* idx, unsigned n) {
    const ImDrawVert& a = vtx[idx[0]];
    auto same = [&](const ImDrawVert& v) {
        return v.col == a.col && v.uv.x == a.uv.x && v.uv.y == a.uv.y;
    };
    if (!same(vtx[idx[1]]) || !same(vtx[idx[2]])) return 1;
    unsigned t = 1;
    while (3 * (t + 1) <= n && idx[3 * t] == idx[0] && idx[3 * t + 1] == idx[3 * t - 1] &&
           same(vtx[idx[3 * t + 2]]))
        ++t;
    return static_cast<int>(t);
}

// Whether the fan's m corners are a convex polygon, simple (wound once): then it can be drawn
// as one polygon with the pixels of its triangles.
bool is_convex(const ImDrawVert* vtx, const ImDrawIdx* idx, int m) {
    int turn_sign = 0, y_changes = 0, last_dy = 0;
    for (int k = 0; k < m; ++k) {
        const ImDrawVert& p = fan_corner(vtx, idx, k);
        const ImDrawVert& q = fan_corner(vtx, idx, (k + 1) % m);
        const ImDrawVert& r = fan_corner(vtx, idx, (k + 2) % m);
        float cross =
            (q.pos.x - p.pos.x) * (r.pos.y - q.pos.y) - (q.pos.y - p.pos.y) * (r.pos.x - q.pos.x);
        int sign = cross > 0 ? 1 : cross < 0 ? -1 : 0;
        if (sign != 0 && turn_sign != 0 && sign != turn_sign) return false;
        if (sign != 0) turn_sign = sign;
        // Wound once: going round, the direction in y turns at most twice (top and bottom).
        int dy = q.pos.y > p.pos.y ? 1 : q.pos.y < p.pos.y ? -1 : 0;
        if (dy != 0 && last_dy != 0 && dy != last_dy) ++y_changes;
        if (dy != 0) last_dy = dy;
    }
    return y_changes <= 2;
}

}  // namespace

namespace {

// Adds r to the rectangles to draw, cut at the bands' edges so that each lies in one band.
void add_span(std::vector<RasterBand>& bands, const Clip& r) {
    for (int y = r.y0; y < r.y1;) {
        const int band = y / kTileH, y1 = std::min(r.y1, (band + 1) * kTileH);
        std::vector<Clip>& spans = bands[static_cast<size_t>(band)].spans;
        Clip* last = spans.empty() ? nullptr : &spans.back();
        if (last && last->x1 == r.x0 && last->y0 == y && last->y1 == y1)
            last->x1 = r.x1;  // the next tile along the row
        else
            spans.push_back({r.x0, y, r.x1, y1});
        y = y1;
    }
}

// Adds r without the pixels of `hole` (the scrolling region, which has tiles of its own).
void add_span_around(std::vector<RasterBand>& bands, const Clip& r, const Clip& hole) {
    const Clip h = intersect(r, hole);
    if (is_empty(h)) return add_span(bands, r);
    if (r.y0 < h.y0) add_span(bands, {r.x0, r.y0, r.x1, h.y0});
    if (r.x0 < h.x0) add_span(bands, {r.x0, h.y0, h.x0, h.y1});
    if (h.x1 < r.x1) add_span(bands, {h.x1, h.y0, r.x1, h.y1});
    if (h.y1 < r.y1) add_span(bands, {r.x0, h.y1, r.x1, r.y1});
}

// Calls f(index) for each of the region's tiles that `box` (screen pixels) touches.
template <typename F>
void for_tiles(const ScrolledTiles& s, const Clip& box, F f) {
    if (is_empty(box)) return;
    const int r0 = floor_div(box.y0 - s.top, kTileH) - s.first_row;
    const int r1 = floor_div(box.y1 - 1 - s.top, kTileH) - s.first_row;
    const int c0 = (box.x0 - s.area.x0) / kTileW, c1 = (box.x1 - 1 - s.area.x0) / kTileW;
    for (int r = r0; r <= r1; ++r)
        for (int c = c0; c <= c1; ++c)
            f(static_cast<size_t>(r) * s.cols + c);
}

// The region's tile hashes in content coordinates. Besides its own primitives, a tile's hash
// has the solid rectangles drawn whole under the region before its content (the screen's
// background): they look the same at every scroll. Any other primitive over the region is an
// overlay: its pixels do not move with the content, so its box is drawn again instead.
void hash_region(const std::vector<RasterPrim>& prims, uint64_t seed, ScrolledTiles& s) {
    const Clip& a = s.area;
    s.cols = (a.x1 - a.x0 + kTileW - 1) / kTileW;
    s.first_row = floor_div(a.y0 - s.top, kTileH);
    s.rows = floor_div(a.y1 - 1 - s.top, kTileH) - s.first_row + 1;
    s.hash.assign(static_cast<size_t>(s.rows) * s.cols, seed);
    s.overlays.clear();
    bool under_content = true;
    for (const RasterPrim& p : prims) {
        under_content = under_content && !p.moving;
        const Clip box = intersect(p.box, a);
        if (is_empty(box)) continue;
        uint64_t h = 0;
        if (p.moving) {
            h = content_prim_hash(p, s.top);
        } else if (under_content && p.shape == Shape::quad && same_clip(box, a) &&
                   p.vtx[p.idx[0]].uv.x == p.vtx[p.idx[2]].uv.x &&
                   p.vtx[p.idx[0]].uv.y == p.vtx[p.idx[2]].uv.y) {
            h = prim_hash(p);
        } else {
            s.overlays.push_back(box);
            continue;
        }
        for_tiles(s, box, [&](size_t i) { s.hash[i] = mix(s.hash[i], h); });
    }
}

// Which of the region's tiles must be drawn again after its pixels moved from `was` to `now`:
// those showing content rows the last frame did not show, those whose hash changed, and those
// under an overlay of either frame (the old one moved with the pixels).
void find_dirty_tiles(const ScrolledTiles& was, ScrolledTiles& now) {
    const int shift = now.top - was.top;
    now.dirty.assign(now.hash.size(), 0);
    const int seen0 = was.area.y0 - was.top, seen1 = was.area.y1 - was.top;
    const int shown0 = now.area.y0 - now.top, shown1 = now.area.y1 - now.top;
    for (int r = 0; r < now.rows; ++r) {
        const int row = now.first_row + r, was_r = row - was.first_row;
        const int from = std::max(row * kTileH, shown0), to = std::min((row + 1) * kTileH, shown1);
        const bool seen = from >= seen0 && to <= seen1 && was_r >= 0 && was_r < was.rows;
        for (int c = 0; c < now.cols; ++c) {
            const size_t i = static_cast<size_t>(r) * now.cols + c;
            now.dirty[i] =
                !seen || was.hash[static_cast<size_t>(was_r) * was.cols + c] != now.hash[i];
        }
    }
    auto mark = [&](size_t i) { now.dirty[i] = 1; };
    for (const Clip& o : was.overlays)
        for_tiles(now, intersect({o.x0, o.y0 + shift, o.x1, o.y1 + shift}, now.area), mark);
    for (const Clip& o : now.overlays)
        for_tiles(now, o, mark);
}

// Moves the pixels of `area` down by `shift` rows (up when negative), as its content moved.
void move_rows(const PixelTarget& t, const Clip& area, int shift) {
    const size_t bytes = static_cast<size_t>(area.x1 - area.x0) * sizeof(uint32_t);
    auto row = [&](int y) { return t.pixels + static_cast<size_t>(y) * t.pitch + area.x0; };
    if (shift > 0)
        for (int y = area.y1 - 1; y >= area.y0 + shift; --y)
            std::memcpy(row(y), row(y - shift), bytes);
    else
        for (int y = area.y0; y < area.y1 + shift; ++y)
            std::memcpy(row(y), row(y - shift), bytes);
}

}  // namespace

const std::vector<PixelRect>& SoftRenderer::render(const ImDrawData& dd, const PixelTarget& t,
                                                   uint32_t clear_rgb, bool target_kept,
                                                   const ScrollRegion* scroll) {
    damage_.clear();
    stats_ = {};
    if (t.width <= 0 || t.height <= 0) return damage_;
    const Clip screen{0, 0, t.width, t.height};
    auto pixels_of = [&](const ImVec4& r) {
        return intersect(
            screen, {to_int(r.x), to_int(r.y), to_int(std::ceil(r.z)), to_int(std::ceil(r.w))});
    };
    const ImVec4 scroll_clip =
        scroll ? ImVec4(scroll->x0, scroll->y0, scroll->x1, scroll->y1) : ImVec4(0, 0, -1, -1);

    // 1. The frame's primitives, each with the box of pixels it may touch.
    prims_.clear();
    for (int l = 0; !atlas_.empty() && l < dd.CmdListsCount; ++l) {
        const ImDrawList* list = dd.CmdLists[l];
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) continue;  // none of ours
            Clip clip = pixels_of(cmd.ClipRect);
            if (clip.x0 >= clip.x1 || clip.y0 >= clip.y1) continue;
            const bool moving = scroll && cmd.ClipRect.x == scroll_clip.x &&
                                cmd.ClipRect.y == scroll_clip.y &&
                                cmd.ClipRect.z == scroll_clip.z && cmd.ClipRect.w == scroll_clip.w;
            const ImDrawVert* vtx = list->VtxBuffer.Data + cmd.VtxOffset;
            const ImDrawIdx* idx = list->IdxBuffer.Data + cmd.IdxOffset;
            unsigned n = cmd.ElemCount;
            for (unsigned i = 0; i + 2 < n;) {
                // Made in place: a copy assembled on the stack cost 7% of a frame in stalled
                // store forwarding.
                RasterPrim& p = prims_.emplace_back();
                p.vtx = vtx;
                p.idx = idx + i;
                p.shape = Shape::triangle;
                p.corners = 3;
                p.clip = clip;
                p.moving = moving;
                int fan = 1;
                if (i + 5 < n && is_quad(vtx, idx + i)) {
                    const ImVec2 &a = vtx[idx[i]].pos, &c = vtx[idx[i + 2]].pos;
                    p.shape = Shape::quad;
                    p.box =
                        intersect(clip, {nearest(a.x), nearest(a.y), nearest(c.x), nearest(c.y)});
                    i += 6;
                } else if ((fan = fan_length(vtx, idx + i, n - i)) >= 2 &&
                           is_convex(vtx, idx + i, fan + 2)) {
                    p.shape = Shape::polygon;
                    p.corners = fan + 2;
                    i += 3 * static_cast<unsigned>(fan);
                } else {
                    i += 3;
                }
                if (p.shape != Shape::quad) {
                    ImVec2 lo(1e30f, 1e30f), hi(-1e30f, -1e30f);
                    for (int k = 0; k < p.corners; ++k) {
                        const ImVec2& q = fan_corner(vtx, p.idx, k).pos;
                        lo = ImVec2(std::min(lo.x, q.x), std::min(lo.y, q.y));
                        hi = ImVec2(std::max(hi.x, q.x), std::max(hi.y, q.y));
                    }
                    p.box = intersect(clip, {first_pixel_at(lo.x), first_pixel_at(lo.y),
                                             first_pixel_at(hi.x), first_pixel_at(hi.y)});
                }
                if (p.box.x0 >= p.box.x1 || p.box.y0 >= p.box.y1) prims_.pop_back();
            }
        }
    }

    // Screens start by painting their whole background opaque: then clearing first is wasted
    // work (a full-screen fill is a good part of a frame's cost).
    bool covered = false;
    if (!prims_.empty() && prims_[0].shape == Shape::quad) {
        const RasterPrim& p = prims_[0];
        const ImDrawVert &a = p.vtx[p.idx[0]], &c = p.vtx[p.idx[2]];
        int tx =
            std::clamp(static_cast<int>(a.uv.x * static_cast<float>(atlas_w_)), 0, atlas_w_ - 1);
        int ty =
            std::clamp(static_cast<int>(a.uv.y * static_cast<float>(atlas_h_)), 0, atlas_h_ - 1);
        covered = p.box.x0 == 0 && p.box.y0 == 0 && p.box.x1 == t.width && p.box.y1 == t.height &&
                  a.uv.x == c.uv.x && a.uv.y == c.uv.y && (a.col >> 24) == 0xff &&
                  atlas_[static_cast<size_t>(ty) * atlas_w_ + tx] == 255;
    }
    const uint64_t seed = covered ? 1 : 2;

    // 2. Whether the target still shows the last frame, and whether the scrolling region is the
    // last frame's, moved by whole pixels: then its pixels are moved, not drawn.
    const PixelTarget& last = last_target_;
    const bool kept = target_kept && have_last_ && last.pixels == t.pixels &&
                      last.width == t.width && last.height == t.height && last.pitch == t.pitch &&
                      last.r_shift == t.r_shift && last.g_shift == t.g_shift &&
                      last.b_shift == t.b_shift && last_clear_ == clear_rgb;
    ScrolledTiles* region = nullptr;
    if (scroll && !atlas_.empty()) {
        if (!next_scrolled_) next_scrolled_ = std::make_unique<ScrolledTiles>();
        region = next_scrolled_.get();
        region->area = pixels_of(scroll_clip);
        region->top = scroll->content_top;
        if (is_empty(region->area)) region = nullptr;
    }
    if (region) hash_region(prims_, seed, *region);
    const bool moved = kept && region && scrolled_ && scrolled_->valid &&
                       same_clip(scrolled_->area, region->area) &&
                       std::abs(region->top - scrolled_->top) < region->area.y1 - region->area.y0;
    const int shift = moved ? region->top - scrolled_->top : 0;

    // 3. Each tile's hash: every primitive that may touch it, in drawing order (the moving
    // region's own primitives only touch the region, which has its own tiles then).
    const int cols = (t.width + kTileW - 1) / kTileW, rows = (t.height + kTileH - 1) / kTileH;
    new_hash_.assign(static_cast<size_t>(cols) * rows, seed);
    for (const RasterPrim& p : prims_) {
        if (moved && p.moving) continue;
        uint64_t h = prim_hash(p);
        for (int ty = p.box.y0 / kTileH; ty <= (p.box.y1 - 1) / kTileH; ++ty)
            for (int tx = p.box.x0 / kTileW; tx <= (p.box.x1 - 1) / kTileW; ++tx) {
                uint64_t& tile = new_hash_[static_cast<size_t>(ty) * cols + tx];
                tile = mix(tile, h);
            }
    }

    // 4. What to draw: everything, or the tiles that changed, as spans per band of rows.
    const bool same_grid = kept && tile_hash_.size() == new_hash_.size();
    int band_h = t.height;
    if (!same_grid) {
        bands_.resize(1);
        bands_[0].spans.assign(1, screen);
    } else {
        band_h = kTileH;
        bands_.resize(static_cast<size_t>(rows));
        for (RasterBand& band : bands_)
            band.spans.clear();
        for (int ty = 0; ty < rows; ++ty)
            for (int tx = 0; tx < cols; ++tx) {
                const size_t i = static_cast<size_t>(ty) * cols + tx;
                const Clip tile{tx * kTileW, ty * kTileH, std::min(t.width, (tx + 1) * kTileW),
                                std::min(t.height, (ty + 1) * kTileH)};
                // After a frame that moved its region, the hashes of the tiles over it lack
                // the region's content: they cannot say whether it changed.
                const bool unknown =
                    last_moved_ && !moved && !is_empty(intersect(tile, scrolled_->area));
                if (new_hash_[i] == tile_hash_[i] && !unknown) continue;
                if (moved)
                    add_span_around(bands_, tile, region->area);
                else
                    add_span(bands_, tile);
            }
        if (moved) {
            find_dirty_tiles(*scrolled_, *region);
            for (int r = 0; r < region->rows; ++r)
                for (int c = 0; c < region->cols; ++c) {
                    if (!region->dirty[static_cast<size_t>(r) * region->cols + c]) continue;
                    const int x0 = region->area.x0 + c * kTileW;
                    const int y0 = (region->first_row + r) * kTileH + region->top;
                    add_span(bands_, intersect(region->area, {x0, y0, x0 + kTileW, y0 + kTileH}));
                }
        }
    }
    tile_hash_.swap(new_hash_);
    last_target_ = t;
    last_clear_ = clear_rgb;
    have_last_ = !atlas_.empty();
    last_moved_ = moved;
    if (region) {
        region->valid = true;
        std::swap(scrolled_, next_scrolled_);
    } else if (scrolled_) {
        scrolled_->valid = false;
    }

    // 5. Move, then draw, with the target's channel order known at compile time where it is a
    // usual one.
    if (shift != 0) {
        move_rows(t, scrolled_->area, shift);
        stats_.moved_pixels = static_cast<long>(scrolled_->area.x1 - scrolled_->area.x0) *
                              (scrolled_->area.y1 - scrolled_->area.y0 - std::abs(shift));
    }
    bool clear = !covered;
    if (t.r_shift == 16 && t.g_shift == 8 && t.b_shift == 0)
        draw_all(t, Order<16, 8, 0>{}, atlas_, atlas_w_, atlas_h_, clear_rgb, clear, prims_, bands_,
                 band_h);
    else if (t.r_shift == 0 && t.g_shift == 8 && t.b_shift == 16)
        draw_all(t, Order<0, 8, 16>{}, atlas_, atlas_w_, atlas_h_, clear_rgb, clear, prims_, bands_,
                 band_h);
    else
        draw_all(t, AnyOrder{t.r_shift, t.g_shift, t.b_shift}, atlas_, atlas_w_, atlas_h_,
                 clear_rgb, clear, prims_, bands_, band_h);

    // 6. What changed, as few rectangles: spans of the same columns in adjacent rows join. A
    // moved region changed whole.
    const Clip* whole = shift != 0 ? &scrolled_->area : nullptr;
    if (whole)
        damage_.push_back({whole->x0, whole->y0, whole->x1 - whole->x0, whole->y1 - whole->y0});
    for (const RasterBand& band : bands_)
        for (const Clip& s : band.spans) {
            stats_.drawn_pixels += static_cast<long>(s.x1 - s.x0) * (s.y1 - s.y0);
            if (whole && same_clip(intersect(s, *whole), s)) continue;
            auto joins = [&](const PixelRect& r) {
                return r.x == s.x0 && r.w == s.x1 - s.x0 && r.y + r.h == s.y0;
            };
            auto it = std::find_if(damage_.begin(), damage_.end(), joins);
            if (it != damage_.end())
                it->h += s.y1 - s.y0;
            else
                damage_.push_back({s.x0, s.y0, s.x1 - s.x0, s.y1 - s.y0});
        }
    return damage_;
}

}  // namespace talkoo::platform
