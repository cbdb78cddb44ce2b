// The idle promises: a stand left alone asks "Are you still there?", then starts over and wipes
// what the last visitor typed; and with nobody touching it asks for no frames at all.
#include <catch2/catch.hpp>

#include <algorithm>

#include "app_fixture.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

namespace talkoo::test {
namespace {

void fill_form(KioskDriver& k) {
    k.tap("attract.start");
    k.tap("card.dogs");
    k.tap("task.interested");
    k.tap("form.name");
    k.type("Maija Meikäläinen");
    k.tap("form.phone");
    k.type("0401234567");
    k.tap("form.message");
    k.type("Olen vapaa viikonloppuisin.");
    k.tap("key.done");
    k.tap("form.consent");
}

bool all_zero(const std::string& s) {
    const char* p = s.data();
    return std::all_of(p, p + s.capacity(), [](char c) { return c == 0; });
}

}  // namespace

TEST_CASE("after the idle time the kiosk asks, then resets to attract and wipes the form") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskConfig config = fixture_config();
    KioskDriver k(dir / "store.db", landscape(), config);
    fill_form(k);
    REQUIRE(k.state().form.name == "Maija Meikäläinen");
    const char* name_buffer = k.state().form.name.data();

    k.wait(config.idle_seconds - 1);
    CHECK_FALSE(k.state().idle.warning);
    k.wait(2);
    CHECK(k.state().idle.warning);
    CHECK(k.visible("idle.stay"));
    CHECK(k.state().screen == Screen::form);

    k.wait(config.countdown_seconds + 1);
    CHECK(k.state().screen == Screen::attract);
    const FormState& f = k.state().form;
    CHECK(f.name.empty());
    CHECK(f.phone.empty());
    CHECK(f.email.empty());
    CHECK(f.message.empty());
    CHECK_FALSE(f.consent);
    CHECK(k.state().selected.empty());
    CHECK(k.state().lang == config.default_lang);
    // Wiped in place: the buffer that held the name is the same one, and it is all zeros now.
    CHECK(f.name.data() == name_buffer);
    CHECK(all_zero(f.name));
    CHECK(all_zero(f.phone));
    CHECK(all_zero(f.message));
    CHECK(k.store().outbox_batch(10).empty());
}

TEST_CASE("a touch during the countdown keeps the visitor's form") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskConfig config = fixture_config();
    KioskDriver k(dir / "store.db", landscape(), config);
    fill_form(k);
    k.wait(config.idle_seconds + 3);
    REQUIRE(k.state().idle.warning);
    k.tap("idle.stay");
    CHECK_FALSE(k.state().idle.warning);
    CHECK(k.state().screen == Screen::form);
    CHECK(k.state().form.name == "Maija Meikäläinen");
    k.wait(config.countdown_seconds + 1);
    CHECK(k.state().screen == Screen::form);  // the countdown restarted from the touch
}

TEST_CASE("the thank-you screen goes back to start after its shorter idle time") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskConfig config = fixture_config();
    KioskDriver k(dir / "store.db", landscape(), config);
    fill_form(k);
    k.tap("form.send");
    REQUIRE(k.state().screen == Screen::thanks);
    k.wait(config.thanks_idle_seconds + 1);
    CHECK(k.state().idle.warning);
    k.wait(config.countdown_seconds + 1);
    CHECK(k.state().screen == Screen::attract);
    CHECK(k.state().thanks_titles.empty());
}

TEST_CASE("the idle time is configurable") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskConfig config = fixture_config();
    config.idle_seconds = 25;
    config.countdown_seconds = 5;
    KioskDriver k(dir / "store.db", landscape(), config);
    k.tap("attract.start");
    k.wait(26);
    CHECK(k.state().idle.warning);
    k.wait(6);
    CHECK(k.state().screen == Screen::attract);
}

