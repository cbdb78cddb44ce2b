// See sqlite_db.hpp.
#include "server/sqlite_db.hpp"

#include <map>
#include <memory>

namespace talkoo::central::sqlite {

struct Connection::Cache {
    std::map<const char*, std::unique_ptr<Statement>> statements;
};

Connection::Connection(const std::filesystem::path& file, bool create) : file_(file) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        int code = db_ ? sqlite3_extended_errcode(db_) : rc;
        if (db_) sqlite3_close(db_);
        db_ = nullptr;
        CentralStoreError::Code kind = CentralStoreError::Code::io;
        throw CentralStoreError(
            kind, "Cannot open the database " + file.string() + " (" + sqlite3_errstr(code) +
                      "): check that the path is right and its folder exists and is writable.");
    }
    cache_ = new Cache;
    try {
        sqlite3_extended_result_codes(db_, 1);
        // Many threads write through one connection in turn and readers wait for checkpoints:
        // a few seconds of patience turns lock contention into latency instead of errors.
        sqlite3_busy_timeout(db_, 5000);
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=FULL");
        exec("PRAGMA foreign_keys=ON");
        // Erased personal data must not linger in free pages (Debian's SQLite has it on already).
        exec("PRAGMA secure_delete=ON");
    } catch (...) {
        close();  // a throwing constructor gets no destructor call
        throw;
    }
}

Connection::~Connection() {
    close();
}

void Connection::close() {
    delete cache_;  // statements first: sqlite3_close refuses while any is open
    cache_ = nullptr;
    if (db_) sqlite3_close(db_);
    db_ = nullptr;
}

void Connection::exec(const char* sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
    sqlite3_free(message);
    if (rc != SQLITE_OK) fail(rc, "setting up the database");
}

Statement& Connection::statement(const char* sql) {
    auto& slot = cache_->statements[sql];
    if (!slot) slot = std::make_unique<Statement>(*this, sql);
    return slot->reset();
}

void Connection::reset_statements() {
    for (auto& [sql, statement] : cache_->statements)
        statement->reset();
}

bool Connection::checkpoint_truncate(int wait_ms) {
    sqlite3_busy_timeout(db_, wait_ms);
    int log_frames = -1, checkpointed = -1;
    int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, &log_frames,
                                       &checkpointed);
    sqlite3_busy_timeout(db_, 5000);
    return rc == SQLITE_OK && log_frames == checkpointed;
}

void Connection::checkpoint_passive() {
    int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY) fail(rc, "checkpointing the log");
}

int64_t Connection::changes() const {
    return sqlite3_changes64(db_);
}

void Connection::fail(int rc, std::string_view doing) const {
    int primary = rc & 0xff;
    std::string where = "The database " + file_.string();
    std::string what =
        std::string(" failed while ") + std::string(doing) + " (" + sqlite3_errstr(rc) + ")";
    switch (primary) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            throw CentralStoreError(CentralStoreError::Code::busy,
                                    where + " stayed locked by another process or connection" +
                                        " while " + std::string(doing) + ": try again shortly.");
        case SQLITE_FULL:
            throw CentralStoreError(CentralStoreError::Code::io,
                                    where + what + ": the disk is full; free space and retry.");
        case SQLITE_READONLY:
        case SQLITE_PERM:
        case SQLITE_CANTOPEN:
            throw CentralStoreError(CentralStoreError::Code::io,
                                    where + what + ": make the file and its folder writable.");
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            throw CentralStoreError(CentralStoreError::Code::io,
                                    where + what +
                                        ": it is not a talkoo-central database or it is damaged;" +
                                        " restore it from a backup.");
        default:
            throw CentralStoreError(CentralStoreError::Code::io, where + what + ".");
    }
}

Statement::Statement(Connection& connection, const char* sql) : connection_(connection) {
    int rc = sqlite3_prepare_v3(connection.handle(), sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_,
                                nullptr);
    if (rc != SQLITE_OK) connection.fail(rc, "preparing a query");
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement& Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return *this;
}

Statement& Statement::bind(int index, int64_t value) {
    int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK) connection_.fail(rc, "binding a value");
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    int rc =
        sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) connection_.fail(rc, "binding a value");
    return *this;
}

Statement& Statement::bind_blob(int index, const void* data, size_t size) {
    int rc = sqlite3_bind_blob64(stmt_, index, data, size, SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) connection_.fail(rc, "binding a value");
    return *this;
}

Statement& Statement::bind_null(int index) {
    int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) connection_.fail(rc, "binding a value");
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(stmt_);
    connection_.fail(rc, "running a query");
}

void Statement::run() {
    while (step()) {
    }
}

int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

std::string Statement::text(int column) const {
    return std::string(text_view(column));
}

std::string_view Statement::text_view(int column) const {
    const unsigned char* p = sqlite3_column_text(stmt_, column);
    if (!p) return {};
    return {reinterpret_cast<const char*>(p),
            static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::string_view Statement::blob(int column) const {
    const void* p = sqlite3_column_blob(stmt_, column);
    if (!p) return {};
    return {static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
}

Transaction::Transaction(Connection& connection) : connection_(connection) {
    connection_.statement("BEGIN IMMEDIATE").run();
}

Transaction::~Transaction() {
    if (done_) return;
    connection_.reset_statements();
    sqlite3_exec(connection_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    connection_.reset_statements();
    connection_.statement("COMMIT").run();
    done_ = true;
}

ReadTransaction::ReadTransaction(Connection& connection) : connection_(connection) {
    connection_.statement("BEGIN").run();
}

ReadTransaction::~ReadTransaction() {
    connection_.reset_statements();
    sqlite3_exec(connection_.handle(), "COMMIT", nullptr, nullptr, nullptr);
}

}  // namespace talkoo::central::sqlite
