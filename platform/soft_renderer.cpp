// See soft_renderer.hpp. All colours inside are ImGui's ABGR packing (R in the low byte) until
// they are written, when they are packed into the target's channel order.
#include "platform/soft_renderer.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace talkoo::platform {
namespace {

struct Clip {
    int x0, y0, x1, y1;  // [x0, x1) × [y0, y1)
};

struct Rgba {
    int r, g, b, a;  // 0..255
};

Rgba unpack(ImU32 c) {
    return {static_cast<int>(c & 0xff), static_cast<int>((c >> 8) & 0xff),
            static_cast<int>((c >> 16) & 0xff), static_cast<int>(c >> 24)};
}

class Raster {
  public:
    Raster(const PixelTarget& t, const unsigned char* atlas, int aw, int ah)
        : t_(t), atlas_(atlas), aw_(aw), ah_(ah) {}

    uint32_t pack(int r, int g, int b) const {
        // The fourth byte (alpha or padding) is set opaque: the shifts of the four bytes sum to 48.
        return (static_cast<uint32_t>(r) << t_.r_shift) | (static_cast<uint32_t>(g) << t_.g_shift) |
               (static_cast<uint32_t>(b) << t_.b_shift) |
               (0xffu << (48 - t_.r_shift - t_.g_shift - t_.b_shift));
    }

