// The one application every bare server of the library comparison serves (bench-http-compare),
// so that only the HTTP library differs between them:
//   GET  /health  a 60-byte JSON answer
//   GET  /blob    a 50 KB answer (what a Range header would multiply)
//   POST /row     the body stored as one row of SQLite (WAL, synchronous=FULL, one commit per
//                 request: durable before the answer, as a signup batch is), then a small answer
// Each bare server prints "listening on PORT" first, and runs until killed.
#pragma once

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>

namespace talkoo::bench {

inline constexpr const char* kHealthAnswer = R"({"status":"ok","service":"bare","version":"1"})";

inline const std::string& blob_answer() {
    static const std::string blob(50 * 1024, 'b');
    return blob;
}

// The rows of POST /row, in a database in a new temporary folder.
class BareStore {
  public:
    BareStore() {
        std::string pattern = (std::filesystem::temp_directory_path() / "bare-XXXXXX").string();
        if (!mkdtemp(pattern.data())) std::abort();
        folder_ = pattern;
        if (sqlite3_open((folder_ / "rows.db").c_str(), &db_) != SQLITE_OK) std::abort();
        sqlite3_exec(db_,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                     "CREATE TABLE rows (id INTEGER PRIMARY KEY, body BLOB NOT NULL)",
                     nullptr, nullptr, nullptr);
        sqlite3_prepare_v2(db_, "INSERT INTO rows (body) VALUES (?)", -1, &insert_, nullptr);
    }
    ~BareStore() {
        sqlite3_finalize(insert_);
        sqlite3_close(db_);
        std::error_code ec;
        std::filesystem::remove_all(folder_, ec);
    }
    // One durable commit per call; true when stored.
    bool insert(const std::string& body) {
        std::lock_guard lock(mutex_);
        sqlite3_bind_blob(insert_, 1, body.data(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
        int rc = sqlite3_step(insert_);
        sqlite3_reset(insert_);
        return rc == SQLITE_DONE;
    }

  private:
    std::filesystem::path folder_;
    sqlite3* db_ = nullptr;
    sqlite3_stmt* insert_ = nullptr;
    std::mutex mutex_;
};

inline void announce(int port) {
    std::printf("listening on %d\n", port);
    std::fflush(stdout);
}

}  // namespace talkoo::bench
