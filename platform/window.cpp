// See window.hpp.
#include "platform/window.hpp"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>
#include <stb_image_write.h>

#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace talkoo::platform {

Window::Window(const WindowOptions& options) {
    if (options.headless) {
        // Must be set before SDL_Init; setenv with overwrite=1 so that a DISPLAY in the
        // environment cannot make a headless run open a real window.
        setenv("SDL_VIDEODRIVER", "dummy", 1);
    }
    // A kiosk is a touchscreen: keep SDL's synthesized mouse events for touches (one code path
    // for mouse and finger), never let the screen blank, never minimise on focus loss.
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
        throw std::runtime_error(std::string("Cannot start SDL video: ") + SDL_GetError() +
                                 ". With no display, use --screenshot or set "
                                 "SDL_VIDEODRIVER=dummy.");

    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    if (options.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    if (options.headless) flags |= SDL_WINDOW_HIDDEN;
    window_ = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED,
                               SDL_WINDOWPOS_CENTERED, options.width, options.height, flags);
    if (!window_) {
        std::string why = SDL_GetError();
        SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
        throw std::runtime_error("Cannot open the kiosk window: " + why);
    }
    // The dummy driver has no GPU; elsewhere prefer an accelerated renderer but accept the
    // software one (a small PC without GL drivers still runs the kiosk).
    Uint32 renderer_flags = options.headless ? SDL_RENDERER_SOFTWARE : 0;
    renderer_ = SDL_CreateRenderer(window_, -1, renderer_flags);
    if (!renderer_) renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_SOFTWARE);
    if (!renderer_) {
        std::string why = SDL_GetError();
        SDL_DestroyWindow(window_);
        SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
        throw std::runtime_error("Cannot create a renderer for the kiosk window: " + why);
    }
    ImGui_ImplSDLRenderer_Init(renderer_);
    backend_ready_ = true;
    SDL_StartTextInput();  // a physical keyboard, if someone plugs one in, types into fields
}

Window::~Window() {
    if (backend_ready_) ImGui_ImplSDLRenderer_Shutdown();
    if (renderer_) SDL_DestroyRenderer(renderer_);
    if (window_) SDL_DestroyWindow(window_);
    SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
}

PixelSize Window::output_size() const {
    PixelSize s;
    SDL_GetRendererOutputSize(renderer_, &s.width, &s.height);
    return s;
}

float Window::points_to_pixels() const {
    int w = 0, h = 0;
    SDL_GetWindowSize(window_, &w, &h);
    PixelSize out = output_size();
    return w > 0 ? static_cast<float>(out.width) / static_cast<float>(w) : 1.0f;
}

std::optional<float> Window::display_dpi() const {
    int index = SDL_GetWindowDisplayIndex(window_);
    float ddpi = 0, hdpi = 0, vdpi = 0;
    if (index < 0 || SDL_GetDisplayDPI(index, &ddpi, &hdpi, &vdpi) != 0) return std::nullopt;
    // Some drivers answer with nonsense (0, or absurd values for virtual screens).
    if (hdpi < 40 || hdpi > 600) return std::nullopt;
    return hdpi;
}

void Window::upload_fonts() {
    ImGui_ImplSDLRenderer_DestroyFontsTexture();
    ImGui_ImplSDLRenderer_CreateFontsTexture();
    ImGui::GetIO().Fonts->ClearTexData();
}

void Window::render(unsigned clear_rgb, const std::filesystem::path& png) {
    SDL_SetRenderDrawColor(renderer_, (clear_rgb >> 16) & 0xff, (clear_rgb >> 8) & 0xff,
                           clear_rgb & 0xff, 255);
    SDL_RenderClear(renderer_);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    if (!png.empty()) save_png(png);
    SDL_RenderPresent(renderer_);
}

void Window::save_png(const std::filesystem::path& file) const {
    PixelSize s = output_size();
    std::vector<unsigned char> pixels(static_cast<size_t>(s.width) * s.height * 4);
    if (SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_RGBA32, pixels.data(),
                             s.width * 4) != 0)
        throw std::runtime_error(std::string("Cannot read the rendered frame: ") + SDL_GetError());
    // Opaque PNGs: the frame has no meaningful alpha and viewers show transparency as a grid.
    for (size_t i = 3; i < pixels.size(); i += 4)
        pixels[i] = 255;
    if (!stbi_write_png(file.c_str(), s.width, s.height, 4, pixels.data(), s.width * 4))
        throw std::runtime_error("Cannot write " + file.string() +
                                 ": check that its folder exists and is writable.");
}

}  // namespace talkoo::platform
