// SqliteCentralStore: opening the file, the connection pool, devices and coordinators. The
// catalogue and the signups have their own files (sqlite_store_catalog.cpp,
// sqlite_store_signups.cpp).
#include "server/sqlite_store.hpp"

#include <cstdint>

#include "server/tokens.hpp"

namespace talkoo::central {
namespace {

std::string hash_to_hex(const TokenHash& hash) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : hash) {
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
    return out;
}

TokenHash hash_from_hex(std::string_view hex) {
    TokenHash h{};
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    if (hex.size() != 2 * h.size()) return h;
    for (size_t i = 0; i < h.size(); ++i)
        h[i] = static_cast<unsigned char>(nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]));
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
    d.token_hash = hash_from_hex(s.text(7));
    return d;
}

CoordinatorRecord read_coordinator(const sqlite::Statement& s) {
    CoordinatorRecord c;
    c.id = s.text(0);
    c.name = s.text(1);
    c.organisation_id = s.text(2);
    c.created_ms = s.int64(3);
    c.revoked_ms = s.int64(4);
    c.token_hash = hash_from_hex(s.text(5));
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
    // The database holds sealed personal data, lookup digests and token hashes: only the
    // service's own user may read it (0600), and so its log and shared-memory files.
    sqlite::make_private(file);
    writer_ = open_connection(file);
    try {
        migrate_central_schema(*writer_);
        // About 40 MB of log before a writer checkpoints by itself; the checkpointer thread
        // keeps it far below that.
        writer_->exec("PRAGMA wal_autocheckpoint=10000");
    } catch (const StoreError& e) {
        throw_central_error(e, file);
    }
    epoch_ = with_writer([](sqlite::Database& c) {
        sqlite::Transaction tx(c, "read the catalogue epoch");
        std::string epoch;
        {
            sqlite::Statement get = c.prepare("SELECT value FROM meta WHERE key = 'catalog_epoch'");
            if (get.step()) epoch = get.text(0);
        }
        if (epoch.empty()) {
            epoch = random_hex(6);
            c.prepare("INSERT INTO meta (key, value) VALUES ('catalog_epoch', ?)")
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
    std::unique_ptr<sqlite::Database> connection;
    std::unique_lock lock(checkpoint_mutex_);
    while (true) {
        checkpoint_wake_.wait_for(lock, std::chrono::milliseconds(250));
        bool truncate = truncate_;
        if (!written_ && !truncate && !stopping_) continue;
        written_ = false;
        lock.unlock();
        bool truncated = false;
        try {
            if (!connection) connection = open_connection(file_);
            // Truncating makes new writers wait for old readers: wait briefly, retry later.
            if (truncate)
                truncated = checkpoint_truncate(*connection, 200);
            else
                checkpoint_passive(*connection);
        } catch (...) {
            // The backstop automatic checkpoint keeps the log bounded; try again next time.
            // (Any exception: nothing of this thread may end the centre.)
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
    if (!connection) connection = open_connection(store.file_);
}

SqliteCentralStore::ReaderLease::~ReaderLease() {
    std::lock_guard lock(store.readers_mutex_);
    store.idle_readers_.push_back(std::move(connection));
}

std::string SqliteCentralStore::catalog_epoch() {
    return epoch_;
}

// -- devices
// ---------------------------------------------------------------------------------------

void SqliteCentralStore::add_device(const DeviceRecord& d, const TokenHash& token_hash) {
    with_writer([&](sqlite::Database& c) {
        sqlite::Transaction tx(c, "write");
        c.prepare(
             "INSERT INTO devices (id, name, info_point_id, token_hash, created_ms)"
             " VALUES (?, ?, ?, ?, ?)")
            .bind(1, d.id)
            .bind(2, d.name)
            .bind(3, d.info_point_id)
            .bind(4, hash_to_hex(token_hash))
            .bind(5, d.created_ms)
            .run();
        tx.commit();
    });
}

std::vector<DeviceRecord> SqliteCentralStore::devices(const std::optional<PageCursor>& after,
                                                      int64_t limit) {
    return with_reader([&](sqlite::Database& c) {
        // Without a cursor, a place before every device: one statement for both cases.
        sqlite::Statement s = c.prepare(
            "SELECT id, name, info_point_id, created_ms, revoked_ms, last_seen_ms, app_version,"
            " token_hash FROM devices WHERE (created_ms, id) > (?1, ?2)"
            " ORDER BY created_ms, id LIMIT ?3");
        s.bind(1, after ? after->ms : INT64_MIN).bind(2, after ? after->id : "").bind(3, limit);
        std::vector<DeviceRecord> out;
        while (s.step()) {
            out.push_back(read_device(s));
            out.back().token_hash = {};  // listings never carry hashes
        }
        return out;
    });
}

std::optional<DeviceRecord> SqliteCentralStore::device_by_token(const TokenHash& token_hash) {
    return with_reader([&](sqlite::Database& c) -> std::optional<DeviceRecord> {
        sqlite::Statement s = c.prepare(
            "SELECT id, name, info_point_id, created_ms, revoked_ms, last_seen_ms, app_version,"
            " token_hash FROM devices WHERE token_hash = ?");
        s.bind(1, hash_to_hex(token_hash));
        if (!s.step()) return std::nullopt;
        DeviceRecord d = read_device(s);
        return d;
    });
}

bool SqliteCentralStore::revoke_device(std::string_view id, int64_t now_ms) {
    return with_writer([&](sqlite::Database& c) {
        sqlite::Transaction tx(c, "write");
        bool already;
        {
            sqlite::Statement s = c.prepare("SELECT revoked_ms FROM devices WHERE id = ?");
            s.bind(1, id);
            if (!s.step()) return false;
            already = s.int64(0) != 0;
        }
        if (!already) {
            c.prepare("UPDATE devices SET revoked_ms = ? WHERE id = ?")
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
    with_writer([&](sqlite::Database& c) {
        sqlite::Transaction tx(c, "write");
        c.prepare(
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
    with_writer([&](sqlite::Database& c) {
        sqlite::Transaction tx(c, "write");
        c.prepare(
             "INSERT INTO coordinators (id, name, organisation_id, token_hash, created_ms)"
             " VALUES (?, ?, ?, ?, ?)")
            .bind(1, k.id)
            .bind(2, k.name)
            .bind(3, k.organisation_id)
            .bind(4, hash_to_hex(token_hash))
            .bind(5, k.created_ms)
            .run();
        tx.commit();
    });
}

std::vector<CoordinatorRecord> SqliteCentralStore::coordinators() {
    return with_reader([](sqlite::Database& c) {
        sqlite::Statement s = c.prepare(
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
    return with_reader([&](sqlite::Database& c) -> std::optional<CoordinatorRecord> {
        sqlite::Statement s = c.prepare(
            "SELECT id, name, organisation_id, created_ms, revoked_ms, token_hash"
            " FROM coordinators WHERE token_hash = ?");
        s.bind(1, hash_to_hex(token_hash));
        if (!s.step()) return std::nullopt;
        CoordinatorRecord k = read_coordinator(s);
        return k;
    });
}

bool SqliteCentralStore::revoke_coordinator(std::string_view id, int64_t now_ms) {
    return with_writer([&](sqlite::Database& c) {
        sqlite::Transaction tx(c, "write");
        bool already;
        {
            sqlite::Statement s = c.prepare("SELECT revoked_ms FROM coordinators WHERE id = ?");
            s.bind(1, id);
            if (!s.step()) return false;
            already = s.int64(0) != 0;
        }
        if (!already) {
            c.prepare("UPDATE coordinators SET revoked_ms = ? WHERE id = ?")
                .bind(1, now_ms)
                .bind(2, id)
                .run();
        }
        tx.commit();
        return true;
    });
}

}  // namespace talkoo::central
