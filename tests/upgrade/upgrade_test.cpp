// Upgrades keep everything, downgrades change nothing (issue 19, point 5). The fixtures are a
// kiosk store of every earlier format and a centre database of every earlier format, written by
// the binaries of those releases (make-fixtures.sh says how). The new binaries open copies of
// them (talkoo-kiosk --summary, talkoo-central's commands and service, exactly as an upgraded
// machine starts), then every record of the fixture is looked for. A store made by a newer
// version is refused by the binary with a message saying what to do, and its file stays
// byte for byte as it was.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/local_store.hpp"
#include "core/seal.hpp"
#include "core/sealed_signup.hpp"
#include "core/sqlite.hpp"
#include "server/sqlite_store.hpp"
#include "support/central_process.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using talkoo::LocalStore;
using talkoo::OutboxState;
using talkoo::test::run_central;
using talkoo::test::run_process;
using talkoo::test::TempDir;

namespace {

const fs::path kFixtures = TALKOO_UPGRADE_FIXTURES;

nlohmann::json fixture_catalog() {
    std::ifstream in(kFixtures / "fixture-catalog.json");
    return nlohmann::json::parse(in);
}

std::string file_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A copy of a fixture in a data folder of its own, as the kiosk keeps its store.
fs::path kiosk_data_from(const TempDir& dir, const std::string& fixture) {
    fs::path data = dir / "data";
    fs::create_directories(data);
    fs::copy_file(kFixtures / fixture, data / "talkoo.db");
    return data;
}

talkoo::test::ProcessOutput kiosk_summary(const fs::path& data) {
    return run_process({TALKOO_KIOSK_BIN, "--data-dir", data.string(), "--summary"},
                       {{"SDL_VIDEODRIVER", "dummy"}});
}

// The signups make-fixtures.sh wrote into the kiosk stores, as the kiosk of formats 1 and 2 kept
// them: personal fields in plain columns.
struct KioskSignup {
    std::string id, name, phone, email, message;
    OutboxState state;
    std::vector<int> tasks;  // indexes into the fixture catalogue's tasks
};
const std::vector<KioskSignup> kKioskSignups = {
    {"0190a0b0-0000-7000-8000-000000000001",
     "Aino Virtanen",
     "040 123 4567",
     "aino@example.fi",
     "Pääsen lauantaisin.",
     OutboxState::pending,
     {0, 1}},
    {"0190a0b0-0000-7000-8000-000000000002",
     "Björn Lindqvist",
     "",
     "bjorn@example.fi",
     "",
     OutboxState::acknowledged,
     {2}},
    {"0190a0b0-0000-7000-8000-000000000003",
     "Chris Example",
     "+358 50 765 4321",
     "",
     "Weekends only",
     OutboxState::needs_attention,
     {3}},
};

void check_kiosk_store_upgrade(const std::string& fixture) {
    const nlohmann::json catalog = fixture_catalog();
    TempDir dir;
    fs::path data = kiosk_data_from(dir, fixture);
    std::string device_id;
    {
        talkoo::sqlite::Database old(data / "talkoo.db");
        REQUIRE(old.pragma_int("user_version") < LocalStore::current_schema_version());
        auto st = old.prepare("SELECT id FROM device");
        REQUIRE(st.step());
        device_id = st.text(0);
    }

    // The new kiosk starts on it: migrated, and what it holds is what it held.
    auto run = kiosk_summary(data);
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK_THAT(
        run.output,
        Catch::Contains("catalogue: " + std::to_string(catalog["tasks"].size()) + " tasks, " +
                        std::to_string(catalog["organisations"].size()) + " organisations, " +
                        std::to_string(catalog["info_points"].size()) + " info points"));
    CHECK_THAT(run.output, Catch::Contains("outbox: 1 waiting, 1 need attention, 1 acknowledged"));

    LocalStore store(data / "talkoo.db");
    CHECK(store.schema_version() == LocalStore::current_schema_version());
    CHECK(store.device_id() == device_id);
    for (const auto& t : catalog["tasks"]) {
        auto task = store.task(t["id"].get<std::string>());
        REQUIRE(task);
        CHECK(task->title.show(talkoo::Lang::fi) == t["title"]["fi"].get<std::string>());
    }
    for (const auto& o : catalog["organisations"])
        CHECK(store.organisation(o["id"].get<std::string>()));
    for (const auto& p : catalog["info_points"])
        CHECK(store.info_point(p["id"].get<std::string>()));

    for (const KioskSignup& want : kKioskSignups) {
        auto e = store.outbox_entry(want.id);
        REQUIRE(e);
        CHECK(e->state == want.state);
        CHECK(e->signup.name == want.name);
        CHECK(e->signup.phone == want.phone);
        CHECK(e->signup.email == want.email);
        CHECK(e->signup.message == want.message);
        CHECK(e->signup.device_id == device_id);
        std::vector<std::string> tasks;
        for (int i : want.tasks)
            tasks.push_back(catalog["tasks"][i]["id"].get<std::string>());
        CHECK(e->signup.task_ids == tasks);
    }
    auto counters = store.usage_counters();
    CHECK(counters.size() == 2);

    // The plain personal data of the old format is sealed once the store learns the network's
    // key, and opens again with the network's key ring: the upgrade lost none of it.
    talkoo::seal::KeyRing ring = talkoo::seal::make_key_ring(talkoo::now_ms());
    store.set_network_key({ring.current().public_key, talkoo::NetworkKeySource::centre, 1});
    for (const KioskSignup& want : kKioskSignups) {
        auto e = store.outbox_entry(want.id);
        REQUIRE(e);
        CHECK(e->signup.name.empty());
        REQUIRE_FALSE(e->sealed.empty());
        talkoo::Signup opened = talkoo::open_signup({e->signup, e->sealed}, ring);
        CHECK(opened.name == want.name);
        CHECK(opened.email == want.email);
    }
}

// A store as a newer kiosk leaves it: today's format, one more than this binary knows.
void make_newer(const fs::path& file) {
    talkoo::sqlite::Database db(file);
    db.exec("PRAGMA user_version = " + std::to_string(db.pragma_int("user_version") + 1));
}

}  // namespace

