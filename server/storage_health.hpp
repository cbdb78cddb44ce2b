// StorageHealth: what GET /v1/health says about the centre's storage, kept current by a thread of
// its own once a second, so that answering it costs nothing and never waits for a busy database
// or a full worker pool (the health call is answered on the network thread).
//
// Three sources, combined:
//   - a read of the database (the catalogue's revision): if it fails, the centre is
//     "unavailable" (503), since it cannot even serve the catalogue;
//   - for a database in a file: the free space of its file system (disk_full below 1 MiB) and
//     whether the file, its write-ahead log and its folder are writable (read_only; as root too,
//     since access(2) honours the immutable attribute and read-only mounts);
//   - what requests met: a write refused for a full disk, a read-only or locked database or an
//     I/O error is remembered until a later write succeeds, or for 30 s.
// Any problem makes the centre "degraded" (200, with the reasons); it recovers by itself: when
// space returns or the file is writable again, the next write succeeds and the report clears.
// The reasons are sentences for an operator that name no file path (the health call is public);
// the full story, paths included, is in the service's log.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/storage.hpp"

namespace talkoo::central {

struct HealthProblem {
    std::string code;  // "disk_full", "read_only", "locked", "storage_error", "not_answering"
    std::string message;
    bool operator==(const HealthProblem&) const = default;
};

struct HealthReport {
    bool answering = true;  // the database answers reads
    std::vector<HealthProblem> problems;
};

class StorageHealth {
  public:
    // `database_file` is empty for a back end that is not a file.
    StorageHealth(CentralStore& store, std::filesystem::path database_file,
                  std::chrono::milliseconds interval = std::chrono::milliseconds(1000));
    ~StorageHealth();
    StorageHealth(const StorageHealth&) = delete;
    StorageHealth& operator=(const StorageHealth&) = delete;

    HealthReport report() const;

    // From the router: a request met this failure of the store.
    void note_failure(CentralStoreError::Code code);
    // From the router: a request that writes succeeded.
    void note_write_succeeded();

  private:
    void loop();
    HealthReport check();

    CentralStore& store_;
    std::filesystem::path file_;
    std::chrono::milliseconds interval_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    HealthReport report_;
    struct Failure {
        CentralStoreError::Code code;
        std::chrono::steady_clock::time_point when;
    };
    std::vector<Failure> failures_;  // since the last successful write
    std::thread thread_;
};

}  // namespace talkoo::central
