// Finding 1 of issue 18: a second tap that was meant for the screen before must not act on the
// screen that replaced it. A visitor's double tap on "Send" used to land on the thank-you
// screen's "Done" and skip it. Taps are injected 50, 120 and 300 ms apart across each screen
// change of the visitor's way; none may act on the new screen, and a deliberate tap after the
// guard time still works.
#include <catch2/catch.hpp>

#include "app_fixture.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

namespace talkoo::test {
namespace {

constexpr double kGaps[] = {0.05, 0.12, 0.3};

void fill_valid_form(KioskDriver& k) {
    k.tap("attract.start");
    k.pause(1);
    k.tap("card.dogs");
    k.pause(1);
    k.tap("task.interested");
    k.pause(1);
    k.tap("form.name");
    k.type("Aino Virtanen");
    k.tap("form.email");
    k.type("aino@example.fi");
    k.tap("key.done");
    k.pause(1);
    k.tap("form.consent");
    k.pause(1);
}

// Taps `id` and, `gap` seconds after the first tap's release, taps the same spot again.
ImVec2 double_tap(KioskDriver& k, std::string_view id, double gap) {
    k.tap(id);
    ImVec2 spot = ImGui::GetIO().MousePos;
    k.pause(gap);
    k.tap_at(spot);
    return spot;
}

}  // namespace

TEST_CASE("a double tap on Send shows the thank-you screen and does not skip it") {
    for (const Layout& layout : all_layouts()) {
        for (double gap : kGaps) {
            DYNAMIC_SECTION(layout.name << ", second tap after " << gap * 1000 << " ms") {
                TempDir dir;
                seed_fixture(dir / "store.db");
                KioskDriver k(dir / "store.db", layout, fixture_config());
                fill_valid_form(k);
                double_tap(k, "form.send", gap);
                CHECK(k.state().screen == Screen::thanks);
                CHECK(k.store().outbox_summary().pending == 1);
                // A deliberate tap once the screen has been seen still works.
                k.pause(1);
                k.tap("thanks.done");
                CHECK(k.state().screen == Screen::attract);
            }
        }
    }
}

TEST_CASE("a double tap on a screen's way forward does not act on the next screen") {
    for (const Layout& layout : all_layouts()) {
        for (double gap : kGaps) {
            DYNAMIC_SECTION(layout.name << ", second tap after " << gap * 1000 << " ms") {
                TempDir dir;
                seed_fixture(dir / "store.db");
                KioskDriver k(dir / "store.db", layout, fixture_config());
                // attract → browse: the second tap must not open a task or set a filter.
                double_tap(k, "attract.start", gap);
                CHECK(k.state().screen == Screen::browse);
                CHECK(k.state().browse.category.empty());
                CHECK(k.state().keyboard.focus == Field::none);
                k.pause(1);
                // browse → task
                double_tap(k, "card.dogs", gap);
                CHECK(k.state().screen == Screen::task);
                CHECK(k.state().selected.empty());
                k.pause(1);
                // task → form: the second tap must not send, focus or tick anything.
                double_tap(k, "task.interested", gap);
                CHECK(k.state().screen == Screen::form);
                CHECK(k.state().form.errors.empty());
                CHECK(k.state().keyboard.focus == Field::none);
                CHECK_FALSE(k.state().form.consent);
                k.pause(1);
                // form → browse ("choose more"), back to the form.
                double_tap(k, "form.choose_more", gap);
                CHECK(k.state().screen == Screen::browse);
                CHECK(k.state().selected == std::vector<std::string>{"dogs"});
            }
        }
    }
}

TEST_CASE("a double tap on Add to my list leaves the task on the list") {
    for (const Layout& layout : all_layouts()) {
        for (double gap : kGaps) {
            DYNAMIC_SECTION(layout.name << ", second tap after " << gap * 1000 << " ms") {
                TempDir dir;
                seed_fixture(dir / "store.db");
                KioskDriver k(dir / "store.db", layout, fixture_config());
                k.tap("attract.start");
                k.pause(1);
                k.tap("card.dogs");
                k.pause(1);
                double_tap(k, "task.select", gap);
                CHECK(k.state().screen == Screen::task);
                CHECK(k.state().selected == std::vector<std::string>{"dogs"});
            }
        }
    }
}

TEST_CASE("a double tap on a language or on the idle question acts once") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskConfig config = fixture_config();
    for (double gap : kGaps) {
        DYNAMIC_SECTION("second tap after " << gap * 1000 << " ms") {
            KioskDriver k(dir / "store.db", landscape(), config);
            // A language on the attract screen starts in it; the second tap lands on browse.
            double_tap(k, "lang.sv", gap);
            CHECK(k.state().screen == Screen::browse);
            CHECK(k.state().lang == Lang::sv);
            CHECK(k.state().browse.category.empty());
            k.pause(1);
            k.tap("card.dogs");
            k.wait(config.idle_seconds + 1);
            REQUIRE(k.state().idle.warning);
            // "I'm still here": the second tap must not act on the task page under it.
            double_tap(k, "idle.stay", gap);
            CHECK_FALSE(k.state().idle.warning);
            CHECK(k.state().screen == Screen::task);
            CHECK(k.state().selected.empty());
        }
    }
}

}  // namespace talkoo::test
