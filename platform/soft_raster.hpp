// How one of ImGui's primitives becomes pixels, for the software rasteriser
// (soft_renderer.hpp, which decides which primitives and which pixels to draw each frame).
// Internal to platform/: only soft_renderer.cpp includes it.
//
// Every pixel is computed from its primitive alone, never from where the clip rectangle starts,
// so drawing a primitive in pieces gives the same pixels as drawing it whole: that is what lets
// the renderer redraw only the tiles that changed. All colours are ImGui's ABGR packing (R in
// the low byte) until they are written, when they are packed into the target's channel order.
#pragma once

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "platform/soft_renderer.hpp"

namespace talkoo::platform::raster {

struct Clip {
    int x0, y0, x1, y1;  // [x0, x1) × [y0, y1)
};

inline Clip intersect(const Clip& a, const Clip& b) {
    return {std::max(a.x0, b.x0), std::max(a.y0, b.y0), std::min(a.x1, b.x1), std::min(a.y1, b.y1)};
}

struct Rgba {
    int r, g, b, a;  // 0..255
};

inline Rgba unpack(ImU32 c) {
    return {static_cast<int>(c & 0xff), static_cast<int>((c >> 8) & 0xff),
            static_cast<int>((c >> 16) & 0xff), static_cast<int>(c >> 24)};
}

// Float → int for pixel coordinates that may lie far outside the target (clip rectangles and
// shapes scrolled away), without the undefined behaviour of converting a huge float.
inline int to_int(float v) {
    return static_cast<int>(std::clamp(v, -1e8f, 1e8f));
}
inline int nearest(float v) {
    return static_cast<int>(std::lround(std::clamp(v, -1e8f, 1e8f)));
}

// The first pixel whose centre (x + 0.5) is at or right of v, i.e. ceil(v - 0.5), without
// std::ceil: the baseline x86-64 build has no instruction for it, and it was 12% of a frame.
inline int first_pixel_at(float v) {
    float f = std::clamp(v - 0.5f, -1e8f, 1e8f);
    int i = static_cast<int>(f);  // towards zero
    return i + (static_cast<float>(i) < f ? 1 : 0);
}

// The corners of a fan of triangles (A B C0)(A C0 C1)(A C1 C2)..., as ImGui fills a convex
// shape (a rounded rectangle, a circle): A, B, C0, C1, ...
inline const ImDrawVert& fan_corner(const ImDrawVert* vtx, const ImDrawIdx* idx, int k) {
    return vtx[k == 0 ? idx[0] : k == 1 ? idx[1] : idx[3 * (k - 2) + 2]];
}

// Where the target's channels sit. The common orders are compile-time constants, so that the
// per-pixel packing and blending compile to plain shifts; any other order works at run time.
struct AnyOrder {
    int r, g, b;
    static constexpr bool low_bytes = false;
};
template <int R, int G, int B>
struct Order {
    static constexpr int r = R, g = G, b = B;
    static constexpr bool low_bytes = true;  // the channels fill bytes 0, 1 and 2
};

template <class ChannelOrder>
class Raster {
  public:
    Raster(const PixelTarget& t, ChannelOrder order, const unsigned char* atlas, int aw, int ah)
        : t_(t), o_(order), atlas_(atlas), aw_(aw), ah_(ah) {}

    uint32_t pack(int r, int g, int b) const {
        // The fourth byte (alpha or padding) is set opaque: the shifts of the four bytes sum to 48.
        return (static_cast<uint32_t>(r) << o_.r) | (static_cast<uint32_t>(g) << o_.g) |
               (static_cast<uint32_t>(b) << o_.b) | (0xffu << (48 - o_.r - o_.g - o_.b));
    }

