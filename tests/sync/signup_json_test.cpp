// The signup wire format shared by the kiosk and the centre: what one end writes the other reads,
// in the sealed form and in the plain form of kiosks before sealing, and what is malformed is
// refused with its place named.
#include <catch2/catch.hpp>

#include "core/uuid.hpp"
#include "sync/wire/protocol.hpp"
#include "sync/wire/signup_json.hpp"

using namespace talkoo;
using nlohmann::json;

namespace {

Signup sample() {
    Signup s;
    s.id = new_uuid_v7();
    s.task_ids = {"task-1", "task-2"};
    s.name = "Åsa Öberg";
    s.phone = "+358 40 123 4567";
    s.email = "asa@example.fi";
    s.message = "Kan hjälpa\npå lördagar.";
    s.age_group = AgeGroup::age65_plus;
    s.lang = Lang::sv;
    s.consent_version = "consent-2024-1";
    s.consent_ms = 1717000000000;
    s.info_point_id = "pori-library";
    s.created_ms = 1717000000123;
    return s;
}

const seal::KeyRing& ring() {
    static const seal::KeyRing r = seal::make_key_ring(1);
    return r;
}

}  // namespace

TEST_CASE("a sealed signup travels with no personal field in the clear and comes back whole",
          "[wire][signup]") {
    Signup s = sample();
    SealedSignup sealed = seal_signup(s, ring().current().public_key);
    json j = json::parse(wire::to_json(sealed).dump());
    for (const char* personal : {"name", "phone", "email", "message", "age_group"})
        CHECK_FALSE(j.contains(personal));
    CHECK(j.dump().find("Öberg") == std::string::npos);
    CHECK(j["sealed"].get<std::string>() == seal::to_base64url(sealed.sealed));
    wire::IncomingSignup in = wire::signup_from_json(j, "s");
    REQUIRE(in.sealed.has_value());
    CHECK(*in.sealed == sealed.sealed);
    CHECK(in.signup == sealed.signup);
    CHECK(open_signup({in.signup, *in.sealed}, ring()) == s);
}

TEST_CASE("a plain signup of a kiosk before sealing survives the plain form unchanged",
          "[wire][signup]") {
    Signup s = sample();
    CHECK(wire::signup_from_json(json::parse(wire::plain_signup_to_json(s).dump()), "s") ==
          wire::IncomingSignup{s, std::nullopt});
    s.age_group.reset();
    s.phone = "";
    json j = wire::plain_signup_to_json(s);
    CHECK_FALSE(j.contains("age_group"));
    CHECK(wire::signup_from_json(j, "s").signup == s);
}

TEST_CASE("a sealed signup that also carries a personal field in the clear is refused",
          "[wire][signup]") {
    json j = wire::to_json(seal_signup(sample(), ring().current().public_key));
    j["name"] = "Åsa Öberg";
    try {
        wire::signup_from_json(j, "signups[0]");
        FAIL("accepted");
    } catch (const wire::FormatError& e) {
        CHECK(e.where() == "signups[0].name");
        CHECK(std::string(e.what()).find("Öberg") == std::string::npos);
    }
    j = wire::to_json(seal_signup(sample(), ring().current().public_key));
    j["sealed"] = "not base64!";
    CHECK_THROWS_AS(wire::signup_from_json(j, "s"), wire::FormatError);
}

TEST_CASE("only app versions before sealing count as kiosks that send plain signups",
          "[wire][signup]") {
    CHECK(wire::sends_plain_signups("0.1.0"));
    CHECK(wire::sends_plain_signups("0.1.9-rc1"));
    CHECK_FALSE(wire::sends_plain_signups(wire::kFirstSealingVersion));
    CHECK_FALSE(wire::sends_plain_signups("0.2.1"));
    CHECK_FALSE(wire::sends_plain_signups("1.0.0"));
    CHECK_FALSE(wire::sends_plain_signups(""));
    CHECK_FALSE(wire::sends_plain_signups("curl/8.0"));
    CHECK_FALSE(wire::sends_plain_signups("0.1"));
}

