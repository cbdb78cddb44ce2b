// Every screen, in every language and layout, in both themes: rendered headlessly by the real
// screen code over the fixture catalogue, with the layout audit on. No translation may be missing,
// no text wider than its box, no target under the minimum, nothing tappable off screen or on top
// of another tappable thing.
#include <catch2/catch.hpp>

#include "app/screenshot_scenes.hpp"
#include "app_fixture.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

namespace talkoo::test {
namespace {

// Widgets that are backgrounds ("touch anywhere") or contain their own buttons by design.
bool nested(const ui::WidgetRecord& a, const ui::WidgetRecord& b) {
    return a.rect.inside(b.rect) || b.rect.inside(a.rect);
}

void check_layout(const KioskDriver& k, const std::string& where) {
    const ui::LayoutAudit& audit = k.audit();
    for (const auto& issue : audit.issues) {
        INFO(where << ": " << issue.id);
        FAIL_CHECK(issue.problem);
    }
    ui::Rect screen{0, 0, k.metrics().width, k.metrics().height};
    std::vector<const ui::WidgetRecord*> seen;
    for (const auto& w : audit.widgets) {
        if (!w.tappable) continue;
        ui::Rect visible = w.rect.intersect(w.clip);
        if (visible.w <= 0 || visible.h <= 0) continue;
        INFO(where << ": " << w.id);
        // Horizontally, nothing may stick out of the screen (lists scroll only vertically).
        CHECK(w.rect.x >= screen.x - 0.5f);
        CHECK(w.rect.right() <= screen.right() + 0.5f);
        CHECK(w.clip.inside(screen));
        seen.push_back(&w);
    }
    for (size_t i = 0; i < seen.size(); ++i)
        for (size_t j = i + 1; j < seen.size(); ++j) {
            const auto& a = *seen[i];
            const auto& b = *seen[j];
            if (a.id == b.id || nested(a, b)) continue;
            ui::Rect va = a.rect.intersect(a.clip), vb = b.rect.intersect(b.clip);
            if (va.overlaps(vb) && va.intersect(vb).w > 1 && va.intersect(vb).h > 1) {
                INFO(where << ": " << a.id << " overlaps " << b.id);
                FAIL_CHECK("overlapping touch targets");
            }
        }
}

}  // namespace

TEST_CASE("every screen in every language and layout renders with nothing missing or clipped") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    for (const Layout& layout : all_layouts()) {
        for (bool high_contrast : {false, true}) {
            DYNAMIC_SECTION(layout.name << (high_contrast ? " high-contrast" : " light")) {
                translations().clear_missing();
                for (std::string_view scene : screen_names()) {
                    for (Lang lang : kAllLangs) {
                        KioskConfig config = fixture_config();
                        config.default_lang = lang;
                        config.high_contrast = high_contrast;
                        KioskDriver k(dir / "store.db", layout, config);
                        stage_screen(k.app(), scene, k.now());
                        k.frame();
                        k.frame();
                        std::string where = layout.name + "/" + std::string(scene) + "/" +
                                            std::string(lang_code(lang));
                        check_layout(k, where);
                    }
                }
                std::set<std::string> missing = translations().missing();
                for (const std::string& key : missing)
                    FAIL_CHECK("missing translation " << key);
            }
        }
    }
}

TEST_CASE("every screen reflows at 150 and 200 % text with nothing clipped, overlapping or lost") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    for (const Layout& layout : all_layouts()) {
        for (int size : {150, 200}) {
            DYNAMIC_SECTION(layout.name << " " << size << " %") {
                for (std::string_view scene : screen_names()) {
                    for (Lang lang : kAllLangs) {
                        KioskConfig config = fixture_config();
                        config.default_lang = lang;
                        config.text_size = size;
                        KioskDriver k(dir / "store.db", layout, config);
                        stage_screen(k.app(), scene, k.now());
                        k.frame();
                        k.frame();
                        REQUIRE(k.metrics().text_scale == Approx(size / 100.0));
                        std::string where = layout.name + "/" + std::to_string(size) + "/" +
                                            std::string(scene) + "/" + std::string(lang_code(lang));
                        check_layout(k, where);
                    }
                }
            }
        }
    }
}

TEST_CASE("a task whose texts exist only in Finnish still shows a title in every language") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    for (Lang lang : kAllLangs) {
        KioskConfig config = fixture_config();
        config.default_lang = lang;
        KioskDriver k(dir / "store.db", landscape(), config);
        k.tap("attract.start");
        k.tap("filter.region");  // the task is in the next town
        k.tap("card.homework");  // only a Finnish title
        REQUIRE(k.app().data().task);
        CHECK(k.app().data().task->title.show(lang) == "Läksyapua nuorille");
    }
}

}  // namespace talkoo::test
