// Writing the task catalogue: a whole new catalogue, or a delta of upserts and tombstones, each
// together with the sync cursor that produced it in one transaction. Either everything of a
// change lands, cursor included, or nothing does: a failed delta leaves the old catalogue and
// the old cursor, so the next sync asks for the same delta again.
//
// Every record is validated before the transaction starts; the one check that needs the
// resulting catalogue (each task's organisation exists) runs inside it, before the commit.
//
// Index: CatalogProblems and check_records (validation); upserts of organisations and info
// points; the task rows and their search index entries (index_task, unindex_task, delete_task,
// insert_task); write_cursor; then the public replace_catalog, apply_catalog_delta and reads of
// the catalogue's state.
#include <set>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/store_impl.hpp"
#include "core/validation.hpp"

namespace talkoo {
namespace {

using sqlite::Database;

// Collects the problems of a catalogue change into one StoreError(invalid).
class CatalogProblems {
  public:
    void add(std::string_view kind, std::string_view id, const ValidationErrors& errors) {
        for (const FieldError& e : errors)
            add(std::string(kind) + " '" + std::string(id) + "': " + e.message + " (" + e.field +
                ")");
    }
    void add(std::string problem) {
        if (problems_.size() < kShown) problems_.push_back(std::move(problem));
        ++count_;
    }
    void throw_if_any(std::string_view what) const {
        if (count_ == 0) return;
        std::string message = "The " + std::string(what) + " was not applied and nothing changed: ";
        for (size_t i = 0; i < problems_.size(); ++i)
            message += (i ? "; " : "") + problems_[i];
        if (count_ > problems_.size())
            message += "; and " + std::to_string(count_ - problems_.size()) + " more problems";
        message += ". The centre must correct the catalogue.";
        throw StoreError(StoreError::Code::invalid, message);
    }

