// Sealed signups over real HTTP against the real talkoo-central: the catalogue names the key,
// sealed signups are opened and kept sealed, every way a seal can fail has its documented
// answer (never a 5xx), plain signups come only from kiosks before sealing, and a key rotation
// on a running centre loses nothing.
#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <iterator>
#include <set>
#include <thread>

#include "core/uuid.hpp"
#include "support/central_fixture.hpp"
#include "sync/wire/protocol.hpp"
#include "sync/wire/signup_json.hpp"

using namespace talkoo;
using namespace talkoo::test;
using nlohmann::json;

namespace {

json post_body(const CentralFixture& f, const json& body) {
    return body_of(f.post("/v1/signups", body.dump(), f.device.token));
}

json batch_of(const std::vector<json>& items) {
    return {{"signups", items}};
}

std::string file_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("every catalogue page names the network's current public key", "[http][sealed]") {
    CentralFixture f;
    const std::string key = seal::to_text(f.keys.current().public_key);
    json first = body_of(f.get("/v1/catalog?limit=2", f.device.token));
    CHECK(first["network_key"] == key);
    json idle = body_of(f.get(
        "/v1/catalog?since=" + first["cursor"].get<std::string>() + "&limit=1000", f.device.token));
    CHECK(idle["network_key"] == key);
}

TEST_CASE("a sealed signup is stored once: the same bytes again, or sealed again, are duplicates",
          "[http][sealed]") {
    CentralFixture f;
    Signup s = test_signup({"task-a1"}, "Sinetöity Henkilö");
    const std::string body = f.sealed_batch({s});
    CHECK(body.find("Sinetöity") == std::string::npos);
    CHECK(body_of(f.post("/v1/signups", body, f.device.token))["results"][0]["result"] == "stored");
    // The kiosk's retry: the very same bytes.
    CHECK(body_of(f.post("/v1/signups", body, f.device.token))["results"][0]["result"] ==
          "duplicate");
    // The same signup sealed once more (another blob, the same content): still the same signup.
    CHECK(f.post_signups({s}, f.device.token)["results"][0]["result"] == "duplicate");
    // Or sent in plain text by the kiosk before it was upgraded.
    CHECK(f.post_plain_signups({s}, f.device.token)["results"][0]["result"] == "duplicate");
    // Other content under the same id is a conflict, sealed or not.
    Signup changed = s;
    changed.message = "Toinen viesti";
    json r = f.post_signups({changed}, f.device.token)["results"][0];
    CHECK(r["result"] == "conflict");

    json stored = body_of(f.get("/v1/signups/" + s.id, f.network.token))["signup"];
    CHECK(stored["name"] == s.name);
    CHECK(stored["message"] == s.message);
    CHECK(stored["phone"] == s.phone);
    CHECK_FALSE(stored.contains("unreadable"));
}

TEST_CASE("personal fields are validated once opened, with the errors beside their fields",
          "[http][sealed]") {
    CentralFixture f;
    Signup s = test_signup({"task-a1"});
    s.phone = "12";
    s.email = "";
    json r = f.post_signups({s}, f.device.token)["results"][0];
    CHECK(r["result"] == "rejected");
    CHECK(r["code"] == "invalid");
    REQUIRE(r["errors"].size() == 1);
    CHECK(r["errors"][0]["field"] == "phone");
    CHECK(r.dump().find("\"12\"") == std::string::npos);
}

TEST_CASE("a signup sealed to a key the centre does not hold is rejected as sealed_unknown_key",
          "[http][sealed]") {
    CentralFixture f;
    seal::KeyRing stranger = seal::make_key_ring(1);
    Signup s = test_signup({"task-a1"});
    json item = wire::to_json(seal_signup(s, stranger.current().public_key));
    auto answer = f.post("/v1/signups", batch_of({item}).dump(), f.device.token);
    REQUIRE(answer->status == 200);
    json r = body_of(answer)["results"][0];
    CHECK(r["result"] == "rejected");
    CHECK(r["code"] == "sealed_unknown_key");
    CHECK(r["message"].get<std::string>().find(
              seal::to_hex(seal::key_id(stranger.current().public_key))) != std::string::npos);
    require_error(f.get("/v1/signups/" + s.id, f.network.token), 404, "not_found");
}

TEST_CASE("a truncated, altered or misplaced seal is rejected as sealed_damaged, saying how",
          "[http][sealed]") {
    CentralFixture f;
    auto item = [&](const Signup& s, const std::function<void(std::string&)>& damage) {
        SealedSignup sealed = f.sealed(s);
        damage(sealed.sealed);
        return wire::to_json(sealed);
    };
    Signup truncated = test_signup({"task-a1"});
    Signup altered = test_signup({"task-a1"});
    Signup lengthened = test_signup({"task-a1"});
    Signup moved = test_signup({"task-a1"});
    const std::string blob_of_another = f.sealed(test_signup({"task-a1"})).sealed;
    json items = batch_of({
        item(truncated, [](std::string& b) { b.resize(b.size() - 10); }),
        item(altered, [](std::string& b) { b[b.size() / 2] ^= 0x20; }),
        item(lengthened, [](std::string& b) { b += "xx"; }),
        item(moved, [&](std::string& b) { b = blob_of_another; }),
    });
    json not_base64 = wire::to_json(f.sealed(test_signup({"task-a1"})));
    not_base64["sealed"] = "***";
    items["signups"].push_back(not_base64);
    json good = wire::to_json(f.sealed(test_signup({"task-a1"})));
    items["signups"].push_back(good);

    json answer = post_body(f, items);
    json results = answer["results"];
    REQUIRE(results.size() == 6);
    const char* words[] = {"truncated", "altered", "altered", "another signup"};
    for (int i = 0; i < 4; ++i) {
        INFO(results[i].dump());
        CHECK(results[i]["result"] == "rejected");
        CHECK(results[i]["code"] == "sealed_damaged");
        CHECK(results[i]["message"].get<std::string>().find(words[i]) != std::string::npos);
    }
    CHECK(results[4]["result"] == "rejected");
    CHECK(results[4]["code"] == "malformed");
    CHECK(results[5]["result"] == "stored");
    CHECK(answer["counts"]["rejected"] == 5);
    CHECK(f.get("/v1/health", "")->status == 200);
    CHECK(f.log().find("\"status\":500") == std::string::npos);
}

TEST_CASE("plain personal fields are taken only from kiosks before sealing, and logged as plain",
          "[http][sealed]") {
    CentralFixture f;
    Signup old = test_signup({"task-a1"}, "Vanha Kioski");
    json r = f.post_plain_signups({old}, f.device.token, "0.1.0")["results"][0];
    CHECK(r["result"] == "stored");
    CHECK(body_of(f.get("/v1/signups/" + old.id, f.network.token))["signup"]["name"] == old.name);
    CHECK(f.log().find("\"plain_signups\":1") != std::string::npos);
    CHECK(f.log().find("Vanha Kioski") == std::string::npos);

    for (std::string version : {std::string(wire::kFirstSealingVersion), std::string("")}) {
        INFO("app version '" << version << "'");
        Signup s = test_signup({"task-a1"});
        json refused = f.post_plain_signups({s}, f.device.token, version)["results"][0];
        CHECK(refused["result"] == "rejected");
        CHECK(refused["code"] == "not_sealed");
        require_error(f.get("/v1/signups/" + s.id, f.network.token), 404, "not_found");
    }
}

TEST_CASE(
    "after keys rotate the running centre announces the new key, and signups sealed to "
    "the old and the new key all open and export",
    "[http][sealed]") {
    CentralFixture f;
    const seal::PublicKey old_key = f.keys.current().public_key;
    Signup before = test_signup({"task-a1"}, "Ennen Kiertoa");
    CHECK(f.post_signups({before}, f.device.token)["results"][0]["result"] == "stored");

    CommandResult rotated = run_central({"keys", "rotate", "--db", f.db});
    INFO(rotated.err);
    REQUIRE(rotated.exit_code == 0);
    f.reload_keys();
    REQUIRE(f.keys.keys.size() == 2);
    const std::string new_key = seal::to_text(f.keys.current().public_key);
    // The service reads the file again by itself (at most a second later).
    bool announced = false;
    for (int i = 0; i < 100 && !announced; ++i) {
        announced = body_of(f.get("/v1/catalog", f.device.token))["network_key"] == new_key;
        if (!announced) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(announced);

    // A kiosk that has not synced yet still seals to the old key; one that has, to the new.
    Signup late_old = test_signup({"task-a1"}, "Vanhalla Avaimella");
    json old_item = wire::to_json(seal_signup(late_old, old_key));
    CHECK(post_body(f, batch_of({old_item}))["results"][0]["result"] == "stored");
    Signup after = test_signup({"task-b1"}, "Kierron Jalkeen");
    CHECK(f.post_signups({after}, f.device.token)["results"][0]["result"] == "stored");

    CommandResult exported = run_central({"export-signups", "--format", "json", "--db", f.db});
    INFO(exported.err);
    REQUIRE(exported.exit_code == 0);
    json doc = json::parse(exported.out);
    std::set<std::string> names;
    for (const json& s : doc["signups"]) {
        CHECK_FALSE(s.contains("unreadable"));
        names.insert(s["name"].get<std::string>());
    }
    CHECK(names == std::set<std::string>{"Ennen Kiertoa", "Vanhalla Avaimella", "Kierron Jalkeen"});
    CommandResult csv = run_central({"export-signups", "--format", "csv", "--db", f.db});
    CHECK(csv.out.find("Ennen Kiertoa") != std::string::npos);
    CHECK(csv.out.find("Kierron Jalkeen") != std::string::npos);
}

TEST_CASE(
    "the centre's database, private to its user, and its log hold no visitor's personal "
    "data in plain text",
    "[http][sealed]") {
    CentralFixture f;
    Signup s = test_signup({"task-a1", "task-b1"}, "Qwerty Asdfgh");
    s.email = "qwerty.asdfgh@example.fi";
    s.phone = "+358409998877";
    s.message = "Salaisuus 4711";
    Signup old = test_signup({"task-a1"}, "Zxcvb Plain");
    old.email = "zxcvb.plain@example.fi";
    f.post_signups({s}, f.device.token);
    f.post_plain_signups({old}, f.device.token);
    // The coordinator reads them whole...
    CHECK(body_of(f.get("/v1/signups/" + s.id, f.network.token))["signup"]["email"] == s.email);
    REQUIRE(f.server->stop() == 0);
    using std::filesystem::perms;
    CHECK((std::filesystem::status(f.db).permissions() & perms::mask) ==
          (perms::owner_read | perms::owner_write));
    // ... while the files hold none of it.
    std::string bytes;
    for (const auto& entry : std::filesystem::directory_iterator(f.dir.path()))
        if (entry.path().filename().string().starts_with("central.db"))
            bytes += file_bytes(entry.path());
    bytes += f.log();
    for (const std::string& personal :
         {s.name, s.email, s.phone, s.message, old.name, old.email, std::string("040 123 4567"),
          std::string("+358401234567")}) {
        INFO(personal);
        CHECK(bytes.find(personal) == std::string::npos);
    }
}
