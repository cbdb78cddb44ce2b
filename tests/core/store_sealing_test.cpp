// The device store and sealing: it keeps the network's public key and where it came from; the
// signups an earlier version kept in plain text are sealed when a real key first arrives, and
// their plain text leaves the file; and the store's files are its user's alone.
#include <sqlite3.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "core/local_store.hpp"
#include "core/sqlite.hpp"
#include "core/store_schema.hpp"
#include "store_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace talkoo;
using talkoo::test::TempDir;

namespace {

constexpr int64_t kT0 = 1'750'000'000'000;

std::string file_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

mode_t mode_of(const std::filesystem::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

// A store file as version 2 of the kiosk left it: a signup with its personal fields in plain
// columns, as that version's commit_signup wrote them.
void write_version_2_store(const std::filesystem::path& file, const Signup& s) {
    {
        sqlite::Database db(file);
        store::configure_connection(db);
        store::migrate(db, store::migrations(), 2);
    }
    sqlite::Database db(file);
    store::configure_connection(db);
    db.prepare(
          "INSERT INTO signups (id, name, phone, email, message, age_group, lang, "
          "consent_version, consent_ms, info_point_id, device_id, created_ms, created_day) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'fi', ?7, ?8, ?9, ?10, ?11, '2025-06-15')")
        .bind(1, s.id)
        .bind(2, s.name)
        .bind(3, s.phone)
        .bind(4, s.email)
        .bind(5, s.message)
        .bind(6, to_string(*s.age_group))
        .bind(7, s.consent_version)
        .bind(8, s.consent_ms)
        .bind(9, s.info_point_id)
        .bind(10, s.device_id)
        .bind(11, s.created_ms)
        .run();
    db.prepare(
          "INSERT INTO signup_tasks (signup_seq, position, task_id) "
          "VALUES ((SELECT seq FROM signups WHERE id = ?1), 0, ?2)")
        .bind(1, s.id)
        .bind(2, s.task_ids[0])
        .run();
}

}  // namespace

TEST_CASE("the store remembers the network's key and where it came from") {
    TempDir dir;
    LocalStore store(dir / "s.sqlite");
    CHECK_FALSE(store.network_key().has_value());
    store.set_network_key({test::test_public_key(), NetworkKeySource::demo_file, kT0});
    REQUIRE(store.network_key().has_value());
    CHECK(store.network_key()->source == NetworkKeySource::demo_file);
    seal::KeyRing other = seal::make_key_ring(2);
    store.set_network_key({other.current().public_key, NetworkKeySource::centre, kT0 + 5});
    LocalStore reopened(dir / "s.sqlite");
    std::optional<NetworkKey> key = reopened.network_key();
    REQUIRE(key.has_value());
    CHECK(key->key == other.current().public_key);
    CHECK(key->source == NetworkKeySource::centre);
    CHECK(key->received_ms == kT0 + 5);
}

TEST_CASE(
    "plain signups of an earlier version wait, then are sealed by the first real key and "
    "their plain text leaves the file") {
    TempDir dir;
    const auto file = dir / "s.sqlite";
    Signup s = test::make_signup({"dogs-1"}, kT0);
    s.name = "Vanha Versio";
    s.email = "vanha.versio@example.fi";
    write_version_2_store(file, s);

    LocalStore store(file);  // migrates to the current version
    CHECK(store.schema_version() == LocalStore::current_schema_version());
    CHECK(store.outbox_summary().pending == 1);
    CHECK(store.outbox_batch(10).empty());  // never sent in plain text

    // A demo key's private half is public: nothing real is sealed to it.
    CHECK(store.set_network_key({test::test_public_key(), NetworkKeySource::demo_file, kT0}) == 0);
    CHECK(store.outbox_batch(10).empty());

    CHECK(store.set_network_key({test::test_public_key(), NetworkKeySource::centre, kT0}) == 1);
    std::vector<SealedSignup> batch = store.outbox_batch(10);
    REQUIRE(batch.size() == 1);
    CHECK(batch[0].signup.name.empty());
    CHECK(test::opened(batch[0].signup, batch[0].sealed) == s);
    // Sealed once: a later key does not seal it again (the centre must see the same bytes).
    CHECK(store.set_network_key({test::test_public_key(), NetworkKeySource::centre, kT0 + 1}) == 0);
    CHECK(store.outbox_batch(10) == batch);

    const std::string bytes = file_bytes(file) + file_bytes(dir / "s.sqlite-wal");
    CHECK(bytes.find("Vanha Versio") == std::string::npos);
    CHECK(bytes.find("vanha.versio@example.fi") == std::string::npos);
}

TEST_CASE("a new store's file and WAL are its user's alone, in a folder only its user enters") {
    TempDir dir;
    const auto folder = dir / "data";
    {
        LocalStore store(folder / "s.sqlite");
        store.replace_catalog(test::sample_catalog(), "c1");
        store.commit_signup(test::sealed(test::make_signup({"dogs-1"}, kT0)));
        CHECK(mode_of(folder) == 0700);
        CHECK(mode_of(folder / "s.sqlite") == 0600);
        CHECK(mode_of(folder / "s.sqlite-wal") == 0600);
        CHECK(mode_of(folder / "s.sqlite-shm") == 0600);
    }
    SECTION("an older store's world-readable files are made private when opened") {
        ::chmod((folder / "s.sqlite").c_str(), 0644);
        LocalStore store(folder / "s.sqlite");
        CHECK(mode_of(folder / "s.sqlite") == 0600);
    }
}
