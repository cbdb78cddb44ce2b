// Touch behaviour: taps versus drags, scrolling with inertia, target sizes, and no highlight
// left behind after a finger lifts.
#include <catch2/catch.hpp>

#include "app/theme.hpp"
#include "app_fixture.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

namespace talkoo::test {
namespace {

// Whether any vertex of the last frame has this colour.
bool draw_data_uses(ImU32 colour) {
    ImDrawData* d = ImGui::GetDrawData();
    for (int l = 0; l < d->CmdListsCount; ++l)
        for (const ImDrawVert& v : d->CmdLists[l]->VtxBuffer)
            if (v.col == colour) return true;
    return false;
}

}  // namespace

TEST_CASE("a touch that moves less than the drag threshold is a tap") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    k.tap("attract.start");
    ImVec2 c = k.audit().find("card.dogs")->rect.center();
    float small = k.metrics().drag_threshold * 0.5f;
    k.drag(c, ImVec2(c.x + small, c.y + small), 3, 0.1, 0.05);
    CHECK(k.state().screen == Screen::task);
    CHECK(k.state().task_id == "dogs");
}

TEST_CASE("dragging anywhere in the list scrolls it and opens nothing") {
    TempDir dir;
    seed_long_fixture(dir / "store.db", 40);
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    k.tap("attract.start");
    k.tap("filter.region");  // the whole region: every task
    const ui::WidgetRecord* card = k.audit().find("card.dogs");
    REQUIRE(card != nullptr);
    ImVec2 from = card->rect.center();
    k.drag(from, ImVec2(from.x, from.y - 300), 10, 0.3, 0.2);
    CHECK(k.state().screen == Screen::browse);
    CHECK(k.state().browse.list.offset == Approx(300).margin(2));
    CHECK(k.state().browse.list.velocity == 0);  // held still before lifting: no fling
}

TEST_CASE("a fling keeps the list moving with inertia, then it stops by itself") {
    TempDir dir;
    seed_long_fixture(dir / "store.db", 60);
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    k.tap("attract.start");
    k.tap("filter.region");
    ImVec2 from = k.audit().find("card.dogs")->rect.center();
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = from;
    io.MouseDown[0] = true;
    k.frame();
    for (int i = 1; i <= 6; ++i) {
        io.MousePos = ImVec2(from.x, from.y - 40.0f * static_cast<float>(i));
        k.frame();
    }
    io.MouseDown[0] = false;
    k.frame();
    float at_release = k.state().browse.list.offset;
    CHECK(k.state().browse.list.velocity > 0);
    CHECK(k.last_result().animating);
    for (int i = 0; i < 600 && k.last_result().animating; ++i)
        k.frame();
    CHECK(k.state().browse.list.offset > at_release + 100);
    CHECK(k.state().browse.list.velocity == 0);
    CHECK_FALSE(k.last_result().animating);
    CHECK(k.state().screen == Screen::browse);
}

TEST_CASE("a touch on a moving list stops it and opens nothing") {
    TempDir dir;
    seed_long_fixture(dir / "store.db", 60);
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    k.tap("attract.start");
    k.tap("filter.region");
    ImVec2 from = k.audit().find("card.dogs")->rect.center();
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = from;
    io.MouseDown[0] = true;
    k.frame();
    for (int i = 1; i <= 6; ++i) {
        io.MousePos = ImVec2(from.x, from.y - 40.0f * static_cast<float>(i));
        k.frame();
    }
    io.MouseDown[0] = false;
    k.frame();
    REQUIRE(k.state().browse.list.velocity > 0);
    // Anywhere in the moving list: where the card was pressed is inside it.
    k.tap_at(from);
    CHECK(k.state().browse.list.velocity == 0);
    CHECK(k.state().screen == Screen::browse);
}

TEST_CASE("no highlight stays on a button after the finger lifts") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    k.tap("attract.start");
    k.pause(1);  // past the tap guard of the new screen
    const Palette& p = light_palette();
    ImVec2 at = k.audit().find("filter.remote")->rect.center();
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = at;
    io.MouseDown[0] = true;
    k.frame();
    CHECK(draw_data_uses(p.surface_pressed));  // pressed look while the finger is down
    io.MouseDown[0] = false;
    k.frame();
    k.frame();
    CHECK(k.state().browse.remote_only);
    // The finger is gone but the pointer position stays where it lifted: nothing may look
    // pressed or hovered because of it.
    CHECK_FALSE(draw_data_uses(p.surface_pressed));
    CHECK_FALSE(draw_data_uses(p.primary_pressed));
}

TEST_CASE("every touch target is at least the 9 mm target in every layout") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    for (const Layout& layout : all_layouts()) {
        DYNAMIC_SECTION(layout.name) {
            KioskDriver k(dir / "store.db", layout, fixture_config());
            CHECK(k.metrics().target >= 9.0f * k.metrics().px_per_mm() - 0.5f);
            k.tap("attract.start");
            for (const auto& w : k.audit().widgets) {
                if (!w.tappable) continue;
                INFO(w.id << " " << w.rect.w << "x" << w.rect.h);
                CHECK(w.rect.w + 0.5f >= k.metrics().target);
                CHECK(w.rect.h + 0.5f >= k.metrics().target);
            }
        }
    }
}

}  // namespace talkoo::test
