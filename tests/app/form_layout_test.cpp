// Finding 3 of issue 18: the form shows where it continues. In every layout and language the
// send action is in view or a visible "more below" button leads to it, also after a failed send
// has added its messages; and "Send" and the thank-you screen's "Done" are never in one place.
#include <catch2/catch.hpp>

#include "app_fixture.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

namespace talkoo::test {
namespace {

// Taps only what a visitor sees (no dragging): "more below" until "Send" is in view.
void reach_send(KioskDriver& k, const std::string& where) {
    INFO(where);
    for (int i = 0; i < 12 && !k.visible("form.send"); ++i) {
        REQUIRE(k.visible("form.more_below"));
        k.tap("form.more_below");
    }
    REQUIRE(k.visible("form.send"));
}

// The first task card on screen (the list's order depends on the language).
std::string first_card(const KioskDriver& k) {
    for (const auto& w : k.audit().widgets)
        if (w.id.rfind("card.", 0) == 0 && k.visible(w.id)) return w.id;
    FAIL("no task card on screen");
    return {};
}

}  // namespace

TEST_CASE("the send action is in view or one visible button away, in every layout") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    for (const Layout& layout : all_layouts()) {
        for (Lang lang : kAllLangs) {
            DYNAMIC_SECTION(layout.name << " " << lang_code(lang)) {
                KioskConfig config = fixture_config();
                config.default_lang = lang;
                KioskDriver k(dir / "store.db", layout, config);
                k.tap("attract.start");
                k.tap(first_card(k));
                k.tap("task.interested");
                // Nothing of the consent and the send button shows without scrolling on
                // these screens; the form must say that it goes on.
                if (!k.visible("form.send")) CHECK(k.visible("form.more_below"));
                reach_send(k, layout.name + " fresh form");
                k.tap("form.send");  // empty: every message appears
                REQUIRE(k.state().screen == Screen::form);
                REQUIRE(k.has("form.errors"));
                reach_send(k, layout.name + " after a failed send");

                // Filled in, sent: "Done" is elsewhere than "Send" was.
                k.tap("form.name");
                k.type("Aino");
                k.tap("form.email");
                k.type("aino@example.fi");
                k.tap("key.done");
                k.tap("form.consent");
                reach_send(k, layout.name + " filled");
                ui::Rect send = k.audit().find("form.send")->rect;
                k.tap("form.send");
                REQUIRE(k.state().screen == Screen::thanks);
                const ui::WidgetRecord* done = k.audit().find("thanks.done");
                REQUIRE(done != nullptr);
                CHECK_FALSE(done->rect.intersect(done->clip).overlaps(send));
            }
        }
    }
}

}  // namespace talkoo::test