    // src over dst with coverage a (0..255).
    void blend(uint32_t* p, int r, int g, int b, int a) const {
        if (a <= 0) return;
        if (a >= 255) {
            *p = pack(r, g, b);
            return;
        }
        uint32_t d = *p;
        if constexpr (ChannelOrder::low_bytes) {
            // Two channels at once in bytes 0 and 2, the third alone in byte 1: the same
            // div255 per channel, each in a 16-bit field that cannot carry into the next.
            const uint32_t s = pack(r, g, b), ua = static_cast<uint32_t>(a), ia = 255 - ua;
            uint32_t rb = (s & 0x00ff00ffu) * ua + (d & 0x00ff00ffu) * ia + 0x00800080u;
            uint32_t gg = (s & 0x0000ff00u) * ua + (d & 0x0000ff00u) * ia + 0x00008000u;
            rb = ((rb + ((rb >> 8) & 0x00ff00ffu)) >> 8) & 0x00ff00ffu;
            gg = ((gg + ((gg >> 8) & 0x0000ff00u)) >> 8) & 0x0000ff00u;
            *p = rb | gg | 0xff000000u;
        } else {
            int dr = (d >> o_.r) & 0xff, dg = (d >> o_.g) & 0xff, db = (d >> o_.b) & 0xff;
            int ia = 255 - a;
            *p = pack(div255(r * a + dr * ia), div255(g * a + dg * ia), div255(b * a + db * ia));
        }
    }
    // x / 255 rounded, for 0 <= x <= 255 * 255, without a division.
    static int div255(int x) {
        x += 128;
        return (x + (x >> 8)) >> 8;
    }

    int texel(float u, float v) const {
        int x = std::clamp(static_cast<int>(u * static_cast<float>(aw_)), 0, aw_ - 1);
        int y = std::clamp(static_cast<int>(v * static_cast<float>(ah_)), 0, ah_ - 1);
        return atlas_[static_cast<size_t>(y) * aw_ + x];
    }

    void fill(const Clip& r, uint32_t value) const {
        for (int y = r.y0; y < r.y1; ++y) {
            uint32_t* row = t_.pixels + static_cast<size_t>(y) * t_.pitch;
            std::fill(row + r.x0, row + r.x1, value);
        }
    }

    void fill_span(int y, int x0, int x1, Rgba c) const {
        uint32_t* row = t_.pixels + static_cast<size_t>(y) * t_.pitch;
        if (c.a >= 255) {
            uint32_t v = pack(c.r, c.g, c.b);
            std::fill(row + x0, row + x1, v);
        } else {
            for (int x = x0; x < x1; ++x)
                blend(row + x, c.r, c.g, c.b, c.a);
        }
    }

