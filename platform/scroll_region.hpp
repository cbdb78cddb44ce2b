// What the screens tell the renderer about a frame's scrolling list: a plain struct, so that the
// screens (app/ui) and the main loop hand it on without knowing which renderer draws the frame.
// The software rasteriser (soft_renderer.hpp) moves that region's pixels instead of drawing them;
// the GPU renderers, which draw every frame whole, ignore it.
#pragma once

namespace talkoo::platform {

// A region of the frame whose content is drawn shifted by whole pixels since the last frame, as
// a scrolling list is: every draw command whose ClipRect is exactly (x0, y0, x1, y1) belongs to
// it, and its content's y = 0 lies at screen row content_top. The renderer never trusts it for
// pixels, only for speed: what it keeps from the last frame is checked by hashing what is drawn,
// in content coordinates, so a wrong region or top costs drawing time, never a wrong pixel.
struct ScrollRegion {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    int content_top = 0;
};

}  // namespace talkoo::platform