TEST_CASE("with nobody touching, the kiosk asks for no frame before its next deadline") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskConfig config = fixture_config();
    KioskDriver k(dir / "store.db", landscape(), config);

    // Attract: the next highlight is the only deadline.
    k.frame();
    CHECK_FALSE(k.last_result().again);
    CHECK_FALSE(k.last_result().animating);
    CHECK(k.last_result().next_deadline ==
          Approx(k.state().attract.shown_since + config.highlight_seconds));

    // Browse: nothing until the idle question is due.
    k.tap("attract.start");
    k.frame();
    CHECK_FALSE(k.last_result().again);
    CHECK_FALSE(k.last_result().animating);
    CHECK(k.last_result().next_deadline == Approx(k.state().idle.last_input + config.idle_seconds));

    // The question: once a second, for its number.
    k.wait(config.idle_seconds + 0.5);
    REQUIRE(k.state().idle.warning);
    CHECK(k.last_result().next_deadline - k.now() <= 1.0);
    CHECK_FALSE(k.last_result().animating);
}

TEST_CASE("the attract screen shows the next highlight when its time comes") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskConfig config = fixture_config();
    KioskDriver k(dir / "store.db", landscape(), config);
    REQUIRE(k.app().data().highlights.size() > 1);
    int first = k.state().attract.highlight;
    k.wait(config.highlight_seconds + 0.1);
    CHECK(k.state().attract.highlight != first);
}

}  // namespace talkoo::test

namespace talkoo::test {

TEST_CASE("I need more time doubles this visitor's idle time, up to the staff's limit") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskConfig config = fixture_config();
    config.idle_seconds = 60;
    config.idle_max_seconds = 240;
    KioskDriver k(dir / "store.db", landscape(), config);
    fill_form(k);
    k.wait(61);
    REQUIRE(k.state().idle.warning);
    k.tap("idle.more_time");
    CHECK_FALSE(k.state().idle.warning);
    CHECK(k.state().form.name == "Maija Meikäläinen");
    k.wait(119);
    CHECK_FALSE(k.state().idle.warning);  // 120 s now
    k.wait(2);
    REQUIRE(k.state().idle.warning);
    k.tap("idle.more_time");  // 240 s: the limit
    k.wait(239);
    CHECK_FALSE(k.state().idle.warning);
    k.wait(2);
    REQUIRE(k.state().idle.warning);
    CHECK_FALSE(k.has("idle.more_time"));  // no more than staff allow
    CHECK(k.has("idle.stay"));
    // The next visitor starts with the normal time again.
    k.wait(config.countdown_seconds + 1);
    REQUIRE(k.state().screen == Screen::attract);
    k.tap("attract.start");
    k.wait(61);
    CHECK(k.state().idle.warning);
}

TEST_CASE("the idle question gives at least 20 seconds to answer by default (WCAG 2.2.1)") {
    CHECK(KioskConfig{}.countdown_seconds >= 20);
}

}  // namespace talkoo::test

namespace talkoo::test {

TEST_CASE("a visitor's text size shows at once and goes back to the default at the idle reset") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskConfig config = fixture_config();
    KioskDriver k(dir / "store.db", landscape(), config);
    k.tap("attract.start");
    k.tap("text_size.200");
    CHECK(k.metrics().text_scale == Approx(2.0));
    CHECK(k.state().text_size == 200);
    k.tap("card.dogs");
    CHECK(k.metrics().text_scale == Approx(2.0));  // for this visitor, on every screen
    k.wait(config.idle_seconds + config.countdown_seconds + 2);
    REQUIRE(k.state().screen == Screen::attract);
    CHECK(k.state().text_size == 100);
    CHECK(k.metrics().text_scale == Approx(1.0));
    // On a phone, one button steps through the sizes.
    KioskDriver phone(dir / "store.db", all_layouts()[3], config);
    phone.tap("attract.start");
    phone.tap("text_size");
    CHECK(phone.state().text_size == 150);
    phone.tap("text_size");
    CHECK(phone.state().text_size == 200);
    phone.tap("text_size");
    CHECK(phone.state().text_size == 100);
}

}  // namespace talkoo::test