    // An axis-aligned quad from corner a to corner c, uv over it, one colour. Every pixel is
    // computed from the quad alone, never from where the clip starts: drawing a quad in pieces
    // gives the same pixels as drawing it whole.
    void quad(const ImDrawVert& a, const ImDrawVert& c, const Clip& clip) const {
        const float fx0 = a.pos.x, fy0 = a.pos.y, fx1 = c.pos.x, fy1 = c.pos.y;
        const int qx0 = nearest(fx0), qy0 = nearest(fy0);
        int x0 = std::max(clip.x0, qx0);
        int y0 = std::max(clip.y0, qy0);
        int x1 = std::min(clip.x1, nearest(fx1));
        int y1 = std::min(clip.y1, nearest(fy1));
        if (x0 >= x1 || y0 >= y1) return;
        Rgba col = unpack(a.col);
        const ImVec2 uv0 = a.uv, uv1 = c.uv;
        if (uv0.x == uv1.x && uv0.y == uv1.y) {
            col.a = col.a * texel(uv0.x, uv0.y) / 255;
            for (int y = y0; y < y1; ++y)
                fill_span(y, x0, x1, col);
            return;
        }
        // Textured (a glyph): nearest texel, stepping in texel space.
        float du = (uv1.x - uv0.x) * static_cast<float>(aw_) / (fx1 - fx0);
        float dv = (uv1.y - uv0.y) * static_cast<float>(ah_) / (fy1 - fy0);
        if (std::fabs(du - 1.0f) < 1e-3f && std::fabs(dv - 1.0f) < 1e-3f) {
            // 1:1, as every glyph is (fonts are loaded at the size they are drawn): whole texels,
            // counted from the texel under the quad's first pixel.
            int ox = static_cast<int>(uv0.x * static_cast<float>(aw_) +
                                      (static_cast<float>(qx0) + 0.5f - fx0));
            int oy = static_cast<int>(uv0.y * static_cast<float>(ah_) +
                                      (static_cast<float>(qy0) + 0.5f - fy0));
            int tx0 = ox + (x0 - qx0);
            int w = std::min(x1 - x0, aw_ - tx0);
            for (int y = y0; y < y1; ++y) {
                int ty = oy + (y - qy0);
                if (ty < 0 || ty >= ah_ || tx0 < 0) continue;
                const unsigned char* src = atlas_ + static_cast<size_t>(ty) * aw_ + tx0;
                uint32_t* row = t_.pixels + static_cast<size_t>(y) * t_.pitch + x0;
                for (int x = 0; x < w; ++x)
                    if (int al = src[x])
                        blend(row + x, col.r, col.g, col.b, col.a == 255 ? al : div255(al * col.a));
            }
            return;
        }
        // Scaled (nothing of ours draws this way today): the texel under each pixel's centre.
        for (int y = y0; y < y1; ++y) {
            float v = uv0.y * static_cast<float>(ah_) + (static_cast<float>(y) + 0.5f - fy0) * dv;
            int ty = std::clamp(static_cast<int>(v), 0, ah_ - 1);
            const unsigned char* src = atlas_ + static_cast<size_t>(ty) * aw_;
            uint32_t* row = t_.pixels + static_cast<size_t>(y) * t_.pitch;
            for (int x = x0; x < x1; ++x) {
                float u =
                    uv0.x * static_cast<float>(aw_) + (static_cast<float>(x) + 0.5f - fx0) * du;
                int al = src[std::clamp(static_cast<int>(u), 0, aw_ - 1)];
                if (al) blend(row + x, col.r, col.g, col.b, al * col.a / 255);
            }
        }
    }

    // A convex polygon of one colour and texel, given as the fan ImGui made of it, `m` corners:
    // one span per row between its left and right edges. Drawing its triangles one by one
    // costs each of them a pass over its rows, and a rounded card is some twenty of them.
    void polygon(const ImDrawVert* vtx, const ImDrawIdx* idx, int m, const Clip& clip) const {
        auto corner = [&](int k) -> const ImVec2& { return fan_corner(vtx, idx, k).pos; };
        const ImDrawVert& first = fan_corner(vtx, idx, 0);
        Rgba solid = unpack(first.col);
        solid.a = solid.a * texel(first.uv.x, first.uv.y) / 255;
        if (solid.a == 0) return;
        int top = 0, bottom = 0;
        for (int k = 1; k < m; ++k) {
            if (corner(k).y < corner(top).y) top = k;
            if (corner(k).y > corner(bottom).y) bottom = k;
        }
        int y0 = std::max(clip.y0, first_pixel_at(corner(top).y));
        int y1 = std::min(clip.y1, first_pixel_at(corner(bottom).y));
        // Two chains of edges from the top corner down to the bottom one, one each way round;
        // each row's centre crosses one edge of each.
        struct Chain {
            int at, step;
            float x0, y0, dxdy;  // the current edge
        } chains[2] = {{top, 1, 0, 0, 0}, {top, m - 1, 0, 0, 0}};
        for (int y = y0; y < y1; ++y) {
            float yc = static_cast<float>(y) + 0.5f;
            float xs[2];
            for (int i = 0; i < 2; ++i) {
                Chain& c = chains[i];
                int next = (c.at + c.step) % m;
                bool moved = y == y0;
                while (c.at != bottom && corner(next).y <= yc) {
                    c.at = next;
                    next = (c.at + c.step) % m;
                    moved = true;
                }
                if (moved) {
                    const ImVec2 &p = corner(c.at), &q = corner(next);
                    c.x0 = p.x;
                    c.y0 = p.y;
                    c.dxdy = q.y > p.y ? (q.x - p.x) / (q.y - p.y) : 0.0f;
                }
                xs[i] = c.x0 + (yc - c.y0) * c.dxdy;
            }
            int x0 = std::max(clip.x0, first_pixel_at(std::min(xs[0], xs[1])));
            int x1 = std::min(clip.x1, first_pixel_at(std::max(xs[0], xs[1])));
            if (x0 < x1) fill_span(y, x0, x1, solid);
        }
    }

