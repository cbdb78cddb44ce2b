// A small RAII layer over the SQLite C API for the centre's SQLite back end: a connection, a
// prepared statement, a transaction. Only prepared statements with bound parameters exist here:
// there is no way to run SQL built from request data.
//
// Errors become CentralStoreError with a message that names the database file and what to do,
// never the SQL or a bound value (values may be personal data). core/ gets its own wrapper for
// the device store; when it lands on main this one can give way to it.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "server/storage.hpp"

namespace talkoo::central::sqlite {

class Statement;

class Connection {
  public:
    // Opens (creating when `create`) the file in WAL mode with a busy timeout, foreign keys on,
    // and synchronous=FULL: a write is durable when its commit returns.
    Connection(const std::filesystem::path& file, bool create);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // For fixed schema and pragma text only (no parameters).
    void exec(const char* sql);
    // Prepared once per connection and reused: `sql` must be a string literal or otherwise live
    // as long as the connection (it is the cache key).
    Statement& statement(const char* sql);
    int64_t changes() const;
    // Resets every cached statement, ending any read they hold open (a statement stepped to a
    // row and left there keeps its snapshot, which stalls WAL checkpoints).
    void reset_statements();
    // Copies the write-ahead log into the database and truncates it to zero bytes, waiting at
    // most `wait_ms` for readers of older snapshots (writers wait meanwhile). True when done.
    bool checkpoint_truncate(int wait_ms);
    // Copies what it can of the log without waiting for readers or writers.
    void checkpoint_passive();
    const std::filesystem::path& file() const { return file_; }
    sqlite3* handle() { return db_; }

    // Throws CentralStoreError for a failed result code `rc` of this connection.
    [[noreturn]] void fail(int rc, std::string_view doing) const;

  private:
    struct Cache;
    void close();
    sqlite3* db_ = nullptr;
    std::filesystem::path file_;
    Cache* cache_ = nullptr;
};

class Statement {
  public:
    Statement(Connection& connection, const char* sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Resets and clears bindings: call before each use.
    Statement& reset();
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) {
        return bind(index, std::string_view(text));
    }
    Statement& bind_blob(int index, const void* data, size_t size);
    Statement& bind_null(int index);

    // true while a row is available.
    bool step();
    // Runs to completion (for writes).
    void run();

    int64_t int64(int column) const;
    std::string text(int column) const;
    std::string_view text_view(int column) const;  // valid until the next step/reset
    bool is_null(int column) const;
    std::string_view blob(int column) const;

  private:
    Connection& connection_;
    sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back by the destructor unless commit() ran.
class Transaction {
  public:
    explicit Transaction(Connection& connection);
    ~Transaction();
    void commit();

  private:
    Connection& connection_;
    bool done_ = false;
};

// A read snapshot: BEGIN (deferred) ... COMMIT, so several queries see one state.
class ReadTransaction {
  public:
    explicit ReadTransaction(Connection& connection);
    ~ReadTransaction();

  private:
    Connection& connection_;
};

}  // namespace talkoo::central::sqlite
