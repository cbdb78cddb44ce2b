// The store's file format: opening creates and migrates it, each migration step works from the
// version before it and is all-or-nothing, and files the kiosk must not touch (newer, not SQLite,
// another program's database) are refused with the right code and nothing changed.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

#include "core/local_store.hpp"
#include "core/store_schema.hpp"
#include "store_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace talkoo;
using talkoo::test::TempDir;

namespace {

// A raw connection, to look at or tamper with a file the way another program would.
struct RawFile {
    explicit RawFile(const std::filesystem::path& p) { sqlite3_open(p.c_str(), &db); }
    ~RawFile() { sqlite3_close(db); }
    int64_t scalar(const char* sql) {
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
        int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
        sqlite3_finalize(st);
        return v;
    }
    std::string text(const char* sql) {
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
        std::string v;
        if (sqlite3_step(st) == SQLITE_ROW)
            v = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        return v;
    }
    void exec(const char* sql) { REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == 0); }
    sqlite3* db = nullptr;
};

StoreError::Code open_error(const std::filesystem::path& file) {
    try {
        LocalStore store(file);
    } catch (const StoreError& e) {
        return e.code;
    }
    FAIL("opening " << file << " did not throw");
    return StoreError::Code::io;
}

// Test migrations, appended after the real ones: a step that adds a column to the outbox, and
// one that fails half-way.
void add_note_column(sqlite::Database& db) {
    db.exec("ALTER TABLE signups ADD COLUMN staff_note TEXT NOT NULL DEFAULT ''");
}
void half_done_then_fail(sqlite::Database& db) {
    db.exec("CREATE TABLE half_done (x INTEGER)");
    throw StoreError(StoreError::Code::io, "the test step fails on purpose");
}

}  // namespace

TEST_CASE("a new store file is created with its folder, at the current schema version") {
    TempDir dir;
    auto file = dir / "data" / "nested" / "talkoo.sqlite";
    LocalStore store(file);
    CHECK(store.schema_version() == LocalStore::current_schema_version());
    CHECK(store.path() == file);
    CHECK(std::filesystem::exists(file));
    RawFile raw(file);
    CHECK(raw.text("PRAGMA journal_mode") == "wal");
    CHECK(raw.scalar("PRAGMA application_id") == store::kApplicationId);
}

TEST_CASE("the device id is a UUIDv7 made once and kept across reopening") {
    TempDir dir;
    std::string first;
    {
        LocalStore store(dir / "s.sqlite");
        first = store.device_id();
        CHECK(is_uuid_v7(first));
    }
    LocalStore again(dir / "s.sqlite");
    CHECK(again.device_id() == first);
}

TEST_CASE("every connection runs with WAL, synchronous FULL, foreign keys and secure delete") {
    TempDir dir;
    LocalStore keep(dir / "s.sqlite");
    sqlite::Database db(dir / "s.sqlite");
    store::configure_connection(db);
    CHECK(db.pragma_text("journal_mode") == "wal");
    CHECK(db.pragma_int("synchronous") == 2);
    CHECK(db.pragma_int("foreign_keys") == 1);
    CHECK(db.pragma_int("secure_delete") == 1);
}

TEST_CASE("an empty SQLite file (version 0) is migrated to the current version") {
    TempDir dir;
    auto file = dir / "s.sqlite";
    {
        RawFile raw(file);
        raw.exec("PRAGMA user_version = 0");  // makes the file exist, with no tables
    }
    LocalStore store(file);
    CHECK(store.schema_version() == LocalStore::current_schema_version());
    CHECK(store.catalog_stats().tasks == 0);
}

