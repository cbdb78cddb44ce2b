// The signup outbox: where a visitor's signup is made durable before the thank-you screen, and
// how it moves until the centre has it.
//
//   commit_signup ──► pending ──mark_sent──► sent ──mark_acknowledged──► acknowledged
//                        ▲  ◄──record_failed_attempt──┘      (erase_acknowledged_personal_data
//                        │                                     later blanks its personal fields)
//                        └──retry_needs_attention── needs_attention ◄──mark_needs_attention──
//
// `attempts` counts posts to the centre: mark_sent adds one, and so does a failed attempt on a
// signup that was not marked sent first, so each attempt counts once whichever calls the sync
// worker makes. An acknowledged signup never goes back: late or repeated answers change nothing.
// Messages and last_error never hold personal data: only ids, field names and codes.
//
// Personal fields reach the file only sealed (the `sealed` column, see sealed_signup.hpp); the
// name, phone, email and message columns are empty for every signup this version stores. They
// hold text only in files of versions before sealing, until set_network_key seals it
// (store_sealing.cpp); such rows stay out of outbox_batch until then.
#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>
#include <variant>

#include "core/clock.hpp"
#include "core/store_impl.hpp"
#include "core/validation.hpp"

namespace talkoo {
namespace {

using sqlite::Database;
using sqlite::Statement;

constexpr const char* kSignupColumns =
    "seq, id, name, phone, email, message, age_group, lang, consent_version, consent_ms, "
    "info_point_id, device_id, created_ms, state, attempts, last_error, acknowledged_ms, sealed, "
    "handed_over_ms";

OutboxState parse_state(std::string_view s) {
    if (s == "sent") return OutboxState::sent;
    if (s == "acknowledged") return OutboxState::acknowledged;
    if (s == "needs_attention") return OutboxState::needs_attention;
    return OutboxState::pending;
}

// Reads the row of `st` (kSignupColumns) together with its task ids.
OutboxEntry read_entry(Database& db, const Statement& st) {
    OutboxEntry e;
    Signup& s = e.signup;
    const int64_t seq = st.int64(0);
    s.id = st.text(1);
    s.name = st.text(2);
    s.phone = st.text(3);
    s.email = st.text(4);
    s.message = st.text(5);
    if (!st.is_null(6)) s.age_group = parse_age_group(st.text(6));
    s.lang = parse_lang(st.text(7)).value_or(Lang::fi);
    s.consent_version = st.text(8);
    s.consent_ms = st.int64(9);
    s.info_point_id = st.text(10);
    s.device_id = st.text(11);
    s.created_ms = st.int64(12);
    e.state = parse_state(st.text(13));
    e.attempts = st.integer(14);
    e.last_error = st.text(15);
    e.acknowledged_ms = st.int64(16);
    if (!st.is_null(17)) e.sealed = std::string(st.blob(17));
    e.handed_over_ms = st.int64(18);
    Statement tasks =
        db.prepare("SELECT task_id FROM signup_tasks WHERE signup_seq = ?1 ORDER BY position");
    tasks.bind(1, seq);
    while (tasks.step())
        s.task_ids.push_back(tasks.text(0));
    return e;
}

std::vector<OutboxEntry> read_entries(Database& db, const std::string& where_order_limit,
                                      int64_t limit = -1) {
    sqlite::Transaction tx(db, "read the signup outbox", sqlite::Transaction::Kind::read);
    Statement st =
        db.prepare(std::string("SELECT ") + kSignupColumns + " FROM signups " + where_order_limit);
    if (limit >= 0) st.bind(1, limit);
    std::vector<OutboxEntry> entries;
    while (st.step())
        entries.push_back(read_entry(db, st));
    return entries;
}

// Runs `sql` (with ?1 = one id, and ?2 = `value` if given) for each id, in one transaction.
void update_each(Database& db, std::string_view activity, const std::vector<std::string>& ids,
                 const char* sql, std::optional<std::variant<int64_t, std::string>> value = {}) {
    sqlite::Transaction tx(db, activity);
    for (const std::string& id : ids) {
        Statement st = db.prepare(sql);
        st.bind(1, id);
        if (value) {
            if (const auto* i = std::get_if<int64_t>(&*value))
                st.bind(2, *i);
            else
                st.bind(2, std::get<std::string>(*value));
        }
        st.run();
    }
    tx.commit();
}

}  // namespace

void LocalStore::commit_signup(const SealedSignup& sealed) {
    const Signup& s = sealed.signup;
    // Field names and codes only: the validator's sentences could quote what was typed.
    if (ValidationErrors errors = validate_signup_clear_part(s); !errors.empty()) {
        std::string list;
        for (const FieldError& e : errors)
            list += (list.empty() ? "" : ", ") + e.field + " (" + e.code + ")";
        throw StoreError(StoreError::Code::invalid,
                         "The signup was not saved because some fields are not valid: " + list +
                             ". Nothing was stored; the form should have caught this.");
    }
    try {
        seal::read_header(sealed.sealed);
    } catch (const seal::SealError& e) {
        throw StoreError(StoreError::Code::invalid,
                         std::string("The signup was not saved: its personal fields are not "
                                     "sealed properly (") +
                             e.what() + "). Nothing was stored.");
    }
    Database& db = impl_->db;
    sqlite::Transaction tx(db, "save the signup");
    {
        Statement st = db.prepare("SELECT 1 FROM signups WHERE id = ?1");
        st.bind(1, s.id);
        if (st.step())
            throw StoreError(
                StoreError::Code::duplicate,
                "Signup " + s.id + " is already stored; it was not stored a second time.");
    }
    for (const std::string& task_id : s.task_ids) {
        Statement st = db.prepare("SELECT 1 FROM tasks WHERE id = ?1");
        st.bind(1, task_id);
        if (!st.step())
            throw StoreError(StoreError::Code::invalid,
                             "The signup was not saved: it names task '" + task_id +
                                 "', which is not in the catalogue (perhaps it was just " +
                                 "withdrawn). Choose the tasks again.");
    }
    // The personal columns stay empty: the fields are in `sealed`.
    Statement insert = db.prepare(
        "INSERT INTO signups (id, name, phone, email, message, age_group, lang, "
        "consent_version, consent_ms, info_point_id, device_id, created_ms, created_day, sealed) "
        "VALUES (?1, '', '', '', '', NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    insert.bind(1, s.id)
        .bind(2, lang_code(s.lang))
        .bind(3, s.consent_version)
        .bind(4, s.consent_ms)
        .bind(5, s.info_point_id)
        .bind(6, s.device_id)
        .bind(7, s.created_ms)
        .bind(8, local_date(s.created_ms))
        .bind_blob(9, sealed.sealed);
    insert.run();
    const int64_t seq = db.last_insert_rowid();
    for (size_t i = 0; i < s.task_ids.size(); ++i)
        db.prepare("INSERT INTO signup_tasks (signup_seq, position, task_id) VALUES (?1, ?2, ?3)")
            .bind(1, seq)
            .bind(2, static_cast<int64_t>(i))
            .bind(3, s.task_ids[i])
            .run();
    // Returns once the WAL is synced (synchronous=FULL): from here on the signup survives.
    tx.commit();
}

std::vector<SealedSignup> LocalStore::outbox_batch(int limit) {
    std::vector<SealedSignup> batch;
    for (OutboxEntry& e : read_entries(impl_->db,
                                       "WHERE state IN ('pending', 'sent') AND sealed IS NOT NULL "
                                       "ORDER BY created_ms, seq LIMIT ?1",
                                       std::max(0, limit)))
        batch.push_back({std::move(e.signup), std::move(e.sealed)});
    return batch;
}

void LocalStore::mark_sent(const std::vector<std::string>& ids) {
    update_each(impl_->db, "mark signups as sent", ids,
                "UPDATE signups SET state = 'sent', attempts = attempts + 1 "
                "WHERE id = ?1 AND state IN ('pending', 'sent')");
}

void LocalStore::mark_acknowledged(const std::vector<std::string>& ids, int64_t when_ms) {
    update_each(impl_->db, "mark signups as safe at the centre", ids,
                "UPDATE signups SET state = 'acknowledged', acknowledged_ms = ?2, "
                "last_error = '' WHERE id = ?1 AND state != 'acknowledged'",
                when_ms);
}

void LocalStore::mark_needs_attention(std::string_view id, std::string_view reason) {
    update_each(impl_->db, "mark a signup as needing attention", {std::string(id)},
                "UPDATE signups SET state = 'needs_attention', last_error = ?2 "
                "WHERE id = ?1 AND state IN ('pending', 'sent')",
                std::string(reason));
}

void LocalStore::record_failed_attempt(const std::vector<std::string>& ids,
                                       std::string_view error) {
    update_each(impl_->db, "record a failed sending attempt", ids,
                "UPDATE signups SET attempts = attempts + (state = 'pending'), "
                "state = 'pending', last_error = ?2 "
                "WHERE id = ?1 AND state IN ('pending', 'sent')",
                std::string(error));
}

int LocalStore::retry_needs_attention() {
    Database& db = impl_->db;
    sqlite::Transaction tx(db, "put signups back in the queue");
    db.prepare("UPDATE signups SET state = 'pending' WHERE state = 'needs_attention'").run();
    const int changed = static_cast<int>(db.changes());
    tx.commit();
    return changed;
}

std::optional<OutboxEntry> LocalStore::outbox_entry(std::string_view id) {
    Database& db = impl_->db;
    sqlite::Transaction tx(db, "read the signup outbox", sqlite::Transaction::Kind::read);
    Statement st =
        db.prepare(std::string("SELECT ") + kSignupColumns + " FROM signups WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_entry(db, st);
}

std::vector<OutboxEntry> LocalStore::needs_attention() {
    return read_entries(impl_->db, "WHERE state = 'needs_attention' ORDER BY created_ms, seq");
}

OutboxSummary LocalStore::outbox_summary() {
    Statement st = impl_->db.prepare(
        "SELECT state, count(*), min(created_ms), sum(handed_over_ms > 0) FROM signups "
        "GROUP BY state");
    OutboxSummary summary;
    while (st.step()) {
        const OutboxState state = parse_state(st.text(0));
        const int count = st.integer(1);
        const int64_t oldest = st.int64(2);
        if (state == OutboxState::acknowledged) {
            summary.acknowledged += count;
            continue;
        }
        summary.handed_over += st.integer(3);
        if (state == OutboxState::needs_attention)
            summary.needs_attention += count;
        else
            summary.pending += count;
        if (summary.oldest_waiting_ms == 0 || oldest < summary.oldest_waiting_ms)
            summary.oldest_waiting_ms = oldest;
    }
    return summary;
}

int LocalStore::signups_on(std::string_view day) {
    Statement st = impl_->db.prepare("SELECT count(*) FROM signups WHERE created_day = ?1");
    st.bind(1, day);
    return st.step() ? st.integer(0) : 0;
}

int LocalStore::erase_acknowledged_personal_data(int64_t acknowledged_before_ms) {
    Database& db = impl_->db;
    sqlite::Transaction tx(db, "erase personal data of delivered signups");
    db.prepare(
          "UPDATE signups SET name = '', phone = '', email = '', message = '', sealed = NULL, "
          "age_group = NULL, personal_data_erased = 1 "
          "WHERE state = 'acknowledged' AND acknowledged_ms < ?1 "
          "AND personal_data_erased = 0")
        .bind(1, acknowledged_before_ms)
        .run();
    const int erased = static_cast<int>(db.changes());
    tx.commit();
    if (erased == 0) return 0;
    // secure_delete zeroes the old cells in the pages the UPDATE wrote, but those pages sit in
    // the WAL until a checkpoint, and the file still holds the old ones. A truncating
    // checkpoint copies the wiped pages over them and empties the WAL. If a reader of the
    // other connection holds an old snapshot it cannot finish now; the next checkpoint will.
    try {
        Statement st = db.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
        st.run();
    } catch (const StoreError& e) {
        if (e.code != StoreError::Code::busy) throw;
    }
    return erased;
}

bool LocalStore::withdraw_signup(std::string_view id) {
    Database& db = impl_->db;
    sqlite::Transaction tx(db, "withdraw a signup that was never confirmed");
    // Only while it waits: one the centre may already hold is never taken back here.
    Statement st = db.prepare("DELETE FROM signups WHERE id = ?1 AND state = 'pending'");
    st.bind(1, id);
    st.run();
    const bool withdrawn = db.changes() > 0;
    tx.commit();
    return withdrawn;
}

}  // namespace talkoo

// -- staff at a stop -------------------------------------------------------------------------

namespace talkoo {
namespace {

// A checkpoint that empties the write-ahead log into the file. The sync thread's connection
// may hold a read snapshot for a moment (SQLITE_BUSY, or a checkpoint that cannot finish): such
// reads are short, so this waits for them, for up to about five seconds.
void checkpoint_truncate(Database& db) {
    for (int attempt = 0;; ++attempt) {
        try {
            Statement st = db.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
            // (busy, log frames, frames checkpointed): busy = 1 when a reader held it back.
            if (st.step() && st.integer(0) == 0) return;
        } catch (const StoreError& e) {
            if (e.code != StoreError::Code::busy) throw;
        }
        if (attempt == 100)
            throw StoreError(StoreError::Code::busy,
                             "The store's log could not be emptied into its file because another "
                             "part of the kiosk kept reading it; nothing is lost. Try again in a "
                             "moment.");
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

}  // namespace

std::vector<OutboxEntry> LocalStore::unacknowledged(const std::vector<std::string>& ids) {
    std::vector<OutboxEntry> all =
        read_entries(impl_->db,
                     "WHERE state != 'acknowledged' AND sealed IS NOT NULL "
                     "ORDER BY created_ms, seq");
    if (ids.empty()) return all;
    std::vector<OutboxEntry> chosen;
    for (OutboxEntry& e : all)
        if (std::find(ids.begin(), ids.end(), e.signup.id) != ids.end())
            chosen.push_back(std::move(e));
    return chosen;
}

void LocalStore::mark_handed_over(const std::vector<std::string>& ids, int64_t when_ms) {
    update_each(impl_->db, "mark signups as handed over", ids,
                "UPDATE signups SET handed_over_ms = ?2 WHERE id = ?1 AND state != 'acknowledged'",
                when_ms);
}

bool LocalStore::retry_signup(std::string_view id) {
    Database& db = impl_->db;
    sqlite::Transaction tx(db, "put a signup back in the queue");
    Statement st = db.prepare(
        "UPDATE signups SET state = 'pending', last_error = '' "
        "WHERE id = ?1 AND state = 'needs_attention'");
    st.bind(1, id);
    st.run();
    const bool changed = db.changes() > 0;
    tx.commit();
    return changed;
}

PersonalDataErasure LocalStore::erase_all_personal_data() {
    Database& db = impl_->db;
    PersonalDataErasure done;
    {
        sqlite::Transaction tx(db, "erase the personal data on this device");
        db.prepare(
              "UPDATE signups SET name = '', phone = '', email = '', message = '', sealed = NULL, "
              "age_group = NULL, personal_data_erased = 1 "
              "WHERE state = 'acknowledged' AND personal_data_erased = 0")
            .run();
        done.wiped = static_cast<int>(db.changes());
        // Their tasks go with them (signup_tasks cascades).
        db.prepare("DELETE FROM signups WHERE state != 'acknowledged'").run();
        done.deleted = static_cast<int>(db.changes());
        tx.commit();
    }
    // secure_delete zeroed the old cells, but in pages that sit in the log: the checkpoint puts
    // them over the file's pages and empties the log; VACUUM then rebuilds the file without
    // free pages (through the log again), and a last checkpoint empties that.
    checkpoint_truncate(db);
    db.exec("VACUUM");
    checkpoint_truncate(db);
    return done;
}

}  // namespace talkoo
