// The catalogue in the SQLite back end: organisations, info points and tasks with one monotonic
// revision.
//
// Why paging by revision yields each change exactly once: every change runs under the single
// writer connection and takes MAX(revision) + 1 inside its transaction, so revisions become
// visible in increasing order and a reader never sees revision n+1 without n. A record changed
// again between two pages moves to a newer revision and arrives once more, in its newer state:
// the client always ends with the latest version.
//
// A record written exactly as stored keeps its revision, so re-importing the same file does not
// make every kiosk download the catalogue again.
#include <set>

#include "core/validation.hpp"
#include "server/sqlite_store.hpp"
#include "sync/wire/catalog_json.hpp"

namespace talkoo::central {
namespace {

constexpr std::string_view kOrganisation = "organisation";
constexpr std::string_view kInfoPoint = "info_point";
constexpr std::string_view kTask = "task";

std::string invalid_message(std::string_view what, std::string_view id,
                            const ValidationErrors& errors) {
    std::string m = std::string(what) + " \"" + std::string(id) + "\" is invalid:";
    size_t shown = 0;
    for (const FieldError& e : errors) {
        if (shown++ == 3) {
            m += " (and " + std::to_string(errors.size() - 3) + " more)";
            break;
        }
        m += " " + e.field + ": " + e.message;
    }
    return m;
}

int64_t next_revision(sqlite::Database& c) {
    sqlite::Statement s = c.prepare("SELECT COALESCE(MAX(revision), 0) + 1 FROM catalog");
    s.step();
    int64_t r = s.int64(0);
    return r;
}

bool is_live(sqlite::Database& c, std::string_view kind, std::string_view id);

// Inserts or replaces one record; false when it was stored exactly so already.
bool put_record(sqlite::Database& c, std::string_view kind, std::string_view id,
                std::string_view organisation_id, const std::string& body, int64_t now_ms) {
    {
        sqlite::Statement get =
            c.prepare("SELECT deleted, body FROM catalog WHERE kind = ? AND id = ?");
        get.bind(1, kind).bind(2, id);
        if (get.step() && get.int64(0) == 0 && get.blob(1) == body) return false;
    }
    sqlite::Statement put = c.prepare(
        "INSERT INTO catalog (kind, id, revision, deleted, organisation_id, body, changed_ms)"
        " VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6)"
        " ON CONFLICT (kind, id) DO UPDATE SET revision = excluded.revision, deleted = 0,"
        " organisation_id = excluded.organisation_id, body = excluded.body,"
        " changed_ms = excluded.changed_ms");
    put.bind(1, kind).bind(2, id).bind(3, next_revision(c));
    if (organisation_id.empty())
        put.bind_null(4);
    else
        put.bind(4, organisation_id);
    put.bind(5, body).bind(6, now_ms).run();
    return true;
}

// Turns a live record into a tombstone; false when there was nothing live to delete.
bool delete_record(sqlite::Database& c, std::string_view kind, std::string_view id,
                   int64_t now_ms) {
    if (!is_live(c, kind, id)) return false;
    c.prepare(
         "UPDATE catalog SET deleted = 1, body = NULL, revision = ?1, changed_ms = ?2"
         " WHERE kind = ?3 AND id = ?4")
        .bind(1, next_revision(c))
        .bind(2, now_ms)
        .bind(3, kind)
        .bind(4, id)
        .run();
    return true;
}

bool is_live(sqlite::Database& c, std::string_view kind, std::string_view id) {
    sqlite::Statement s =
        c.prepare("SELECT 1 FROM catalog WHERE kind = ? AND id = ? AND deleted = 0");
    s.bind(1, kind).bind(2, id);
    bool live = s.step();
    return live;
}

template <class Record>
void reject_repeated_ids(const std::vector<Record>& records, std::string_view what) {
    std::set<std::string_view> seen;
    for (const Record& r : records) {
        if (!seen.insert(r.id).second)
            throw CentralStoreError(CentralStoreError::Code::invalid,
                                    std::string(what) + " \"" + r.id +
                                        "\" appears twice: give each record its own id.");
    }
}

std::optional<std::string> stored_body(sqlite::Database& c, std::string_view kind,
                                       std::string_view id) {
    sqlite::Statement s =
        c.prepare("SELECT body FROM catalog WHERE kind = ? AND id = ? AND deleted = 0");
    s.bind(1, kind).bind(2, id);
    if (!s.step()) return std::nullopt;
    std::string body = s.text(0);
    return body;
}

[[noreturn]] void unreadable(std::string_view kind, std::string_view id) {
    throw CentralStoreError(CentralStoreError::Code::io,
                            "The stored " + std::string(kind) + " \"" + std::string(id) +
                                "\" no longer reads as a valid record: re-import or re-save it.");
}

}  // namespace

CatalogWriteSummary SqliteCentralStore::apply_catalog(const CatalogDelta& delta, int64_t now_ms) {
    const Catalog& up = delta.upserts;
    // Validate everything before touching the database.
    for (const Organisation& o : up.organisations)
        if (auto e = validate_organisation(o); !e.empty())
            throw CentralStoreError(CentralStoreError::Code::invalid,
                                    invalid_message("Organisation", o.id, e));
    for (const InfoPoint& p : up.info_points)
        if (auto e = validate_info_point(p); !e.empty())
            throw CentralStoreError(CentralStoreError::Code::invalid,
                                    invalid_message("Info point", p.id, e));
    for (const Task& t : up.tasks)
        if (auto e = validate_task(t); !e.empty())
            throw CentralStoreError(CentralStoreError::Code::invalid,
                                    invalid_message("Task", t.id, e));
    reject_repeated_ids(up.organisations, "Organisation");
    reject_repeated_ids(up.info_points, "Info point");
    reject_repeated_ids(up.tasks, "Task");

    return with_writer([&](sqlite::Database& c) {
        sqlite::Transaction tx(c, "write");
        CatalogWriteSummary summary;
        auto count = [&](bool changed) { ++(changed ? summary.changed : summary.unchanged); };
        for (const Organisation& o : up.organisations)
            count(put_record(c, kOrganisation, o.id, {}, wire::to_json(o).dump(), now_ms));
        for (const InfoPoint& p : up.info_points)
            count(put_record(c, kInfoPoint, p.id, {}, wire::to_json(p).dump(), now_ms));
        for (const Task& t : up.tasks) {
            if (!is_live(c, kOrganisation, t.organisation_id))
                throw CentralStoreError(CentralStoreError::Code::invalid,
                                        "Task \"" + t.id + "\" names organisation \"" +
                                            t.organisation_id +
                                            "\", which does not exist: add the organisation"
                                            " first or correct the task.");
            count(put_record(c, kTask, t.id, t.organisation_id, wire::to_json(t).dump(), now_ms));
        }
        for (const std::string& id : delta.deleted_task_ids)
            count(delete_record(c, kTask, id, now_ms));
        for (const std::string& id : delta.deleted_info_point_ids)
            count(delete_record(c, kInfoPoint, id, now_ms));
        for (const std::string& id : delta.deleted_organisation_ids) {
            int64_t tasks = 0;
            std::string example;
            {
                sqlite::Statement used = c.prepare(
                    "SELECT count(*), min(id) FROM catalog"
                    " WHERE kind = 'task' AND deleted = 0 AND organisation_id = ?");
                used.bind(1, id);
                used.step();
                tasks = used.int64(0);
                example = used.text(1);
            }
            if (tasks > 0)
                throw CentralStoreError(CentralStoreError::Code::conflict,
                                        "Organisation \"" + id + "\" still has " +
                                            std::to_string(tasks) + " task(s), e.g. \"" + example +
                                            "\": delete them or move them to another"
                                            " organisation first.");
            count(delete_record(c, kOrganisation, id, now_ms));
        }
        tx.commit();
        return summary;
    });
}

CatalogPage SqliteCentralStore::catalog_changes(int64_t since, int limit) {
    return with_reader([&](sqlite::Database& c) {
        sqlite::Transaction snapshot(
            c, "read", sqlite::Transaction::Kind::read);  // the page and the last revision agree
        sqlite::Statement s = c.prepare(
            "SELECT kind, id, revision, deleted, body FROM catalog"
            " WHERE revision > ?1 AND (?2 OR deleted = 0) ORDER BY revision LIMIT ?3");
        s.bind(1, since).bind(2, since > 0 ? 1 : 0).bind(3, limit + 1);
        CatalogPage page;
        page.revision = since;
        int rows = 0;
        while (s.step()) {
            if (++rows > limit) {
                page.more = true;
                break;
            }
            std::string_view kind = s.blob(0);
            std::string id = s.text(1);
            page.revision = s.int64(2);
            bool deleted = s.int64(3) != 0;
            CatalogDelta& d = page.delta;
            try {
                if (kind == kOrganisation) {
                    if (deleted)
                        d.deleted_organisation_ids.push_back(id);
                    else
                        d.upserts.organisations.push_back(wire::organisation_from_json(
                            nlohmann::json::parse(s.blob(4)), "organisation " + id));
                } else if (kind == kInfoPoint) {
                    if (deleted)
                        d.deleted_info_point_ids.push_back(id);
                    else
                        d.upserts.info_points.push_back(wire::info_point_from_json(
                            nlohmann::json::parse(s.blob(4)), "info point " + id));
                } else {
                    if (deleted)
                        d.deleted_task_ids.push_back(id);
                    else
                        d.upserts.tasks.push_back(
                            wire::task_from_json(nlohmann::json::parse(s.blob(4)), "task " + id));
                }
            } catch (const CentralStoreError&) {
                throw;
            } catch (const std::exception&) {
                unreadable(kind, id);
            }
        }
        // A first pull leaves tombstones out; once it is complete, its cursor may move past
        // them too, so that the next sync does not send deletions of records never sent.
        if (since == 0 && !page.more) {
            sqlite::Statement last = c.prepare("SELECT COALESCE(MAX(revision), 0) FROM catalog");
            last.step();
            page.revision = last.int64(0);
        }
        return page;
    });
}

int64_t SqliteCentralStore::catalog_revision() {
    return with_reader([](sqlite::Database& c) {
        sqlite::Statement s = c.prepare("SELECT COALESCE(MAX(revision), 0) FROM catalog");
        s.step();
        int64_t r = s.int64(0);
        return r;
    });
}

std::optional<Organisation> SqliteCentralStore::organisation(std::string_view id) {
    auto body = with_reader([&](sqlite::Database& c) { return stored_body(c, kOrganisation, id); });
    if (!body) return std::nullopt;
    try {
        return wire::organisation_from_json(nlohmann::json::parse(*body), "organisation");
    } catch (const std::exception&) {
        unreadable(kOrganisation, id);
    }
}

std::optional<InfoPoint> SqliteCentralStore::info_point(std::string_view id) {
    auto body = with_reader([&](sqlite::Database& c) { return stored_body(c, kInfoPoint, id); });
    if (!body) return std::nullopt;
    try {
        return wire::info_point_from_json(nlohmann::json::parse(*body), "info point");
    } catch (const std::exception&) {
        unreadable(kInfoPoint, id);
    }
}

std::optional<Task> SqliteCentralStore::task(std::string_view id) {
    auto body = with_reader([&](sqlite::Database& c) { return stored_body(c, kTask, id); });
    if (!body) return std::nullopt;
    try {
        return wire::task_from_json(nlohmann::json::parse(*body), "task");
    } catch (const std::exception&) {
        unreadable(kTask, id);
    }
}

std::optional<std::string> SqliteCentralStore::task_organisation(std::string_view task_id) {
    return with_reader([&](sqlite::Database& c) -> std::optional<std::string> {
        sqlite::Statement s =
            c.prepare("SELECT organisation_id FROM catalog WHERE kind = 'task' AND id = ?");
        s.bind(1, task_id);
        if (!s.step()) return std::nullopt;
        std::string org = s.text(0);
        return org;
    });
}

}  // namespace talkoo::central
