// The SQLite C API behind RAII types, and the one place where SQLite's result codes become
// StoreError codes and staff-readable sentences (see sqlite.hpp).
//
// Index: error_for() and its helpers (codes -> StoreError), Statement, Database, Transaction.
#include "core/sqlite.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace talkoo::sqlite {
namespace {

std::string folder_of(const std::filesystem::path& file) {
    std::filesystem::path parent = file.parent_path();
    return parent.empty() ? std::string(".") : parent.string();
}

// Whether the folder can take new files (the WAL and shared-memory files live beside the store).
// errno after a failed access() tells why: EACCES and EROFS are "read-only" to a person.
bool folder_is_read_only(const std::filesystem::path& file) {
    std::string folder = folder_of(file);
    if (access(folder.c_str(), W_OK) == 0) return false;
    return errno == EACCES || errno == EROFS || errno == EPERM;
}

// Whether the store can no longer grow: (nearly) no free space in its folder's file system, or
// a store file at the process's file-size limit (RLIMIT_FSIZE, e.g. systemd's LimitFSIZE=).
// SQLite reports ENOSPC as SQLITE_FULL only for some writes, and the errno it keeps for an
// I/O error is often already overwritten; this looks at the situation itself instead.
bool out_of_space(const std::filesystem::path& file) {
    constexpr uint64_t kNearlyFull = 1 << 20;  // less than a WAL's worth of a few commits
    struct statvfs fs {};
    if (statvfs(folder_of(file).c_str(), &fs) == 0) {
        uint64_t blocks = geteuid() == 0 ? fs.f_bfree : fs.f_bavail;
        if (blocks * fs.f_frsize < kNearlyFull) return true;
    }
    rlimit limit{};
    if (getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        for (const char* suffix : {"", "-wal", "-shm"}) {
            std::error_code ec;
            uint64_t size = std::filesystem::file_size(file.string() + suffix, ec);
            if (!ec && size + 64 * 1024 >= limit.rlim_cur) return true;
        }
    }
    return false;
}

StoreError read_only_error(const std::filesystem::path& file, std::string_view activity) {
    return StoreError(StoreError::Code::read_only,
                      "Could not " + std::string(activity) + ": the data folder " +
                          folder_of(file) + " or the store file in it is read-only, so the " +
                          "kiosk cannot save anything. Nothing was changed. Ask the technician " +
                          "to make the folder writable (or to free the disk if it was " +
                          "remounted read-only after an error).");
}

StoreError disk_full_error(const std::filesystem::path& file, std::string_view activity) {
    return StoreError(StoreError::Code::disk_full,
                      "Could not " + std::string(activity) + ": the disk holding " +
                          folder_of(file) + " is full. Nothing was saved; what was saved " +
                          "before is safe. Free some space on the device (or ask the " +
                          "technician), then try again.");
}

}  // namespace

StoreError error_for(int rc, int sys_errno, const std::filesystem::path& file,
                     std::string_view activity, std::string_view detail) {
    using Code = StoreError::Code;
    const std::string act(activity);
    const std::string why = detail.empty() ? std::string() : " (" + std::string(detail) + ")";
    switch (rc & 0xff) {
        case SQLITE_FULL:
            return disk_full_error(file, activity);
        case SQLITE_READONLY:
        case SQLITE_PERM:
            return read_only_error(file, activity);
        case SQLITE_IOERR:
            // The VFS reports ENOSPC as SQLITE_FULL only for some writes; a file-size limit, a
            // quota, or the same errors met while growing the WAL index arrive as I/O errors.
            if (sys_errno == ENOSPC || sys_errno == EDQUOT || sys_errno == EFBIG)
                return disk_full_error(file, activity);
            if (sys_errno == EROFS || sys_errno == EACCES || sys_errno == EPERM)
                return read_only_error(file, activity);
            if (out_of_space(file)) return disk_full_error(file, activity);
            return StoreError(Code::io, "Could not " + act + ": the device failed to read or " +
                                            "write the store file " + file.string() + why +
                                            ". Nothing was changed. If this happens again, ask " +
                                            "the technician to check the storage.");
        case SQLITE_CANTOPEN:
            if (folder_is_read_only(file)) return read_only_error(file, activity);
            return StoreError(Code::cannot_open,
                              "Could not " + act + ": the store file " + file.string() +
                                  " cannot be opened" + why +
                                  ". Check that the data folder exists and the kiosk may use it.");
        case SQLITE_NOTADB:
            return StoreError(Code::corrupt,
                              "The file " + file.string() +
                                  " is not a Talkoo store (it is not an SQLite database). " +
                                  "Nothing was changed. Move the file aside or give the kiosk " +
                                  "another data folder.");
        case SQLITE_CORRUPT:
            return StoreError(Code::corrupt,
                              "The store file " + file.string() + " is damaged" + why +
                                  ". Do not delete it: it may hold signups not yet sent. Ask " +
                                  "the technician to rescue it.");
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return StoreError(Code::busy, "Could not " + act + ": another program kept the store " +
                                              file.string() + " locked for too long. Nothing " +
                                              "was changed. Try again; if this persists, " +
                                              "restart the kiosk.");
        case SQLITE_CONSTRAINT:
            return StoreError(Code::invalid, "Could not " + act +
                                                 ": the data breaks a rule of the store" + why +
                                                 ". Nothing was changed.");
        case SQLITE_NOMEM:
            return StoreError(Code::io, "Could not " + act +
                                            ": the device ran out of memory. Nothing was " +
                                            "changed. Restart the kiosk.");
        default:
            return StoreError(Code::io, "Could not " + act + ": the store failed" + why +
                                            ". Nothing was changed. If this happens again, " +
                                            "ask the technician.");
    }
}

