// See soft_renderer.hpp. All colours inside are ImGui's ABGR packing (R in the low byte) until
// they are written, when they are packed into the target's channel order.
#include "platform/soft_renderer.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace talkoo::platform {
namespace {

// What changed is found per tile of 64×32 pixels: a word of text or a button's corner is a tile
// or two, and 1080p has 30×34 tiles, few enough to hash every frame.
constexpr int kTileW = 64;
constexpr int kTileH = 32;

struct Clip {
    int x0, y0, x1, y1;  // [x0, x1) × [y0, y1)
};

Clip intersect(const Clip& a, const Clip& b) {
    return {std::max(a.x0, b.x0), std::max(a.y0, b.y0), std::min(a.x1, b.x1), std::min(a.y1, b.y1)};
}

struct Rgba {
    int r, g, b, a;  // 0..255
};

Rgba unpack(ImU32 c) {
    return {static_cast<int>(c & 0xff), static_cast<int>((c >> 8) & 0xff),
            static_cast<int>((c >> 16) & 0xff), static_cast<int>(c >> 24)};
}

// Float → int for pixel coordinates that may lie far outside the target (clip rectangles and
// shapes scrolled away), without the undefined behaviour of converting a huge float.
int to_int(float v) {
    return static_cast<int>(std::clamp(v, -1e8f, 1e8f));
}
int nearest(float v) {
    return static_cast<int>(std::lround(std::clamp(v, -1e8f, 1e8f)));
}

// The first pixel whose centre (x + 0.5) is at or right of v, i.e. ceil(v - 0.5), without
// std::ceil: the baseline x86-64 build has no instruction for it, and it was 12% of a frame.
int first_pixel_at(float v) {
    float f = std::clamp(v - 0.5f, -1e8f, 1e8f);
    int i = static_cast<int>(f);  // towards zero
    return i + (static_cast<float>(i) < f ? 1 : 0);
}

// The corners of a fan of triangles (A B C0)(A C0 C1)(A C1 C2)..., as ImGui fills a convex
// shape (a rounded rectangle, a circle): A, B, C0, C1, ...
const ImDrawVert& fan_corner(const ImDrawVert* vtx, const ImDrawIdx* idx, int k) {
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
bool is_quad(const ImDrawVert* vtx, const ImDrawIdx* idx) {
    if (idx[3] != idx[0] || idx[4] != idx[2]) return false;
    const ImDrawVert &a = vtx[idx[0]], &b = vtx[idx[1]], &c = vtx[idx[2]], &d = vtx[idx[5]];
    if (a.col != b.col || a.col != c.col || a.col != d.col) return false;
    if (a.pos.y != b.pos.y || b.pos.x != c.pos.x || c.pos.y != d.pos.y || d.pos.x != a.pos.x)
        return false;
    if (!(a.pos.x < c.pos.x && a.pos.y < c.pos.y)) return false;
    if (a.uv.y != b.uv.y || b.uv.x != c.uv.x || c.uv.y != d.uv.y || d.uv.x != a.uv.x) return false;
    return true;
}

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
