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
    Clip clip;  // the draw command's
    Clip box;   // the pixels it may touch, inside the clip
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

const std::vector<PixelRect>& SoftRenderer::render(const ImDrawData& dd, const PixelTarget& t,
                                                   uint32_t clear_rgb, bool target_kept) {
    damage_.clear();
    if (t.width <= 0 || t.height <= 0) return damage_;
    const Clip screen{0, 0, t.width, t.height};

    // 1. The frame's primitives, each with the box of pixels it may touch.
    prims_.clear();
    for (int l = 0; !atlas_.empty() && l < dd.CmdListsCount; ++l) {
        const ImDrawList* list = dd.CmdLists[l];
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) continue;  // none of ours
            Clip clip = intersect(
                screen, {to_int(cmd.ClipRect.x), to_int(cmd.ClipRect.y),
                         to_int(std::ceil(cmd.ClipRect.z)), to_int(std::ceil(cmd.ClipRect.w))});
            if (clip.x0 >= clip.x1 || clip.y0 >= clip.y1) continue;
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

    // 2. Each tile's hash: every primitive that may touch it, in drawing order.
    const int cols = (t.width + kTileW - 1) / kTileW, rows = (t.height + kTileH - 1) / kTileH;
    new_hash_.assign(static_cast<size_t>(cols) * rows, covered ? 1 : 2);
    for (const RasterPrim& p : prims_) {
        uint64_t h = prim_hash(p);
        for (int ty = p.box.y0 / kTileH; ty <= (p.box.y1 - 1) / kTileH; ++ty)
            for (int tx = p.box.x0 / kTileW; tx <= (p.box.x1 - 1) / kTileW; ++tx) {
                uint64_t& tile = new_hash_[static_cast<size_t>(ty) * cols + tx];
                tile = mix(tile, h);
            }
    }

    // 3. What to draw: everything, or the tiles that changed, as spans of tiles per row.
    const PixelTarget& last = last_target_;
    bool kept = target_kept && have_last_ && last.pixels == t.pixels && last.width == t.width &&
                last.height == t.height && last.pitch == t.pitch && last.r_shift == t.r_shift &&
                last.g_shift == t.g_shift && last.b_shift == t.b_shift &&
                last_clear_ == clear_rgb && tile_hash_.size() == new_hash_.size();
    int band_h = t.height;
    if (!kept) {
        bands_.resize(1);
        bands_[0].spans.assign(1, screen);
    } else {
        band_h = kTileH;
        bands_.resize(static_cast<size_t>(rows));
        for (int ty = 0; ty < rows; ++ty) {
            std::vector<Clip>& spans = bands_[static_cast<size_t>(ty)].spans;
            spans.clear();
            for (int tx = 0; tx < cols; ++tx) {
                size_t i = static_cast<size_t>(ty) * cols + tx;
                if (new_hash_[i] == tile_hash_[i]) continue;
                int x0 = tx * kTileW, x1 = std::min(t.width, x0 + kTileW);
                if (!spans.empty() && spans.back().x1 == x0)
                    spans.back().x1 = x1;
                else
                    spans.push_back({x0, ty * kTileH, x1, std::min(t.height, (ty + 1) * kTileH)});
            }
        }
    }
    tile_hash_.swap(new_hash_);
    last_target_ = t;
    last_clear_ = clear_rgb;
    have_last_ = !atlas_.empty();

    // 4. Draw, with the target's channel order known at compile time where it is a usual one.
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

    // 5. What changed, as few rectangles: spans of the same columns in adjacent rows join.
    for (const RasterBand& band : bands_)
        for (const Clip& s : band.spans) {
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