TEST_CASE("each migration step works from the file of the version before it") {
    // Every real step N is applied to a file that migrate() left at N-1, and the file must
    // then pass SQLite's own checks. Steps added later are covered without editing this test.
    const auto steps = store::migrations();
    for (const store::Migration& step : steps) {
        INFO("migration to version " << step.version << ": " << step.summary);
        TempDir dir;
        sqlite::Database db(dir / "s.sqlite");
        store::configure_connection(db);
        CHECK(store::migrate(db, steps, step.version - 1) == step.version - 1);
        CHECK(store::schema_version(db) == step.version - 1);
        CHECK(store::migrate(db, steps, step.version) == step.version);
        CHECK(db.pragma_text("integrity_check") == "ok");
        CHECK(db.pragma_text("foreign_key_check").empty());
    }
}

TEST_CASE("a new migration step keeps the data written at the previous version") {
    TempDir dir;
    auto file = dir / "s.sqlite";
    const Signup signup = test::make_signup({"crafts-1"}, 1'700'000'000'000);
    {
        LocalStore store(file);  // the current version
        store.replace_catalog(test::sample_catalog(), "c1");
        store.commit_signup(test::sealed(signup));
    }
    std::vector<store::Migration> steps(store::migrations().begin(), store::migrations().end());
    steps.push_back({static_cast<int>(steps.size()) + 1, "test: staff notes", add_note_column});
    sqlite::Database db(file);
    store::configure_connection(db);
    CHECK(store::migrate(db, steps, static_cast<int>(steps.size())) ==
          static_cast<int>(steps.size()));
    auto st = db.prepare("SELECT sealed, staff_note FROM signups WHERE id = ?1");
    st.bind(1, signup.id);
    REQUIRE(st.step());
    CHECK(test::opened(test::sealed(signup).signup, std::string(st.blob(0))) == signup);
    CHECK(st.text(1).empty());
    auto tasks = db.prepare("SELECT count(*) FROM tasks");
    REQUIRE(tasks.step());
    CHECK(tasks.integer(0) == 5);
}

TEST_CASE("a migration step that fails leaves the file at the previous version, untouched") {
    TempDir dir;
    auto file = dir / "s.sqlite";
    { LocalStore store(file); }
    std::vector<store::Migration> steps(store::migrations().begin(), store::migrations().end());
    const int previous = static_cast<int>(steps.size());
    steps.push_back({previous + 1, "test: fails half-way", half_done_then_fail});
    sqlite::Database db(file);
    store::configure_connection(db);
    CHECK_THROWS_AS(store::migrate(db, steps, previous + 1), StoreError);
    CHECK(store::schema_version(db) == previous);
    auto st = db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'");
    REQUIRE(st.step());
    CHECK(st.integer(0) == 0);
}

TEST_CASE("a store file from a newer version is refused as too_new and left unchanged") {
    TempDir dir;
    auto file = dir / "s.sqlite";
    { LocalStore store(file); }
    const int newer = LocalStore::current_schema_version() + 1;
    {
        RawFile raw(file);
        raw.exec(("PRAGMA user_version = " + std::to_string(newer)).c_str());
    }
    try {
        LocalStore store(file);
        FAIL("a newer file was opened");
    } catch (const StoreError& e) {
        CHECK(e.code == StoreError::Code::too_new);
        CHECK_THAT(e.what(), Catch::Contains("newer version of Talkoo"));
    }
    RawFile raw(file);
    CHECK(raw.scalar("PRAGMA user_version") == newer);
}

TEST_CASE("a file that is not SQLite is refused as corrupt with a clear message") {
    TempDir dir;
    auto file = dir / "s.sqlite";
    std::ofstream(file) << "These are the coordinator's notes, not a database.\n"
                        << std::string(5000, 'x');
    try {
        LocalStore store(file);
        FAIL("a text file was opened as a store");
    } catch (const StoreError& e) {
        CHECK(e.code == StoreError::Code::corrupt);
        CHECK_THAT(e.what(), Catch::Contains("not a Talkoo store"));
        CHECK_THAT(e.what(), Catch::Contains(file.string()));
    }
    std::ifstream in(file);
    std::string first_line;
    std::getline(in, first_line);
    CHECK(first_line == "These are the coordinator's notes, not a database.");
}

