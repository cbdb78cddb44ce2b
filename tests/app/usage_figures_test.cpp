// The figures staff and coordinators read (issue 13, point 3) come from what visitors really do
// on the kiosk: the real screens driven by touch count one session per visitor, each language a
// session used once, the task pages viewed and the tasks signed up for, and nothing personal.
#include <catch2/catch.hpp>

#include "app_fixture.hpp"
#include "core/clock.hpp"
#include "core/usage_figures.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

namespace talkoo::test {

TEST_CASE("the figures match what visitors did: sessions, languages, task views and signups") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskDriver k(dir / "store.db", landscape(), fixture_config());

    // A visitor starts in Swedish, switches to English and back (English counted once, Swedish
    // once), opens one task and signs up for it.
    k.tap("lang.sv");
    k.tap("lang.en");
    k.tap("lang.sv");
    k.tap("lang.en");
    k.tap("card.dogs");
    k.tap("task.interested");
    k.tap("form.name");
    k.type_on_keyboard("Figur Testare");
    k.tap("form.phone");
    k.type_on_keyboard("040 123 4567");
    k.tap("key.done");
    k.tap("form.consent");
    k.tap("form.send");
    REQUIRE(k.state().screen == Screen::thanks);
    k.tap("thanks.done");
    REQUIRE(k.state().screen == Screen::attract);
    // A second visitor, in Finnish, only looks at two tasks.
    k.tap("lang.fi");
    k.tap("card.dogs");
    k.tap("back");
    k.tap("card.crafts");

    const std::string today = local_date(now_ms());
    StandFigures f = stand_figures(k.store().usage_counters(), today, "pori-library", today);
    CHECK(f.today.sessions == 2);
    CHECK(f.today.signups == 1);
    CHECK(f.today.languages == std::map<std::string, int64_t>{{"en", 1}, {"fi", 1}, {"sv", 1}});
    CHECK(f.today.viewed == std::map<std::string, int64_t>{{"crafts", 1}, {"dogs", 2}});
    CHECK(f.today.signed_up == std::map<std::string, int64_t>{{"dogs", 1}});
    CHECK(f.visit.sessions == 2);  // all at this stand's point
    CHECK(f.week_by_point.at("pori-library").signups == 1);
    // Nothing personal among the counter names.
    for (const UsageCounter& c : k.store().usage_counters())
        CHECK(c.name.find("testare") == std::string::npos);
}

}  // namespace talkoo::test