    // Any triangle, span by span: pixels whose centres fall inside.
    void triangle(const ImDrawVert& a, const ImDrawVert& b, const ImDrawVert& c,
                  const Clip& clip) const {
        float area =
            (b.pos.x - a.pos.x) * (c.pos.y - a.pos.y) - (c.pos.x - a.pos.x) * (b.pos.y - a.pos.y);
        if (std::fabs(area) < 1e-6f) return;
        bool same_uv = a.uv.x == b.uv.x && a.uv.x == c.uv.x && a.uv.y == b.uv.y && a.uv.y == c.uv.y;
        bool same_col = a.col == b.col && a.col == c.col;
        Rgba solid = unpack(a.col);
        if (same_uv) solid.a = solid.a * texel(a.uv.x, a.uv.y) / 255;
        if (same_uv && same_col && solid.a == 0) return;

        float miny = std::min({a.pos.y, b.pos.y, c.pos.y});
        float maxy = std::max({a.pos.y, b.pos.y, c.pos.y});
        int y0 = std::max(clip.y0, first_pixel_at(miny));
        int y1 = std::min(clip.y1, first_pixel_at(maxy));
        // Each edge as y-range and slope, once per triangle rather than once per row.
        struct Edge {
            float y0, y1, x0, dxdy;
        } edges[3];
        int n_edges = 0;
        const ImDrawVert* corners[3] = {&a, &b, &c};
        for (int e = 0; e < 3; ++e) {
            const ImDrawVert* p = corners[e];
            const ImDrawVert* q = corners[(e + 1) % 3];
            if (p->pos.y > q->pos.y) std::swap(p, q);
            if (p->pos.y == q->pos.y) continue;  // horizontal: never crossed by a row centre
            edges[n_edges++] = {p->pos.y, q->pos.y, p->pos.x,
                                (q->pos.x - p->pos.x) / (q->pos.y - p->pos.y)};
        }
        // The pixels of row y whose centres are inside: [x0, x1), clipped.
        auto row_span = [&](int y, int& x0, int& x1) {
            float yc = static_cast<float>(y) + 0.5f;
            float xl = 1e9f, xr = -1e9f;  // where the row's centre line crosses the edges
            for (int e = 0; e < n_edges; ++e) {
                const Edge& ed = edges[e];
                if (yc < ed.y0 || yc >= ed.y1) continue;
                float x = ed.x0 + (yc - ed.y0) * ed.dxdy;
                xl = std::min(xl, x);
                xr = std::max(xr, x);
            }
            if (xl > xr) return false;
            x0 = std::max(clip.x0, first_pixel_at(xl));
            x1 = std::min(clip.x1, first_pixel_at(xr));
            return x0 < x1;
        };
        int x0 = 0, x1 = 0;
        if (same_uv && same_col) {
            for (int y = y0; y < y1; ++y)
                if (row_span(y, x0, x1)) fill_span(y, x0, x1, solid);
            return;
        }

        // Where colours differ (ImGui's anti-aliased fringe: one colour fading out), each
        // channel is a plane over the triangle, evaluated at every pixel's centre from corner
        // a: never stepped from where the clip starts, so drawing in pieces matches the whole.
        struct Plane {
            float va, dx, dy;  // the value at corner a, its change per pixel right and down
            float at(float ry) const { return va + dy * ry; }
        };
        const float inv_area = 1.0f / area;
        const float e1x = b.pos.x - a.pos.x, e1y = b.pos.y - a.pos.y;
        const float e2x = c.pos.x - a.pos.x, e2y = c.pos.y - a.pos.y;
        auto plane = [&](float va, float vb, float vc) {
            float d1 = vb - va, d2 = vc - va;
            return Plane{va, (d1 * e2y - d2 * e1y) * inv_area, (d2 * e1x - d1 * e2x) * inv_area};
        };
        const Rgba ca = unpack(a.col), cb = unpack(b.col), cc = unpack(c.col);
        const bool same_rgb =
            (a.col & 0xffffff) == (b.col & 0xffffff) && (a.col & 0xffffff) == (c.col & 0xffffff);
        const Plane red = plane(ca.r, cb.r, cc.r), green = plane(ca.g, cb.g, cc.g),
                    blue = plane(ca.b, cb.b, cc.b), alpha = plane(ca.a, cb.a, cc.a);
        const float fw = static_cast<float>(aw_), fh = static_cast<float>(ah_);
        const Plane u = plane(a.uv.x * fw, b.uv.x * fw, c.uv.x * fw),
                    v = plane(a.uv.y * fh, b.uv.y * fh, c.uv.y * fh);
        const int solid_texel = texel(a.uv.x, a.uv.y);
        auto channel = [](float value) {
            return std::clamp(static_cast<int>(value + 0.5f), 0, 255);
        };
        for (int y = y0; y < y1; ++y) {
            if (!row_span(y, x0, x1)) continue;
            uint32_t* row = t_.pixels + static_cast<size_t>(y) * t_.pitch;
            float ry = static_cast<float>(y) + 0.5f - a.pos.y;
            float r0 = red.at(ry), g0 = green.at(ry), b0 = blue.at(ry), a0 = alpha.at(ry);
            float u0 = u.at(ry), v0 = v.at(ry);
            for (int x = x0; x < x1; ++x) {
                float rx = static_cast<float>(x) + 0.5f - a.pos.x;
                int al = channel(a0 + alpha.dx * rx);
                int tex =
                    same_uv ? solid_texel : texel((u0 + u.dx * rx) / fw, (v0 + v.dx * rx) / fh);
                if (same_rgb)
                    blend(row + x, ca.r, ca.g, ca.b, al * tex / 255);
                else
                    blend(row + x, channel(r0 + red.dx * rx), channel(g0 + green.dx * rx),
                          channel(b0 + blue.dx * rx), al * tex / 255);
            }
        }
    }

  private:
    const PixelTarget& t_;
    ChannelOrder o_;
    const unsigned char* atlas_;
    int aw_, ah_;
};

// ImGui's rectangles (PrimRect, PrimRectUV: glyphs too) are quads a b c d with indices
// (0 1 2)(0 2 3), a top-left, c bottom-right, one colour.
inline bool is_quad(const ImDrawVert* vtx, const ImDrawIdx* idx) {
    if (idx[3] != idx[0] || idx[4] != idx[2]) return false;
    const ImDrawVert &a = vtx[idx[0]], &b = vtx[idx[1]], &c = vtx[idx[2]], &d = vtx[idx[5]];
    if (a.col != b.col || a.col != c.col || a.col != d.col) return false;
    if (a.pos.y != b.pos.y || b.pos.x != c.pos.x || c.pos.y != d.pos.y || d.pos.x != a.pos.x)
        return false;
    if (!(a.pos.x < c.pos.x && a.pos.y < c.pos.y)) return false;
    if (a.uv.y != b.uv.y || b.uv.x != c.uv.x || c.uv.y != d.uv.y || d.uv.x != a.uv.x) return false;
    return true;
}

}  // namespace talkoo::platform::raster
