// The network's public key in the device store, and the one-time sealing of signups that an
// earlier version of the kiosk kept in plain text (see local_store.hpp and store_outbox.cpp).
//
// The key is kept in the settings table ("network.public_key" and where it came from). When a
// store first learns a real (not demo) key, any signup row with plain personal fields and no
// sealed blob is sealed to it, its plain columns emptied, in the same transaction; secure_delete
// overwrites the old cells, and a truncating checkpoint then copies the wiped pages over the
// file's and empties the WAL, so the plain text is gone from both.
#include <cstdlib>

#include "core/clock.hpp"
#include "core/store_impl.hpp"

namespace talkoo {
namespace {

constexpr std::string_view kKeySetting = "network.public_key";
constexpr std::string_view kSourceSetting = "network.public_key_source";
constexpr std::string_view kReceivedSetting = "network.public_key_received_ms";

std::optional<std::string> read_setting(sqlite::Database& db, std::string_view key) {
    sqlite::Statement st = db.prepare("SELECT value FROM settings WHERE key = ?1");
    st.bind(1, key);
    if (!st.step()) return std::nullopt;
    return st.text(0);
}

void write_setting(sqlite::Database& db, std::string_view key, std::string_view value) {
    db.prepare(
          "INSERT INTO settings (key, value) VALUES (?1, ?2) "
          "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(1, key)
        .bind(2, value)
        .run();
}

// Seals every row that still holds plain personal fields. Inside the caller's transaction.
int seal_plain_rows(sqlite::Database& db, const seal::PublicKey& key) {
    std::vector<Signup> plain;
    {
        sqlite::Statement st = db.prepare(
            "SELECT id, name, phone, email, message, age_group FROM signups "
            "WHERE sealed IS NULL AND personal_data_erased = 0");
        while (st.step()) {
            Signup s;
            s.id = st.text(0);
            s.name = st.text(1);
            s.phone = st.text(2);
            s.email = st.text(3);
            s.message = st.text(4);
            if (!st.is_null(5)) s.age_group = parse_age_group(st.text(5));
            plain.push_back(std::move(s));
        }
    }
    for (Signup& s : plain) {
        SealedSignup sealed = seal_signup(s, key);
        db.prepare(
              "UPDATE signups SET name = '', phone = '', email = '', message = '', "
              "age_group = NULL, sealed = ?2 WHERE id = ?1")
            .bind(1, s.id)
            .bind_blob(2, sealed.sealed)
            .run();
        clear_personal_fields(s);
    }
    return static_cast<int>(plain.size());
}

}  // namespace

std::string_view to_string(NetworkKeySource source) {
    switch (source) {
        case NetworkKeySource::centre:
            return "centre";
        case NetworkKeySource::file:
            return "file";
        case NetworkKeySource::demo_file:
            return "demo file";
    }
    return "centre";
}

std::optional<NetworkKey> LocalStore::network_key() {
    sqlite::Database& db = impl_->db;
    sqlite::Transaction tx(db, "read the network's key", sqlite::Transaction::Kind::read);
    std::optional<std::string> text = read_setting(db, kKeySetting);
    if (!text) return std::nullopt;
    NetworkKey key;
    try {
        key.key = seal::parse_public_key(*text);
    } catch (const seal::SealError&) {
        throw StoreError(StoreError::Code::corrupt,
                         "The store file " + path().string() +
                             " holds a damaged network key. Sync with the centre or load the "
                             "catalogue file again to replace it.");
    }
    std::string source = read_setting(db, kSourceSetting).value_or("centre");
    key.source = source == "file"        ? NetworkKeySource::file
                 : source == "demo file" ? NetworkKeySource::demo_file
                                         : NetworkKeySource::centre;
    key.received_ms = std::atoll(read_setting(db, kReceivedSetting).value_or("0").c_str());
    return key;
}

int LocalStore::set_network_key(const NetworkKey& key) {
    sqlite::Database& db = impl_->db;
    int sealed = 0;
    {
        sqlite::Transaction tx(db, "save the network's key");
        write_setting(db, kKeySetting, seal::to_text(key.key));
        write_setting(db, kSourceSetting, to_string(key.source));
        write_setting(db, kReceivedSetting, std::to_string(key.received_ms));
        if (key.source != NetworkKeySource::demo_file) sealed = seal_plain_rows(db, key.key);
        tx.commit();
    }
    if (sealed > 0) {
        try {
            db.prepare("PRAGMA wal_checkpoint(TRUNCATE)").run();
        } catch (const StoreError& e) {
            if (e.code != StoreError::Code::busy) throw;  // the next checkpoint finishes it
        }
    }
    return sealed;
}

}  // namespace talkoo