// -- Statement ------------------------------------------------------------------------------

Statement::Statement(Database& db, sqlite3_stmt* stmt, bool* cache_in_use)
    : db_(&db), stmt_(stmt), cache_in_use_(cache_in_use) {}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      cache_in_use_(std::exchange(other.cache_in_use_, nullptr)) {}

Statement::~Statement() {
    if (!stmt_) return;
    if (!cache_in_use_) {
        sqlite3_finalize(stmt_);
        return;
    }
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    *cache_in_use_ = false;
}

Statement& Statement::bind(int index, int64_t value) {
    int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK) db_->fail(rc);
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    // A non-null pointer even for an empty view: a null pointer would bind SQL NULL.
    int rc = sqlite3_bind_text64(stmt_, index, value.empty() ? "" : value.data(), value.size(),
                                 SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) db_->fail(rc);
    return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
    // As for text, a non-null pointer for empty data: an empty BLOB, not NULL.
    int rc = sqlite3_bind_blob64(stmt_, index, bytes.empty() ? "" : bytes.data(), bytes.size(),
                                 SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) db_->fail(rc);
    return *this;
}

Statement& Statement::bind_pointer(int index, void* pointer, const char* type) {
    int rc = sqlite3_bind_pointer(stmt_, index, pointer, type, nullptr);
    if (rc != SQLITE_OK) db_->fail(rc);
    return *this;
}

Statement& Statement::bind_null(int index) {
    int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) db_->fail(rc);
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    db_->fail(rc);
}

void Statement::run() {
    while (step()) {
    }
}

int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

double Statement::real(int column) const {
    return sqlite3_column_double(stmt_, column);
}

std::string Statement::text(int column) const {
    const unsigned char* p = sqlite3_column_text(stmt_, column);
    if (!p) return {};
    return std::string(reinterpret_cast<const char*>(p),
                       static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string_view Statement::blob(int column) const {
    const void* p = sqlite3_column_blob(stmt_, column);
    if (!p) return {};
    return std::string_view(static_cast<const char*>(p),
                            static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

// -- Database -------------------------------------------------------------------------------

Database::Database(const std::filesystem::path& file, int busy_timeout_ms) : path_(file) {
    // NOMUTEX: one connection serves one thread (see local_store.hpp), so SQLite's own
    // per-connection mutex would only cost time.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        int sys_errno = db_ ? sqlite3_system_errno(db_) : 0;
        std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw error_for(rc, sys_errno, file, "open the store", detail);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    // SQLite silently falls back to read-only when the file is write-protected; a kiosk that
    // cannot save signups must say so now, not at the first visitor's signup.
    if (sqlite3_db_readonly(db_, "main") == 1) {
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw read_only_error(file, "open the store");
    }
}

Database::~Database() {
    for (auto& [sql, cached] : cache_)
        sqlite3_finalize(cached.stmt);
    sqlite3_close_v2(db_);
}

Statement Database::prepare(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end() && !it->second.in_use) {
        it->second.in_use = true;
        return Statement(*this, it->second.stmt, &it->second.in_use);
    }
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(rc);
    if (it != cache_.end()) return Statement(*this, stmt, nullptr);  // the cached one is busy
    // Map nodes never move, so the flag's address stays valid while the cache grows.
    auto [added, inserted] = cache_.emplace(std::string(sql), CachedStatement{stmt, true});
    return Statement(*this, stmt, &added->second.in_use);
}

void Database::exec(std::string_view sql) {
    std::string copy(sql);
    int rc = sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(rc);
}

std::string Database::pragma_text(std::string_view pragma) {
    std::string sql = "PRAGMA " + std::string(pragma);
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(rc);
    Statement st(*this, stmt, nullptr);
    return st.step() ? st.text(0) : std::string();
}

// Reads the value as SQLite's own integer (a pragma that answers no row, or text, reads as 0),
// rather than parsing pragma_text: no string arithmetic, which GCC 12 at -O3 also misreads as a
// -Wrestrict overlap inside libstdc++.
int64_t Database::pragma_int(std::string_view pragma) {
    std::string sql = "PRAGMA " + std::string(pragma);
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(rc);
    Statement st(*this, stmt, nullptr);
    return st.step() ? st.int64(0) : 0;
}

int64_t Database::changes() const {
    return sqlite3_changes64(db_);
}

int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_);
}

bool Database::in_transaction() const {
    return sqlite3_get_autocommit(db_) == 0;
}

void Database::fail(int rc) const {
    throw error_for(rc, sqlite3_system_errno(db_), path_, activity_, sqlite3_errmsg(db_));
}

// -- Transaction ----------------------------------------------------------------------------

Transaction::Transaction(Database& db, std::string_view activity, Kind kind)
    : db_(db), previous_activity_(db.activity()) {
    db_.set_activity(std::string(activity));
    try {
        db_.exec(kind == Kind::write ? "BEGIN IMMEDIATE" : "BEGIN");
    } catch (...) {
        db_.set_activity(previous_activity_);
        throw;
    }
    open_ = true;
}

Transaction::~Transaction() {
    // SQLite may already have rolled back by itself (after SQLITE_FULL, for instance); a
    // ROLLBACK outside a transaction would only fail, so ask first.
    if (open_ && db_.in_transaction())
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    db_.set_activity(previous_activity_);
}

void Transaction::commit() {
    db_.exec("COMMIT");
    open_ = false;
}

void make_private(const std::filesystem::path& file) {
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        ::close(fd);
        return;
    }
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        std::string name = file.string() + suffix;
        struct stat st {};
        if (::stat(name.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) != 0)
            ::chmod(name.c_str(), st.st_mode & 0700);
    }
}

}  // namespace talkoo::sqlite
