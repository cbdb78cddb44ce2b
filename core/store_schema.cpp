// The store's schema, as the list of migrations that builds it, and the mechanism that applies
// them (see store_schema.hpp). To change the schema, append a migration; never edit a released
// one, since files in the field were made by it. Add a test that builds a file of the previous
// version with migrate(), fills it, and checks that the new step keeps its data.
#include "core/store_schema.hpp"

#include <array>
#include <chrono>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "core/uuid.hpp"

namespace talkoo::store {
namespace {

// Version 1: the first format.
//
// Catalogue: records as the centre publishes them. A task is split in two: `tasks` holds what
// browsing needs (filters, sort keys of its title per reader language, see store_text.cpp) and
// is small enough to scan; `task_texts` holds the texts of the task page and is the content of
// the FTS5 index task_search. Small lists of wire names (categories, target groups, languages,
// benefits) are kept comma-separated in their given order. task_texts.organisation_names
// repeats the organisation's names so that a task is found by them.
//
// Outbox: one row per signup, with the task ids it names in signup_tasks (deliberately not a
// foreign key to tasks: a task may leave the catalogue while its signups wait to be sent).
void create_version_1(sqlite::Database& db) {
    db.exec(R"sql(
CREATE TABLE device (
    only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
    id TEXT NOT NULL,
    created_ms INTEGER NOT NULL
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- generation counts catalogue changes: a connection's in-memory browse index (see
-- store_browse_index.hpp) reloads when it differs, whichever connection made the change.
CREATE TABLE catalog_state (
    only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
    cursor TEXT NOT NULL,
    generation INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL
);

CREATE TABLE organisations (
    id TEXT PRIMARY KEY NOT NULL,
    name_fi TEXT NOT NULL, name_sv TEXT NOT NULL, name_en TEXT NOT NULL,
    municipality TEXT NOT NULL,
    web TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE info_points (
    id TEXT PRIMARY KEY NOT NULL,
    name_fi TEXT NOT NULL, name_sv TEXT NOT NULL, name_en TEXT NOT NULL,
    region TEXT NOT NULL,
    municipality TEXT NOT NULL,
    address TEXT NOT NULL,
    kind TEXT NOT NULL,
    active_from TEXT NOT NULL,
    active_until TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE tasks (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    organisation_id TEXT NOT NULL
        REFERENCES organisations (id) DEFERRABLE INITIALLY DEFERRED,
    categories TEXT NOT NULL,
    target_groups TEXT NOT NULL,
    commitment TEXT NOT NULL,
    region TEXT NOT NULL,
    municipality TEXT NOT NULL,
    remote_possible INTEGER NOT NULL,
    languages TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    benefits TEXT NOT NULL,
    sort_fi TEXT NOT NULL, sort_sv TEXT NOT NULL, sort_en TEXT NOT NULL
);
CREATE INDEX tasks_by_organisation ON tasks (organisation_id);
CREATE INDEX tasks_by_municipality ON tasks (municipality);
CREATE INDEX tasks_by_title_fi ON tasks (sort_fi, id);
CREATE INDEX tasks_by_title_sv ON tasks (sort_sv, id);
CREATE INDEX tasks_by_title_en ON tasks (sort_en, id);

CREATE TABLE task_texts (
    num INTEGER PRIMARY KEY REFERENCES tasks (num) ON DELETE CASCADE,
    title_fi TEXT NOT NULL, title_sv TEXT NOT NULL, title_en TEXT NOT NULL,
    summary_fi TEXT NOT NULL, summary_sv TEXT NOT NULL, summary_en TEXT NOT NULL,
    place_fi TEXT NOT NULL, place_sv TEXT NOT NULL, place_en TEXT NOT NULL,
    description_fi TEXT NOT NULL, description_sv TEXT NOT NULL, description_en TEXT NOT NULL,
    time_needed_fi TEXT NOT NULL, time_needed_sv TEXT NOT NULL, time_needed_en TEXT NOT NULL,
    contact_name TEXT NOT NULL, contact_phone TEXT NOT NULL, contact_email TEXT NOT NULL,
    url TEXT NOT NULL,
    organisation_names TEXT NOT NULL
);

-- The search index over task_texts (external content: the text is stored once). Its rows are
-- written by store_catalog_write.cpp, always together with task_texts. remove_diacritics 2
-- folds ä, ö, å, é ... to their base letters in the index and in queries alike, so "kasitoita"
-- finds "käsitöitä". detail=column keeps which columns hold a word but not where: enough for
-- prefix search and title hits, at a quarter of the size. The prefix indexes serve the one to
-- five letters a visitor types first: without them a short prefix merges the lists of every
-- word it begins (twice the time for "ulko" at 100 000 tasks).
CREATE VIRTUAL TABLE task_search USING fts5 (
    title_fi, title_sv, title_en, summary_fi, summary_sv, summary_en,
    place_fi, place_sv, place_en, description_fi, description_sv, description_en,
    organisation_names,
    content = 'task_texts', content_rowid = 'num',
    detail = column, columnsize = 0,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3 4 5'
);

CREATE TABLE signups (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    phone TEXT NOT NULL,
    email TEXT NOT NULL,
    message TEXT NOT NULL,
    age_group TEXT,
    lang TEXT NOT NULL,
    consent_version TEXT NOT NULL,
    consent_ms INTEGER NOT NULL,
    info_point_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    created_day TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'sent', 'acknowledged', 'needs_attention')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    acknowledged_ms INTEGER NOT NULL DEFAULT 0,
    personal_data_erased INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX signups_by_state ON signups (state, created_ms, seq);
CREATE INDEX signups_by_day ON signups (created_day);

CREATE TABLE signup_tasks (
    signup_seq INTEGER NOT NULL REFERENCES signups (seq) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    task_id TEXT NOT NULL,
    PRIMARY KEY (signup_seq, position)
) WITHOUT ROWID;

CREATE TABLE usage_counters (
    day TEXT NOT NULL,
    info_point_id TEXT NOT NULL,
    name TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (day, info_point_id, name)
) WITHOUT ROWID;
)sql");
    db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    int64_t now = now_ms();
    db.prepare("INSERT INTO device (only_row, id, created_ms) VALUES (1, ?1, ?2)")
        .bind(1, new_uuid_v7())
        .bind(2, now)
        .run();
}

// Version 2: prefix indexes for 1 to 10 letters instead of 1 to 5. Finnish words are long, and
// for a prefix longer than every indexed length FTS5 merges the lists of all words it begins
// (kirjasto, kirjastossa, kirjastoon ...) on every query: at 100 000 tasks "kirjasto" took 0.71
// ms instead of 0.32, "kasitoita" 0.66 instead of 0.31. The index grows by about a third (93 to
// 131 MiB at 100 000 tasks; a kiosk's few thousand tasks add a few MiB at most).
//
// The table is written out again as version 1 made it, but for `prefix`: a released step stays
// exactly as it was, so the two must not share code that a later change could alter.
void longer_search_prefixes(sqlite::Database& db) {
    db.exec(R"sql(
DROP TABLE task_search;
CREATE VIRTUAL TABLE task_search USING fts5 (
    title_fi, title_sv, title_en, summary_fi, summary_sv, summary_en,
    place_fi, place_sv, place_en, description_fi, description_sv, description_en,
    organisation_names,
    content = 'task_texts', content_rowid = 'num',
    detail = column, columnsize = 0,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3 4 5 6 7 8 9 10'
);
INSERT INTO task_search (task_search) VALUES ('rebuild');
)sql");
}

// Version 3: visitors' personal fields sealed to the network's public key (sealed_signup.hpp).
// New signups keep name, phone, e-mail, message and age group only in `sealed`; their own
// columns stay empty. Signups a version-2 kiosk stored keep their plain columns (sealed NULL)
// until the store first learns the network's key, which seals them (store_sealing.cpp): a
// migration cannot, since the key arrives only with a catalogue.
void sealed_personal_data(sqlite::Database& db) {
    db.exec("ALTER TABLE signups ADD COLUMN sealed BLOB");
}

// Version 4: the staff panel's USB handover (issue 13). A signup written to a verified handover
// file is marked with the time; it stays in the outbox in its state, and is sent by sync as
// before, until the centre acknowledges it (by a receipt from the stick or a sync's "duplicate").
void handover_marks(sqlite::Database& db) {
    db.exec("ALTER TABLE signups ADD COLUMN handed_over_ms INTEGER NOT NULL DEFAULT 0");
}

constexpr std::array kMigrations = {
    Migration{1, "first format: catalogue with FTS5 search, signup outbox, usage counters",
              create_version_1},
    Migration{2, "search index with prefix indexes for 1 to 10 letters", longer_search_prefixes},
    Migration{3, "personal fields of signups sealed to the network's public key",
              sealed_personal_data},
    Migration{4, "signups handed over on a USB stick, kept until the centre acknowledges them",
              handover_marks},
};

StoreError too_new_error(const sqlite::Database& db, int found, int known) {
    return StoreError(StoreError::Code::too_new,
                      "The store file " + db.path().string() +
                          " was written by a newer version of Talkoo (format " +
                          std::to_string(found) + "; this kiosk knows formats up to " +
                          std::to_string(known) + "). Nothing was changed. Update the kiosk " +
                          "software, or give it another data folder.");
}

StoreError foreign_file_error(const sqlite::Database& db) {
    return StoreError(StoreError::Code::corrupt,
                      "The file " + db.path().string() +
                          " is an SQLite database of some other program, not a Talkoo store. " +
                          "Nothing was changed. Move the file aside or give the kiosk another " +
                          "data folder.");
}

}  // namespace

std::span<const Migration> migrations() {
    return kMigrations;
}

int current_version() {
    return static_cast<int>(kMigrations.size());
}

int schema_version(sqlite::Database& db) {
    return static_cast<int>(db.pragma_int("user_version"));
}

void configure_connection(sqlite::Database& db) {
    // The first statement to read the file: a file that is not SQLite fails here (NOTADB).
    // Turning a new file to WAL needs it alone for a moment; when the UI and the sync thread
    // open it at once, SQLite may answer SQLITE_BUSY at once instead of waiting (seen in 1 of
    // 200 simultaneous opens), so this one statement is retried for up to the busy timeout.
    std::string mode;
    for (int attempt = 1;; ++attempt) {
        constexpr int kAttempts = 250;  // 250 x 20 ms: the connection's 5 s busy timeout
        try {
            mode = db.pragma_text("journal_mode = WAL");
            if (mode == "wal") break;
        } catch (const StoreError& e) {
            if (e.code != StoreError::Code::busy || attempt == kAttempts) throw;
        }
        if (attempt == kAttempts)
            throw StoreError(StoreError::Code::io,
                             "The store file " + db.path().string() +
                                 " cannot use write-ahead logging (journal mode stays '" + mode +
                                 "'). Put the data folder on a local disk.");
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    // FULL: a commit returns only after the WAL is on disk, so a signup whose thank-you screen
    // was shown survives a power cut, not just a crash.
    db.exec("PRAGMA synchronous = FULL");
    db.exec("PRAGMA foreign_keys = ON");
    // Our SQLite is built with secure_delete on; saying it here keeps erased personal data
    // overwritten even with a library built otherwise.
    if (db.pragma_int("secure_delete = ON") != 1)
        throw StoreError(StoreError::Code::io,
                         "This SQLite library cannot overwrite deleted data (secure_delete), "
                         "which the kiosk needs to erase visitors' personal data.");
    // Each keystroke of a search reads its page's cards; 16 MiB keeps the hot pages of a
    // catalogue of 100 000 tasks in memory without troubling the kiosk's memory.
    db.exec("PRAGMA cache_size = -16384");
}

int migrate(sqlite::Database& db, std::span<const Migration> steps, int target) {
    const int known = static_cast<int>(steps.size());
    // Whether the file may be migrated at all; returns its version.
    auto check = [&] {
        const int version = schema_version(db);
        const int64_t app_id = db.pragma_int("application_id");
        if (version > known || version > target) throw too_new_error(db, version, known);
        if (app_id != 0 && app_id != kApplicationId) throw foreign_file_error(db);
        if (version == 0) {
            auto st = db.prepare("SELECT count(*) FROM sqlite_schema");
            if (st.step() && st.int64(0) > 0) throw foreign_file_error(db);
        } else if (app_id != kApplicationId) {
            throw foreign_file_error(db);
        }
        return version;
    };
    // The common case, a file already current, needs no write lock; its checks read one
    // snapshot, not a version from before another connection's migration and a schema after.
    {
        sqlite::Transaction read(db, "open the store", sqlite::Transaction::Kind::read);
        if (check() == target) return target;
    }
    for (;;) {
        // The version is read again inside the write transaction: when the UI and the sync
        // thread open a new file at once, the second waits here and then finds the work done.
        sqlite::Transaction tx(db, "update the store file's format");
        const int version = check();
        if (version == target) return version;
        const Migration& step = steps[static_cast<size_t>(version)];
        step.apply(db);
        db.exec("PRAGMA user_version = " + std::to_string(step.version));
        tx.commit();
    }
}

}  // namespace talkoo::store