  private:
    static constexpr size_t kShown = 5;
    std::vector<std::string> problems_;
    size_t count_ = 0;
};

// Validates records and finds ids given twice.
void check_records(const Catalog& c, CatalogProblems& problems) {
    std::set<std::string> seen;
    for (const Organisation& o : c.organisations) {
        problems.add("organisation", o.id, validate_organisation(o));
        if (!seen.insert("o/" + o.id).second)
            problems.add("organisation '" + o.id + "' is given twice");
    }
    for (const InfoPoint& p : c.info_points) {
        problems.add("info point", p.id, validate_info_point(p));
        if (!seen.insert("p/" + p.id).second)
            problems.add("info point '" + p.id + "' is given twice");
    }
    for (const Task& t : c.tasks) {
        problems.add("task", t.id, validate_task(t));
        if (!seen.insert("t/" + t.id).second) problems.add("task '" + t.id + "' is given twice");
    }
}

template <typename T>
std::string wire_names(const std::vector<T>& values) {
    std::vector<std::string> names;
    for (const T& v : values)
        names.emplace_back(to_string(v));
    return store::join_names(names);
}

std::string lang_codes(const std::vector<Lang>& langs) {
    std::vector<std::string> codes;
    for (Lang l : langs)
        codes.emplace_back(lang_code(l));
    return store::join_names(codes);
}

void upsert_organisation(Database& db, const Organisation& o) {
    db.prepare(
          "INSERT INTO organisations (id, name_fi, name_sv, name_en, municipality, web, email, "
          "phone) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO UPDATE SET "
          "name_fi = excluded.name_fi, name_sv = excluded.name_sv, name_en = excluded.name_en, "
          "municipality = excluded.municipality, web = excluded.web, email = excluded.email, "
          "phone = excluded.phone")
        .bind(1, o.id)
        .bind(2, o.name.fi)
        .bind(3, o.name.sv)
        .bind(4, o.name.en)
        .bind(5, o.municipality)
        .bind(6, o.web)
        .bind(7, o.email)
        .bind(8, o.phone)
        .run();
}

void upsert_info_point(Database& db, const InfoPoint& p) {
    db.prepare(
          "INSERT INTO info_points (id, name_fi, name_sv, name_en, region, municipality, "
          "address, kind, active_from, active_until) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
          "?9, ?10) ON CONFLICT (id) DO UPDATE SET name_fi = excluded.name_fi, "
          "name_sv = excluded.name_sv, name_en = excluded.name_en, region = excluded.region, "
          "municipality = excluded.municipality, address = excluded.address, "
          "kind = excluded.kind, active_from = excluded.active_from, "
          "active_until = excluded.active_until")
        .bind(1, p.id)
        .bind(2, p.name.fi)
        .bind(3, p.name.sv)
        .bind(4, p.name.en)
        .bind(5, p.region)
        .bind(6, p.municipality)
        .bind(7, p.address)
        .bind(8, to_string(p.kind))
        .bind(9, p.active_from)
        .bind(10, p.active_until)
        .run();
}

// The organisation's names in all languages, as task_texts.organisation_names holds them.
std::string organisation_names(Database& db, std::string_view organisation_id) {
    auto st = db.prepare("SELECT name_fi, name_sv, name_en FROM organisations WHERE id = ?1");
    st.bind(1, organisation_id);
    if (!st.step()) return {};
    std::string names;
    for (int i = 0; i < 3; ++i) {
        std::string name = st.text(i);
        if (name.empty()) continue;
        names += (names.empty() ? "" : "\n") + name;
    }
    return names;
}

// task_search is an external-content index: its entries for a row are added from, and removed
// with, exactly the text the row holds. So an entry is removed before its row changes and added
// after. (Triggers could do this, but replace_catalog rebuilds the index in one go instead.)
constexpr const char* kSearchColumns =
    "title_fi, title_sv, title_en, summary_fi, summary_sv, summary_en, place_fi, place_sv, "
    "place_en, description_fi, description_sv, description_en, organisation_names";

void index_task(Database& db, int64_t num) {
    db.prepare(std::string("INSERT INTO task_search (rowid, ") + kSearchColumns + ") SELECT num, " +
               kSearchColumns + " FROM task_texts WHERE num = ?1")
        .bind(1, num)
        .run();
}

void unindex_task(Database& db, int64_t num) {
    db.prepare(std::string("INSERT INTO task_search (task_search, rowid, ") + kSearchColumns +
               ") SELECT 'delete', num, " + kSearchColumns + " FROM task_texts WHERE num = ?1")
        .bind(1, num)
        .run();
}

void delete_task(Database& db, std::string_view id) {
    auto find = db.prepare("SELECT num FROM tasks WHERE id = ?1");
    find.bind(1, id);
    if (!find.step()) return;
    const int64_t num = find.int64(0);
    unindex_task(db, num);
    db.prepare("DELETE FROM task_texts WHERE num = ?1").bind(1, num).run();
    db.prepare("DELETE FROM tasks WHERE num = ?1").bind(1, num).run();
}

// Inserts a task that is not in the tables (replace_catalog empties them; deltas delete
// first), without indexing it. Its organisation must be written already, for its names.
int64_t insert_task(Database& db, const Task& t) {
    db.prepare(
          "INSERT INTO tasks (id, organisation_id, categories, target_groups, commitment, "
          "region, municipality, remote_possible, languages, start_date, end_date, benefits, "
          "sort_fi, sort_sv, sort_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
          "?12, ?13, ?14, ?15)")
        .bind(1, t.id)
        .bind(2, t.organisation_id)
        .bind(3, store::join_names(t.categories))
        .bind(4, wire_names(t.target_groups))
        .bind(5, to_string(t.commitment))
        .bind(6, t.region)
        .bind(7, t.municipality)
        .bind(8, t.remote_possible ? 1 : 0)
        .bind(9, lang_codes(t.languages))
        .bind(10, t.start_date)
        .bind(11, t.end_date)
        .bind(12, wire_names(t.benefits))
        .bind(13, store::title_sort_key(t.title.show(Lang::fi)))
        .bind(14, store::title_sort_key(t.title.show(Lang::sv)))
        .bind(15, store::title_sort_key(t.title.show(Lang::en)))
        .run();
    const int64_t num = db.last_insert_rowid();
    db.prepare(
          "INSERT INTO task_texts (num, title_fi, title_sv, title_en, summary_fi, summary_sv, "
          "summary_en, place_fi, place_sv, place_en, description_fi, description_sv, "
          "description_en, time_needed_fi, time_needed_sv, time_needed_en, contact_name, "
          "contact_phone, contact_email, url, organisation_names) VALUES (?1, ?2, ?3, ?4, ?5, "
          "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)")
        .bind(1, num)
        .bind(2, t.title.fi)
        .bind(3, t.title.sv)
        .bind(4, t.title.en)
        .bind(5, t.summary.fi)
        .bind(6, t.summary.sv)
        .bind(7, t.summary.en)
        .bind(8, t.place.fi)
        .bind(9, t.place.sv)
        .bind(10, t.place.en)
        .bind(11, t.description.fi)
        .bind(12, t.description.sv)
        .bind(13, t.description.en)
        .bind(14, t.time_needed.fi)
        .bind(15, t.time_needed.sv)
        .bind(16, t.time_needed.en)
        .bind(17, t.contact.name)
        .bind(18, t.contact.phone)
        .bind(19, t.contact.email)
        .bind(20, t.url)
        .bind(21, organisation_names(db, t.organisation_id))
        .run();
    return num;
}

// Every catalogue change ends here: the cursor that produced it, and a new generation so that
// every connection's browse index reloads.
void write_cursor(Database& db, std::string_view cursor) {
    db.prepare(
          "INSERT INTO catalog_state (only_row, cursor, generation, updated_ms) "
          "VALUES (1, ?1, 1, ?2) ON CONFLICT (only_row) DO UPDATE SET cursor = excluded.cursor, "
          "generation = generation + 1, updated_ms = excluded.updated_ms")
        .bind(1, cursor)
        .bind(2, now_ms())
        .run();
}

}  // namespace

void LocalStore::replace_catalog(const Catalog& catalog, std::string_view cursor) {
    CatalogProblems problems;
    check_records(catalog, problems);
    std::set<std::string> organisation_ids;
    for (const Organisation& o : catalog.organisations)
        organisation_ids.insert(o.id);
    for (const Task& t : catalog.tasks)
        if (!t.organisation_id.empty() && !organisation_ids.count(t.organisation_id))
            problems.add("task '" + t.id + "' names organisation '" + t.organisation_id +
                         "', which is not in the catalogue");
    problems.throw_if_any("new catalogue");

    Database& db = impl_->db;
    sqlite::Transaction tx(db, "replace the task catalogue");
    db.exec(
        "INSERT INTO task_search (task_search) VALUES ('delete-all'); DELETE FROM task_texts; "
        "DELETE FROM tasks; DELETE FROM organisations; DELETE FROM info_points;");
    for (const Organisation& o : catalog.organisations)
        upsert_organisation(db, o);
    for (const InfoPoint& p : catalog.info_points)
        upsert_info_point(db, p);
    for (const Task& t : catalog.tasks)
        insert_task(db, t);
    // One pass over task_texts builds the whole index, quicker than an insert per task.
    db.exec("INSERT INTO task_search (task_search) VALUES ('rebuild')");
    write_cursor(db, cursor);
    tx.commit();
}

void LocalStore::apply_catalog_delta(const CatalogDelta& delta, std::string_view cursor) {
    CatalogProblems problems;
    check_records(delta.upserts, problems);
    problems.throw_if_any("catalogue update");

    Database& db = impl_->db;
    sqlite::Transaction tx(db, "update the task catalogue");
    // Tombstones first: a record that comes back to life in the same delta is upserted after.
    for (const std::string& id : delta.deleted_task_ids)
        delete_task(db, id);
    for (const std::string& id : delta.deleted_organisation_ids)
        db.prepare("DELETE FROM organisations WHERE id = ?1").bind(1, id).run();
    for (const std::string& id : delta.deleted_info_point_ids)
        db.prepare("DELETE FROM info_points WHERE id = ?1").bind(1, id).run();

    for (const Organisation& o : delta.upserts.organisations) {
        upsert_organisation(db, o);
        // The tasks of a renamed organisation must be found by its new name.
        const std::string names = organisation_names(db, o.id);
        std::vector<int64_t> renamed;
        {
            auto tasks = db.prepare(
                "SELECT t.num FROM tasks t JOIN task_texts x ON x.num = t.num "
                "WHERE t.organisation_id = ?1 AND x.organisation_names != ?2");
            tasks.bind(1, o.id).bind(2, names);
            while (tasks.step())
                renamed.push_back(tasks.int64(0));
        }
        for (int64_t num : renamed) {
            unindex_task(db, num);
            db.prepare("UPDATE task_texts SET organisation_names = ?1 WHERE num = ?2")
                .bind(1, names)
                .bind(2, num)
                .run();
            index_task(db, num);
        }
    }
    for (const InfoPoint& p : delta.upserts.info_points)
        upsert_info_point(db, p);
    for (const Task& t : delta.upserts.tasks) {
        delete_task(db, t.id);
        index_task(db, insert_task(db, t));
    }

    // Every task must still have its organisation: the upserted ones, and those of deleted
    // organisations. (The foreign key would refuse the commit too, but not say which task.)
    auto missing_organisation = [&](std::string_view organisation_id) {
        auto st = db.prepare("SELECT 1 FROM organisations WHERE id = ?1");
        st.bind(1, organisation_id);
        return !st.step();
    };
    for (const Task& t : delta.upserts.tasks)
        if (missing_organisation(t.organisation_id))
            problems.add("task '" + t.id + "' names organisation '" + t.organisation_id +
                         "', which is not in the catalogue");
    for (const std::string& id : delta.deleted_organisation_ids) {
        if (!missing_organisation(id)) continue;  // deleted, then given again
        auto st = db.prepare("SELECT id FROM tasks WHERE organisation_id = ?1");
        st.bind(1, id);
        while (st.step())
            problems.add("organisation '" + id + "' is deleted but task '" + st.text(0) +
                         "' still names it");
    }
    problems.throw_if_any("catalogue update");
    write_cursor(db, cursor);
    tx.commit();
}

std::string LocalStore::catalog_cursor() {
    auto st = impl_->db.prepare("SELECT cursor FROM catalog_state WHERE only_row = 1");
    return st.step() ? st.text(0) : std::string();
}

CatalogStats LocalStore::catalog_stats() {
    sqlite::Transaction tx(impl_->db, "read the catalogue", sqlite::Transaction::Kind::read);
    auto count = [&](const char* sql) {
        auto st = impl_->db.prepare(sql);
        return st.step() ? st.integer(0) : 0;
    };
    CatalogStats stats;
    stats.organisations = count("SELECT count(*) FROM organisations");
    stats.info_points = count("SELECT count(*) FROM info_points");
    stats.tasks = count("SELECT count(*) FROM tasks");
    return stats;
}

}  // namespace talkoo