TEST_CASE("another program's SQLite database is refused as corrupt, not migrated") {
    TempDir dir;
    auto file = dir / "s.sqlite";
    {
        RawFile raw(file);
        raw.exec("CREATE TABLE recipes (name TEXT)");
    }
    CHECK(open_error(file) == StoreError::Code::corrupt);
    RawFile raw(file);
    CHECK(raw.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'signups'") == 0);
}

TEST_CASE("connections opening a new store at once all end up at the current version") {
    // The UI and the sync thread open the same new file at the same moment on first start.
    // Races are rare (a busy answer in about 1 of 200 rounds before it was handled), so: rounds.
    TempDir dir;
    for (int round = 0; round < 100; ++round) {
        const auto file = dir / ("s" + std::to_string(round) + ".sqlite");
        std::string errors[3];
        auto open = [&](int i) {
            try {
                LocalStore store(file);
                if (store.schema_version() != LocalStore::current_schema_version())
                    errors[i] = "wrong version";
            } catch (const std::exception& e) {
                errors[i] = e.what();
            }
        };
        std::thread ui(open, 0), sync(open, 1), third(open, 2);
        ui.join();
        sync.join();
        third.join();
        INFO("round " << round);
        for (const std::string& error : errors)
            CHECK(error.empty());
    }
}

TEST_CASE("settings are stored, replaced and read back") {
    TempDir dir;
    {
        LocalStore store(dir / "s.sqlite");
        CHECK_FALSE(store.setting("info_point").has_value());
        store.set_setting("info_point", "pori-library");
        store.set_setting("info_point", "ulvila-mall");
        store.set_setting("language", "sv");
    }
    LocalStore store(dir / "s.sqlite");
    CHECK(store.setting("info_point") == "ulvila-mall");
    CHECK(store.setting("language") == "sv");
}

TEST_CASE("migration 2 rebuilds the search index with longer prefixes and finds the same tasks") {
    TempDir dir;
    auto file = dir / "s.sqlite";
    auto find = [](LocalStore& store, const char* query) {
        TaskFilter f;
        f.query = query;
        std::vector<std::string> ids;
        for (const TaskCard& c : store.browse(f, Lang::fi).cards)
            ids.push_back(c.id);
        return ids;
    };
    std::vector<std::vector<std::string>> before;
    const char* queries[] = {"kasitoita", "kasitoit", "koiria ulkoiluttamaan", "porin", "k"};
    {
        LocalStore store(file);
        store.replace_catalog(test::sample_catalog(), "c1");
        for (const char* q : queries)
            before.push_back(find(store, q));
    }
    {
        // Turn the file back into what version 1 wrote: its index had prefixes of 1 to 5 letters.
        RawFile raw(file);
        raw.exec(R"sql(
BEGIN;
DROP TABLE task_search;
CREATE VIRTUAL TABLE task_search USING fts5 (
    title_fi, title_sv, title_en, summary_fi, summary_sv, summary_en,
    place_fi, place_sv, place_en, description_fi, description_sv, description_en,
    organisation_names, content = 'task_texts', content_rowid = 'num',
    detail = column, columnsize = 0, tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3 4 5');
INSERT INTO task_search (task_search) VALUES ('rebuild');
ALTER TABLE signups DROP COLUMN sealed;
ALTER TABLE signups DROP COLUMN handed_over_ms;
PRAGMA user_version = 1;
COMMIT;
)sql");
    }
    LocalStore store(file);
    CHECK(store.schema_version() == LocalStore::current_schema_version());
    {
        RawFile raw(file);
        CHECK_THAT(raw.text("SELECT sql FROM sqlite_master WHERE name = 'task_search'"),
                   Catch::Contains("prefix = '1 2 3 4 5 6 7 8 9 10'"));
    }
    for (size_t i = 0; i < std::size(queries); ++i) {
        INFO(queries[i]);
        CHECK(find(store, queries[i]) == before[i]);
    }
    CHECK_FALSE(before[0].empty());
    CHECK(find(store, "kasitoit") == before[0]);  // 8 letters: served by a prefix index now
}
