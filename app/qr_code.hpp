// The QR code on the task page: the task's web address, so that a visitor can continue on their
// phone. Encoded with libqrencode and drawn as filled squares, dark on white with the standard
// quiet zone of four modules, whatever the theme (scanners need dark on light).
#pragma once

#include <string_view>
#include <vector>

#include "app/ui/ui.hpp"

namespace talkoo {

struct QrCode {
    int size = 0;            // modules per side; 0 = nothing to show
    std::vector<bool> dark;  // size × size, row by row
    bool dark_at(int x, int y) const { return dark[static_cast<size_t>(y) * size + x]; }
};

// Error correction level M (15%): survives a smudged screen. Empty text or text too long for a
// QR code gives size 0.
QrCode make_qr(std::string_view text);

// Draws `qr` centred in `box` (square), module size a whole number of pixels so that every
// module is sharp. Returns the rectangle actually covered, quiet zone included.
ui::Rect draw_qr(ui::Ui& ui, const QrCode& qr, const ui::Rect& box);

}  // namespace talkoo
