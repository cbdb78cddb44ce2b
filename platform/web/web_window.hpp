// The web app's one window: SDL2's emscripten video driver on the page's <canvas id="canvas">,
// drawn with WebGL2 through ImGui's OpenGL3 backend (OpenGL ES 3, GLSL "#version 300 es"), the
// phone's GPU doing the work the kiosk's software rasteriser does on its CPU.
//
// The canvas fills the page (its size comes from CSS: web/index.html), and its pixels are the
// CSS size times the device pixel ratio, so text is drawn 1:1 at the phone's real resolution.
// SDL follows the browser's resizes and rotations (a RESIZED window event); sizes here are read
// fresh each frame. Like the desktop Window, it does not own the ImGui context.
#pragma once

struct SDL_Window;

namespace talkoo::platform {

class WebWindow {
  public:
    // Starts SDL's video subsystem, makes the WebGL2 context and initialises ImGui's SDL and
    // OpenGL3 backends. Throws std::runtime_error with SDL's reason (no WebGL2, typically).
    WebWindow();
    ~WebWindow();
    WebWindow(const WebWindow&) = delete;
    WebWindow& operator=(const WebWindow&) = delete;

    struct Size {
        int width = 0;
        int height = 0;
    };
    // What frames are drawn at, in device pixels.
    Size output_size() const;
    // CSS pixels → device pixels (the device pixel ratio, as SDL last saw it).
    float points_to_pixels() const;

    // (Re)creates the font texture from ImGui's atlas after fonts were (re)loaded.
    void upload_fonts();
    // Clears to `clear_rgb` (0xRRGGBB) and draws ImGui's draw data; the browser shows it when
    // the current task returns.
    void render(unsigned clear_rgb);

  private:
    SDL_Window* window_ = nullptr;
    void* gl_ = nullptr;  // SDL_GLContext
    bool device_ready_ = false;
};

}  // namespace talkoo::platform
