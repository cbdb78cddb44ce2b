// "Help me choose" on the real screens (issue 18, point 9): three questions by tap, the best
// matches first, the way to a task and back, widening, and the anonymous counters. The ranking
// itself is tested in tests/core/task_match_test.cpp.
#include <catch2/catch.hpp>

#include <map>

#include "app_fixture.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

namespace talkoo::test {

TEST_CASE("help me choose asks three questions by tap and shows the best matches first") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    for (Lang lang : kAllLangs) {
        DYNAMIC_SECTION(lang_code(lang)) {
            KioskConfig config = fixture_config();
            config.default_lang = lang;
            KioskDriver k(dir / "store.db", landscape(), config);
            k.tap("attract.chooser");
            REQUIRE(k.state().screen == Screen::chooser);
            k.tap("chooser.interest.animals");
            k.tap("chooser.interest.food-aid");
            k.tap("chooser.next");
            k.tap("chooser.time.weekly");
            k.tap("chooser.next");
            k.tap("chooser.next");  // no wishes
            REQUIRE(k.state().chooser.step == 3);
            std::vector<std::string> ids;
            for (const TaskMatch& m : k.state().chooser.results)
                ids.push_back(m.task_id);
            // Near the stand (Pori) first, then Ulvila's; the other topics not at all.
            CHECK(ids == std::vector<std::string>{"dogs", "food"});
            CHECK(k.has("chooser.result.dogs"));
            // Few matches: the search can be widened (any time, then any topic).
            REQUIRE(k.has("chooser.widen"));
            k.tap("chooser.widen");
            k.tap("chooser.widen");
            CHECK(k.state().chooser.results.size() == fixture_catalog().tasks.size());
            CHECK(k.state().chooser.results[0].task_id == "dogs");
            // A result opens its task; the way back returns to the results.
            k.tap("chooser.result.dogs");
            REQUIRE(k.state().screen == Screen::task);
            k.tap("back");
            CHECK(k.state().screen == Screen::chooser);
            CHECK(k.state().chooser.step == 3);
        }
    }
}

TEST_CASE("help me choose is counted anonymously with the answers chosen") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    k.tap("attract.start");
    k.tap("browse.chooser");
    k.tap("chooser.interest.crafts");
    k.tap("chooser.next");
    k.tap("chooser.time.once");
    k.tap("chooser.next");
    k.tap("chooser.wish.help-nearby");
    k.tap("chooser.next");
    REQUIRE(k.state().chooser.results.size() == 1);
    CHECK(k.state().chooser.results[0].task_id == "crafts");
    k.tap("chooser.result.crafts");
    std::map<std::string, int64_t> counts;
    for (const UsageCounter& c : k.store().usage_counters())
        counts[c.name] += c.value;
    CHECK(counts["chooser.start"] == 1);
    CHECK(counts["chooser.results"] == 1);
    CHECK(counts["chooser.interest.crafts"] == 1);
    CHECK(counts["chooser.time.once"] == 1);
    CHECK(counts["chooser.wish.help-nearby"] == 1);
    CHECK(counts["chooser.task"] == 1);
}

}  // namespace talkoo::test
