// The SQLite back end's schema and migrations. A file is ours when its application_id says so;
// PRAGMA user_version counts the migrations applied. Each migration runs in one transaction, so
// a crash mid-way leaves the previous version intact. Never edit a migration that has shipped:
// add the next one.
#include <string>

#include "server/sqlite_store.hpp"

namespace talkoo::central {
namespace {

constexpr int64_t kApplicationId = 0x54616c43;  // "TalC"

// Migration 1: the first schema.
constexpr const char* kMigration1 = R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Organisations, info points and tasks as their wire JSON. Each change takes the next revision
-- (MAX(revision) + 1, under the single writer); a deleted record keeps its row as a tombstone
-- with body NULL, so that kiosks paging by revision learn of the deletion.
CREATE TABLE catalog (
    kind            TEXT NOT NULL CHECK (kind IN ('organisation', 'info_point', 'task')),
    id              TEXT NOT NULL,
    revision        INTEGER NOT NULL UNIQUE,
    deleted         INTEGER NOT NULL DEFAULT 0,
    organisation_id TEXT,            -- tasks only; kept on tombstones for late signups
    body            TEXT,            -- NULL when deleted
    changed_ms      INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE INDEX catalog_live_tasks_by_org ON catalog (organisation_id)
    WHERE kind = 'task' AND deleted = 0;

CREATE TABLE signups (
    id              TEXT PRIMARY KEY,
    device_id       TEXT NOT NULL,
    info_point_id   TEXT NOT NULL,
    created_ms      INTEGER NOT NULL,
    created_day     TEXT NOT NULL,   -- local day of created_ms, for the date filters
    received_ms     INTEGER NOT NULL,
    lang            TEXT NOT NULL,
    age_group       TEXT,
    consent_version TEXT NOT NULL,
    consent_ms      INTEGER NOT NULL,
    name            TEXT NOT NULL,
    phone           TEXT NOT NULL,
    email           TEXT NOT NULL,
    message         TEXT NOT NULL,
    follow_up       TEXT NOT NULL DEFAULT 'new',
    erased_ms       INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX signups_by_day ON signups (created_day);
CREATE INDEX signups_by_point ON signups (info_point_id, created_day);

CREATE TABLE signup_tasks (
    signup_id       TEXT NOT NULL REFERENCES signups (id),
    position        INTEGER NOT NULL,
    task_id         TEXT NOT NULL,
    organisation_id TEXT NOT NULL DEFAULT '',  -- '' when the task was never in the catalogue
    PRIMARY KEY (signup_id, position)
) WITHOUT ROWID;
CREATE INDEX signup_tasks_by_org ON signup_tasks (organisation_id, signup_id);

CREATE TABLE usage_counters (
    device_id     TEXT NOT NULL,
    day           TEXT NOT NULL,
    info_point_id TEXT NOT NULL,
    name          TEXT NOT NULL,
    value         INTEGER NOT NULL,
    received_ms   INTEGER NOT NULL,
    PRIMARY KEY (device_id, day, info_point_id, name)
) WITHOUT ROWID;

CREATE TABLE devices (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    info_point_id TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,  -- SHA-256 of the token, hex
    created_ms    INTEGER NOT NULL,
    revoked_ms    INTEGER NOT NULL DEFAULT 0,
    last_seen_ms  INTEGER NOT NULL DEFAULT 0,
    app_version   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE coordinators (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    organisation_id TEXT NOT NULL DEFAULT '',  -- '' = the whole network
    token_hash      TEXT NOT NULL UNIQUE,  -- SHA-256 of the token, hex
    created_ms      INTEGER NOT NULL,
    revoked_ms      INTEGER NOT NULL DEFAULT 0
);
)sql";

// Migration 2: personal fields sealed at rest (server/signup_vault.hpp). New rows keep name,
// phone, e-mail and message empty and their sealed form in `sealed`; rows of version 1 keep their
// plain text until the service (which holds the key ring) seals them on its next start.
// content_digest is a keyed hash of the whole signup as received, for telling a retry from a
// conflict without the plain text; signup_lookup finds a visitor's signups by keyed hashes of
// their e-mail, phone and name words.
constexpr const char* kMigration2 = R"sql(
ALTER TABLE signups ADD COLUMN sealed BLOB;
ALTER TABLE signups ADD COLUMN content_digest BLOB;
CREATE INDEX signups_not_erased ON signups (erased_ms, created_ms) WHERE erased_ms = 0;

CREATE TABLE signup_lookup (
    key       BLOB NOT NULL,
    signup_id TEXT NOT NULL REFERENCES signups (id),
    PRIMARY KEY (key, signup_id)
) WITHOUT ROWID;
CREATE INDEX signup_lookup_by_signup ON signup_lookup (signup_id);
)sql";

// Migration 3: lists page by a cursor on (created_ms, id) and exports walk the same order
// (issue 16): an index that gives that order without sorting, whatever the number of signups.
constexpr const char* kMigration3 = R"sql(
CREATE INDEX signups_by_created ON signups (created_ms, id);
)sql";

constexpr const char* kMigrations[] = {kMigration1, kMigration2, kMigration3};
constexpr int kCurrentVersion = sizeof(kMigrations) / sizeof(kMigrations[0]);

}  // namespace

int central_schema_version() {
    return kCurrentVersion;
}

void migrate_central_schema(sqlite::Database& c) {
    int64_t app_id = c.pragma_int("application_id");
    int64_t version = c.pragma_int("user_version");
    sqlite::Statement count = c.prepare("SELECT count(*) FROM sqlite_schema");
    int64_t tables = count.step() ? count.int64(0) : 0;
    if (app_id != kApplicationId && (app_id != 0 || version != 0 || tables != 0)) {
        throw CentralStoreError(CentralStoreError::Code::io,
                                "The file " + c.path().string() +
                                    " is not a talkoo-central database: give --db a new file name"
                                    " or the service's own database file.");
    }
    if (version > kCurrentVersion) {
        throw CentralStoreError(CentralStoreError::Code::io,
                                "The database " + c.path().string() + " has schema version " +
                                    std::to_string(version) + ", made by a newer talkoo-central" +
                                    " (this one knows up to " + std::to_string(kCurrentVersion) +
                                    "): run the newer version or restore a backup.");
    }
    for (int64_t v = version; v < kCurrentVersion; ++v) {
        sqlite::Transaction tx(c, "migrate the database");
        c.exec(kMigrations[v]);
        // PRAGMA takes no bound parameters; these are our own integer constants.
        c.exec(("PRAGMA user_version = " + std::to_string(v + 1)).c_str());
        c.exec(("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str());
        tx.commit();
    }
}

}  // namespace talkoo::central
