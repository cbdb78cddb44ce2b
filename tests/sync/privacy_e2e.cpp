// The privacy promise end to end, with a real kiosk store syncing to the real talkoo-central on
// loopback: no file of either holds a visitor's personal data in plain text, before or after the
// centre has it; a key rotation reaches the kiosk at its next sync and loses nothing; and a
// kiosk upgraded from a version before sealing seals and delivers what it kept in plain text.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "core/sqlite.hpp"
#include "sync_fixture.hpp"

namespace talkoo::test {
namespace {

std::string bytes_of(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every regular file under `folder` (the kiosk's data folder: store, WAL, -shm, journal, token;
// the centre's: database, WAL, -shm, key ring, log), with where each text was found.
std::vector<std::string> found_in_files(const std::filesystem::path& folder,
                                        const std::vector<std::string>& texts,
                                        std::vector<std::string>* scanned = nullptr) {
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
        if (!entry.is_regular_file()) continue;
        if (scanned) scanned->push_back(entry.path().filename().string());
        const std::string bytes = bytes_of(entry.path());
        for (const std::string& t : texts)
            if (bytes.find(t) != std::string::npos)
                found.push_back(t + " in " + entry.path().filename().string());
    }
    return found;
}

// Visitors whose every personal field is unmistakable in raw bytes.
std::vector<Signup> visitors_of(TestKiosk& kiosk, std::vector<std::string>& personal) {
    std::vector<Signup> made;
    const seal::PublicKey key = kiosk.store->network_key().value().key;
    const std::string device_id = kiosk.store->device_id();
    for (int i = 0; i < 5; ++i) {
        Signup s =
            test_signup({i % 2 ? "task-a1" : "task-b1"}, "Xylofoni Kvartsi" + std::to_string(i));
        s.device_id = device_id;
        s.phone = "+35840777000" + std::to_string(i);
        s.email = "xylofoni.kvartsi" + std::to_string(i) + "@example.fi";
        s.message = "Yksityinen viesti nro " + std::to_string(i);
        kiosk.store->commit_signup(seal_signup(s, key));
        kiosk.made.push_back(s);
        made.push_back(s);
        for (const std::string& p : {s.name, s.phone, s.email, s.message})
            personal.push_back(p);
        personal.push_back("040777000" + std::to_string(i));  // the phone as typed
    }
    return made;
}

}  // namespace

TEST_CASE(
    "no file of the kiosk or the centre holds a visitor's name, phone or e-mail, before "
    "or after the centre acknowledges",
    "[e2e][privacy]") {
    SyncWorld world;
    TestKiosk& kiosk = *world.kiosk;
    REQUIRE(kiosk.sync().complete);  // the kiosk has the centre's key and catalogue
    std::vector<std::string> personal;
    visitors_of(kiosk, personal);
    CHECK(kiosk.store->outbox_summary().pending == 5);

    // Waiting on the kiosk (a stand with no network): sealed from the first write.
    std::vector<std::string> scanned;
    CHECK(found_in_files(kiosk.dir.path(), personal, &scanned).empty());
    // The scan does see text the files hold in the clear (a control): the catalogue's.
    CHECK_FALSE(found_in_files(kiosk.dir.path(), {"Tehtävä task-a1"}).empty());
    INFO("kiosk files scanned: " << Catch::Detail::stringify(scanned));
    CHECK(std::find(scanned.begin(), scanned.end(), "talkoo.db-wal") != scanned.end());

    REQUIRE(kiosk.sync().complete);
    CHECK(kiosk.store->outbox_summary().acknowledged == 5);
    require_delivered_exactly_once(world.centre, kiosk);  // opened, whole, at the centre

    // Acknowledged: the kiosk's sealed copies are gone too, and the centre keeps them sealed.
    for (const Signup& s : kiosk.made)
        CHECK(kiosk.store->outbox_entry(s.id)->sealed.empty());
    CHECK(found_in_files(kiosk.dir.path(), personal).empty());
    std::vector<std::string> centre_files;
    CHECK(found_in_files(world.centre.dir.path(), personal, &centre_files).empty());
    INFO("centre files scanned: " << Catch::Detail::stringify(centre_files));
    CHECK(std::find(centre_files.begin(), centre_files.end(), "central.db") != centre_files.end());
    REQUIRE(world.centre.server->stop() == 0);
    CHECK(found_in_files(world.centre.dir.path(), personal).empty());
    CHECK_FALSE(found_in_files(world.centre.dir.path(), {"Yhdistys org-a"}).empty());
}

TEST_CASE(
    "a kiosk takes a rotated key at its next sync, and signups sealed before and after "
    "all reach the centre and open",
    "[e2e][privacy]") {
    SyncWorld world;
    TestKiosk& kiosk = *world.kiosk;
    REQUIRE(kiosk.sync().complete);
    const seal::PublicKey first = kiosk.store->network_key()->key;
    kiosk.make_signups(2, {"task-a1"}, "Ennen Kiertoa");

    CommandResult rotated = run_central({"keys", "rotate", "--db", world.centre.db});
    REQUIRE(rotated.exit_code == 0);
    world.centre.reload_keys();
    const seal::PublicKey second = world.centre.keys.current().public_key;
    REQUIRE_FALSE(second == first);
    // The running centre reads its key ring again within a second; the kiosk's next sync then
    // brings the new key (and delivers the two sealed to the old one).
    REQUIRE(wait_until([&] {
        REQUIRE(kiosk.sync().complete);
        return kiosk.store->network_key()->key == second;
    }));
    CHECK(kiosk.store->network_key()->source == NetworkKeySource::centre);
    kiosk.make_signups(2, {"task-b1"}, "Kierron Jalkeen");
    std::vector<SealedSignup> waiting = kiosk.store->outbox_batch(10);
    REQUIRE(waiting.size() == 2);
    CHECK(seal::read_header(waiting[0].sealed).key_id == seal::key_id(second));
    REQUIRE(kiosk.sync().complete);
    require_delivered_exactly_once(world.centre, kiosk);
}

TEST_CASE(
    "a kiosk upgraded from before sealing seals what it kept in plain text when the key "
    "first comes, and delivers it in the same sync",
    "[e2e][privacy]") {
    SyncWorld world;
    TestKiosk& kiosk = *world.kiosk;
    Signup s = test_signup({"task-a1"}, "Vanhan Version Kävijä");
    s.device_id = kiosk.store->device_id();
    {
        // What version 0.1.0 left: plain columns, no seal, no network key.
        sqlite::Database raw(kiosk.store_file);
        raw.exec("DELETE FROM settings WHERE key LIKE 'network.%'");
        raw.prepare(
               "INSERT INTO signups (id, name, phone, email, message, age_group, lang,"
               " consent_version, consent_ms, info_point_id, device_id, created_ms, created_day)"
               " VALUES (?1, ?2, ?3, ?4, ?5, '30-64', 'fi', ?6, ?7, ?8, ?9, ?10, '2025-06-15')")
            .bind(1, s.id)
            .bind(2, s.name)
            .bind(3, s.phone)
            .bind(4, s.email)
            .bind(5, s.message)
            .bind(6, s.consent_version)
            .bind(7, s.consent_ms)
            .bind(8, s.info_point_id)
            .bind(9, s.device_id)
            .bind(10, s.created_ms)
            .run();
        raw.prepare(
               "INSERT INTO signup_tasks (signup_seq, position, task_id)"
               " VALUES ((SELECT seq FROM signups WHERE id = ?1), 0, 'task-a1')")
            .bind(1, s.id)
            .run();
    }
    kiosk.made.push_back(s);
    REQUIRE_FALSE(kiosk.store->network_key().has_value());

    sync::SyncReport report = kiosk.sync();
    REQUIRE(report.complete);
    CHECK(report.network_key_changed);
    CHECK(report.delivered == 1);
    require_delivered_exactly_once(world.centre, kiosk);
    CHECK(found_in_files(kiosk.dir.path(), {s.name, s.email}).empty());
    // Sent sealed, as this version must: the centre logged no plain signup.
    CHECK(world.centre.log().find("plain_signups") == std::string::npos);
}

}  // namespace talkoo::test
