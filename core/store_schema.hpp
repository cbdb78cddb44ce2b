// How the store's file format evolves: a numbered list of migrations, each a function that turns
// a file of version N-1 into version N inside one transaction, together with PRAGMA user_version
// = N. A file is always at exactly one version: a crash during a migration leaves the previous
// one. LocalStore runs migrate() on open; tests call it directly to build a file of any earlier
// version (or to run a list of their own) and check each step from the version before it.
//
// Internal to core/ (and its tests).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/sqlite.hpp"

namespace talkoo::store {

// "TLKO" in PRAGMA application_id: marks the file as a Talkoo device store, so that another
// program's SQLite file is refused instead of being "migrated".
inline constexpr int32_t kApplicationId = 0x544c4b4f;

struct Migration {
    int version;               // the version this step produces; steps[i].version == i + 1
    std::string_view summary;  // for people reading the list
    void (*apply)(sqlite::Database& db);
};

// The store's migrations, oldest first; their count is the current schema version.
std::span<const Migration> migrations();
int current_version();

// Connection settings every LocalStore connection uses: WAL, synchronous=FULL, foreign keys,
// secure_delete. Also where a file that is not SQLite at all is first noticed (corrupt).
void configure_connection(sqlite::Database& db);

// Brings the file to `target` by applying steps[v] for every version v below it, one
// transaction per step. Throws StoreError(too_new) for a file newer than `target`, and
// StoreError(corrupt) for an SQLite file that belongs to another program. Returns the version.
int migrate(sqlite::Database& db, std::span<const Migration> steps, int target);

int schema_version(sqlite::Database& db);

}  // namespace talkoo::store
