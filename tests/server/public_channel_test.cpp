// The public channel for visitors' phones (server/public_api.cpp), against the real
// talkoo-central over real HTTP: off unless asked for, the same validation and idempotency as
// the devices' calls, the "web" mark and the stand coordinators see, and the limits per address
// and per installation with Retry-After.
#include <catch2/catch.hpp>
#include <chrono>

#include "server/public_limits.hpp"
#include "support/central_fixture.hpp"

using namespace talkoo;
using namespace talkoo::test;
using nlohmann::json;

namespace {

const std::string kPhone = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

httplib::Result public_get(const CentralFixture& f, const std::string& installation) {
    httplib::Client c = f.server->client();
    httplib::Headers h;
    if (!installation.empty()) h.emplace("X-Talkoo-Installation", installation);
    return c.Get("/v1/public/catalog", h);
}

httplib::Result public_post(const CentralFixture& f, const std::string& body,
                            const std::string& installation = kPhone) {
    httplib::Client c = f.server->client();
    return c.Post("/v1/public/signups", {{"X-Talkoo-Installation", installation}}, body,
                  "application/json");
}

}  // namespace

TEST_CASE("the public channel is off unless serve --public-channel, and says so", "[public]") {
    CentralFixture f;
    auto r = public_get(f, kPhone);
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK(body_of(r)["error"]["code"] == "public_channel_off");
    Signup s = test_signup({"task-a1"});
    r = public_post(f, f.sealed_batch({s}));
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK(body_of(f.get("/v1/signups", f.network.token))["signups"].empty());
}

TEST_CASE("a phone's signup is stored once, marked web, with the stand of its QR code",
          "[public]") {
    CentralFixture f({"--public-channel"});
    auto catalog = public_get(f, kPhone);
    REQUIRE(catalog);
    REQUIRE(catalog->status == 200);
    CHECK(body_of(catalog)["tasks"].size() == 3);
    CHECK(body_of(catalog)["network_key"].is_string());

    Signup s = test_signup({"task-a1"});
    s.info_point_id = "point-2";  // the stand whose QR code the visitor scanned
    auto first = public_post(f, f.sealed_batch({s}));
    REQUIRE(first);
    REQUIRE(first->status == 200);
    CHECK(body_of(first)["results"][0]["result"] == "stored");
    // The answer lost, the phone sends again: the client's id makes it a duplicate.
    auto again = public_post(f, f.sealed_batch({s}));
    REQUIRE(again);
    CHECK(body_of(again)["results"][0]["result"] == "duplicate");

    json stored = body_of(f.get("/v1/signups/" + s.id, f.network.token))["signup"];
    CHECK(stored["device_id"] == "web");
    CHECK(stored["info_point_id"] == "point-2");
    CHECK(stored["name"] == s.name);  // opened for the coordinator from its sealed form
    CHECK(body_of(f.get("/v1/signups", f.network.token))["signups"].size() == 1);
}

TEST_CASE("the public channel takes sealed signups only, small batches, and names its caller",
          "[public]") {
    CentralFixture f({"--public-channel"});
    SECTION("personal fields in plain text are rejected, whatever version the phone claims") {
        Signup s = test_signup({"task-a1"});
        json batch = {{"signups", json::array({json::parse(f.sealed_batch({s}))["signups"][0]})}};
        batch["signups"][0].erase("sealed");
        batch["signups"][0]["name"] = s.name;
        batch["signups"][0]["phone"] = s.phone;
        batch["signups"][0]["email"] = s.email;
        auto r = public_post(f, batch.dump());
        REQUIRE(r);
        INFO(r->body);
        CHECK(r->status == 200);
        CHECK(body_of(r)["results"][0]["result"] == "rejected");
    }
    SECTION("more than 20 signups in a batch: 400 too_many_items") {
        std::vector<Signup> many;
        for (int i = 0; i < 21; ++i)
            many.push_back(test_signup({"task-a1"}));
        auto r = public_post(f, f.sealed_batch(many));
        REQUIRE(r);
        CHECK(r->status == 400);
        CHECK(body_of(r)["error"]["code"] == "too_many_items");
    }
    SECTION("a body over 64 KiB: 413") {
        auto r = public_post(f, R"({"signups": [], "pad": ")" + std::string(70'000, 'x') + "\"}");
        REQUIRE(r);
        CHECK(r->status == 413);
    }
    SECTION("no installation id, or a malformed one: 400 saying which header") {
        for (const std::string& bad :
             {std::string(), std::string("has space"), std::string(65, 'a')}) {
            auto r = public_get(f, bad);
            REQUIRE(r);
            CHECK(r->status == 400);
            CHECK(body_of(r)["error"]["message"].get<std::string>().find("X-Talkoo-Installation") !=
                  std::string::npos);
        }
    }
    SECTION("the devices' calls still need a token") {
        httplib::Client c = f.server->client();
        auto r = c.Get("/v1/catalog");
        REQUIRE(r);
        CHECK(r->status == 401);
    }
}

