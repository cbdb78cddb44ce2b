// Anonymous usage counters: per day, info point and name they add up, survive reopening, and
// refuse malformed keys instead of storing something nobody can read back.
#include <catch2/catch.hpp>

#include "core/local_store.hpp"
#include "support/temp_dir.hpp"

using namespace talkoo;
using talkoo::test::TempDir;

TEST_CASE("usage counters add up per day, info point and name") {
    TempDir dir;
    {
        LocalStore store(dir / "s.sqlite");
        CHECK(store.usage_counters().empty());
        store.count_usage("2025-06-15", "pori-library", "screen.browse");
        store.count_usage("2025-06-15", "pori-library", "screen.browse");
        store.count_usage("2025-06-15", "pori-library", "task.view", 3);
        store.count_usage("2025-06-16", "pori-library", "screen.browse");
        store.count_usage("2025-06-15", "ulvila-mall", "filter.category");
    }
    LocalStore store(dir / "s.sqlite");
    store.count_usage("2025-06-15", "pori-library", "task.view");
    CHECK(store.usage_counters() ==
          std::vector<UsageCounter>{{"2025-06-15", "pori-library", "screen.browse", 2},
                                    {"2025-06-15", "pori-library", "task.view", 4},
                                    {"2025-06-15", "ulvila-mall", "filter.category", 1},
                                    {"2025-06-16", "pori-library", "screen.browse", 1}});
}

TEST_CASE("a usage counter with a malformed day or name is refused and nothing is counted") {
    TempDir dir;
    LocalStore store(dir / "s.sqlite");
    for (auto [day, name] :
         std::vector<std::pair<std::string, std::string>>{{"15.6.2025", "screen.browse"},
                                                          {"2025-02-30", "screen.browse"},
                                                          {"2025-06-15", ""},
                                                          {"2025-06-15", std::string(81, 'x')}}) {
        INFO(day << " / " << name);
        try {
            store.count_usage(day, "pori-library", name);
            FAIL("accepted");
        } catch (const StoreError& e) {
            CHECK(e.code == StoreError::Code::invalid);
        }
    }
    CHECK(store.usage_counters().empty());
}
