// A vertically scrolling region moved by dragging anywhere in it, with inertia after a fling,
// by the mouse wheel, and by code (to bring a focused field into view). Plain state in, plain
// state out: ScrollState lives in the view state, so tests can read and set it.
//
// A touch that starts on a moving list stops it and is not a tap. Drawing is clipped to the
// view, and so are taps (a card half under the top bar cannot be tapped through the bar).
#pragma once

#include "app/ui/ui.hpp"

namespace talkoo::ui {

struct ScrollState {
    float offset = 0;      // how far the content is scrolled up, px
    float velocity = 0;    // px/s, positive = content moving up
    float content = 0;     // content height seen last frame
    float view = 0;        // view height seen last frame
    int first_vertex = 0;  // where this frame's content began in the draw list
    float max_offset() const { return content > view ? content - view : 0; }
};

// Starts the region; returns the screen y at which content begins (view.y - offset).
float begin_scroll(Ui& ui, ScrollState& s, const Rect& view, unsigned id);
// Ends it: records the content height, clamps, draws the scroll indicator.
void end_scroll(Ui& ui, ScrollState& s, const Rect& view, float content_height);
// Scrolls the least amount that shows [top, bottom) (content coordinates) whole.
void scroll_into_view(ScrollState& s, float top, float bottom, float margin);

}  // namespace talkoo::ui
