// What the centre's SQLite back end adds to core/sqlite.hpp (the connection, statement and
// transaction layer it shares with the device store): the centre's connection settings,
// checkpoint control, and its own error messages.
//
// core/sqlite.hpp words its errors for kiosk staff ("restart the kiosk"); the centre's operator
// needs other advice, so every StoreError from that layer is turned into a CentralStoreError
// naming the database file and what to do, by its code. Neither kind of message ever holds SQL
// or a bound value.
#pragma once

#include <filesystem>
#include <memory>

#include "core/sqlite.hpp"
#include "core/store_error.hpp"
#include "server/storage.hpp"

namespace talkoo::central {

// Opens `file` (which must exist or be meant to be created) in WAL mode with synchronous=FULL
// (a write is durable when its commit returns), foreign keys on and secure_delete on (erased
// personal data must not linger in free pages).
std::unique_ptr<sqlite::Database> open_connection(const std::filesystem::path& file);

// Copies what it can of the log into the database without waiting for anyone.
void checkpoint_passive(sqlite::Database& db);
// Copies the log into the database and truncates it to zero bytes, waiting at most `wait_ms`
// for readers of older snapshots (new writers wait meanwhile). True when done.
bool checkpoint_truncate(sqlite::Database& db, int wait_ms);

// The CentralStoreError for a failure of the SQLite layer on `file`.
[[noreturn]] void throw_central_error(const StoreError& error, const std::filesystem::path& file);

}  // namespace talkoo::central
