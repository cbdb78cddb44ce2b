// The kiosk's window on a real X server (Xvfb, as on a kiosk with a display but no GPU): the
// software rasteriser sends the X server only the rectangles that changed
// (SDL_UpdateWindowSurfaceRects), so this checks, after every frame of a visitor browsing and
// scrolling, that what the X server shows is the whole frame the rasteriser drew (the list's
// pixels moved, not drawn, as in the kiosk).
#include <SDL.h>
#include <imgui.h>

#include <catch2/catch.hpp>
#include <cstdlib>

#include "app/kiosk_app.hpp"
#include "app_fixture.hpp"
#include "kiosk_driver.hpp"
#include "platform/fonts.hpp"
#include "platform/window.hpp"
#include "support/temp_dir.hpp"
#include "support/virtual_display.hpp"
#include "x11_readback.hpp"

namespace talkoo::test {
namespace {

constexpr int kWidth = 1280, kHeight = 800;

}  // namespace

TEST_CASE("on X11 the screen shows every frame whole, though only changed rectangles are sent") {
    VirtualDisplay xvfb("1920x1080x24");
    INFO("Xvfb is needed here: scripts/install-deps.sh installs it");
    REQUIRE_FALSE(xvfb.display().empty());
    setenv("DISPLAY", xvfb.display().c_str(), 1);
    setenv("SDL_VIDEODRIVER", "x11", 1);

    TempDir dir;
    seed_long_fixture(dir / "store.db", 40);
    LocalStore store(dir / "store.db");
    ImGuiContext* context = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    {
        platform::Window window(
            {kWidth, kHeight, false, false, "x11 test", platform::RenderMode::software});
        REQUIRE(std::string(SDL_GetCurrentVideoDriver()) == "x11");

        platform::FontCache fonts(platform::find_font_files());
        Metrics m = compute_metrics(kWidth, kHeight, std::nullopt);
        fonts.ensure(*io.Fonts, m.fonts);
        window.upload_fonts();
        io.DisplaySize = ImVec2(kWidth, kHeight);
        double now = 0;
        KioskApp app(store, translations(), fixture_config(), now);
        int frames = 0;
        auto frame = [&] {
            SDL_PumpEvents();  // window events reach the window, as in the kiosk's loop
            now += 1.0 / 60.0;
            io.DeltaTime = 1.0f / 60.0f;
            FrameResult result = app.frame(m, fonts.fonts(), now);
            window.render(app.palette().clear_rgb, {}, result.scroll);  // as the kiosk does
            ++frames;
            INFO("frame " << frames);
            long at = x11_first_difference(window.sdl_window(), xvfb.display());
            if (at >= 0)
                FAIL("the X server shows pixel " << at % kWidth << "," << at / kWidth
                                                 << " differently from the frame drawn");
        };
        for (int i = 0; i < 5; ++i)
            frame();  // the window appears: drawn and shown whole
        app.apply({ActionKind::start, {}, 0}, now);
        app.apply({ActionKind::set_near, {}, 0}, now);  // the whole region: the list scrolls
        frame();
        frame();
        // A finger drags the list up, lets go, the list coasts to a stop; then back down.
        for (float direction : {1.0f, -1.0f}) {
            ImVec2 start(kWidth * 0.7f, direction > 0 ? kHeight * 0.8f : kHeight * 0.4f);
            io.MousePos = start;
            io.MouseDown[0] = true;
            frame();
            for (int i = 1; i <= 12; ++i) {
                io.MousePos = ImVec2(start.x, start.y - direction * 20.0f * static_cast<float>(i));
                frame();
            }
            io.MouseDown[0] = false;
            for (int i = 0; i < 120 && (i < 2 || app.state().browse.list.velocity != 0); ++i)
                frame();
        }
        CHECK(app.state().browse.list.offset > 0);
        CHECK(frames > 40);
    }
    ImGui::DestroyContext(context);
}

}  // namespace talkoo::test
