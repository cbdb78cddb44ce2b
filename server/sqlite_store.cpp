// SqliteCentralStore: opening the file, the connection pool, devices and coordinators. The
// catalogue and the signups have their own files (sqlite_store_catalog.cpp,
// sqlite_store_signups.cpp).
#include "server/sqlite_store.hpp"

#include <cstring>

#include "server/tokens.hpp"

namespace talkoo::central {
namespace {

TokenHash hash_from_blob(std::string_view blob) {
    TokenHash h{};
    if (blob.size() == h.size()) std::memcpy(h.data(), blob.data(), h.size());
    return h;
}

DeviceRecord read_device(const sqlite::Statement& s) {
    DeviceRecord d;
    d.id = s.text(0);
    d.name = s.text(1);
    d.info_point_id = s.text(2);
    d.created_ms = s.int64(3);
    d.revoked_ms = s.int64(4);
    d.last_seen_ms = s.int64(5);
    d.app_version = s.text(6);
    d.token_hash = hash_from_blob(s.blob(7));
    return d;
}

CoordinatorRecord read_coordinator(const sqlite::Statement& s) {
    CoordinatorRecord c;
    c.id = s.text(0);
    c.name = s.text(1);
    c.organisation_id = s.text(2);
    c.created_ms = s.int64(3);
    c.revoked_ms = s.int64(4);
    c.token_hash = hash_from_blob(s.blob(5));
    return c;
}

}  // namespace

int SqliteCentralStore::current_schema_version() {
    return central_schema_version();
}

SqliteCentralStore::SqliteCentralStore(const std::filesystem::path& file, bool create)
    : file_(file) {
    std::error_code ec;
    if (!create && !std::filesystem::exists(file, ec)) {
        throw CentralStoreError(CentralStoreError::Code::io,
                                "There is no database at " + file.string() +
                                    ": check --db, or create it with `talkoo-central serve` or"
                                    " `talkoo-central import`.");
    }
    writer_ = std::make_unique<sqlite::Connection>(file, create);
    migrate_central_schema(*writer_);
    // About 40 MB of log before a writer checkpoints by itself; the checkpointer thread keeps
    // it far below that.
    writer_->exec("PRAGMA wal_autocheckpoint=10000");
    epoch_ = with_writer([](sqlite::Connection& c) {
        sqlite::Transaction tx(c);
        sqlite::Statement& get = c.statement("SELECT value FROM meta WHERE key = 'catalog_epoch'");
        std::string epoch = get.step() ? get.text(0) : std::string();
        get.reset();
        if (epoch.empty()) {
            epoch = random_hex(6);
            c.statement("INSERT INTO meta (key, value) VALUES ('catalog_epoch', ?)")
                .bind(1, epoch)
                .run();
        }
        tx.commit();
        return epoch;
    });
    checkpointer_ = std::thread([this] { checkpoint_loop(); });
}

SqliteCentralStore::~SqliteCentralStore() {
    {
        std::lock_guard lock(checkpoint_mutex_);
        stopping_ = true;
    }
    checkpoint_wake_.notify_all();
    if (checkpointer_.joinable()) checkpointer_.join();
}

void SqliteCentralStore::request_log_truncation() {
    {
        std::lock_guard lock(checkpoint_mutex_);
        truncate_ = true;
    }
    checkpoint_wake_.notify_all();
}

void SqliteCentralStore::checkpoint_loop() {
    std::unique_ptr<sqlite::Connection> connection;
    std::unique_lock lock(checkpoint_mutex_);
    while (true) {
        checkpoint_wake_.wait_for(lock, std::chrono::milliseconds(250));
        bool truncate = truncate_;
        if (!written_ && !truncate && !stopping_) continue;
        written_ = false;
        lock.unlock();
        bool truncated = false;
        try {
            if (!connection) connection = std::make_unique<sqlite::Connection>(file_, false);
            // Truncating makes new writers wait for old readers: wait briefly, retry later.
            if (truncate)
                truncated = connection->checkpoint_truncate(200);
            else
                connection->checkpoint_passive();
        } catch (const CentralStoreError&) {
            // The backstop automatic checkpoint keeps the log bounded; try again next time.
        }
        lock.lock();
        if (truncated) truncate_ = false;
        if (stopping_) break;
    }
}

SqliteCentralStore::ReaderLease::ReaderLease(SqliteCentralStore& s) : store(s) {
    {
        std::lock_guard lock(store.readers_mutex_);
        if (!store.idle_readers_.empty()) {
            connection = std::move(store.idle_readers_.back());
            store.idle_readers_.pop_back();
        }
    }
    if (!connection) connection = std::make_unique<sqlite::Connection>(store.file_, false);
}

SqliteCentralStore::ReaderLease::~ReaderLease() {
    // A statement left on a row would hold its snapshot open and stall WAL checkpoints.
    connection->reset_statements();
    std::lock_guard lock(store.readers_mutex_);
    store.idle_readers_.push_back(std::move(connection));
}

std::string SqliteCentralStore::catalog_epoch() {
    return epoch_;
}

// -- devices
// ---------------------------------------------------------------------------------------

void SqliteCentralStore::add_device(const DeviceRecord& d, const TokenHash& token_hash) {
    with_writer([&](sqlite::Connection& c) {
        sqlite::Transaction tx(c);
        c.statement(
             "INSERT INTO devices (id, name, info_point_id, token_hash, created_ms)"
             " VALUES (?, ?, ?, ?, ?)")
            .bind(1, d.id)
            .bind(2, d.name)
            .bind(3, d.info_point_id)
            .bind_blob(4, token_hash.data(), token_hash.size())
            .bind(5, d.created_ms)
            .run();
        tx.commit();
    });
}

std::vector<DeviceRecord> SqliteCentralStore::devices() {
    return with_reader([](sqlite::Connection& c) {
        sqlite::Statement& s = c.statement(
            "SELECT id, name, info_point_id, created_ms, revoked_ms, last_seen_ms, app_version,"
            " token_hash FROM devices ORDER BY created_ms, id");
        std::vector<DeviceRecord> out;
        while (s.step()) {
            out.push_back(read_device(s));
            out.back().token_hash = {};  // listings never carry hashes
        }
        return out;
    });
}

std::optional<DeviceRecord> SqliteCentralStore::device_by_token(const TokenHash& token_hash) {
    return with_reader([&](sqlite::Connection& c) -> std::optional<DeviceRecord> {
        sqlite::Statement& s = c.statement(
            "SELECT id, name, info_point_id, created_ms, revoked_ms, last_seen_ms, app_version,"
            " token_hash FROM devices WHERE token_hash = ?");
        s.bind_blob(1, token_hash.data(), token_hash.size());
        if (!s.step()) return std::nullopt;
        DeviceRecord d = read_device(s);
        s.reset();
        return d;
    });
}

bool SqliteCentralStore::revoke_device(std::string_view id, int64_t now_ms) {
    return with_writer([&](sqlite::Connection& c) {
        sqlite::Transaction tx(c);
        sqlite::Statement& s = c.statement("SELECT revoked_ms FROM devices WHERE id = ?");
        s.bind(1, id);
        if (!s.step()) return false;
        bool already = s.int64(0) != 0;
        s.reset();
        if (!already) {
            c.statement("UPDATE devices SET revoked_ms = ? WHERE id = ?")
                .bind(1, now_ms)
                .bind(2, id)
                .run();
        }
        tx.commit();
        return true;
    });
}

void SqliteCentralStore::record_device_seen(std::string_view id, int64_t when_ms,
                                            std::string_view app_version) {
    with_writer([&](sqlite::Connection& c) {
        sqlite::Transaction tx(c);
        c.statement(
             "UPDATE devices SET last_seen_ms = max(last_seen_ms, ?1),"
             " app_version = CASE WHEN ?2 = '' THEN app_version ELSE ?2 END WHERE id = ?3")
            .bind(1, when_ms)
            .bind(2, app_version)
            .bind(3, id)
            .run();
        tx.commit();
    });
}

// -- coordinators
// ----------------------------------------------------------------------------------

void SqliteCentralStore::add_coordinator(const CoordinatorRecord& k, const TokenHash& token_hash) {
    with_writer([&](sqlite::Connection& c) {
        sqlite::Transaction tx(c);
        c.statement(
             "INSERT INTO coordinators (id, name, organisation_id, token_hash, created_ms)"
             " VALUES (?, ?, ?, ?, ?)")
            .bind(1, k.id)
            .bind(2, k.name)
            .bind(3, k.organisation_id)
            .bind_blob(4, token_hash.data(), token_hash.size())
            .bind(5, k.created_ms)
            .run();
        tx.commit();
    });
}

std::vector<CoordinatorRecord> SqliteCentralStore::coordinators() {
    return with_reader([](sqlite::Connection& c) {
        sqlite::Statement& s = c.statement(
            "SELECT id, name, organisation_id, created_ms, revoked_ms, token_hash"
            " FROM coordinators ORDER BY created_ms, id");
        std::vector<CoordinatorRecord> out;
        while (s.step()) {
            out.push_back(read_coordinator(s));
            out.back().token_hash = {};
        }
        return out;
    });
}

std::optional<CoordinatorRecord> SqliteCentralStore::coordinator_by_token(
    const TokenHash& token_hash) {
    return with_reader([&](sqlite::Connection& c) -> std::optional<CoordinatorRecord> {
        sqlite::Statement& s = c.statement(
            "SELECT id, name, organisation_id, created_ms, revoked_ms, token_hash"
            " FROM coordinators WHERE token_hash = ?");
        s.bind_blob(1, token_hash.data(), token_hash.size());
        if (!s.step()) return std::nullopt;
        CoordinatorRecord k = read_coordinator(s);
        s.reset();
        return k;
    });
}

bool SqliteCentralStore::revoke_coordinator(std::string_view id, int64_t now_ms) {
    return with_writer([&](sqlite::Connection& c) {
        sqlite::Transaction tx(c);
        sqlite::Statement& s = c.statement("SELECT revoked_ms FROM coordinators WHERE id = ?");
        s.bind(1, id);
        if (!s.step()) return false;
        bool already = s.int64(0) != 0;
        s.reset();
        if (!already) {
            c.statement("UPDATE coordinators SET revoked_ms = ? WHERE id = ?")
                .bind(1, now_ms)
                .bind(2, id)
                .run();
        }
        tx.commit();
        return true;
    });
}

}  // namespace talkoo::central