TEST_CASE("the device id never travels in a signup", "[wire][signup]") {
    Signup s = sample();
    s.device_id = "device-1";
    json j = wire::to_json(seal_signup(s, ring().current().public_key));
    CHECK_FALSE(j.contains("device_id"));
    j["device_id"] = "someone-else";
    CHECK(wire::signup_from_json(j, "s").signup.device_id.empty());
    json plain = wire::plain_signup_to_json(s);
    CHECK_FALSE(plain.contains("device_id"));
}

TEST_CASE("a malformed signup is refused with the place and the expectation", "[wire][signup]") {
    auto fails_at = [](json j, const std::string& place) {
        try {
            wire::signup_from_json(j, "signups[3]");
            FAIL("accepted " << j.dump());
        } catch (const wire::FormatError& e) {
            CHECK(e.where() == place);
        }
    };
    json good = wire::plain_signup_to_json(sample());
    fails_at(json::array(), "signups[3]");
    json j = good;
    j.erase("name");
    fails_at(j, "signups[3].name");
    j = good;
    j["task_ids"] = {"a", 5};
    fails_at(j, "signups[3].task_ids[1]");
    j = good;
    j["created_ms"] = 1.5;
    fails_at(j, "signups[3].created_ms");
    j = good;
    j["consent_ms"] = "1717000000000";
    fails_at(j, "signups[3].consent_ms");
    j = good;
    j["lang"] = "FI";
    fails_at(j, "signups[3].lang");
    j = good;
    j["age_group"] = "teen";
    fails_at(j, "signups[3].age_group");
    // The message names the place and the expectation, never the value found.
    j = good;
    j["name"] = 12345678;
    try {
        wire::signup_from_json(j, "s");
    } catch (const wire::FormatError& e) {
        CHECK(std::string(e.what()).find("12345678") == std::string::npos);
    }
}

TEST_CASE("signup results round-trip and parse from the centre's answer", "[wire][signup]") {
    wire::SignupResult stored{"id-1", wire::SignupResultKind::stored, "", "", {}};
    wire::SignupResult rejected{"id-2",
                                wire::SignupResultKind::rejected,
                                std::string(wire::rejection::invalid),
                                "failed validation",
                                {{"phone", "invalid_phone", "Phone number: use ..."}}};
    json answer = {{"protocol", "talkoo/1"},
                   {"results", {wire::to_json(stored), wire::to_json(rejected)}}};
    auto results = wire::parse_signup_results(json::parse(answer.dump()));
    REQUIRE(results.size() == 2);
    CHECK(results[0] == stored);
    CHECK(results[1] == rejected);
    CHECK_THROWS_AS(wire::parse_signup_results(json{{"results", {{{"result", "maybe"}}}}}),
                    wire::FormatError);
    CHECK_THROWS_AS(wire::parse_signup_results(json::parse("{\"protocol\":\"talkoo/1\"}")),
                    wire::FormatError);
    for (auto kind : {wire::SignupResultKind::stored, wire::SignupResultKind::duplicate,
                      wire::SignupResultKind::conflict, wire::SignupResultKind::rejected})
        CHECK(wire::parse_signup_result_kind(wire::to_string(kind)) == kind);
}

TEST_CASE("a batch is {\"signups\": [...]} in the given order", "[wire][signup]") {
    Signup a = sample(), b = sample();
    const seal::PublicKey& key = ring().current().public_key;
    json batch = wire::signup_batch_to_json({seal_signup(a, key), seal_signup(b, key)});
    REQUIRE(batch["signups"].size() == 2);
    CHECK(batch["signups"][1]["id"] == b.id);
    json plain = wire::plain_signup_batch_to_json({a, b});
    CHECK(plain["signups"][0]["name"] == a.name);
}