TEST_CASE("A kiosk store of format 1 opens in the new kiosk with every record and signup") {
    check_kiosk_store_upgrade("kiosk-v1.db");
}

TEST_CASE("A kiosk store of format 2 opens in the new kiosk with every record and signup") {
    check_kiosk_store_upgrade("kiosk-v2.db");
}

TEST_CASE("A kiosk store from a newer version is refused with what to do, and left unchanged") {
    TempDir dir;
    fs::path data = kiosk_data_from(dir, "kiosk-v2.db");
    { LocalStore store(data / "talkoo.db"); }  // today's format
    make_newer(data / "talkoo.db");
    const std::string before = file_bytes(data / "talkoo.db");

    auto run = kiosk_summary(data);
    INFO(run.output);
    CHECK(run.exit_code != 0);
    CHECK_THAT(run.output, Catch::Contains("written by a newer version of Talkoo"));
    CHECK_THAT(run.output, Catch::Contains("Nothing was changed"));
    CHECK_THAT(run.output, Catch::Contains("Update the kiosk software"));
    CHECK(file_bytes(data / "talkoo.db") == before);
    CHECK((!fs::exists(data / "talkoo.db-wal") || fs::file_size(data / "talkoo.db-wal") == 0));
}

TEST_CASE("A centre database of format 1 opens in the new centre with every record and signup") {
    const nlohmann::json catalog = fixture_catalog();
    TempDir dir;
    const std::string db = (dir / "central.db").string();
    fs::copy_file(kFixtures / "central-v1.db", db);
    std::string device_token = file_bytes(kFixtures / "central-v1.device-token");
    while (!device_token.empty() && (device_token.back() == '\n' || device_token.back() == '\r'))
        device_token.pop_back();

    // The upgraded machine: the package's postinst makes a key ring where there is none (the
    // format-1 centre had none), then the service starts and migrates.
    REQUIRE(run_central({"keys", "init", "--db", db}).exit_code == 0);
    {
        // The longest retention: the fixture's signups (December 2026) are not yet due for
        // erasure, which the centre does at start.
        talkoo::test::CentralProcess centre(db, dir / "central.log", {"--retention-months", "120"});
        httplib::Client client = centre.client();
        httplib::Headers auth = {{"Authorization", "Bearer " + device_token}};
        auto answer = client.Get("/v1/catalog?limit=500", auth);
        REQUIRE(answer);
        INFO(answer->body);
        REQUIRE(answer->status == 200);
        for (const auto& t : catalog["tasks"])
            CHECK_THAT(answer->body, Catch::Contains("\"" + t["id"].get<std::string>() + "\""));
        auto health = client.Get("/v1/health");
        REQUIRE(health);
        CHECK(health->status == 200);
        CHECK_THAT(health->body, Catch::Contains("\"version\":\"" TALKOO_VERSION "\""));
    }
    {
        talkoo::sqlite::Database raw(db);
        CHECK(raw.pragma_int("user_version") == talkoo::central::central_schema_version());
    }

    auto devices = run_central({"device", "list", "--db", db});
    CHECK(devices.exit_code == 0);
    CHECK_THAT(devices.out, Catch::Contains("Fixture kiosk"));
    auto coordinators = run_central({"coordinator", "list", "--db", db});
    CHECK_THAT(coordinators.out, Catch::Contains("Fixture coordinator"));

    // Both signups the format-1 centre stored, with their personal data.
    auto exported = run_central({"export-signups", "--format", "json", "--db", db});

    INFO(exported.err);
    REQUIRE(exported.exit_code == 0);
    for (const char* want :
         {"0190a0b0-0000-7000-8000-0000000000c1", "Aino Virtanen", "aino@example.fi",
          "040 123 4567", "0190a0b0-0000-7000-8000-0000000000c2", "Björn Lindqvist",
          "bjorn@example.fi"})
        CHECK_THAT(exported.out, Catch::Contains(want));
}

TEST_CASE("A centre database from a newer version is refused with what to do, and left unchanged") {
    TempDir dir;
    const std::string db = (dir / "central.db").string();
    fs::copy_file(kFixtures / "central-v1.db", db);
    REQUIRE(run_central({"device", "list", "--db", db}).exit_code == 0);  // today's format
    make_newer(db);
    REQUIRE(run_central({"keys", "init", "--db", db}).exit_code == 0);
    const std::string before = file_bytes(db);

    for (std::vector<std::string> args :
         {std::vector<std::string>{"device", "list", "--db", db},
          std::vector<std::string>{"serve", "--db", db, "--listen", "127.0.0.1:0"}}) {
        auto run = run_central(args);
        INFO(args[0] << ": " << run.err);
        CHECK(run.exit_code != 0);
        CHECK_THAT(run.err, Catch::Contains("made by a newer talkoo-central"));
        CHECK_THAT(run.err, Catch::Contains("run the newer version or restore a backup"));
    }
    CHECK(file_bytes(db) == before);
}
