// See sdl_input.hpp.
#include "platform/sdl_input.hpp"

#include <SDL.h>
#include <imgui.h>

namespace talkoo::platform {

bool InputQueue::push(const SDL_Event& e, float scale) {
    switch (e.type) {
        case SDL_MOUSEMOTION:
            items_.push_back({Item::move, e.motion.x * scale, e.motion.y * scale, {}});
            return true;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
            if (e.button.button != SDL_BUTTON_LEFT) return true;
            items_.push_back({e.type == SDL_MOUSEBUTTONDOWN ? Item::down : Item::up,
                              e.button.x * scale,
                              e.button.y * scale,
                              {}});
            return true;
        case SDL_MOUSEWHEEL:
            items_.push_back(
                {Item::wheel, static_cast<float>(e.wheel.x), static_cast<float>(e.wheel.y), {}});
            return true;
        case SDL_TEXTINPUT:
            items_.push_back({Item::chars, 0, 0, e.text.text});
            return true;
        case SDL_KEYDOWN: {
            const char* control = nullptr;
            switch (e.key.keysym.sym) {
                case SDLK_BACKSPACE:
                    control = "\b";
                    break;
                case SDLK_RETURN:
                case SDLK_KP_ENTER:
                    control = "\r";
                    break;
                case SDLK_TAB:
                    control = "\t";
                    break;
                case SDLK_ESCAPE:
                    control = "\x1b";
                    break;
                default:
                    break;
            }
            if (control) items_.push_back({Item::chars, 0, 0, control});
            return true;
        }
        case SDL_FINGERDOWN:
        case SDL_FINGERUP:
        case SDL_FINGERMOTION:
            return true;  // handled through the synthesized mouse events; still a person
        default:
            return false;
    }
}

bool InputQueue::apply(ImGuiIO& io) {
    io.MouseWheel = 0;
    io.MouseWheelH = 0;
    while (!items_.empty()) {
        Item item = std::move(items_.front());
        items_.pop_front();
        switch (item.kind) {
            case Item::move:
                io.MousePos = ImVec2(item.x, item.y);
                break;
            case Item::wheel:
                io.MouseWheelH += item.x;
                io.MouseWheel += item.y;
                break;
            case Item::chars:
                if (item.text.size() == 1 && static_cast<unsigned char>(item.text[0]) < 0x20)
                    io.AddInputCharacter(static_cast<unsigned>(item.text[0]));  // a control key
                else
                    io.AddInputCharactersUTF8(item.text.c_str());
                break;
            case Item::down:
            case Item::up:
                io.MousePos = ImVec2(item.x, item.y);
                io.MouseDown[0] = item.kind == Item::down;
                return !items_.empty();  // one button change per frame
        }
    }
    return false;
}

}  // namespace talkoo::platform
