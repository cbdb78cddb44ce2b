// The kiosk's one window: an SDL2 window whose frames are drawn either by our software
// rasteriser into the window's surface (the default) or by an SDL_Renderer on the GPU with
// ImGui's SDL_Renderer backend (RenderMode below; docs/benchmarks.md has both measured).
//
// Headless mode (screenshots, benchmarks, CI with no display) selects SDL's dummy video driver
// before SDL starts, so nothing needs an X server. The window does not own the ImGui context:
// the caller creates it first, because the screens and the tests share one way of making it.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/soft_renderer.hpp"

struct SDL_Window;
struct SDL_Renderer;
struct SDL_Rect;
union SDL_Event;

namespace talkoo::platform {

// How frames reach the screen. software: our rasteriser (soft_renderer.hpp) into the window's
// surface, no GPU driver needed, the least memory; gpu: SDL's accelerated renderer (OpenGL and
// the like) with ImGui's SDL_Renderer backend, the least CPU per frame where a GPU driver exists.
enum class RenderMode { software, gpu };

struct WindowOptions {
    int width = 1920;
    int height = 1080;
    bool fullscreen = false;
    bool headless = false;  // SDL_VIDEODRIVER=dummy + software renderer, nothing on screen
    std::string title = "Talkoo";
    RenderMode render = RenderMode::software;
    // A touchscreen kiosk shows no arrow (a mouse still works, unseen); a desktop try-out may
    // want it back.
    bool show_pointer = false;
    // Kiosk mode (a stand, --fullscreen; issue 13 point 8): a request to close the window (a
    // window manager's close, Alt+F4 where a compositor maps it) does nothing. SIGTERM and
    // SIGINT still end the program (systemctl stop, Ctrl-C): that is how a unit stops it.
    bool lock_down = false;
};

struct PixelSize {
    int width = 0;
    int height = 0;
};

class Window {
  public:
    // Starts SDL's video subsystem, opens the window and renderer and initialises ImGui's
    // renderer backend (an ImGui context must be current). Throws std::runtime_error with SDL's
    // reason and a hint when anything fails.
    explicit Window(const WindowOptions& options);
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    SDL_Window* sdl_window() const { return window_; }
    // "software", or the SDL renderer's name ("opengl", "opengles2", ...).
    std::string renderer_name() const;

    // Size of what the renderer draws to, in pixels (equals the window size except on
    // high-DPI systems where SDL scales windows).
    PixelSize output_size() const;
    // Window points → output pixels (mouse coordinates come in points).
    float points_to_pixels() const;
    // What the display says about itself; nullopt when it does not know (dummy driver, some
    // X servers). Staff can set the real value with --dpi or the settings file.
    std::optional<float> display_dpi() const;

    // (Re)creates the font texture from ImGui's atlas after fonts were (re)loaded, then drops
    // the atlas's CPU-side pixels: the texture holds them now.
    void upload_fonts();
    // Clears to `clear_rgb`, draws ImGui's draw data, and shows the frame. With `png` set, also
    // writes the frame to that file first (a back buffer is undefined after it is shown);
    // throws std::runtime_error if that fails. `scroll` names the region that scrolled, for the
    // software renderer to move its pixels rather than draw them (see ScrollRegion).
    void render(unsigned clear_rgb, const std::filesystem::path& png = {},
                const std::optional<ScrollRegion>& scroll = std::nullopt);

    // What the software renderer did for the last frame (zero in gpu mode).
    RenderStats last_render_stats() const { return soft_ ? soft_->last_stats() : RenderStats{}; }

  private:
    void render_software(unsigned clear_rgb, const std::filesystem::path& png,
                         const std::optional<ScrollRegion>& scroll);
    void save_png(const std::filesystem::path& file) const;
    static int watch_window_events(void* self, SDL_Event* event);

    SDL_Window* window_ = nullptr;
    SDL_Renderer* renderer_ = nullptr;  // gpu mode only
    bool backend_ready_ = false;
    std::unique_ptr<SoftRenderer> soft_;  // software mode only
    // Software mode: the surface our last frame went into, whether a window event came since
    // (then the surface may not show that frame), and the rectangles to show.
    void* last_surface_ = nullptr;
    std::atomic<bool> window_touched_{true};
    std::vector<SDL_Rect> changed_;
};

}  // namespace talkoo::platform