TEST_CASE("one phone is limited to 12 requests a minute: 429 with Retry-After, others go on",
          "[public]") {
    CentralFixture f({"--public-channel"});
    int ok = 0;
    std::optional<httplib::Response> refused;
    for (int i = 0; i < 20 && !refused; ++i) {
        auto r = public_get(f, kPhone);
        REQUIRE(r);
        if (r->status == 200)
            ++ok;
        else
            refused = *r;
    }
    CHECK(ok == 12);
    REQUIRE(refused);
    CHECK(refused->status == 429);
    CHECK(nlohmann::json::parse(refused->body)["error"]["code"] == "rate_limited");
    const int retry = std::stoi(refused->get_header_value("Retry-After"));
    CHECK(retry >= 1);
    CHECK(retry <= 60);
    // Another phone behind the same address is not held back by this one.
    auto other = public_get(f, "another-phone");
    REQUIRE(other);
    CHECK(other->status == 200);
}

TEST_CASE("the public limits hold per address and per installation, and stay bounded", "[public]") {
    using central::PublicLimits;
    const auto t0 = PublicLimits::Clock::now();
    PublicLimits limits;
    // 60 requests at once from one address, each from a different phone: the address's burst.
    int admitted = 0;
    for (int i = 0; i < 70; ++i)
        if (limits.admit("192.0.2.1", "phone-" + std::to_string(i), t0) == 0) ++admitted;
    CHECK(admitted == 60);
    // Half a minute later the address has 60 more tokens.
    CHECK(limits.admit("192.0.2.1", "phone-x", t0 + std::chrono::seconds(30)) == 0);
    // A refused request costs the other bucket nothing: phone-0's bucket is untouched by the
    // address's refusals above, so from another address it still has its burst less one.
    int phone0 = 0;
    for (int i = 0; i < 20; ++i)
        if (limits.admit("198.51.100.7", "phone-0", t0) == 0) ++phone0;
    CHECK(phone0 == 11);
    // A flood of new addresses and phones: the tables stay within their bound, and refuse
    // newcomers until their buckets have refilled.
    PublicLimits flood;
    for (size_t i = 0; i < PublicLimits::kMaxKeys + 10; ++i)
        flood.admit("a" + std::to_string(i), "p" + std::to_string(i), t0);
    CHECK(flood.admit("new-address", "q", t0) > 0);
    CHECK(flood.admit("new-address", "q", t0 + std::chrono::minutes(2)) == 0);
}

TEST_CASE("behind a trusted reverse proxy each phone is limited by its own address", "[public]") {
    CentralFixture f({"--public-channel", "--trusted-proxy", "127.0.0.1"});
    httplib::Client c = f.server->client();
    auto from = [&](const std::string& address, int phone) {
        return c.Get("/v1/public/catalog",
                     {{"X-Forwarded-For", "10.0.0.1, " + address},
                      {"X-Talkoo-Installation", "phone-" + std::to_string(phone)}});
    };
    // Until the address is refused: its burst of 60, plus what refills (2 a second) while the
    // requests are sent, which a slow (sanitizer) run makes more than none.
    const auto start = std::chrono::steady_clock::now();
    int ok = 0;
    bool limited = false;
    for (int i = 0; i < 200 && !limited; ++i) {
        auto r = from("203.0.113.5", i);
        REQUIRE(r);
        REQUIRE((r->status == 200 || r->status == 429));
        if (r->status == 200) ++ok;
        limited = r->status == 429;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(limited);
    CHECK(ok >= 60);  // the address's burst, although every request came from the proxy
    CHECK(ok <= 60 + static_cast<int>(2 * seconds) + 1);
    auto other = from("203.0.113.6", 100);
    REQUIRE(other);
    CHECK(other->status == 200);
}
