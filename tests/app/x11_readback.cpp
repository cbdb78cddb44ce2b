// See x11_readback.hpp.
#include "x11_readback.hpp"

#include <SDL.h>
#include <SDL_syswm.h>  // brings Xlib
#include <X11/Xutil.h>

#include <cstdint>
#include <stdexcept>

namespace talkoo::test {

long x11_first_difference(SDL_Window* window, const std::string& display) {
    SDL_SysWMinfo wm;
    SDL_VERSION(&wm.version);
    SDL_Surface* surface = SDL_GetWindowSurface(window);
    if (SDL_GetWindowWMInfo(window, &wm) != SDL_TRUE || wm.subsystem != SDL_SYSWM_X11 || !surface)
        throw std::runtime_error("not an X11 window with a surface");
    Display* x = XOpenDisplay(display.c_str());
    if (!x) throw std::runtime_error("cannot open X display " + display);
    const int width = surface->w, height = surface->h;
    XImage* shown = XGetImage(x, wm.info.x11.window, 0, 0, static_cast<unsigned>(width),
                              static_cast<unsigned>(height), AllPlanes, ZPixmap);
    if (!shown || shown->bits_per_pixel != 32) {
        if (shown) XDestroyImage(shown);
        XCloseDisplay(x);
        throw std::runtime_error("cannot read the window back as 32-bit pixels");
    }
    long at = -1;
    for (int y = 0; y < height && at < 0; ++y) {
        auto* ours = reinterpret_cast<const uint32_t*>(static_cast<const char*>(surface->pixels) +
                                                       static_cast<size_t>(y) * surface->pitch);
        auto* theirs = reinterpret_cast<const uint32_t*>(
            shown->data + static_cast<size_t>(y) * static_cast<size_t>(shown->bytes_per_line));
        for (int i = 0; i < width; ++i)
            if ((ours[i] & 0xffffff) != (theirs[i] & 0xffffff)) {
                at = static_cast<long>(y) * width + i;
                break;
            }
    }
    XDestroyImage(shown);
    XCloseDisplay(x);
    return at;
}

}  // namespace talkoo::test
