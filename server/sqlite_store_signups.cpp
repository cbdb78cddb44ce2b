// Signups and usage counters in the SQLite back end.
//
// A group of batches (group commit: the batches of several kiosks' requests that arrived while
// the previous group was being committed) is one transaction under the writer connection: either
// the whole group is durable when store_signup_batches returns, or (on an error) none of it is
// and the kiosks retry. Two kiosks posting the same id at once are serialised by the writer; the
// second finds the first row and compares content digests, so concurrent retries end as exactly
// one "stored" and duplicates.
//
// Personal fields arrive sealed (SignupToStore, made by SignupVault) and are stored as such; the
// plain columns name, phone, email and message stay empty. Erasure and retention delete the
// sealed blob, the digest and the lookup keys; secure_delete overwrites them in the pages, and
// the checkpointer truncates the log afterwards.
#include <cstdint>
#include <functional>

#include "core/clock.hpp"
#include "server/sqlite_store.hpp"

namespace talkoo::central {
namespace {

// The last column is the info point mark (SignupRecord::info_point_known): worked out when read,
// from the catalogue's rows, tombstones included.
#define TALKOO_SIGNUP_COLUMNS                                                          \
    "id, device_id, info_point_id, created_ms, received_ms, lang, age_group,"          \
    " consent_version, consent_ms, name, phone, email, message, follow_up, erased_ms," \
    " sealed, signups.info_point_id = '' OR EXISTS (SELECT 1 FROM catalog"             \
    " WHERE catalog.kind = 'info_point' AND catalog.id = signups.info_point_id)"

constexpr const char* kSelectSignup = "SELECT " TALKOO_SIGNUP_COLUMNS " FROM signups WHERE id = ?";

SignupRecord read_signup_row(const sqlite::Statement& s) {
    SignupRecord r;
    Signup& g = r.signup;
    g.id = s.text(0);
    g.device_id = s.text(1);
    g.info_point_id = s.text(2);
    g.created_ms = s.int64(3);
    r.received_ms = s.int64(4);
    g.lang = parse_lang(s.blob(5)).value_or(Lang::fi);
    if (!s.is_null(6)) g.age_group = parse_age_group(s.blob(6));
    g.consent_version = s.text(7);
    g.consent_ms = s.int64(8);
    g.name = s.text(9);
    g.phone = s.text(10);
    g.email = s.text(11);
    g.message = s.text(12);
    r.follow_up = parse_follow_up(s.blob(13)).value_or(FollowUp::new_);
    r.erased_ms = s.int64(14);
    if (!s.is_null(15)) r.sealed = std::string(s.blob(15));
    r.info_point_known = s.int64(16) != 0;
    return r;
}

void read_signup_tasks(sqlite::Database& c, SignupRecord& r) {
    sqlite::Statement s = c.prepare(
        "SELECT task_id, organisation_id FROM signup_tasks WHERE signup_id = ? ORDER BY position");
    s.bind(1, r.signup.id);
    while (s.step()) {
        r.tasks.push_back({s.text(0), s.text(1)});
        r.signup.task_ids.push_back(r.tasks.back().task_id);
    }
}

std::optional<SignupRecord> read_signup(sqlite::Database& c, std::string_view id) {
    sqlite::Statement s = c.prepare(kSelectSignup);
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    SignupRecord r = read_signup_row(s);
    read_signup_tasks(c, r);
    return r;
}

void insert_tasks(sqlite::Database& c, const Signup& s) {
    for (size_t i = 0; i < s.task_ids.size(); ++i) {
        // The task's organisation as the catalogue knows it, tombstones included: a kiosk with an
        // older catalogue may name a task deleted since, and that interest still belongs to
        // the organisation that published the task.
        std::string organisation_id;
        {
            sqlite::Statement org =
                c.prepare("SELECT organisation_id FROM catalog WHERE kind = 'task' AND id = ?");
            org.bind(1, s.task_ids[i]);
            if (org.step()) organisation_id = org.text(0);
        }
        c.prepare(
             "INSERT INTO signup_tasks (signup_id, position, task_id, organisation_id)"
             " VALUES (?, ?, ?, ?)")
            .bind(1, s.id)
            .bind(2, static_cast<int64_t>(i))
            .bind(3, s.task_ids[i])
            .bind(4, organisation_id)
            .run();
    }
}

void insert_lookup_keys(sqlite::Database& c, const SignupToStore& s) {
    for (const seal::Digest& key : s.lookup_keys)
        c.prepare("INSERT OR IGNORE INTO signup_lookup (key, signup_id) VALUES (?, ?)")
            .bind_blob(1, {reinterpret_cast<const char*>(key.data()), key.size()})
            .bind(2, s.signup.id)
            .run();
}

std::string_view digest_bytes(const seal::Digest& d) {
    return {reinterpret_cast<const char*>(d.data()), d.size()};
}

// Erases the personal data of the signups `where` selects (?1 = now, then its own binds).
int erase_where(sqlite::Database& c, const std::string& where,
                const std::function<void(sqlite::Statement&)>& bind) {
    {
        sqlite::Statement lookups = c.prepare(
            "DELETE FROM signup_lookup WHERE signup_id IN (SELECT id FROM signups WHERE " + where +
            ")");
        bind(lookups);
        lookups.run();
    }
    sqlite::Statement erase = c.prepare(
        "UPDATE signups SET name = '', phone = '', email = '', message = '', sealed = NULL,"
        " content_digest = NULL, erased_ms = CASE WHEN erased_ms = 0 THEN ?1 ELSE erased_ms END"
        " WHERE " +
        where);
    bind(erase);
    erase.run();
    return static_cast<int>(c.changes());
}

// One signup of a group, inside the group's transaction.
SignupOutcome store_one(sqlite::Database& c, const SignupToStore& stored, int64_t received_ms) {
    const Signup& s = stored.signup;
    sqlite::Statement insert = c.prepare(
        "INSERT INTO signups (id, device_id, info_point_id, created_ms, created_day,"
        " received_ms, lang, age_group, consent_version, consent_ms, name, phone, email,"
        " message, sealed, content_digest)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', '', ?, ?)"
        " ON CONFLICT (id) DO NOTHING");
    insert.bind(1, s.id)
        .bind(2, s.device_id)
        .bind(3, s.info_point_id)
        .bind(4, s.created_ms)
        .bind(5, local_date(s.created_ms))
        .bind(6, received_ms)
        .bind(7, lang_code(s.lang));
    if (s.age_group)
        insert.bind(8, to_string(*s.age_group));
    else
        insert.bind_null(8);
    insert.bind(9, s.consent_version)
        .bind(10, s.consent_ms)
        .bind_blob(11, stored.sealed)
        .bind_blob(12, digest_bytes(stored.content_digest))
        .run();
    if (c.changes() == 1) {
        insert_tasks(c, s);
        insert_lookup_keys(c, stored);
        return SignupOutcome::stored;
    }
    sqlite::Statement existing =
        c.prepare("SELECT erased_ms, content_digest FROM signups WHERE id = ?");
    existing.bind(1, s.id);
    // An erased signup no longer has the content to compare; its id is still known, so a late
    // retry is a duplicate and the erased data does not come back.
    if (existing.step() &&
        (existing.int64(0) != 0 || existing.blob(1) == digest_bytes(stored.content_digest)))
        return SignupOutcome::duplicate;
    return SignupOutcome::conflict;
}

}  // namespace

std::vector<std::vector<SignupOutcome>> SqliteCentralStore::store_signup_batches(
    const std::vector<const SignupBatch*>& batches) {
    std::vector<std::vector<SignupOutcome>> outcomes(batches.size());
    bool any = false;
    for (const SignupBatch* b : batches)
        any = any || !b->signups.empty();
    if (!any) return outcomes;  // only rejected signups: nothing to write
    with_writer([&](sqlite::Database& c) {
        sqlite::Transaction tx(c, "write");
        for (size_t i = 0; i < batches.size(); ++i) {
            outcomes[i].reserve(batches[i]->signups.size());
            for (const SignupToStore& stored : batches[i]->signups)
                outcomes[i].push_back(store_one(c, stored, batches[i]->received_ms));
        }
        tx.commit();
    });
    return outcomes;
}

std::optional<SignupRecord> SqliteCentralStore::signup(std::string_view id) {
    return with_reader([&](sqlite::Database& c) { return read_signup(c, id); });
}

std::vector<SignupRecord> SqliteCentralStore::signups(const SignupQuery& q) {
    return with_reader([&](sqlite::Database& c) {
        sqlite::Transaction snapshot(c, "read", sqlite::Transaction::Kind::read);
        // One fixed statement: a filter that is not given binds NULL and matches everything;
        // without a cursor, the place before every signup. The walk follows the index on
        // (created_ms, id) from the cursor on, so a page costs the same wherever it starts.
        sqlite::Statement s =
            c.prepare("SELECT " TALKOO_SIGNUP_COLUMNS
                      " FROM signups INDEXED BY signups_by_created"
                      " WHERE (created_ms, id) > (?8, ?9)"
                      "   AND (?1 IS NULL OR EXISTS (SELECT 1 FROM signup_tasks t"
                      "        WHERE t.signup_id = signups.id AND t.organisation_id = ?1))"
                      "   AND (?2 IS NULL OR info_point_id = ?2)"
                      "   AND (?3 IS NULL OR created_day >= ?3)"
                      "   AND (?4 IS NULL OR created_day <= ?4)"
                      "   AND (?5 IS NULL OR follow_up = ?5)"
                      " ORDER BY created_ms, id LIMIT ?6 OFFSET ?7");
        auto bind_optional = [&](int i, const std::optional<std::string>& v) {
            if (v)
                s.bind(i, *v);
            else
                s.bind_null(i);
        };
        bind_optional(1, q.organisation_id);
        bind_optional(2, q.info_point_id);
        bind_optional(3, q.since_day);
        bind_optional(4, q.until_day);
        if (q.follow_up)
            s.bind(5, to_string(*q.follow_up));
        else
            s.bind_null(5);
        s.bind(6, q.limit).bind(7, q.offset);
        s.bind(8, q.after ? q.after->ms : INT64_MIN).bind(9, q.after ? q.after->id : "");
        std::vector<SignupRecord> out;
        while (s.step())
            out.push_back(read_signup_row(s));
        for (SignupRecord& r : out)
            read_signup_tasks(c, r);
        return out;
    });
}

bool SqliteCentralStore::set_follow_up(std::string_view id, FollowUp status) {
    return with_writer([&](sqlite::Database& c) {
        sqlite::Transaction tx(c, "write");
        c.prepare("UPDATE signups SET follow_up = ? WHERE id = ?")
            .bind(1, to_string(status))
            .bind(2, id)
            .run();
        bool found = c.changes() > 0;
        tx.commit();
        return found;
    });
}

std::vector<std::string> SqliteCentralStore::signup_ids_by_lookup(const seal::Digest& key) {
    return with_reader([&](sqlite::Database& c) {
        sqlite::Statement s = c.prepare(
            "SELECT s.id FROM signup_lookup l JOIN signups s ON s.id = l.signup_id"
            " WHERE l.key = ? ORDER BY s.created_ms, s.id");
        s.bind_blob(1, digest_bytes(key));
        std::vector<std::string> ids;
        while (s.step())
            ids.push_back(s.text(0));
        return ids;
    });
}

bool SqliteCentralStore::erase_signup_personal_data(std::string_view id, int64_t now_ms) {
    bool found = with_writer([&](sqlite::Database& c) {
        sqlite::Transaction tx(c, "write");
        int changed = erase_where(c, "id = ?2",
                                  [&](sqlite::Statement& st) { st.bind(1, now_ms).bind(2, id); });
        tx.commit();
        return changed > 0;
    });
    // secure_delete overwrote the old values in the database pages; the write-ahead log still
    // holds earlier page images until it is checkpointed and truncated, which the checkpointer
    // thread does next, retrying until no reader is in the way.
    if (found) request_log_truncation();
    return found;
}

int SqliteCentralStore::purge_personal_data(int64_t given_before_ms, int64_t now_ms) {
    int erased = with_writer([&](sqlite::Database& c) {
        sqlite::Transaction tx(c, "write");
        int n = erase_where(
            c, "erased_ms = 0 AND min(created_ms, received_ms) < ?2",
            [&](sqlite::Statement& st) { st.bind(1, now_ms).bind(2, given_before_ms); });
        tx.commit();
        return n;
    });
    if (erased > 0) request_log_truncation();
    return erased;
}

std::vector<SignupRecord> SqliteCentralStore::signups_in_plain_text(int limit) {
    return with_reader([&](sqlite::Database& c) {
        sqlite::Transaction snapshot(c, "read", sqlite::Transaction::Kind::read);
        sqlite::Statement s = c.prepare("SELECT " TALKOO_SIGNUP_COLUMNS
                                        " FROM signups WHERE sealed IS NULL AND erased_ms = 0"
                                        " ORDER BY created_ms, id LIMIT ?");
        s.bind(1, limit);
        std::vector<SignupRecord> out;
        while (s.step())
            out.push_back(read_signup_row(s));
        for (SignupRecord& r : out)
            read_signup_tasks(c, r);
        return out;
    });
}

void SqliteCentralStore::seal_plain_text(const SignupToStore& stored) {
    with_writer([&](sqlite::Database& c) {
        sqlite::Transaction tx(c, "write");
        c.prepare(
             "UPDATE signups SET name = '', phone = '', email = '', message = '', sealed = ?2,"
             " content_digest = ?3 WHERE id = ?1 AND sealed IS NULL AND erased_ms = 0")
            .bind(1, stored.signup.id)
            .bind_blob(2, stored.sealed)
            .bind_blob(3, digest_bytes(stored.content_digest))
            .run();
        if (c.changes() > 0) insert_lookup_keys(c, stored);
        tx.commit();
    });
    request_log_truncation();
}

void SqliteCentralStore::store_usage(std::string_view device_id,
                                     const std::vector<UsageCounter>& counters,
                                     int64_t received_ms) {
    with_writer([&](sqlite::Database& c) {
        sqlite::Transaction tx(c, "write");
        for (const UsageCounter& u : counters) {
            // A device's counter for a day only grows; keeping the largest value sent makes
            // retries and late, reordered posts harmless.
            c.prepare(
                 "INSERT INTO usage_counters (device_id, day, info_point_id, name, value,"
                 " received_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                 " ON CONFLICT (device_id, day, info_point_id, name) DO UPDATE SET"
                 " value = max(value, excluded.value), received_ms = excluded.received_ms")
                .bind(1, device_id)
                .bind(2, u.day)
                .bind(3, u.info_point_id)
                .bind(4, u.name)
                .bind(5, u.value)
                .bind(6, received_ms)
                .run();
        }
        tx.commit();
    });
}

std::vector<StoredCounter> SqliteCentralStore::usage() {
    return with_reader([](sqlite::Database& c) {
        sqlite::Statement s = c.prepare(
            "SELECT device_id, day, info_point_id, name, value, received_ms FROM usage_counters"
            " ORDER BY day, info_point_id, name, device_id");
        std::vector<StoredCounter> out;
        while (s.step())
            out.push_back({s.text(0), {s.text(1), s.text(2), s.text(3), s.int64(4)}, s.int64(5)});
        return out;
    });
}

std::vector<UsageCounter> SqliteCentralStore::usage_totals(const UsageQuery& q) {
    return with_reader([&](sqlite::Database& c) {
        // The primary key (device_id, day, ...) does not lead with the day; a day range scans,
        // which at a network's counters (a few thousand a day) stays well under a report's
        // budget (docs/benchmarks.md).
        sqlite::Statement s = c.prepare(
            "SELECT day, info_point_id, name, sum(value) FROM usage_counters"
            " WHERE (?1 IS NULL OR day >= ?1) AND (?2 IS NULL OR day <= ?2)"
            " AND (?3 IS NULL OR info_point_id = ?3)"
            " GROUP BY day, info_point_id, name ORDER BY day, info_point_id, name");
        if (q.since_day) s.bind(1, *q.since_day);
        if (q.until_day) s.bind(2, *q.until_day);
        if (q.info_point_id) s.bind(3, *q.info_point_id);
        std::vector<UsageCounter> out;
        while (s.step())
            out.push_back({s.text(0), s.text(1), s.text(2), s.int64(3)});
        return out;
    });
}

}  // namespace talkoo::central
