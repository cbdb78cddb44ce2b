// See window.hpp.
#include "platform/window.hpp"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>
#include <stb_image_write.h>

#include <cstdio>
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
    // Our software frames go to the display's own framebuffer (XShm on X11). Without this hint
    // SDL would present them through an OpenGL texture: Mesa loaded for nothing, ~110 MB more
    // resident memory and a slower start (docs/benchmarks.md).
    if (options.render == RenderMode::software) SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    // Locked down, closing the last window sends only SDL_WINDOWEVENT_CLOSE, which nothing acts
    // on; SDL_QUIT then comes only from SIGTERM or SIGINT (SDL's own signal handlers).
    SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, options.lock_down ? "0" : "1");
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
    if (options.render == RenderMode::gpu && !options.headless) {
        renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_ACCELERATED);
        if (!renderer_)
            std::fprintf(stderr, "talkoo-kiosk: no GPU renderer (%s); drawing in software\n",
                         SDL_GetError());
    }
    if (renderer_) {
        ImGui_ImplSDLRenderer_Init(renderer_);
        backend_ready_ = true;
    } else {
        soft_ = std::make_unique<SoftRenderer>();
        if (!SDL_GetWindowSurface(window_)) {
            std::string why = SDL_GetError();
            SDL_DestroyWindow(window_);
            SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
            throw std::runtime_error("Cannot draw into the kiosk window: " + why);
        }
    }
    SDL_ShowCursor(options.show_pointer ? SDL_ENABLE : SDL_DISABLE);
    SDL_StartTextInput();  // a physical keyboard, if someone plugs one in, types into fields
    if (soft_) SDL_AddEventWatch(&Window::watch_window_events, this);
}

int Window::watch_window_events(void* self, SDL_Event* event) {
    // Any window event (resized, exposed, shown, restored...) may leave the screen without our
    // last frame: the next frame is drawn and shown whole.
    if (event->type == SDL_WINDOWEVENT) static_cast<Window*>(self)->window_touched_ = true;
    return 0;
}

Window::~Window() {
    if (soft_) SDL_DelEventWatch(&Window::watch_window_events, this);
    if (backend_ready_) ImGui_ImplSDLRenderer_Shutdown();
    if (renderer_) SDL_DestroyRenderer(renderer_);
    if (window_) SDL_DestroyWindow(window_);
    SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
}

PixelSize Window::output_size() const {
    PixelSize s;
    if (renderer_)
        SDL_GetRendererOutputSize(renderer_, &s.width, &s.height);
    else
        SDL_GetWindowSizeInPixels(window_, &s.width, &s.height);
    return s;
}

std::string Window::renderer_name() const {
    if (!renderer_) return "software";
    SDL_RendererInfo info;
    SDL_GetRendererInfo(renderer_, &info);
    return info.name;
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
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    if (renderer_) {
        ImGui_ImplSDLRenderer_DestroyFontsTexture();
        ImGui_ImplSDLRenderer_CreateFontsTexture();
    } else {
        unsigned char* alpha = nullptr;
        int w = 0, h = 0;
        atlas.GetTexDataAsAlpha8(&alpha, &w, &h);
        soft_->set_atlas(alpha, w, h);
        atlas.SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
    }
    atlas.ClearTexData();
}

void Window::render_software(unsigned clear_rgb, const std::filesystem::path& png,
                             const std::optional<ScrollRegion>& scroll) {
    // The surface can change when the window is resized: ask for it every frame (cheap).
    SDL_Surface* surface = SDL_GetWindowSurface(window_);
    if (!surface) return;
    SDL_Surface* target = surface;
    SDL_Surface* converted = nullptr;
    if (surface->format->BytesPerPixel != 4) {
        // A 16- or 24-bit screen: draw 32-bit, let SDL convert on the way out.
        converted =
            SDL_CreateRGBSurfaceWithFormat(0, surface->w, surface->h, 32, SDL_PIXELFORMAT_XRGB8888);
        if (!converted) return;
        target = converted;
    }
    if (SDL_MUSTLOCK(target)) SDL_LockSurface(target);
    PixelTarget t;
    t.pixels = static_cast<uint32_t*>(target->pixels);
    t.width = target->w;
    t.height = target->h;
    t.pitch = target->pitch / 4;
    t.r_shift = target->format->Rshift;
    t.g_shift = target->format->Gshift;
    t.b_shift = target->format->Bshift;
    // The window's surface keeps our last frame, so only what changed needs drawing, unless
    // SDL made a new surface or something happened to the window (resized, exposed, shown).
    bool kept = !converted && surface == last_surface_ && !window_touched_.exchange(false);
    last_surface_ = converted ? nullptr : surface;
    const std::vector<PixelRect>& damage =
        soft_->render(*ImGui::GetDrawData(), t, clear_rgb, kept, scroll ? &*scroll : nullptr);
    if (!png.empty()) {
        std::vector<unsigned char> rgba(static_cast<size_t>(t.width) * t.height * 4);
        for (int y = 0; y < t.height; ++y)
            for (int x = 0; x < t.width; ++x) {
                uint32_t p = t.pixels[static_cast<size_t>(y) * t.pitch + x];
                unsigned char* o = &rgba[(static_cast<size_t>(y) * t.width + x) * 4];
                o[0] = (p >> t.r_shift) & 0xff;
                o[1] = (p >> t.g_shift) & 0xff;
                o[2] = (p >> t.b_shift) & 0xff;
                o[3] = 255;
            }
        if (!stbi_write_png(png.c_str(), t.width, t.height, 4, rgba.data(), t.width * 4)) {
            if (SDL_MUSTLOCK(target)) SDL_UnlockSurface(target);
            if (converted) SDL_FreeSurface(converted);
            throw std::runtime_error("Cannot write " + png.string() +
                                     ": check that its folder exists and is writable.");
        }
    }
    if (SDL_MUSTLOCK(target)) SDL_UnlockSurface(target);
    if (converted) {
        SDL_BlitSurface(converted, nullptr, surface, nullptr);
        SDL_FreeSurface(converted);
        SDL_UpdateWindowSurface(window_);
        return;
    }
    // Show only the rectangles that changed (on X11, less to copy to the server).
    changed_.clear();
    for (const PixelRect& r : damage)
        changed_.push_back({r.x, r.y, r.w, r.h});
    if (!changed_.empty())
        SDL_UpdateWindowSurfaceRects(window_, changed_.data(), static_cast<int>(changed_.size()));
}

void Window::render(unsigned clear_rgb, const std::filesystem::path& png,
                    const std::optional<ScrollRegion>& scroll) {
    if (!renderer_) {
        render_software(clear_rgb, png, scroll);
        return;
    }
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
