// What an X server shows in an SDL window, read back with Xlib, for x11_present_test.cpp. In a
// file of its own because Xlib's macros (None, Status, Always...) collide with Catch2's names.
#pragma once

#include <string>

struct SDL_Window;

namespace talkoo::test {

// The first pixel (y * width + x) at which the X server on `display` shows `window` otherwise
// than the window's SDL surface holds it, or -1 when they are equal. Throws std::runtime_error
// when the window is not an X11 one or cannot be read.
long x11_first_difference(SDL_Window* window, const std::string& display);

}  // namespace talkoo::test
