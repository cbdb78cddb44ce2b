// See storage_health.hpp.
#include "server/storage_health.hpp"

#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace talkoo::central {
namespace {

constexpr uint64_t kNearlyFull = 1 << 20;  // less than a few batches' worth of log
constexpr std::chrono::seconds kFailureMemory{30};

// errno after access(W_OK) that means "this cannot be written" (not "it is not there").
bool write_refused(const std::filesystem::path& path) {
    if (access(path.c_str(), W_OK) == 0) return false;
    return errno == EACCES || errno == EROFS || errno == EPERM;
}

HealthProblem problem_for(CentralStoreError::Code code) {
    using Code = CentralStoreError::Code;
    switch (code) {
        case Code::disk_full:
            return {"disk_full", "A write failed because the database's disk is full."};
        case Code::read_only:
            return {"read_only", "A write failed because the database is read-only."};
        case Code::busy:
            return {"locked",
                    "A write waited too long for the database: another process holds it locked."};
        default:
            return {"storage_error", "A request failed with an error of the database's storage."};
    }
}

void add_once(std::vector<HealthProblem>& problems, HealthProblem p) {
    for (const HealthProblem& q : problems)
        if (q.code == p.code) return;
    problems.push_back(std::move(p));
}

}  // namespace

StorageHealth::StorageHealth(CentralStore& store, std::filesystem::path database_file,
                             std::chrono::milliseconds interval)
    : store_(store), file_(std::move(database_file)), interval_(interval) {
    report_ = check();
    // Nothing may end the centre from this thread: should the loop itself ever throw, it starts
    // again.
    thread_ = std::thread([this] {
        while (true) {
            try {
                loop();
                return;
            } catch (...) {
            }
        }
    });
}

StorageHealth::~StorageHealth() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

HealthReport StorageHealth::report() const {
    std::lock_guard lock(mutex_);
    return report_;
}

void StorageHealth::note_failure(CentralStoreError::Code code) {
    {
        std::lock_guard lock(mutex_);
        failures_.push_back({code, std::chrono::steady_clock::now()});
        if (failures_.size() > 16) failures_.erase(failures_.begin());
        add_once(report_.problems, problem_for(code));
    }
    wake_.notify_all();
}

void StorageHealth::note_write_succeeded() {
    std::lock_guard lock(mutex_);
    if (failures_.empty()) return;
    failures_.clear();
    wake_.notify_all();
}

void StorageHealth::loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, interval_);
        if (stopping_) break;
        lock.unlock();
        HealthReport fresh;
        try {
            fresh = check();
        } catch (...) {
            // check() catches what it expects; anything else must not end the process.
            fresh.problems.push_back({"storage_error", "The centre could not check its storage."});
        }
        lock.lock();
        report_ = std::move(fresh);
    }
}

HealthReport StorageHealth::check() {
    HealthReport r;
    try {
        store_.catalog_revision();
    } catch (const std::exception&) {
        r.answering = false;
        r.problems.push_back({"not_answering", "The database does not answer reads."});
    }
    if (!file_.empty()) {
        std::filesystem::path folder = file_.parent_path();
        if (folder.empty()) folder = ".";
        struct statvfs fs {};
        if (statvfs(folder.c_str(), &fs) == 0) {
            const uint64_t blocks = geteuid() == 0 ? fs.f_bfree : fs.f_bavail;
            if (blocks * fs.f_frsize < kNearlyFull)
                r.problems.push_back(
                    {"disk_full", "The database's disk is full: nothing new can be stored."});
        }
        std::filesystem::path wal = file_.string() + "-wal";
        std::error_code ec;
        if (write_refused(file_) || write_refused(folder) ||
            (std::filesystem::exists(wal, ec) && write_refused(wal)))
            add_once(r.problems, {"read_only", "The database or its folder is read-only."});
    }
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    std::erase_if(failures_, [&](const Failure& f) { return now - f.when > kFailureMemory; });
    for (const Failure& f : failures_)
        add_once(r.problems, problem_for(f.code));
    return r;
}

}  // namespace talkoo::central
