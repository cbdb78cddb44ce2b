// Reading the task catalogue: browsing with filters and free-text search, counts per category,
// and single records. What the browse screen shows must not jump between two looks, so every
// order is total: with a query, relevance (how many of its words a title has) then title then
// id; without, the title in the reader's language (its sort key, see store_text.cpp) then id.
//
// The connection's word index (store_word_index.hpp, a snapshot of the FTS5 index) finds the
// tasks matching the words as a bitmap; the browse index (store_browse_index.hpp) filters and
// orders them in memory; only the page's cards are read from the tables. All of it in one read
// transaction, so that a page and its total agree even while the sync thread writes.
//
// Index: read_off and take_in_title_order (a page of a set of tasks, in title order);
// page_in_title_order (no words); find_matches and page_by_relevance (words); read_card; then
// the public browse, category_counts and single-record reads.
#include <algorithm>
#include <array>
#include <span>

#include "core/store_impl.hpp"

namespace talkoo {
namespace {

using sqlite::Database;
using sqlite::Statement;

// Appends the slots at places [skip, skip + count) among those marked in `by_place`, a bitmap
// over places in the title order `order`.
void read_off(const std::vector<uint64_t>& by_place, std::span<const uint32_t> order, size_t skip,
              size_t count, std::vector<uint32_t>& page) {
    size_t seen = 0;  // marked places before the current word of the bitmap
    for (size_t w = 0; w < by_place.size() && seen < skip + count; ++w) {
        const size_t in_word = static_cast<size_t>(__builtin_popcountll(by_place[w]));
        if (seen + in_word <= skip) {
            seen += in_word;
            continue;
        }
        for (uint64_t bits = by_place[w]; bits; bits &= bits - 1, ++seen)
            if (seen >= skip && seen - skip < count)
                page.push_back(order[w * 64 + static_cast<size_t>(__builtin_ctzll(bits))]);
    }
}

size_t count_bits(const store::SlotBitmap& bits) {
    size_t n = 0;
    for (uint64_t w : bits)
        n += static_cast<size_t>(__builtin_popcountll(w));
    return n;
}

// Appends to `page` the slots of `set` (`size` of them) at places [skip, need) of title order.
// Two ways: walking the title order and testing each slot's bit ends soon when the set is dense
// (the 50 first of 90 000 "ko" tasks: about 55 steps); marking each slot of the set by its
// place in title order and reading the page off those marks costs a row read per slot, which
// is less for a sparse set (a rare word, a narrow filter) or a deep page.
void take_in_title_order(const store::BrowseIndex& index, const store::SlotBitmap& set, size_t size,
                         Lang lang, size_t skip, size_t need, std::vector<uint32_t>& page) {
    const auto order = index.in_title_order(lang);
    // Expected steps of the walk against the cost of marking (a row read a slot, ~4 steps).
    if (need * order.size() / size < 4 * size + order.size() / 64) {
        size_t found = 0;
        for (uint32_t slot : order) {
            if (!((set[slot / 64] >> (slot % 64)) & 1)) continue;
            if (found >= skip) page.push_back(slot);
            if (++found == need) break;
        }
        return;
    }
    const auto& rows = index.rows();
    const size_t lang_index = static_cast<size_t>(lang);
    std::vector<uint64_t> by_place((order.size() + 63) / 64, 0);
    for (size_t w = 0; w < set.size(); ++w)
        for (uint64_t bits = set[w]; bits; bits &= bits - 1) {
            const uint32_t place =
                rows[w * 64 + static_cast<size_t>(__builtin_ctzll(bits))].rank[lang_index];
            by_place[place / 64] |= uint64_t{1} << (place % 64);
        }
    read_off(by_place, order, skip, need - skip, page);
}

// Without words the order is the title order. Returns how many tasks pass `filter` and puts the
// slots of those at places [offset, offset + limit) into `page`.
size_t page_in_title_order(store::BrowseIndex& index, const store::RowFilter& filter, Lang lang,
                           size_t offset, size_t limit, std::vector<uint32_t>& page) {
    const auto order = index.in_title_order(lang);
    if (filter.matches_nothing) return 0;
    if (filter.accepts_all()) {
        for (size_t i = offset; i < order.size() && i - offset < limit; ++i)
            page.push_back(order[i]);
        return order.size();
    }
    // The filter's bitmap is a few ANDs of bitmaps the index keeps per filter value; before,
    // every row was tested (0.9 ms for a region, two commitments and today at 100 000 tasks).
    const store::SlotBitmap& passing = index.passing(filter);
    const size_t total = count_bits(passing);
    if (offset < total && limit > 0)
        take_in_title_order(index, passing, total, lang, offset, std::min(total, offset + limit),
                            page);
    return total;
}

// The tasks that have every word and pass `filter`, into `matches.all`; false if none can.
bool find_matches(store::Connection& impl, const std::vector<std::string>& words,
                  const store::RowFilter& filter, store::WordIndex::Matches& matches) {
    if (filter.matches_nothing) return false;
    impl.word_index.refresh(impl.db, impl.browse_index);
    if (!impl.word_index.match(words, matches)) return false;
    if (filter.accepts_all()) return true;
    const store::SlotBitmap& passing = impl.browse_index.passing(filter);
    for (size_t w = 0; w < matches.all.size(); ++w)
        matches.all[w] &= passing[w];
    return true;
}

// The order with words: relevance (the number of words a title has) descending, then title
// order. Returns how many tasks `matches` holds and puts the slots of those at places
// [offset, offset + limit) into `page`.
//
// Each task's relevance is counted for all tasks at once, 64 at a time: a 4-bit counter per
// task kept as four bitmaps (bit i of every task's count in bitmap i), to which each word's
// title bitmap is added. The tasks of one relevance are then a few AND operations away, and the
// page is read off them level by level from the highest, each in title order.
size_t page_by_relevance(const store::BrowseIndex& index, const store::WordIndex::Matches& matches,
                         Lang lang, size_t offset, size_t limit, std::vector<uint32_t>& page) {
    static_assert(store::kMaxQueryWords < 16, "relevance counters have 4 bits");
    const store::SlotBitmap& all = matches.all;
    const size_t slot_words = all.size();
    const size_t total = count_bits(all);
    if (offset >= total || limit == 0) return total;
    std::array<store::SlotBitmap, 4> count;
    for (store::SlotBitmap& c : count)
        c.assign(slot_words, 0);
    for (size_t w = 0; w < slot_words; ++w) {
        uint64_t c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        for (const uint64_t* in_title : matches.in_title) {
            uint64_t carry = in_title[w] & all[w];
            uint64_t next = c0 & carry;
            c0 ^= carry;
            carry = next;
            next = c1 & carry;
            c1 ^= carry;
            carry = next;
            next = c2 & carry;
            c2 ^= carry;
            c3 ^= next;
        }
        count[0][w] = c0;
        count[1][w] = c1;
        count[2][w] = c2;
        count[3][w] = c3;
    }
    store::SlotBitmap level(slot_words);
    size_t seen = 0;  // tasks on the levels above
    for (size_t r = matches.in_title.size() + 1; r-- > 0 && seen < offset + limit;) {
        for (size_t w = 0; w < slot_words; ++w) {
            uint64_t bits = all[w];
            for (size_t b = 0; b < 4; ++b)
                bits &= ((r >> b) & 1) ? count[b][w] : ~count[b][w];
            level[w] = bits;
        }
        const size_t size = count_bits(level);
        if (size == 0) continue;
        if (seen + size <= offset) {
            seen += size;
            continue;
        }
        const size_t skip = offset > seen ? offset - seen : 0;
        const size_t need = std::min(size, offset + limit - seen);  // from this level's start
        take_in_title_order(index, level, size, lang, skip, need, page);
        seen += size;
    }
    return total;
}

constexpr const char* kCardSql =
    "SELECT t.id, x.title_fi, x.title_sv, x.title_en, x.summary_fi, x.summary_sv, "
    "x.summary_en, o.name_fi, o.name_sv, o.name_en, t.municipality, t.categories, "
    "t.commitment, t.remote_possible, t.start_date, t.end_date FROM tasks t "
    "JOIN task_texts x ON x.num = t.num LEFT JOIN organisations o ON o.id = t.organisation_id "
    "WHERE t.num = ?1";

TaskCard read_card(Database& db, int64_t num, Lang lang) {
    Statement st = db.prepare(kCardSql);
    st.bind(1, num);
    TaskCard card;
    if (!st.step()) return card;
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
    Impl& impl = *impl_;
    const size_t offset = static_cast<size_t>(std::max(0, filter.offset));
    const size_t limit = static_cast<size_t>(std::max(0, filter.limit));
    sqlite::Transaction tx(impl.db, "read the catalogue", sqlite::Transaction::Kind::read);
    impl.browse_index.refresh(impl.db);
    const std::vector<std::string> words = impl.tokenizer.words(impl.db, filter.query);
    const store::RowFilter row_filter = impl.browse_index.compile(filter, true);
    const auto& rows = impl.browse_index.rows();

    BrowsePage page;
    std::vector<uint32_t> page_slots;
    if (words.empty()) {
        page.total = static_cast<int>(
            page_in_title_order(impl.browse_index, row_filter, lang, offset, limit, page_slots));
    } else {
        store::WordIndex::Matches matches;
        if (find_matches(impl, words, row_filter, matches))
            page.total = static_cast<int>(
                page_by_relevance(impl.browse_index, matches, lang, offset, limit, page_slots));
    }
    for (uint32_t slot : page_slots)
        page.cards.push_back(read_card(impl.db, rows[slot].num, lang));
    return page;
}

void LocalStore::prepare_search() {
    Impl& impl = *impl_;
    sqlite::Transaction tx(impl.db, "read the catalogue", sqlite::Transaction::Kind::read);
    impl.browse_index.refresh(impl.db);
    impl.word_index.refresh(impl.db, impl.browse_index);
}

std::vector<CategoryCount> LocalStore::category_counts(const TaskFilter& filter) {
    Impl& impl = *impl_;
    sqlite::Transaction tx(impl.db, "read the catalogue", sqlite::Transaction::Kind::read);
    impl.browse_index.refresh(impl.db);
    const std::vector<std::string> words = impl.tokenizer.words(impl.db, filter.query);
    const auto& rows = impl.browse_index.rows();
    const store::RowFilter row_filter = impl.browse_index.compile(filter, false);
    std::array<int, 32> per_bit{};
    auto add = [&](const store::BrowseRow& row) {
        for (uint32_t bits = row.categories; bits; bits &= bits - 1)
            ++per_bit[static_cast<size_t>(__builtin_ctz(bits))];
    };
    auto add_each = [&](const store::SlotBitmap& set) {
        for (size_t w = 0; w < set.size(); ++w)
            for (uint64_t bits = set[w]; bits; bits &= bits - 1)
                add(rows[w * 64 + static_cast<size_t>(__builtin_ctzll(bits))]);
    };
    if (!words.empty()) {
        store::WordIndex::Matches matches;
        if (find_matches(impl, words, row_filter, matches)) add_each(matches.all);
    } else if (row_filter.accepts_all()) {
        for (const store::BrowseRow& row : rows)
            add(row);
    } else if (!row_filter.matches_nothing) {
        add_each(impl.browse_index.passing(row_filter));
    }
    // In the order of the browse screen's tiles, the order of all_categories().
    std::vector<CategoryCount> counts;
    const auto all = all_categories();
    for (size_t i = 0; i < all.size() && i < per_bit.size(); ++i)
        if (per_bit[i] > 0) counts.push_back({std::string(all[i]), per_bit[i]});
    return counts;
}

std::optional<Task> LocalStore::task(std::string_view id) {
    Statement st = impl_->db.prepare(
        "SELECT t.id, t.organisation_id, x.title_fi, x.title_sv, x.title_en, x.summary_fi, "
        "x.summary_sv, x.summary_en, x.description_fi, x.description_sv, x.description_en, "
        "x.time_needed_fi, x.time_needed_sv, x.time_needed_en, x.place_fi, x.place_sv, "
        "x.place_en, t.categories, t.target_groups, t.commitment, t.region, t.municipality, "
        "t.remote_possible, t.languages, t.start_date, t.end_date, x.contact_name, "
        "x.contact_phone, x.contact_email, x.url, t.benefits "
        "FROM tasks t JOIN task_texts x ON x.num = t.num WHERE t.id = ?1");
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
