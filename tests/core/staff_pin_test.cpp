// The staff PIN (core/staff_pin.hpp): kept only as an Argon2id hash, 4 to 8 digits, five wrong
// PINs lock the pad for a minute and each lock after that lasts twice as long, and neither the
// count nor the lock is forgotten by a restart (a new LocalStore on the same file). The tests use
// libsodium's cheapest cost: the same code, a quicker hash.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "core/local_store.hpp"
#include "core/staff_pin.hpp"
#include "support/temp_dir.hpp"

using namespace talkoo;
using talkoo::test::TempDir;
using Result = StaffPin::Check::Result;

namespace {

constexpr int64_t kNow = 1'750'000'000'000;

std::string file_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("a PIN is 4 to 8 digits and nothing else") {
    CHECK(is_valid_pin("0000"));
    CHECK(is_valid_pin("12345678"));
    CHECK_FALSE(is_valid_pin("123"));
    CHECK_FALSE(is_valid_pin("123456789"));
    CHECK_FALSE(is_valid_pin("12a4"));
    CHECK_FALSE(is_valid_pin(" 1234"));
    CHECK_FALSE(is_valid_pin(""));
    CHECK_THROWS_AS(hash_pin("12", fastest_pin_cost()), std::invalid_argument);
}

TEST_CASE("the PIN is stored only as an Argon2id hash, which checks the right PIN alone") {
    TempDir dir;
    {
        LocalStore store(dir / "s.sqlite");
        StaffPin pin(store, fastest_pin_cost());
        CHECK_FALSE(pin.is_set());
        CHECK(pin.check("4711", kNow).result == Result::not_set);
        pin.set("47119135");
        CHECK(pin.is_set());
        const std::string hash = store.setting(kPinHashSetting).value();
        CHECK(hash.starts_with("$argon2id$"));
        CHECK(hash.find("47119135") == std::string::npos);
        CHECK(pin.check("47119135", kNow).result == Result::ok);
        CHECK(pin.check("47119136", kNow).result == Result::wrong);
        CHECK_FALSE(verify_pin("not a hash", "47119135"));
    }
    // Nor does the PIN appear anywhere in the store's files.
    std::string bytes;
    for (const auto& e : std::filesystem::directory_iterator(dir.path()))
        bytes += file_bytes(e.path());
    CHECK(bytes.find("47119135") == std::string::npos);
}

TEST_CASE("five wrong PINs lock the pad for a minute, and the lock survives a restart") {
    TempDir dir;
    {
        LocalStore store(dir / "s.sqlite");
        StaffPin pin(store, fastest_pin_cost());
        pin.set("2468");
        for (int i = 1; i <= 4; ++i) {
            StaffPin::Check c = pin.check("1111", kNow + i);
            CHECK(c.result == Result::wrong);
            CHECK(c.tries_left == 5 - i);
        }
        StaffPin::Check fifth = pin.check("1111", kNow + 5);
        CHECK(fifth.result == Result::locked);
        CHECK(fifth.lock_ms == 60'000);
        CHECK(fifth.locked_until == kNow + 5 + 60'000);
    }
    // A restart: the right PIN is still refused until the minute has passed.
    LocalStore store(dir / "s.sqlite");
    StaffPin pin(store, fastest_pin_cost());
    CHECK(pin.check("2468", kNow + 30'000).result == Result::locked);
    CHECK(pin.locked_until(kNow + 30'000) == kNow + 5 + 60'000);
    CHECK(pin.check("2468", kNow + 5 + 60'000).result == Result::ok);
    CHECK(pin.locked_until(kNow + 5 + 60'000) == 0);
}

TEST_CASE("each lock lasts twice the one before, until a right PIN forgives them") {
    TempDir dir;
    LocalStore store(dir / "s.sqlite");
    StaffPin pin(store, fastest_pin_cost());
    pin.set("2468");
    int64_t t = kNow;
    auto five_wrong = [&] {
        StaffPin::Check c;
        for (int i = 0; i < 5; ++i)
            c = pin.check("0000", t);
        return c;
    };
    StaffPin::Check first = five_wrong();
    CHECK(first.lock_ms == 60'000);
    t = first.locked_until;
    StaffPin::Check second = five_wrong();
    CHECK(second.result == Result::locked);
    CHECK(second.lock_ms == 120'000);
    t = second.locked_until;
    CHECK(five_wrong().lock_ms == 240'000);
    t += 240'000;
    CHECK(pin.check("2468", t).result == Result::ok);
    CHECK(five_wrong().lock_ms == 60'000);  // a right PIN starts the doubling again
}

TEST_CASE(
    "a wrong PIN is counted before it is checked, so a kill during the check gains "
    "nothing") {
    TempDir dir;
    LocalStore store(dir / "s.sqlite");
    StaffPin pin(store, fastest_pin_cost());
    pin.set("2468");
    CHECK(pin.check("0000", kNow).tries_left == 4);
    CHECK(store.setting(kPinFailuresSetting) == "1");
    CHECK(pin.check("2468", kNow).result == Result::ok);
    CHECK(store.setting(kPinFailuresSetting) == "0");
}

TEST_CASE("a clock set back cannot stretch a lock beyond its own length") {
    TempDir dir;
    LocalStore store(dir / "s.sqlite");
    StaffPin pin(store, fastest_pin_cost());
    pin.set("2468");
    StaffPin::Check c;
    for (int i = 0; i < 5; ++i)
        c = pin.check("0000", kNow);
    REQUIRE(c.result == Result::locked);
    const int64_t back = kNow - 3'600'000;  // the clock went an hour back
    CHECK(pin.locked_until(back) == back + 60'000);
    CHECK(pin.check("2468", back + 60'000).result == Result::ok);
}

TEST_CASE("a new PIN lifts a lock") {
    TempDir dir;
    LocalStore store(dir / "s.sqlite");
    StaffPin pin(store, fastest_pin_cost());
    pin.set("2468");
    for (int i = 0; i < 5; ++i)
        pin.check("0000", kNow);
    REQUIRE(pin.locked_until(kNow) != 0);
    pin.set("1357");
    CHECK(pin.check("1357", kNow).result == Result::ok);
}
