// LocalStore's life cycle (opening, creating its folder, migrating) and its small device
// records: the device id and settings. The catalogue, the outbox and the usage counters live in
// their own files (see store_impl.hpp).
#include "core/local_store.hpp"

#include <system_error>

#include "core/store_impl.hpp"
#include "core/store_schema.hpp"

namespace talkoo {

std::string_view to_string(OutboxState state) {
    switch (state) {
        case OutboxState::pending:
            return "pending";
        case OutboxState::sent:
            return "sent";
        case OutboxState::acknowledged:
            return "acknowledged";
        case OutboxState::needs_attention:
            return "needs_attention";
    }
    return "pending";
}

LocalStore::LocalStore(const std::filesystem::path& file) {
    const std::filesystem::path folder = file.parent_path();
    if (!folder.empty()) {
        std::error_code ec;
        // A folder made here is the kiosk's own: nobody else's to list or read (0700).
        if (!std::filesystem::exists(folder, ec) && std::filesystem::create_directories(folder, ec))
            std::filesystem::permissions(folder, std::filesystem::perms::owner_all, ec);
        if (ec == std::errc::permission_denied || ec == std::errc::read_only_file_system)
            throw StoreError(StoreError::Code::read_only,
                             "The data folder " + folder.string() +
                                 " cannot be created: the folder above it is read-only. Ask the " +
                                 "technician to create it or to choose another data folder.");
        if (ec)
            throw StoreError(StoreError::Code::cannot_open,
                             "The data folder " + folder.string() + " cannot be created (" +
                                 ec.message() + "). Check the kiosk's data folder setting.");
    }
    // The file, its WAL and shared-memory file hold sealed personal data and the device's
    // identity: the kiosk's user alone may read them.
    sqlite::make_private(file);
    impl_ = std::make_unique<Impl>(file);
    store::configure_connection(impl_->db);
    store::migrate(impl_->db, store::migrations(), store::current_version());
}

LocalStore::~LocalStore() = default;
LocalStore::LocalStore(LocalStore&&) noexcept = default;
LocalStore& LocalStore::operator=(LocalStore&&) noexcept = default;

int LocalStore::current_schema_version() {
    return store::current_version();
}

int LocalStore::schema_version() {
    return store::schema_version(impl_->db);
}

const std::filesystem::path& LocalStore::path() const {
    return impl_->db.path();
}

std::string LocalStore::device_id() {
    auto st = impl_->db.prepare("SELECT id FROM device WHERE only_row = 1");
    if (!st.step())
        throw StoreError(StoreError::Code::corrupt,
                         "The store file " + path().string() +
                             " has lost its device id. Ask the technician to check it.");
    return st.text(0);
}

std::optional<std::string> LocalStore::setting(std::string_view key) {
    auto st = impl_->db.prepare("SELECT value FROM settings WHERE key = ?1");
    st.bind(1, key);
    if (!st.step()) return std::nullopt;
    return st.text(0);
}

void LocalStore::set_setting(std::string_view key, std::string_view value) {
    sqlite::Transaction tx(impl_->db, "save the setting '" + std::string(key) + "'");
    impl_->db
        .prepare(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(1, key)
        .bind(2, value)
        .run();
    tx.commit();
}

void LocalStore::checkpoint() {
    try {
        impl_->db.prepare("PRAGMA wal_checkpoint(TRUNCATE)").run();
    } catch (const StoreError& e) {
        if (e.code != StoreError::Code::busy) throw;  // a reader's snapshot: the next one will do
    }
}

}  // namespace talkoo
