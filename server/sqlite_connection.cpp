// See sqlite_connection.hpp.
#include "server/sqlite_connection.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>

namespace talkoo::central {
namespace {

// Whether `path` exists and this process may not write it: a read-only mount, permissions, or
// the immutable attribute (which stops root too). errno after access(2) tells "cannot write"
// from "is not there".
bool write_refused(const std::filesystem::path& path) {
    if (access(path.c_str(), W_OK) == 0) return false;
    return errno == EACCES || errno == EROFS || errno == EPERM;
}

// SQLite reports a write refused on a file it already holds open (the immutable attribute, a
// file system remounted read-only after an error) as a plain I/O error, and the errno it keeps
// by then is often another call's: the files themselves say whether they can be written.
bool database_read_only(const std::filesystem::path& file) {
    std::filesystem::path folder = file.parent_path();
    if (folder.empty()) folder = ".";
    return write_refused(file) || write_refused(file.string() + "-wal") || write_refused(folder);
}

}  // namespace

std::unique_ptr<sqlite::Database> open_connection(const std::filesystem::path& file) {
    try {
        // Many threads write through one connection in turn and readers wait for checkpoints:
        // a few seconds of patience turns lock contention into latency instead of errors.
        auto db = std::make_unique<sqlite::Database>(file, 5000);
        db->exec("PRAGMA journal_mode=WAL");
        db->exec("PRAGMA synchronous=FULL");
        db->exec("PRAGMA foreign_keys=ON");
        db->exec("PRAGMA secure_delete=ON");
        return db;
    } catch (const StoreError& e) {
        throw_central_error(e, file);
    }
}

void checkpoint_passive(sqlite::Database& db) {
    int rc = sqlite3_wal_checkpoint_v2(db.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                       nullptr);
    if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY) {
        try {
            db.fail(rc);
        } catch (const StoreError& e) {
            throw_central_error(e, db.path());
        }
    }
}

bool checkpoint_truncate(sqlite::Database& db, int wait_ms) {
    sqlite3_busy_timeout(db.handle(), wait_ms);
    int log_frames = -1, checkpointed = -1;
    int rc = sqlite3_wal_checkpoint_v2(db.handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE,
                                       &log_frames, &checkpointed);
    sqlite3_busy_timeout(db.handle(), 5000);
    return rc == SQLITE_OK && log_frames == checkpointed;
}

void throw_central_error(const StoreError& error, const std::filesystem::path& file) {
    using Code = StoreError::Code;
    const std::string db = "The database " + file.string();
    switch (error.code) {
        case Code::busy:
            throw CentralStoreError(CentralStoreError::Code::busy,
                                    db + " stayed locked by another process or connection: try"
                                         " again shortly.");
        case Code::read_only:
            throw CentralStoreError(CentralStoreError::Code::read_only,
                                    db + " is read-only: make the file and its folder writable"
                                         " for talkoo-central.");
        case Code::disk_full:
            throw CentralStoreError(CentralStoreError::Code::disk_full,
                                    db + " cannot grow: the disk is full. Nothing was written;"
                                         " free space and retry.");
        case Code::corrupt:
        case Code::too_new:
            throw CentralStoreError(CentralStoreError::Code::io,
                                    "The file " + file.string() +
                                        " is not a talkoo-central database or it is damaged:"
                                        " check --db, or restore the database from a backup.");
        case Code::cannot_open:
            throw CentralStoreError(CentralStoreError::Code::io,
                                    "Cannot open the database " + file.string() +
                                        ": check that the path is right and its folder exists"
                                        " and is writable.");
        default:
            if (error.code == Code::io && database_read_only(file))
                throw CentralStoreError(CentralStoreError::Code::read_only,
                                        db + " cannot be written (read-only, or marked"
                                             " immutable): make it and its folder writable for"
                                             " talkoo-central.");
            throw CentralStoreError(CentralStoreError::Code::io,
                                    db + " failed (an I/O or SQLite error): check the disk and"
                                         " the file, then retry.");
    }
}

}  // namespace talkoo::central
