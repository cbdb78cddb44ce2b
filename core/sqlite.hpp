// A small RAII layer over the SQLite C API for the device store: a connection (Database), a
// prepared statement with typed binds and reads (Statement) and a transaction guard
// (Transaction). Its one job beyond tidiness is to turn every SQLite failure into a StoreError
// whose code says what kind of trouble it is (read-only folder, full disk, damaged file, busy)
// and whose message a staff member can act on.
//
// Statements are prepared once per connection and cached by their SQL text, so the store's hot
// paths (a signup commit, a search keystroke) never re-parse SQL. Values are always bound, never
// pasted into SQL. Messages never contain bound values, so visitors' data cannot leak into them.
//
// Internal to core/ (the rest of the kiosk talks to LocalStore, never to this layer) and to the
// central service's SQLite back end (server/sqlite_connection.hpp), which rewords its errors.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/store_error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace talkoo::sqlite {

class Database;

// A prepared statement borrowed from the connection's cache (or, if that one is already in use,
// prepared just for this use). Its destructor resets it, which ends any read it holds open:
// a forgotten half-read SELECT would otherwise pin an old WAL snapshot.
class Statement {
  public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    ~Statement();

    // Binds are 1-based, as in SQL's ?1, ?2 ...; text is copied, so temporaries are fine.
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) {
        return bind(index, std::string_view(value));
    }
    Statement& bind_null(int index);
    // Binary data as a BLOB (bind() binds text, which must be UTF-8).
    Statement& bind_blob(int index, std::string_view bytes);
    // Passes a C++ object to an SQL function by pointer (sqlite3_bind_pointer); the function
    // reads it back only under the same `type` name. SQL itself can neither see nor forge it.
    Statement& bind_pointer(int index, void* pointer, const char* type);

    // One step: true while a row is available, false when the statement is done.
    bool step();
    // Runs a statement that returns no rows (INSERT, UPDATE, ...) to completion.
    void run();

    // Reads are 0-based columns of the current row.
    int64_t int64(int column) const;
    int integer(int column) const { return static_cast<int>(int64(column)); }
    double real(int column) const;
    std::string text(int column) const;
    // The bytes of a BLOB (or text) column, valid until the next step or reset.
    std::string_view blob(int column) const;
    bool is_null(int column) const;

  private:
    friend class Database;
    // `cache_in_use` is the cache entry's flag to clear when done; null for a statement
    // prepared for this use only, which is finalized instead.
    Statement(Database& db, sqlite3_stmt* stmt, bool* cache_in_use);
    Database* db_;
    sqlite3_stmt* stmt_;
    bool* cache_in_use_;
};

class Database {
  public:
    // Opens (creating if needed) the file read-write, with extended result codes and the
    // busy timeout. Throws StoreError: read_only if the file or its folder cannot be written,
    // cannot_open otherwise. The parent folder must exist.
    explicit Database(const std::filesystem::path& file, int busy_timeout_ms = 5000);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // A statement from the cache; the SQL must be a single statement with bound parameters.
    Statement prepare(std::string_view sql);
    // Runs SQL without parameters (schema, pragmas); may hold several statements.
    void exec(std::string_view sql);
    // A pragma's single value, e.g. pragma_text("journal_mode = WAL") -> "wal".
    std::string pragma_text(std::string_view pragma);
    int64_t pragma_int(std::string_view pragma);

    int64_t changes() const;
    int64_t last_insert_rowid() const;
    bool in_transaction() const;
    const std::filesystem::path& path() const { return path_; }
    sqlite3* handle() { return db_; }

    // What the store is doing, for error messages: "save the signup", "update the catalogue".
    // Transaction sets it for its lifetime; between transactions it is "read the store".
    const std::string& activity() const { return activity_; }
    void set_activity(std::string activity) { activity_ = std::move(activity); }

    // Throws the StoreError that SQLite's result code `rc` (with the connection's errno and
    // message) stands for. Never returns.
    [[noreturn]] void fail(int rc) const;

  private:
    struct CachedStatement {
        sqlite3_stmt* stmt = nullptr;
        bool in_use = false;
    };
    struct SqlHash {  // lets the cache be searched with a string_view, without a copy
        using is_transparent = void;
        size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
    };
    sqlite3* db_ = nullptr;
    std::filesystem::path path_;
    std::string activity_ = "read the store";
    std::unordered_map<std::string, CachedStatement, SqlHash, std::equal_to<>> cache_;
};

// BEGIN IMMEDIATE (write) or BEGIN (read: one consistent snapshot for several queries) on
// construction, ROLLBACK on destruction unless commit() succeeded. Writes take the write lock up
// front: a read that later upgrades to a write could fail with SQLITE_BUSY no timeout can cure
// when the other thread's connection committed in between.
class Transaction {
  public:
    enum class Kind { read, write };
    Transaction(Database& db, std::string_view activity, Kind kind = Kind::write);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();

  private:
    Database& db_;
    std::string previous_activity_;
    bool open_ = false;
};

// Makes a database file readable and writable by its owner alone (0600) before SQLite opens
// it: creates it so when it does not exist (SQLite gives the WAL and -shm files the database's
// mode), and tightens an existing file and its -wal, -shm and -journal files. Best effort on
// files this user does not own.
void make_private(const std::filesystem::path& file);

// The StoreError for result code `rc` while doing `activity` on the store at `file`; `sys_errno`
// is the OS error behind an I/O failure (0 if none), `detail` SQLite's own message.
StoreError error_for(int rc, int sys_errno, const std::filesystem::path& file,
                     std::string_view activity, std::string_view detail);

}  // namespace talkoo::sqlite
