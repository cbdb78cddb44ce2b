// The figures staff and coordinators read from the anonymous usage counters
// (core/usage_figures.hpp): sessions, signups, task views and signups per task, languages; and
// the staff panel's three views of them (today, this stop's visit, the last 7 days per stop).
#include <catch2/catch.hpp>

#include "core/usage_figures.hpp"

using namespace talkoo;

TEST_CASE("figures add up the counters they know and ignore the rest") {
    Figures f;
    for (const UsageCounter& c : std::vector<UsageCounter>{
             {"2025-06-15", "p", "session.start", 10},
             {"2025-06-15", "p", "session.lang.fi", 7},
             {"2025-06-15", "p", "session.lang.sv", 3},
             {"2025-06-15", "p", "signup.sent", 2},
             {"2025-06-15", "p", "task.viewed.dogs-1", 5},
             {"2025-06-15", "p", "task.viewed.crafts-1", 5},
             {"2025-06-15", "p", "task.viewed.food-1", 9},
             {"2025-06-15", "p", "task.signup.dogs-1", 2},
             {"2025-06-15", "p", "screen.browse", 40},
         })
        f.add(c);
    CHECK(f.sessions == 10);
    CHECK(f.signups == 2);
    CHECK(f.task_views == 19);
    CHECK(f.languages == std::map<std::string, int64_t>{{"fi", 7}, {"sv", 3}});
    // Most first; a tie goes by id.
    CHECK(f.top_viewed(2) == std::vector<TaskCount>{{"food-1", 9}, {"crafts-1", 5}});
    CHECK(f.top_signed_up(3) == std::vector<TaskCount>{{"dogs-1", 2}});
    CHECK(f.signups_per_100_sessions() == Approx(20.0));
    CHECK_FALSE(Figures{}.signups_per_100_sessions().has_value());
    CHECK(task_of_counter("task.viewed.dogs-1") == "dogs-1");
    CHECK_FALSE(task_of_counter("task.view").has_value());
}

TEST_CASE("calendar days move across months, years and a leap day") {
    CHECK(add_days("2024-03-01", -1) == "2024-02-29");
    CHECK(add_days("2025-01-03", -6) == "2024-12-28");
    CHECK(add_days("2025-12-31", 1) == "2026-01-01");
    CHECK_THROWS_AS(add_days("2025-02-30", 1), std::invalid_argument);
}

TEST_CASE("the panel's figures: today, this stop's visit, and the last 7 days per stop") {
    std::vector<UsageCounter> counters = {
        {"2025-06-08", "pori", "session.start", 100},  // 8 days ago: outside the week
        {"2025-06-09", "pori", "session.start", 1},    // 6 days ago: inside
        {"2025-06-13", "ulvila", "session.start", 4},
        {"2025-06-14", "pori", "session.start", 2},
        {"2025-06-15", "pori", "session.start", 3},
        {"2025-06-15", "pori", "signup.sent", 1},
        {"2025-06-15", "ulvila", "session.start", 5},
        {"2025-06-16", "pori", "session.start", 50},  // a clock that was ahead
    };
    StandFigures f = stand_figures(counters, "2025-06-15", "pori", "2025-06-14");
    CHECK(f.today.sessions == 8);
    CHECK(f.today.signups == 1);
    CHECK(f.visit.sessions == 5);  // pori since the 14th
    CHECK(f.week_by_point.at("pori").sessions == 6);
    CHECK(f.week_by_point.at("ulvila").sessions == 9);
    CHECK(f.week_by_point.size() == 2);
}
