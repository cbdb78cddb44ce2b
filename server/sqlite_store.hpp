// The SQLite back end of CentralStore: one file in WAL mode, the default for a network that fits
// on one machine.
//
// Statements, connections and transactions are core/sqlite.hpp's, shared with the device store;
// sqlite_connection.hpp adds the centre's settings and error messages.
//
// Concurrency: one writer connection, taken in turn under a mutex (SQLite allows one writer at a
// time anyway; queueing in-process is cheaper than busy-waiting on the file lock), and a pool of
// reader connections, one per concurrent reader, which WAL lets read while the writer writes.
// Other processes (the CLI while the service runs) share the file through SQLite's own locks.
//
// Checkpoints (copying the write-ahead log into the database file) run on a background thread
// with a connection of their own, in PASSIVE mode, a fraction of a second after writes: left to
// SQLite's automatic checkpoint they would run inside whichever signup batch happened to cross
// the threshold, and that kiosk would wait for it. The automatic checkpoint stays on at a large
// threshold as a backstop.
//
// The file layout (schema.cpp holds it, with its migrations):
//   catalog        every organisation, info point and task as its wire JSON, with the revision
//                  of its last change; deleted records stay as tombstones (body NULL)
//   signups        one row per signup id: personal fields sealed (`sealed`), a keyed digest of
//                  its content; the plain personal columns are empty (filled only in files
//                  made before sealing, until SignupVault seals them); erasure deletes both
//   signup_lookup  keyed digests of e-mail, phone and name words -> signup id, for finding a
//                  visitor without plain text (docs/privacy.md)
//   signup_tasks   which tasks a signup names, and each task's organisation when it arrived
//   usage_counters the last value per (device, day, info point, counter)
//   devices, coordinators   names, scopes and token hashes
//
// The methods are split by concern over sqlite_store.cpp (connections, devices, coordinators),
// sqlite_store_catalog.cpp and sqlite_store_signups.cpp (signups and usage counters).
#pragma once

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "server/sqlite_connection.hpp"
#include "server/storage.hpp"

namespace talkoo::central {

class SqliteCentralStore final : public CentralStore {
  public:
    // Opens `file`, creating it when `create` is true and it does not exist, and migrates it to
    // the current schema. Throws CentralStoreError (io) for a missing, unwritable, foreign or
    // newer file, with a message saying what to do.
    SqliteCentralStore(const std::filesystem::path& file, bool create);
    ~SqliteCentralStore() override;

    static int current_schema_version();

    CatalogWriteSummary apply_catalog(const CatalogDelta& delta, int64_t now_ms) override;
    CatalogPage catalog_changes(int64_t since, int limit) override;
    int64_t catalog_revision() override;
    std::string catalog_epoch() override;
    std::optional<Organisation> organisation(std::string_view id) override;
    std::optional<InfoPoint> info_point(std::string_view id) override;
    std::optional<Task> task(std::string_view id) override;
    std::optional<std::string> task_organisation(std::string_view task_id) override;

    std::vector<std::vector<SignupOutcome>> store_signup_batches(
        const std::vector<const SignupBatch*>& batches) override;
    std::optional<SignupRecord> signup(std::string_view id) override;
    std::vector<SignupRecord> signups(const SignupQuery& query) override;
    std::vector<std::string> signup_ids_by_lookup(const seal::Digest& key) override;
    bool set_follow_up(std::string_view id, FollowUp status) override;
    bool erase_signup_personal_data(std::string_view id, int64_t now_ms) override;
    int purge_personal_data(int64_t given_before_ms, int64_t now_ms) override;
    std::vector<SignupRecord> signups_in_plain_text(int limit) override;
    void seal_plain_text(const SignupToStore& sealed) override;

    void store_usage(std::string_view device_id, const std::vector<UsageCounter>& counters,
                     int64_t received_ms) override;
    std::vector<StoredCounter> usage() override;
    std::vector<UsageCounter> usage_totals(const UsageQuery& query) override;

    void add_device(const DeviceRecord& device, const TokenHash& token_hash) override;
    using CentralStore::devices;
    std::vector<DeviceRecord> devices(const std::optional<PageCursor>& after,
                                      int64_t limit) override;
    std::optional<DeviceRecord> device_by_token(const TokenHash& token_hash) override;
    bool revoke_device(std::string_view id, int64_t now_ms) override;
    void record_device_seen(std::string_view id, int64_t when_ms,
                            std::string_view app_version) override;

    void add_coordinator(const CoordinatorRecord& coordinator,
                         const TokenHash& token_hash) override;
    std::vector<CoordinatorRecord> coordinators() override;
    std::optional<CoordinatorRecord> coordinator_by_token(const TokenHash& token_hash) override;
    bool revoke_coordinator(std::string_view id, int64_t now_ms) override;

  private:
    // Runs `fn` with the writer connection, one thread at a time. Failures of the SQLite layer
    // become CentralStoreErrors.
    template <class Fn>
    auto with_writer(Fn&& fn) {
        std::lock_guard lock(writer_mutex_);
        struct AfterWrite {
            SqliteCentralStore& store;
            ~AfterWrite() {
                std::lock_guard lock(store.checkpoint_mutex_);
                store.written_ = true;
            }
        } after_write{*this};
        try {
            return fn(*writer_);
        } catch (const StoreError& e) {
            throw_central_error(e, file_);
        }
    }
    // Runs `fn` with a reader connection of the pool (opened on first need).
    template <class Fn>
    auto with_reader(Fn&& fn) {
        ReaderLease lease(*this);
        try {
            return fn(*lease.connection);
        } catch (const StoreError& e) {
            throw_central_error(e, file_);
        }
    }
    struct ReaderLease {
        explicit ReaderLease(SqliteCentralStore& store);
        ~ReaderLease();
        SqliteCentralStore& store;
        std::unique_ptr<sqlite::Database> connection;
    };

    std::filesystem::path file_;
    std::mutex writer_mutex_;
    std::unique_ptr<sqlite::Database> writer_;
    std::mutex readers_mutex_;
    std::vector<std::unique_ptr<sqlite::Database>> idle_readers_;
    std::string epoch_;

    void checkpoint_loop();
    // After an erasure: the checkpointer truncates the log as soon as readers allow.
    void request_log_truncation();
    std::mutex checkpoint_mutex_;
    std::condition_variable checkpoint_wake_;
    bool stopping_ = false;
    bool written_ = false;   // since the last checkpoint
    bool truncate_ = false;  // an erasure wants the log emptied
    std::thread checkpointer_;
};

// The schema and its migrations (schema.cpp). Brings the file behind `connection` to the
// current version; refuses files of other applications and of newer versions.
void migrate_central_schema(sqlite::Database& db);
int central_schema_version();

}  // namespace talkoo::central
