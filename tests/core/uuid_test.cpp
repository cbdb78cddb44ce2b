// Signup ids are made on devices without coordination; these tests pin down their form and the
// promise that one device's ids sort in creation order.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/uuid.hpp"

using namespace talkoo;

TEST_CASE("a new UUIDv7 has the canonical form, version 7 and the RFC variant") {
    std::string id = new_uuid_v7();
    CHECK(id.size() == 36);
    CHECK(is_uuid(id));
    CHECK(is_uuid_v7(id));
    CHECK(id[14] == '7');
    CHECK(std::string("89ab").find(id[19]) != std::string::npos);
}

TEST_CASE("a UUIDv7 carries its creation time in milliseconds") {
    int64_t before = now_ms();
    std::string id = new_uuid_v7();
    int64_t after = now_ms();
    CHECK(uuid_v7_time_ms(id) >= before);
    CHECK(uuid_v7_time_ms(id) <= after + 1);
    CHECK(uuid_v7_time_ms(uuid_v7_at(1'790'000'000'123)) == 1'790'000'000'123);
}

TEST_CASE("ids made one after another are unique and sort in creation order") {
    std::vector<std::string> ids;
    for (int i = 0; i < 20000; ++i)
        ids.push_back(new_uuid_v7());
    std::set<std::string> unique(ids.begin(), ids.end());
    CHECK(unique.size() == ids.size());
    for (size_t i = 1; i < ids.size(); ++i)
        REQUIRE(ids[i - 1] < ids[i]);
}

TEST_CASE("text that is not a canonical lowercase UUID is recognised as such") {
    CHECK_FALSE(is_uuid(""));
    CHECK_FALSE(is_uuid("0190A0A0-0000-7000-8000-000000000000"));
    CHECK_FALSE(is_uuid("0190a0a0000070008000000000000000"));
    CHECK_FALSE(is_uuid_v7("0190a0a0-0000-4000-8000-000000000000"));
    CHECK_FALSE(is_uuid_v7("0190a0a0-0000-7000-c000-000000000000"));
    CHECK(uuid_v7_time_ms("nonsense") == 0);
}
