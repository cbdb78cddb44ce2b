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
#include "platform/soft_renderer.hpp"
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

namespace talkoo::test {

TEST_CASE("the software rasteriser fills, blends, clips and draws text as ImGui asks") {
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.Fonts->AddFontDefault();
    unsigned char* alpha = nullptr;
    int aw = 0, ah = 0;
    io.Fonts->GetTexDataAsAlpha8(&alpha, &aw, &ah);
    platform::SoftRenderer soft;
    soft.set_atlas(alpha, aw, ah);
    io.DisplaySize = ImVec2(64, 64);
    io.DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(64, 64), IM_COL32(200, 0, 0, 255));
    dl->AddRectFilled(ImVec2(10, 10), ImVec2(20, 20), IM_COL32(0, 0, 200, 128));
    dl->PushClipRect(ImVec2(30, 30), ImVec2(40, 40));
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(64, 64), IM_COL32(0, 200, 0, 255));
    dl->PopClipRect();
    dl->AddCircleFilled(ImVec2(52, 12), 8, IM_COL32(255, 255, 255, 255), 24);
    dl->AddText(ImVec2(2, 44), IM_COL32(255, 255, 255, 255), "W");
    ImGui::Render();

    std::vector<uint32_t> px(64 * 64, 0);
    platform::PixelTarget t{px.data(), 64, 64, 64, 16, 8, 0};
    soft.render(*ImGui::GetDrawData(), t, 0x000000);
    auto rgb = [&](int x, int y) { return px[static_cast<size_t>(y) * 64 + x] & 0xffffff; };
    CHECK(rgb(5, 5) == 0xC80000);    // the opaque fill
    CHECK(rgb(15, 15) == 0x640064);  // half blue over red: (100, 0, 100)
    CHECK(rgb(35, 35) == 0x00C800);  // green only inside its clip
    CHECK(rgb(45, 25) == 0xC80000);  // ... and not outside it
    CHECK(rgb(52, 12) == 0xFFFFFF);  // the circle's middle
    bool text = false;
    for (int y = 44; y < 58; ++y)
        for (int x = 2; x < 14; ++x)
            text = text || rgb(x, y) != 0xC80000;
    CHECK(text);
    ImGui::DestroyContext(ctx);
}

}  // namespace talkoo::test
