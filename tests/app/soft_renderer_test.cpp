// The software rasteriser draws again only the tiles whose content changed since its last frame,
// and moves a scrolling list's pixels rather than drawing them (platform/soft_renderer.hpp).
// These tests hold it to that over a real visitor's session on the real screens: after every
// frame the pixels equal the same frame drawn whole, every pixel that changed lies in the
// rectangles it reports, a list scrolling leaves the rest alone and is mostly moved, not drawn,
// and a wrong scroll region costs drawing, never pixels.
#include <imgui.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app_fixture.hpp"
#include "kiosk_driver.hpp"
#include "platform/soft_renderer.hpp"
#include "support/temp_dir.hpp"

namespace talkoo::test {
namespace {

struct Canvas {
    Canvas(int w, int h) : width(w), height(h), px(static_cast<size_t>(w) * h, 0xdeadbeefu) {}
    platform::PixelTarget target() { return {px.data(), width, height, width, 16, 8, 0}; }
    int width, height;
    std::vector<uint32_t> px;
};

// Draws each frame twice, incrementally into one canvas and whole into another, and compares.
class FrameChecker {
  public:
    FrameChecker(int w, int h) : kept_(w, h), whole_(w, h), before_(w, h), masked_(w, h) {
        unsigned char* alpha = nullptr;
        int aw = 0, ah = 0;
        ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&alpha, &aw, &ah);
        incremental_.set_atlas(alpha, aw, ah);
        full_.set_atlas(alpha, aw, ah);
    }

    // `scroll`: the region the frame says scrolled (KioskApp's FrameResult::scroll).
    void check(const std::optional<platform::ScrollRegion>& scroll = std::nullopt) {
        before_.px = kept_.px;
        last_damage_ = incremental_.render(*ImGui::GetDrawData(), kept_.target(), kClear,
                                           /*kept=*/true, scroll ? &*scroll : nullptr);
        full_.render(*ImGui::GetDrawData(), whole_.target(), kClear, /*kept=*/false);
        ++frames_;
        INFO("frame " << frames_);
        if (kept_.px != whole_.px) FAIL("pixel " << where(first_difference(kept_, whole_)));
        // Every pixel that changed is inside a reported rectangle: with the old pixels put back
        // inside the rectangles, what remains is the old frame.
        masked_.px = kept_.px;
        for (const platform::PixelRect& r : last_damage_) {
            REQUIRE(r.x >= 0);
            REQUIRE(r.y >= 0);
            REQUIRE(r.x + r.w <= kept_.width);
            REQUIRE(r.y + r.h <= kept_.height);
            for (int y = r.y; y < r.y + r.h; ++y) {
                size_t row = static_cast<size_t>(y) * kept_.width;
                std::copy(before_.px.begin() + static_cast<long>(row + r.x),
                          before_.px.begin() + static_cast<long>(row + r.x + r.w),
                          masked_.px.begin() + static_cast<long>(row + r.x));
            }
        }
        if (masked_.px != before_.px)
            FAIL("pixel " << where(first_difference(masked_, before_))
                          << " changed outside the reported rectangles");
    }

    const std::vector<platform::PixelRect>& last_damage() const { return last_damage_; }
    const platform::RenderStats& last_stats() const { return incremental_.last_stats(); }
    int frames() const { return frames_; }

  private:
    static constexpr uint32_t kClear = 0x203040;

    std::string where(long i) const {
        return std::to_string(i % kept_.width) + "," + std::to_string(i / kept_.width);
    }
    static long first_difference(const Canvas& a, const Canvas& b) {
        for (size_t i = 0; i < a.px.size(); ++i)
            if (a.px[i] != b.px[i]) return static_cast<long>(i);
        return -1;
    }

    platform::SoftRenderer incremental_, full_;
    Canvas kept_, whole_, before_, masked_;
    std::vector<platform::PixelRect> last_damage_;
    int frames_ = 0;
};

// The first task card drawn where it can be seen.
const ui::WidgetRecord* first_card(const KioskDriver& k) {
    for (const ui::WidgetRecord& w : k.audit().widgets)
        if (w.id.rfind("card.", 0) == 0 && k.visible(w.id)) return &w;
    return nullptr;
}

// A store of 40 tasks in `dir`, for the kiosk below.
std::filesystem::path seeded_store(const TempDir& dir) {
    seed_long_fixture(dir / "store.db", 40);
    return dir / "store.db";
}

// The kiosk on the browse screen in `layout`, with a checker of the frames it draws.
struct BrowsingKiosk {
    BrowsingKiosk(const Layout& layout, const std::string& lang_button)
        : k(seeded_store(dir), layout, fixture_config()), checker(layout.width, layout.height) {
        k.tap(lang_button);
        REQUIRE(k.state().screen == Screen::browse);
    }
    TempDir dir;  // first: the store lives in it
    KioskDriver k;
    FrameChecker checker;
};

}  // namespace

