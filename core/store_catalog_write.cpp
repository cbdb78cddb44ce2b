// Writing the task catalogue: a whole new catalogue, or a delta of upserts and tombstones, each
// together with the sync cursor that produced it in one transaction. Either everything of a
// change lands, cursor included, or nothing does: a failed delta leaves the old catalogue and
// the old cursor, so the next sync asks for the same delta again.
//
// Every record is validated before the transaction starts; the one check that needs the
// resulting catalogue (each task's organisation exists) runs inside it, before the commit.
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

std::string joined(const LocalizedText& text) {
    std::string all = text.fi;
    for (const std::string* part : {&text.sv, &text.en}) {
        if (part->empty()) continue;
        if (!all.empty()) all += '\n';
        all += *part;
    }
    return all;
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

// The organisation's names in all languages, as task_search's organisation column holds them.
std::string organisation_search_text(Database& db, std::string_view organisation_id) {
    auto st = db.prepare("SELECT name_fi, name_sv, name_en FROM organisations WHERE id = ?1");
    st.bind(1, organisation_id);
    if (!st.step()) return {};
    return joined(LocalizedText{st.text(0), st.text(1), st.text(2)});
}

void delete_task(Database& db, std::string_view id) {
    auto find = db.prepare("SELECT num FROM tasks WHERE id = ?1");
    find.bind(1, id);
    if (!find.step()) return;
    const int64_t num = find.int64(0);
    db.prepare("DELETE FROM task_search WHERE rowid = ?1").bind(1, num).run();
    // task_categories and task_target_groups follow by ON DELETE CASCADE.
    db.prepare("DELETE FROM tasks WHERE num = ?1").bind(1, num).run();
}

// Inserts a task that is not in the table (replace_catalog empties it; deltas delete first).
// The organisation must already be written, for its name in the search index.
void insert_task(Database& db, const Task& t) {
    db.prepare(
          "INSERT INTO tasks (id, organisation_id, title_fi, title_sv, title_en, summary_fi, "
          "summary_sv, summary_en, description_fi, description_sv, description_en, "
          "time_needed_fi, time_needed_sv, time_needed_en, place_fi, place_sv, place_en, "
          "categories, target_groups, commitment, region, municipality, remote_possible, "
          "languages, start_date, end_date, contact_name, contact_phone, contact_email, url, "
          "benefits, sort_fi, sort_sv, sort_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
          "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, "
          "?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34)")
        .bind(1, t.id)
        .bind(2, t.organisation_id)
        .bind(3, t.title.fi)
        .bind(4, t.title.sv)
        .bind(5, t.title.en)
        .bind(6, t.summary.fi)
        .bind(7, t.summary.sv)
        .bind(8, t.summary.en)
        .bind(9, t.description.fi)
        .bind(10, t.description.sv)
        .bind(11, t.description.en)
        .bind(12, t.time_needed.fi)
        .bind(13, t.time_needed.sv)
        .bind(14, t.time_needed.en)
        .bind(15, t.place.fi)
        .bind(16, t.place.sv)
        .bind(17, t.place.en)
        .bind(18, store::join_names(t.categories))
        .bind(19, wire_names(t.target_groups))
        .bind(20, to_string(t.commitment))
        .bind(21, t.region)
        .bind(22, t.municipality)
        .bind(23, t.remote_possible ? 1 : 0)
        .bind(24, lang_codes(t.languages))
        .bind(25, t.start_date)
        .bind(26, t.end_date)
        .bind(27, t.contact.name)
        .bind(28, t.contact.phone)
        .bind(29, t.contact.email)
        .bind(30, t.url)
        .bind(31, wire_names(t.benefits))
        .bind(32, store::title_sort_key(t.title.show(Lang::fi)))
        .bind(33, store::title_sort_key(t.title.show(Lang::sv)))
        .bind(34, store::title_sort_key(t.title.show(Lang::en)))
        .run();
    const int64_t num = db.last_insert_rowid();
    for (const std::string& category : t.categories)
        db.prepare("INSERT OR IGNORE INTO task_categories (category, task_num) VALUES (?1, ?2)")
            .bind(1, category)
            .bind(2, num)
            .run();
    for (TargetGroup group : t.target_groups)
        db.prepare(
              "INSERT OR IGNORE INTO task_target_groups (target_group, task_num) VALUES (?1, ?2)")
            .bind(1, to_string(group))
            .bind(2, num)
            .run();
    db.prepare(
          "INSERT INTO task_search (rowid, title, summary, place, description, organisation) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .bind(1, num)
        .bind(2, joined(t.title))
        .bind(3, joined(t.summary))
        .bind(4, joined(t.place))
        .bind(5, joined(t.description))
        .bind(6, organisation_search_text(db, t.organisation_id))
        .run();
}

void write_cursor(Database& db, std::string_view cursor) {
    db.prepare(
          "INSERT INTO catalog_state (only_row, cursor, updated_ms) VALUES (1, ?1, ?2) "
          "ON CONFLICT (only_row) DO UPDATE SET cursor = excluded.cursor, "
          "updated_ms = excluded.updated_ms")
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
        "DELETE FROM task_search; DELETE FROM task_categories; DELETE FROM task_target_groups; "
        "DELETE FROM tasks; DELETE FROM organisations; DELETE FROM info_points;");
    for (const Organisation& o : catalog.organisations)
        upsert_organisation(db, o);
    for (const InfoPoint& p : catalog.info_points)
        upsert_info_point(db, p);
    for (const Task& t : catalog.tasks)
        insert_task(db, t);
    // One b-tree per term instead of a segment per few hundred inserts: searches read less.
    db.exec("INSERT INTO task_search (task_search) VALUES ('optimize')");
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

    std::set<std::string> upserted_tasks;
    for (const Task& t : delta.upserts.tasks)
        upserted_tasks.insert(t.id);
    for (const Organisation& o : delta.upserts.organisations) {
        upsert_organisation(db, o);
        // The tasks of a renamed organisation must be found by its new name.
        auto tasks = db.prepare("SELECT num, id FROM tasks WHERE organisation_id = ?1");
        tasks.bind(1, o.id);
        const std::string names = organisation_search_text(db, o.id);
        while (tasks.step()) {
            if (upserted_tasks.count(tasks.text(1))) continue;  // re-indexed below anyway
            db.prepare("UPDATE task_search SET organisation = ?1 WHERE rowid = ?2")
                .bind(1, names)
                .bind(2, tasks.int64(0))
                .run();
        }
    }
    for (const InfoPoint& p : delta.upserts.info_points)
        upsert_info_point(db, p);
    for (const Task& t : delta.upserts.tasks) {
        delete_task(db, t.id);
        insert_task(db, t);
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
