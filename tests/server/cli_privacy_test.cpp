// The commands for the network's keys and visitors' personal data, run as the real binary:
// keys init, rotate and list; serve refusing to start without a key ring; erase on a visitor's
// request by e-mail, phone or id; purge for retention.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "support/central_fixture.hpp"

using namespace talkoo;
using namespace talkoo::test;
using nlohmann::json;

namespace {

json exported(const CentralFixture& f) {
    CommandResult r = run_central({"export-signups", "--format", "json", "--db", f.db});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}

json signup_in(const json& doc, const std::string& id) {
    for (const json& s : doc["signups"])
        if (s["id"] == id) return s;
    FAIL("no signup " << id);
    return {};
}

}  // namespace

TEST_CASE("keys init makes a private key ring beside the database and never overwrites it",
          "[cli][keys]") {
    TempDir dir;
    std::string db = (dir / "central.db").string();
    CommandResult init = run_central({"keys", "init", "--db", db});
    INFO(init.err);
    REQUIRE(init.exit_code == 0);
    CHECK(init.out.find("tkpk_") != std::string::npos);
    CHECK(init.out.find("Back the key ring up") != std::string::npos);
    struct stat st {};
    REQUIRE(::stat((dir / "central.keys").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK_FALSE(std::filesystem::exists(db));  // the keys live apart from the database

    CommandResult again = run_central({"keys", "init", "--db", db});
    CHECK(again.exit_code == 1);
    CHECK(again.err.find("already exists") != std::string::npos);

    CommandResult elsewhere =
        run_central({"keys", "init", "--keys", (dir / "other.keys").string()});
    CHECK(elsewhere.exit_code == 0);
    CHECK(std::filesystem::exists(dir / "other.keys"));
}

TEST_CASE("keys rotate adds a current key pair and keeps the old; keys list shows them",
          "[cli][keys]") {
    TempDir dir;
    std::string db = (dir / "central.db").string();
    REQUIRE(run_central({"keys", "init", "--db", db}).exit_code == 0);
    seal::KeyRing before = seal::read_key_ring_file(dir / "central.keys");
    CommandResult rotated = run_central({"keys", "rotate", "--db", db});
    REQUIRE(rotated.exit_code == 0);
    CHECK(rotated.out.find("older key pair(s) stay") != std::string::npos);
    seal::KeyRing after = seal::read_key_ring_file(dir / "central.keys");
    REQUIRE(after.keys.size() == 2);
    CHECK(after.keys[0].public_key == before.keys[0].public_key);
    CHECK(after.index_key == before.index_key);  // digests stay comparable
    CommandResult list = run_central({"keys", "list", "--db", db});
    CHECK(list.out.find(seal::to_hex(seal::key_id(after.keys[0].public_key))) !=
          std::string::npos);
    CHECK(list.out.find(seal::to_text(after.keys[1].public_key) + "  (current)") !=
          std::string::npos);
}

TEST_CASE("serve, export and erase refuse to run without the key ring, or with one others can "
          "read, and say what to do",
          "[cli][keys]") {
    TempDir dir;
    std::string db = (dir / "central.db").string();
    CommandResult serve = run_central({"serve", "--db", db, "--listen", "127.0.0.1:0"});
    CHECK(serve.exit_code == 1);
    CHECK(serve.err.find("keys init") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(db));  // nothing made before the keys are there

    REQUIRE(run_central({"keys", "init", "--db", db}).exit_code == 0);
    ::chmod((dir / "central.keys").c_str(), 0644);
    CommandResult exported = run_central({"export-signups", "--format", "csv", "--db", db});
    CHECK(exported.exit_code == 1);
    CHECK(exported.err.find("chmod 600") != std::string::npos);
}

TEST_CASE("erase finds every signup of a visitor by e-mail or phone, however typed, and erases "
          "only those",
          "[cli][erase]") {
    CentralFixture f;
    Signup a = test_signup({"task-a1"}, "Pyytäjä Yksi");
    a.email = "pyytaja@example.fi";
    a.phone = "";
    Signup b = test_signup({"task-b1"}, "Pyytäjä Yksi");
    b.email = "PYYTAJA@example.fi";
    b.phone = "+358 40 555 1234";
    Signup other = test_signup({"task-a1"}, "Joku Muu");
    f.post_signups({a, b, other}, f.device.token);
    REQUIRE(f.server->stop() == 0);

    CommandResult by_email = run_central({"erase", "--email", "Pyytaja@Example.fi", "--db", f.db});
    INFO(by_email.err);
    REQUIRE(by_email.exit_code == 0);
    CHECK(by_email.out.find("Erased the personal data of 2 signups") != std::string::npos);
    CHECK(by_email.out.find(a.id) != std::string::npos);
    CHECK(by_email.out.find(b.id) != std::string::npos);
    CHECK(by_email.out.find("pyytaja") == std::string::npos);
    json doc = exported(f);
    CHECK(signup_in(doc, a.id)["erased"] == true);
    CHECK(signup_in(doc, b.id)["name"] == "");
    CHECK(signup_in(doc, b.id)["task_ids"] == json::array({"task-b1"}));
    CHECK(signup_in(doc, other.id)["name"] == "Joku Muu");

    CommandResult again = run_central({"erase", "--email", "pyytaja@example.fi", "--db", f.db});
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("nothing was erased") != std::string::npos);

    CommandResult by_phone = run_central({"erase", "--phone", "040 123 4567", "--db", f.db});
    CHECK(by_phone.out.find("Erased the personal data of 1 signup") != std::string::npos);
    CHECK(signup_in(exported(f), other.id)["erased"] == true);
}

TEST_CASE("erase by id, and wrong erase commands are refused with the usage", "[cli][erase]") {
    CentralFixture f;
    Signup s = test_signup({"task-a1"}, "Kirjeen Lähettäjä");
    f.post_signups({s}, f.device.token);
    REQUIRE(f.server->stop() == 0);
    CHECK(run_central({"erase", "--id", s.id, "--db", f.db}).exit_code == 0);
    CHECK(signup_in(exported(f), s.id)["erased"] == true);
    CHECK(run_central({"erase", "--db", f.db}).exit_code == 2);
    CHECK(run_central({"erase", "--email", "a@b.fi", "--phone", "040", "--db", f.db}).exit_code ==
          2);
    CHECK(run_central({"erase", "--id", "not-a-uuid", "--db", f.db}).exit_code == 2);
}

TEST_CASE("purge keeps what is within retention and says what it did", "[cli][purge]") {
    CentralFixture f;
    Signup s = test_signup({"task-a1"}, "Tuore Tieto");
    f.post_signups({s}, f.device.token);
    REQUIRE(f.server->stop() == 0);
    CommandResult purge = run_central({"purge", "--db", f.db});
    INFO(purge.err);
    REQUIRE(purge.exit_code == 0);
    CHECK(purge.out.find("Erased the personal data of 0 signups") != std::string::npos);
    CHECK(purge.out.find("(12 months)") != std::string::npos);
    CHECK(signup_in(exported(f), s.id)["name"] == "Tuore Tieto");
    CHECK(run_central({"purge", "--retention-months", "0", "--db", f.db}).exit_code == 2);
}
