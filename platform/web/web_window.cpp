// See web_window.hpp.
#include "platform/web/web_window.hpp"

#include <GLES3/gl3.h>
#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <stdexcept>
#include <string>

namespace talkoo::platform {

WebWindow::WebWindow() {
    // Touches become SDL's mouse events (one code path with the kiosk); keys reach SDL only
    // from the canvas, never from the page's hidden text field (web/text_field.hpp), whose text
    // comes as whole strings instead.
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
    SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
        throw std::runtime_error(std::string("Cannot start SDL video: ") + SDL_GetError());
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
    SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);
    window_ = SDL_CreateWindow("Talkoo", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 390, 844,
                               SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!window_) {
        std::string why = SDL_GetError();
        SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
        throw std::runtime_error("Cannot open the app's canvas: " + why);
    }
    gl_ = SDL_GL_CreateContext(window_);
    if (!gl_) {
        std::string why = SDL_GetError();
        SDL_DestroyWindow(window_);
        SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
        throw std::runtime_error("This browser has no WebGL2 (" + why +
                                 "): update it, or turn on hardware acceleration.");
    }
    SDL_GL_MakeCurrent(window_, gl_);
    ImGui_ImplOpenGL3_Init("#version 300 es");
}

WebWindow::~WebWindow() {
    ImGui_ImplOpenGL3_Shutdown();
    if (gl_) SDL_GL_DeleteContext(gl_);
    if (window_) SDL_DestroyWindow(window_);
    SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
}

WebWindow::Size WebWindow::output_size() const {
    Size s;
    SDL_GL_GetDrawableSize(window_, &s.width, &s.height);
    return s;
}

float WebWindow::points_to_pixels() const {
    int w = 0, h = 0;
    SDL_GetWindowSize(window_, &w, &h);
    Size out = output_size();
    return w > 0 ? static_cast<float>(out.width) / static_cast<float>(w) : 1.0f;
}

void WebWindow::upload_fonts() {
    // The backend's shaders and buffers are made with the first font texture (in 1.86 they
    // would otherwise wait for ImGui_ImplOpenGL3_NewFrame, which this window does not need).
    if (!device_ready_) {
        ImGui_ImplOpenGL3_CreateDeviceObjects();
        device_ready_ = true;
    } else {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    ImGui::GetIO().Fonts->ClearTexData();
}

void WebWindow::render(unsigned clear_rgb) {
    Size s = output_size();
    glViewport(0, 0, s.width, s.height);
    glClearColor(static_cast<float>((clear_rgb >> 16) & 0xff) / 255.0f,
                 static_cast<float>((clear_rgb >> 8) & 0xff) / 255.0f,
                 static_cast<float>(clear_rgb & 0xff) / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

}  // namespace talkoo::platform
