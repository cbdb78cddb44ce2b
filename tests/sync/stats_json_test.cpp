// Usage counters on the wire: absolute values per day, info point and name.
#include <catch2/catch.hpp>

#include "sync/wire/stats_json.hpp"

using namespace talkoo;
using nlohmann::json;

TEST_CASE("usage counters survive the wire unchanged", "[wire][stats]") {
    std::vector<UsageCounter> counters = {{"2024-05-04", "pori-library", "screen.browse", 57},
                                          {"2024-05-04", "pori-library", "filter.category", 0}};
    json batch = json::parse(wire::stats_batch_to_json(counters).dump());
    REQUIRE(batch["counters"].size() == 2);
    for (size_t i = 0; i < counters.size(); ++i)
        CHECK(wire::usage_counter_from_json(batch["counters"][i], "c") == counters[i]);
}

TEST_CASE("a malformed counter is refused with its place", "[wire][stats]") {
    json good = wire::to_json(UsageCounter{"2024-05-04", "pori-library", "screen.browse", 5});
    auto fails_at = [](json j, const std::string& place) {
        try {
            wire::usage_counter_from_json(j, "counters[0]");
            FAIL("accepted " << j.dump());
        } catch (const wire::FormatError& e) {
            CHECK(e.where() == place);
        }
    };
    json j = good;
    j["day"] = "2024-02-30";
    fails_at(j, "counters[0].day");
    j = good;
    j["info_point_id"] = "Pori Library";
    fails_at(j, "counters[0].info_point_id");
    j = good;
    j["name"] = "Screen Browse";
    fails_at(j, "counters[0].name");
    j = good;
    j["value"] = -1;
    fails_at(j, "counters[0].value");
    j = good;
    j["value"] = "5";
    fails_at(j, "counters[0].value");
    fails_at(json::array(), "counters[0]");
    CHECK(wire::is_valid_counter_name("task.view"));
    CHECK_FALSE(wire::is_valid_counter_name(""));
    // "task.signup." and a 64-character task id fit; one more does not.
    CHECK(wire::is_valid_counter_name("task.signup." + std::string(64, 'a')));
    CHECK(wire::is_valid_counter_name(std::string(80, 'a')));
    CHECK_FALSE(wire::is_valid_counter_name(std::string(81, 'a')));
}
