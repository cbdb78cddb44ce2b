// platform/: the event loop's wake-up from another thread and the input queue's one-change-per-
// frame rule, with a real SDL (dummy video driver) and a real window.
#include <catch2/catch.hpp>

#include <SDL.h>
#include <imgui.h>

#include <cstring>
#include <thread>

#include "app/status_board.hpp"
#include "platform/event_loop.hpp"
#include "platform/sdl_input.hpp"
#include "platform/window.hpp"

namespace talkoo::test {

TEST_CASE("a status set from another thread wakes the sleeping event loop") {
    ImGuiContext* ctx = ImGui::CreateContext();
    {
        platform::Window window({640, 480, false, true, "test"});
        platform::EventLoop loop;
        StatusBoard board;
        board.on_change(loop.waker());
        std::vector<SDL_Event> events;
        while (loop.wait(0, events)) {
        }  // drain what the window's creation queued
        std::thread worker([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            board.set("Sync: 3 signups sent");
        });
        // A minute is far beyond the 50 ms; only a missing wake-up could reach it.
        bool woken = loop.wait(60000, events);
        worker.join();
        CHECK(woken);
        CHECK(board.take_change() == std::optional<std::string>("Sync: 3 signups sent"));
        CHECK_FALSE(board.take_change().has_value());
    }
    ImGui::DestroyContext(ctx);
}

TEST_CASE("a quick tap's press and release reach the screens as two frames") {
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    platform::InputQueue queue;
    SDL_Event down{}, up{}, text{};
    down.type = SDL_MOUSEBUTTONDOWN;
    down.button.button = SDL_BUTTON_LEFT;
    down.button.x = 100;
    down.button.y = 200;
    up = down;
    up.type = SDL_MOUSEBUTTONUP;
    text.type = SDL_TEXTINPUT;
    std::strcpy(text.text.text, "ä");
    CHECK(queue.push(down, 1.0f));
    CHECK(queue.push(up, 1.0f));
    CHECK(queue.push(text, 1.0f));

    CHECK(queue.apply(io));  // frame 1: the press, and more remains
    CHECK(io.MouseDown[0]);
    CHECK(io.MousePos.x == 100);
    CHECK(queue.apply(io));  // frame 2: the release
    CHECK_FALSE(io.MouseDown[0]);
    CHECK_FALSE(queue.apply(io));  // frame 3: the text, and nothing left
    REQUIRE(io.InputQueueCharacters.Size == 1);
    CHECK(io.InputQueueCharacters[0] == 0xE4);
    ImGui::DestroyContext(ctx);
}

TEST_CASE("keys the screens need arrive as control characters") {
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    platform::InputQueue queue;
    SDL_Event key{};
    key.type = SDL_KEYDOWN;
    key.key.keysym.sym = SDLK_BACKSPACE;
    CHECK(queue.push(key, 1.0f));
    key.key.keysym.sym = SDLK_RETURN;
    queue.push(key, 1.0f);
    queue.apply(io);
    REQUIRE(io.InputQueueCharacters.Size == 2);
    CHECK(io.InputQueueCharacters[0] == '\b');
    CHECK(io.InputQueueCharacters[1] == '\r');
    ImGui::DestroyContext(ctx);
}

}  // namespace talkoo::test