    // src over dst with coverage a (0..255).
    void blend(uint32_t* p, int r, int g, int b, int a) const {
        if (a <= 0) return;
        if (a >= 255) {
            *p = pack(r, g, b);
            return;
        }
        uint32_t d = *p;
        int dr = (d >> t_.r_shift) & 0xff, dg = (d >> t_.g_shift) & 0xff,
            db = (d >> t_.b_shift) & 0xff;
        int ia = 255 - a;
        *p = pack(div255(r * a + dr * ia), div255(g * a + dg * ia), div255(b * a + db * ia));
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

    // An axis-aligned quad: [x0,x1)×[y0,y1) in pixels, uv0..uv1 over it, one colour.
    void quad(float fx0, float fy0, float fx1, float fy1, ImVec2 uv0, ImVec2 uv1, ImU32 col,
              const Clip& clip) const {
        int x0 = std::max(clip.x0, static_cast<int>(std::lround(fx0)));
        int y0 = std::max(clip.y0, static_cast<int>(std::lround(fy0)));
        int x1 = std::min(clip.x1, static_cast<int>(std::lround(fx1)));
        int y1 = std::min(clip.y1, static_cast<int>(std::lround(fy1)));
        if (x0 >= x1 || y0 >= y1) return;
        Rgba c = unpack(col);
        if (uv0.x == uv1.x && uv0.y == uv1.y) {
            c.a = c.a * texel(uv0.x, uv0.y) / 255;
            for (int y = y0; y < y1; ++y)
                fill_span(y, x0, x1, c);
            return;
        }
        // Textured (a glyph): nearest texel, stepping in texel space.
        float du = (uv1.x - uv0.x) * static_cast<float>(aw_) / (fx1 - fx0);
        float dv = (uv1.y - uv0.y) * static_cast<float>(ah_) / (fy1 - fy0);
        if (std::fabs(du - 1.0f) < 1e-3f && std::fabs(dv - 1.0f) < 1e-3f) {
            // 1:1, as every glyph is (fonts are loaded at the size they are drawn): whole texels.
            int tx0 = static_cast<int>(uv0.x * static_cast<float>(aw_) +
                                       (static_cast<float>(x0) + 0.5f - fx0));
            int ty0 = static_cast<int>(uv0.y * static_cast<float>(ah_) +
                                       (static_cast<float>(y0) + 0.5f - fy0));
            int w = std::min(x1 - x0, aw_ - tx0);
            for (int y = y0; y < y1; ++y) {
                int ty = ty0 + (y - y0);
                if (ty < 0 || ty >= ah_ || tx0 < 0) continue;
                const unsigned char* src = atlas_ + static_cast<size_t>(ty) * aw_ + tx0;
                uint32_t* row = t_.pixels + static_cast<size_t>(y) * t_.pitch + x0;
                for (int x = 0; x < w; ++x)
                    if (int a = src[x])
                        blend(row + x, c.r, c.g, c.b, c.a == 255 ? a : div255(a * c.a));
            }
            return;
        }
        float u_start =
            uv0.x * static_cast<float>(aw_) + (static_cast<float>(x0) + 0.5f - fx0) * du;
        for (int y = y0; y < y1; ++y) {
            float v = uv0.y * static_cast<float>(ah_) + (static_cast<float>(y) + 0.5f - fy0) * dv;
            int ty = std::clamp(static_cast<int>(v), 0, ah_ - 1);
            const unsigned char* src = atlas_ + static_cast<size_t>(ty) * aw_;
            uint32_t* row = t_.pixels + static_cast<size_t>(y) * t_.pitch;
            float u = u_start;
            for (int x = x0; x < x1; ++x, u += du) {
                int a = src[std::clamp(static_cast<int>(u), 0, aw_ - 1)];
                if (a) blend(row + x, c.r, c.g, c.b, a * c.a / 255);
            }
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
        int y0 = std::max(clip.y0, static_cast<int>(std::ceil(miny - 0.5f)));
        int y1 = std::min(clip.y1, static_cast<int>(std::ceil(maxy - 0.5f)));
        // Each edge as y-range and slope, once per triangle rather than once per row.
        struct Edge {
            float y0, y1, x0, dxdy;
        } edges[3];
        int n_edges = 0;
        const ImDrawVert* v[3] = {&a, &b, &c};
        for (int e = 0; e < 3; ++e) {
            const ImDrawVert* p = v[e];
            const ImDrawVert* q = v[(e + 1) % 3];
            if (p->pos.y > q->pos.y) std::swap(p, q);
            if (p->pos.y == q->pos.y) continue;  // horizontal: never crossed by a row centre
            edges[n_edges++] = {p->pos.y, q->pos.y, p->pos.x,
                                (q->pos.x - p->pos.x) / (q->pos.y - p->pos.y)};
        }
        Rgba ca = unpack(a.col), cb = unpack(b.col), cc = unpack(c.col);
        float inv_area = 1.0f / area;
        for (int y = y0; y < y1; ++y) {
            float yc = static_cast<float>(y) + 0.5f;
            // Where the row's centre line crosses the edges: at most two crossings.
            float xl = 1e9f, xr = -1e9f;
            for (int e = 0; e < n_edges; ++e) {
                const Edge& ed = edges[e];
                if (yc < ed.y0 || yc >= ed.y1) continue;
                float x = ed.x0 + (yc - ed.y0) * ed.dxdy;
                xl = std::min(xl, x);
                xr = std::max(xr, x);
            }
            if (xl > xr) continue;
            int x0 = std::max(clip.x0, static_cast<int>(std::ceil(xl - 0.5f)));
            int x1 = std::min(clip.x1, static_cast<int>(std::ceil(xr - 0.5f)));
            if (x0 >= x1) continue;
            if (same_uv && same_col) {
                fill_span(y, x0, x1, solid);
                continue;
            }
            uint32_t* row = t_.pixels + static_cast<size_t>(y) * t_.pitch;
            for (int x = x0; x < x1; ++x) {
                float xc = static_cast<float>(x) + 0.5f;
                float w0 =
                    ((b.pos.x - xc) * (c.pos.y - yc) - (c.pos.x - xc) * (b.pos.y - yc)) * inv_area;
                float w1 =
                    ((c.pos.x - xc) * (a.pos.y - yc) - (a.pos.x - xc) * (c.pos.y - yc)) * inv_area;
                float w2 = 1.0f - w0 - w1;
                int r = static_cast<int>(ca.r * w0 + cb.r * w1 + cc.r * w2 + 0.5f);
                int g = static_cast<int>(ca.g * w0 + cb.g * w1 + cc.g * w2 + 0.5f);
                int bl = static_cast<int>(ca.b * w0 + cb.b * w1 + cc.b * w2 + 0.5f);
                int al = static_cast<int>(ca.a * w0 + cb.a * w1 + cc.a * w2 + 0.5f);
                int tex = same_uv ? texel(a.uv.x, a.uv.y)
                                  : texel(a.uv.x * w0 + b.uv.x * w1 + c.uv.x * w2,
                                          a.uv.y * w0 + b.uv.y * w1 + c.uv.y * w2);
                blend(row + x, std::clamp(r, 0, 255), std::clamp(g, 0, 255), std::clamp(bl, 0, 255),
                      std::clamp(al, 0, 255) * tex / 255);
            }
        }
    }

  private:
    const PixelTarget& t_;
    const unsigned char* atlas_;
    int aw_, ah_;
};

// ImGui's rectangles (PrimRect, PrimRectUV: glyphs too) are quads a b c d with indices
// (0 1 2)(0 2 3), a top-left, c bottom-right, one colour.
bool as_quad(const ImDrawVert* vtx, const ImDrawIdx* idx, ImVec2& p0, ImVec2& p1, ImVec2& uv0,
             ImVec2& uv1) {
    if (idx[3] != idx[0] || idx[4] != idx[2]) return false;
    const ImDrawVert &a = vtx[idx[0]], &b = vtx[idx[1]], &c = vtx[idx[2]], &d = vtx[idx[5]];
    if (a.col != b.col || a.col != c.col || a.col != d.col) return false;
    if (a.pos.y != b.pos.y || b.pos.x != c.pos.x || c.pos.y != d.pos.y || d.pos.x != a.pos.x)
        return false;
    if (!(a.pos.x < c.pos.x && a.pos.y < c.pos.y)) return false;
    if (a.uv.y != b.uv.y || b.uv.x != c.uv.x || c.uv.y != d.uv.y || d.uv.x != a.uv.x) return false;
    p0 = a.pos;
    p1 = c.pos;
    uv0 = a.uv;
    uv1 = c.uv;
    return true;
}

}  // namespace

void SoftRenderer::set_atlas(const unsigned char* alpha, int width, int height) {
    atlas_.assign(alpha, alpha + static_cast<size_t>(width) * height);
    atlas_w_ = width;
    atlas_h_ = height;
}

void SoftRenderer::render(const ImDrawData& dd, const PixelTarget& t, uint32_t clear_rgb) const {
    Raster r(t, atlas_.data(), atlas_w_, atlas_h_);
    uint32_t clear = r.pack((clear_rgb >> 16) & 0xff, (clear_rgb >> 8) & 0xff, clear_rgb & 0xff);
    // Screens start by painting their whole background: then clearing first is wasted work
    // (a full-screen fill is a good part of a frame's cost).
    bool covered = false;
    if (dd.CmdListsCount > 0 && dd.CmdLists[0]->IdxBuffer.Size >= 6) {
        const ImDrawList* first = dd.CmdLists[0];
        ImVec2 p0, p1, uv0, uv1;
        if (as_quad(first->VtxBuffer.Data, first->IdxBuffer.Data, p0, p1, uv0, uv1))
            covered = p0.x <= 0 && p0.y <= 0 && p1.x >= static_cast<float>(t.width) &&
                      p1.y >= static_cast<float>(t.height) && uv0.x == uv1.x && uv0.y == uv1.y &&
                      (first->VtxBuffer[first->IdxBuffer[0]].col >> 24) == 0xff;
    }
    for (int y = 0; !covered && y < t.height; ++y) {
        uint32_t* row = t.pixels + static_cast<size_t>(y) * t.pitch;
        std::fill(row, row + t.width, clear);
    }
    if (atlas_.empty()) return;
    for (int l = 0; l < dd.CmdListsCount; ++l) {
        const ImDrawList* list = dd.CmdLists[l];
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) continue;  // none of ours
            Clip clip{std::max(0, static_cast<int>(cmd.ClipRect.x)),
                      std::max(0, static_cast<int>(cmd.ClipRect.y)),
                      std::min(t.width, static_cast<int>(std::ceil(cmd.ClipRect.z))),
                      std::min(t.height, static_cast<int>(std::ceil(cmd.ClipRect.w)))};
            if (clip.x0 >= clip.x1 || clip.y0 >= clip.y1) continue;
            const ImDrawVert* vtx = list->VtxBuffer.Data + cmd.VtxOffset;
            const ImDrawIdx* idx = list->IdxBuffer.Data + cmd.IdxOffset;
            unsigned n = cmd.ElemCount;
            for (unsigned i = 0; i + 2 < n;) {
                ImVec2 p0, p1, uv0, uv1;
                if (i + 5 < n && as_quad(vtx, idx + i, p0, p1, uv0, uv1)) {
                    r.quad(p0.x, p0.y, p1.x, p1.y, uv0, uv1, vtx[idx[i]].col, clip);
                    i += 6;
                } else {
                    r.triangle(vtx[idx[i]], vtx[idx[i + 1]], vtx[idx[i + 2]], clip);
                    i += 3;
                }
            }
        }
    }
}

}  // namespace talkoo::platform
