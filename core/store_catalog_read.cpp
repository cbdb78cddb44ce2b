// Reading the task catalogue: browsing with filters and free-text search, counts per category,
// and single records. What the browse screen shows must not jump between two looks, so every
// order is total: with a query, relevance (FTS5's bm25) then title then id; without, the title
// in the reader's language (its sort key, see store_text.cpp) then id. A page and its total
// are read in one transaction, so they agree even while the sync thread writes.
//
// SQL is assembled from fixed fragments according to which filters are set; values are always
// bound. Each combination is prepared once per connection and then reused from the cache.
#include <algorithm>
#include <variant>

#include "core/store_impl.hpp"

namespace talkoo {
namespace {

using sqlite::Database;
using sqlite::Statement;

// bm25 weights of task_search's columns (title, summary, place, description, organisation):
// a word in the title says most about what the task is, one deep in the description least.
constexpr const char* kRank = "bm25(task_search, 10.0, 4.0, 2.0, 1.0, 2.0)";

// The filters of TaskFilter other than the text query, as SQL over `tasks t`.
struct Conditions {
    std::string sql;
    std::vector<std::variant<int64_t, std::string>> values;

    void add(std::string_view clause) {
        sql += sql.empty() ? "" : " AND ";
        sql += clause;
    }
    std::string where() const { return sql.empty() ? std::string("1") : sql; }
    // Binds the values from parameter `first` on; returns the next free parameter.
    int bind(Statement& st, int first) const {
        for (const auto& v : values) {
            if (const auto* i = std::get_if<int64_t>(&v))
                st.bind(first++, *i);
            else
                st.bind(first++, std::get<std::string>(v));
        }
        return first;
    }
};

Conditions conditions_of(const TaskFilter& f, bool with_category) {
    Conditions c;
    if (with_category && f.category) {
        c.add("t.num IN (SELECT task_num FROM task_categories WHERE category = ?)");
        c.values.emplace_back(*f.category);
    }
    if (f.municipality) {
        c.add("t.municipality = ?");
        c.values.emplace_back(*f.municipality);
    }
    if (f.region) {
        c.add("t.region = ?");
        c.values.emplace_back(*f.region);
    }
    if (f.target_group) {
        c.add(
            "t.num IN (SELECT task_num FROM task_target_groups WHERE target_group IN "
            "(?, 'everyone'))");
        c.values.emplace_back(std::string(to_string(*f.target_group)));
    }
    if (!f.commitments.empty()) {
        std::string in = "t.commitment IN (";
        for (size_t i = 0; i < f.commitments.size(); ++i) {
            in += i ? ", ?" : "?";
            c.values.emplace_back(std::string(to_string(f.commitments[i])));
        }
        c.add(in + ")");
    }
    if (f.remote_only) c.add("t.remote_possible = 1");
    if (!f.today.empty()) {
        c.add("(t.end_date = '' OR t.end_date >= ?)");
        c.values.emplace_back(f.today);
    }
    return c;
}

std::string_view sort_column(Lang lang) {
    switch (lang) {
        case Lang::sv:
            return "t.sort_sv";
        case Lang::en:
            return "t.sort_en";
        case Lang::fi:
            break;
    }
    return "t.sort_fi";
}

constexpr const char* kCardColumns =
    "t.id, t.title_fi, t.title_sv, t.title_en, t.summary_fi, t.summary_sv, t.summary_en, "
    "o.name_fi, o.name_sv, o.name_en, t.municipality, t.categories, t.commitment, "
    "t.remote_possible, t.start_date, t.end_date";

TaskCard read_card(const Statement& st, Lang lang) {
    TaskCard card;
    card.id = st.text(0);
    card.title = LocalizedText{st.text(1), st.text(2), st.text(3)}.show(lang);
    card.summary = LocalizedText{st.text(4), st.text(5), st.text(6)}.show(lang);
    card.organisation_name = LocalizedText{st.text(7), st.text(8), st.text(9)}.show(lang);
    card.municipality = st.text(10);
    card.categories = store::split_names(st.text(11));
    card.commitment = parse_commitment(st.text(12)).value_or(Commitment::one_off);
    card.remote_possible = st.int64(13) != 0;
    card.start_date = st.text(14);
    card.end_date = st.text(15);
    return card;
}

template <typename T, typename Parse>
std::vector<T> parse_names(std::string_view joined, Parse parse) {
    std::vector<T> values;
    for (const std::string& name : store::split_names(joined))
        if (auto v = parse(name)) values.push_back(*v);
    return values;
}

}  // namespace

BrowsePage LocalStore::browse(const TaskFilter& filter, Lang lang) {
    Database& db = impl_->db;
    const std::string match = store::fts_match_expression(filter.query);
    const Conditions c = conditions_of(filter, true);
    const int limit = std::max(0, filter.limit);
    const int offset = std::max(0, filter.offset);

    sqlite::Transaction tx(db, "read the catalogue", sqlite::Transaction::Kind::read);
    BrowsePage page;
    std::string count_sql, page_sql;
    if (match.empty()) {
        count_sql = "SELECT count(*) FROM tasks t WHERE " + c.where();
        page_sql = std::string("SELECT ") + kCardColumns +
                   " FROM tasks t LEFT JOIN organisations o ON o.id = t.organisation_id WHERE " +
                   c.where() + " ORDER BY " + std::string(sort_column(lang)) +
                   ", t.id LIMIT ? OFFSET ?";
    } else {
        count_sql =
            "SELECT count(*) FROM task_search s JOIN tasks t ON t.num = s.rowid "
            "WHERE task_search MATCH ? AND " +
            c.where();
        page_sql = std::string("SELECT ") + kCardColumns + " FROM (SELECT rowid AS num, " + kRank +
                   " AS score FROM task_search WHERE task_search MATCH ?) h "
                   "JOIN tasks t ON t.num = h.num "
                   "LEFT JOIN organisations o ON o.id = t.organisation_id WHERE " +
                   c.where() + " ORDER BY h.score, " + std::string(sort_column(lang)) +
                   ", t.id LIMIT ? OFFSET ?";
    }
    {
        Statement st = db.prepare(count_sql);
        int next = 1;
        if (!match.empty()) st.bind(next++, match);
        c.bind(st, next);
        page.total = st.step() ? st.integer(0) : 0;
    }
    if (limit > 0 && offset < page.total) {
        Statement st = db.prepare(page_sql);
        int next = 1;
        if (!match.empty()) st.bind(next++, match);
        next = c.bind(st, next);
        st.bind(next++, limit);
        st.bind(next, offset);
        while (st.step())
            page.cards.push_back(read_card(st, lang));
    }
    return page;
}

std::vector<CategoryCount> LocalStore::category_counts(const TaskFilter& filter) {
    Database& db = impl_->db;
    const std::string match = store::fts_match_expression(filter.query);
    const Conditions c = conditions_of(filter, false);
    std::string sql =
        "SELECT c.category, count(*) FROM task_categories c JOIN tasks t ON t.num = c.task_num "
        "WHERE " +
        c.where();
    if (!match.empty())
        sql += " AND t.num IN (SELECT rowid FROM task_search WHERE task_search MATCH ?)";
    sql += " GROUP BY c.category";

    Statement st = db.prepare(sql);
    int next = c.bind(st, 1);
    if (!match.empty()) st.bind(next, match);
    std::vector<CategoryCount> found;
    while (st.step())
        found.push_back({st.text(0), st.integer(1)});

    // In the order of the browse screen's tiles.
    std::vector<CategoryCount> counts;
    for (std::string_view category : all_categories())
        for (const CategoryCount& cc : found)
            if (cc.category == category) counts.push_back(cc);
    return counts;
}

std::optional<Task> LocalStore::task(std::string_view id) {
    Statement st = impl_->db.prepare(
        "SELECT id, organisation_id, title_fi, title_sv, title_en, summary_fi, summary_sv, "
        "summary_en, description_fi, description_sv, description_en, time_needed_fi, "
        "time_needed_sv, time_needed_en, place_fi, place_sv, place_en, categories, "
        "target_groups, commitment, region, municipality, remote_possible, languages, "
        "start_date, end_date, contact_name, contact_phone, contact_email, url, benefits "
        "FROM tasks WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    auto text = [&](int first) {
        return LocalizedText{st.text(first), st.text(first + 1), st.text(first + 2)};
    };
    Task t;
    t.id = st.text(0);
    t.organisation_id = st.text(1);
    t.title = text(2);
    t.summary = text(5);
    t.description = text(8);
    t.time_needed = text(11);
    t.place = text(14);
    t.categories = store::split_names(st.text(17));
    t.target_groups = parse_names<TargetGroup>(st.text(18), parse_target_group);
    t.commitment = parse_commitment(st.text(19)).value_or(Commitment::one_off);
    t.region = st.text(20);
    t.municipality = st.text(21);
    t.remote_possible = st.int64(22) != 0;
    t.languages = parse_names<Lang>(st.text(23), parse_lang);
    t.start_date = st.text(24);
    t.end_date = st.text(25);
    t.contact = Contact{st.text(26), st.text(27), st.text(28)};
    t.url = st.text(29);
    t.benefits = parse_names<Benefit>(st.text(30), parse_benefit);
    return t;
}

std::optional<Organisation> LocalStore::organisation(std::string_view id) {
    Statement st = impl_->db.prepare(
        "SELECT id, name_fi, name_sv, name_en, municipality, web, email, phone "
        "FROM organisations WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return Organisation{st.text(0), {st.text(1), st.text(2), st.text(3)},
                        st.text(4), st.text(5),
                        st.text(6), st.text(7)};
}

namespace {

constexpr const char* kInfoPointColumns =
    "id, name_fi, name_sv, name_en, region, municipality, address, kind, active_from, "
    "active_until";

InfoPoint read_info_point(const Statement& st) {
    InfoPoint p;
    p.id = st.text(0);
    p.name = {st.text(1), st.text(2), st.text(3)};
    p.region = st.text(4);
    p.municipality = st.text(5);
    p.address = st.text(6);
    p.kind = parse_info_point_kind(st.text(7)).value_or(InfoPointKind::permanent);
    p.active_from = st.text(8);
    p.active_until = st.text(9);
    return p;
}

}  // namespace

std::optional<InfoPoint> LocalStore::info_point(std::string_view id) {
    Statement st = impl_->db.prepare(std::string("SELECT ") + kInfoPointColumns +
                                     " FROM info_points WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_info_point(st);
}

std::vector<InfoPoint> LocalStore::info_points() {
    Statement st =
        impl_->db.prepare(std::string("SELECT ") + kInfoPointColumns + " FROM info_points");
    std::vector<InfoPoint> points;
    while (st.step())
        points.push_back(read_info_point(st));
    std::sort(points.begin(), points.end(), [](const InfoPoint& a, const InfoPoint& b) {
        std::string ka = store::title_sort_key(a.name.show(Lang::fi));
        std::string kb = store::title_sort_key(b.name.show(Lang::fi));
        return ka != kb ? ka < kb : a.id < b.id;
    });
    return points;
}

std::vector<std::string> LocalStore::municipalities() {
    Statement st = impl_->db.prepare("SELECT DISTINCT municipality FROM tasks");
    std::vector<std::string> names;
    while (st.step())
        names.push_back(st.text(0));
    std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
        return store::title_sort_key(a) < store::title_sort_key(b);
    });
    return names;
}

}  // namespace talkoo