TEST_CASE("drawing only what changed gives every frame the pixels of drawing it whole") {
    for (const Layout& layout : {all_layouts()[0], all_layouts()[3]}) {
        DYNAMIC_SECTION(layout.name) {
            TempDir dir;
            seed_long_fixture(dir / "store.db", 40);
            KioskDriver k(dir / "store.db", layout, fixture_config());
            FrameChecker checker(layout.width, layout.height);
            checker.check();  // the attract screen, drawn whole the first time
            k.after_frame = [&] { checker.check(k.last_result().scroll); };

            k.tap("lang.sv");
            REQUIRE(k.state().screen == Screen::browse);
            // Scroll the list down and back up, with inertia.
            const ui::WidgetRecord* card = first_card(k);
            REQUIRE(card != nullptr);
            ImVec2 from = card->clip.center();
            k.drag(from, ImVec2(from.x, from.y - card->clip.h / 2), 12, 0.2, 0.0);
            k.drag(from, ImVec2(from.x, from.y + card->clip.h / 3), 6, 0.1, 0.2);
            k.tap("lang.en");
            card = first_card(k);
            REQUIRE(card != nullptr);
            std::string id = card->id;  // the audit is rewritten by every frame
            k.tap(id);
            REQUIRE(k.state().screen == Screen::task);
            k.tap("task.interested");
            REQUIRE(k.state().screen == Screen::form);
            k.tap("form.name");
            k.type_on_keyboard("Åsa");
            k.tap("form.send");  // errors beside the fields
            k.wait(120);         // the idle countdown, then back to attract
            REQUIRE(k.state().screen == Screen::attract);
            CHECK(checker.frames() > 40);
        }
    }
}

TEST_CASE("a frame with nothing new draws nothing, and a scrolling list leaves the top bar alone") {
    BrowsingKiosk b(landscape(), "lang.fi");
    KioskDriver& k = b.k;
    FrameChecker& checker = b.checker;
    k.frame();
    checker.check();  // whole
    k.frame();
    checker.check();
    CHECK(checker.last_damage().empty());

    // A finger drags the list: the rows above the list (the top bar) are never drawn again.
    const ui::WidgetRecord* card = first_card(k);
    REQUIRE(card != nullptr);
    int list_top = static_cast<int>(card->clip.y);
    REQUIRE(list_top > 0);
    long drawn = 0, frames = 0;
    k.after_frame = [&] {
        checker.check(k.last_result().scroll);
        for (const platform::PixelRect& r : checker.last_damage()) {
            CHECK(r.y + r.h > list_top - 64);  // tiles are 64×32: the list's own top tile row
            drawn += static_cast<long>(r.w) * r.h;
        }
        ++frames;
    };
    ImVec2 from = card->clip.center();
    k.drag(from, ImVec2(from.x, from.y - 200), 10, 0.2, 0.1);
    REQUIRE(frames > 5);
    // Less than the whole screen per frame on average: the category column stays too.
    CHECK(drawn / frames < static_cast<long>(landscape().width) * landscape().height * 3 / 4);
}

TEST_CASE("a list dragged by whole pixels is moved, and only what came into view is drawn") {
    for (const Layout& layout : {all_layouts()[0], all_layouts()[1], all_layouts()[3]}) {
        DYNAMIC_SECTION(layout.name) {
            BrowsingKiosk b(layout, "lang.en");
            KioskDriver& k = b.k;
            FrameChecker& checker = b.checker;
            k.frame();
            checker.check(k.last_result().scroll);
            REQUIRE(k.last_result().scroll.has_value());
            long drawn = 0, moved = 0;
            int frames = 0;
            k.after_frame = [&] {
                checker.check(k.last_result().scroll);
                drawn += checker.last_stats().drawn_pixels;
                moved += checker.last_stats().moved_pixels;
                ++frames;
            };
            const ui::WidgetRecord* card = first_card(k);
            REQUIRE(card != nullptr);
            ImVec2 from = card->clip.center();
            // 12 px a frame, then a fling that coasts.
            k.drag(from, ImVec2(from.x, from.y - 240), 20, 0.33, 0.0);
            k.wait(1.0);
            REQUIRE(frames > 20);
            // A frame moves most of the list and draws a strip of it: well under a third of what
            // it moved (drawing it all, as before, drew more than it now moves).
            CHECK(moved > 0);
            CHECK(drawn * 3 < moved);
        }
    }
}

TEST_CASE("a wrong scroll region costs drawing, never a wrong pixel") {
    BrowsingKiosk b(landscape(), "lang.fi");
    KioskDriver& k = b.k;
    FrameChecker& checker = b.checker;
    int frame = 0;
    k.after_frame = [&] {
        std::optional<platform::ScrollRegion> region = k.last_result().scroll;
        REQUIRE(region.has_value());
        // Its top off by a few pixels that change each frame; every fourth frame, the region of
        // a part of the screen that did not scroll at all (the top bar).
        ++frame;
        region->content_top += (frame * 7) % 5 - 2;
        if (frame % 4 == 0) *region = {0, 0, static_cast<float>(landscape().width), 90, frame};
        checker.check(region);
    };
    const ui::WidgetRecord* card = first_card(k);
    REQUIRE(card != nullptr);
    ImVec2 from = card->clip.center();
    k.drag(from, ImVec2(from.x, from.y - 200), 10, 0.2, 0.0);
    k.drag(from, ImVec2(from.x, from.y + 150), 8, 0.15, 0.0);
    k.wait(0.5);
    CHECK(frame > 15);
}

}  // namespace talkoo::test
