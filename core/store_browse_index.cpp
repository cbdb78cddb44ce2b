// Building the browse index from the tasks table, and compiling filters against it (see
// store_browse_index.hpp).
#include "core/store_browse_index.hpp"

#include "core/store_impl.hpp"

namespace talkoo::store {
namespace {

uint32_t intern(std::unordered_map<std::string, uint32_t>& ids, std::string name) {
    auto [it, added] = ids.emplace(std::move(name), static_cast<uint32_t>(ids.size()));
    return it->second;
}

uint32_t category_bits(std::string_view joined) {
    const auto all = all_categories();
    uint32_t bits = 0;
    for (const std::string& name : split_names(joined))
        for (size_t i = 0; i < all.size() && i < 32; ++i)
            if (all[i] == name) bits |= 1u << i;
    return bits;
}

uint16_t target_group_bits(std::string_view joined) {
    uint16_t bits = 0;
    for (const std::string& name : split_names(joined))
        if (auto group = parse_target_group(name))
            bits |= static_cast<uint16_t>(1u << static_cast<int>(*group));
    return bits;
}

}  // namespace

int32_t day_number(std::string_view d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return 0;
    int32_t n = 0;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (d[i] < '0' || d[i] > '9') return 0;
        n = n * 10 + (d[i] - '0');
    }
    return n;
}

void BrowseIndex::refresh(sqlite::Database& db) {
    sqlite::Statement st = db.prepare("SELECT generation FROM catalog_state WHERE only_row = 1");
    const int64_t generation = st.step() ? st.int64(0) : 0;
    if (generation == generation_) return;
    load(db);
    generation_ = generation;
}

void BrowseIndex::load(sqlite::Database& db) {
    parts_.clear();
    rows_.clear();
    slot_of_num_.clear();
    municipality_ids_.clear();
    region_ids_.clear();
    sqlite::Statement st = db.prepare(
        "SELECT num, end_date, municipality, region, categories, target_groups, commitment, "
        "remote_possible FROM tasks");
    while (st.step()) {
        BrowseRow row;
        row.num = st.int64(0);
        row.end_day = day_number(st.text(1));
        row.municipality = intern(municipality_ids_, st.text(2));
        row.region = intern(region_ids_, st.text(3));
        row.categories = category_bits(st.text(4));
        row.target_groups = target_group_bits(st.text(5));
        row.commitment =
            static_cast<uint8_t>(parse_commitment(st.text(6)).value_or(Commitment::one_off));
        row.remote = st.int64(7) != 0;
        if (row.num >= 0) {
            if (static_cast<size_t>(row.num) >= slot_of_num_.size())
                slot_of_num_.resize(static_cast<size_t>(row.num) + 1, -1);
            slot_of_num_[static_cast<size_t>(row.num)] = static_cast<int32_t>(rows_.size());
        }
        rows_.push_back(row);
    }
    // Title order per language: the (sort key, id) indexes already hold it.
    const char* walks[3] = {"SELECT num FROM tasks ORDER BY sort_fi, id",
                            "SELECT num FROM tasks ORDER BY sort_sv, id",
                            "SELECT num FROM tasks ORDER BY sort_en, id"};
    for (size_t lang = 0; lang < 3; ++lang) {
        std::vector<uint32_t>& order = order_[lang];
        order.clear();
        order.reserve(rows_.size());
        sqlite::Statement walk = db.prepare(walks[lang]);
        while (walk.step()) {
            if (auto slot = slot_of(walk.int64(0))) {
                rows_[*slot].rank[lang] = static_cast<uint32_t>(order.size());
                order.push_back(*slot);
            }
        }
    }
}

RowFilter BrowseIndex::compile(const TaskFilter& f, bool with_category) const {
    RowFilter r;
    if (with_category && f.category) {
        const auto all = all_categories();
        r.matches_nothing = true;
        for (size_t i = 0; i < all.size() && i < 32; ++i)
            if (all[i] == *f.category) {
                r.category_bit = 1u << i;
                r.matches_nothing = false;
            }
    }
    if (f.target_group)
        r.target_group_bits =
            static_cast<uint16_t>((1u << static_cast<int>(*f.target_group)) |
                                  (1u << static_cast<int>(TargetGroup::everyone)));
    auto lookup = [&](const std::unordered_map<std::string, uint32_t>& ids,
                      const std::optional<std::string>& name, std::optional<uint32_t>& id) {
        if (!name) return;
        auto it = ids.find(*name);
        if (it == ids.end())
            r.matches_nothing = true;
        else
            id = it->second;
    };
    lookup(municipality_ids_, f.municipality, r.municipality);
    lookup(region_ids_, f.region, r.region);
    for (Commitment c : f.commitments)
        r.commitment_bits |= static_cast<uint8_t>(1u << static_cast<int>(c));
    r.remote_only = f.remote_only;
    r.today = day_number(f.today);
    return r;
}

template <typename Test>
const SlotBitmap& BrowseIndex::part(Part kind, uint32_t value, Test test) {
    const uint64_t key = uint64_t{static_cast<uint32_t>(kind)} << 32 | value;
    auto [it, added] = parts_.try_emplace(key);
    if (added) {
        SlotBitmap& bits = it->second;
        bits.assign(slot_words(), 0);
        for (size_t slot = 0; slot < rows_.size(); ++slot)
            bits[slot / 64] |= uint64_t{test(rows_[slot])} << (slot % 64);
    }
    return it->second;
}

const SlotBitmap& BrowseIndex::passing(const RowFilter& f) {
    // Every part ANDed in; the first one copied, so that bits past the last slot stay clear.
    bool first = true;
    auto with = [&](const SlotBitmap& bits) {
        if (first)
            passing_ = bits;
        else
            for (size_t w = 0; w < passing_.size(); ++w)
                passing_[w] &= bits[w];
        first = false;
    };
    // A part that is an OR of several values (target groups, commitments) is made as such.
    if (f.category_bit)
        with(part(Part::category, f.category_bit,
                  [&](const BrowseRow& r) { return (r.categories & f.category_bit) != 0; }));
    if (f.target_group_bits)
        with(part(Part::target_group, f.target_group_bits, [&](const BrowseRow& r) {
            return (r.target_groups & f.target_group_bits) != 0;
        }));
    if (f.municipality)
        with(part(Part::municipality, *f.municipality,
                  [&](const BrowseRow& r) { return r.municipality == *f.municipality; }));
    if (f.region)
        with(part(Part::region, *f.region,
                  [&](const BrowseRow& r) { return r.region == *f.region; }));
    if (f.commitment_bits)
        with(part(Part::commitment, f.commitment_bits, [&](const BrowseRow& r) {
            return ((f.commitment_bits >> r.commitment) & 1) != 0;
        }));
    if (f.remote_only) with(part(Part::remote, 1, [](const BrowseRow& r) { return r.remote; }));
    if (f.today) {
        // Only today's is kept: a kiosk that runs for months would otherwise keep one a day.
        const auto day = static_cast<uint32_t>(f.today);
        if (running_on_day_ != day)
            parts_.erase(uint64_t{static_cast<uint32_t>(Part::running_on)} << 32 | running_on_day_);
        running_on_day_ = day;
        with(part(Part::running_on, day,
                  [&](const BrowseRow& r) { return r.end_day == 0 || r.end_day >= f.today; }));
    }
    if (f.matches_nothing) {
        passing_.assign(slot_words(), 0);
    } else if (first) {  // no test: every slot, and none past the last
        passing_.assign(slot_words(), ~uint64_t{0});
        if (rows_.size() % 64) passing_.back() = (uint64_t{1} << (rows_.size() % 64)) - 1;
    }
    return passing_;
}

std::span<const uint32_t> BrowseIndex::in_title_order(Lang lang) const {
    return order_[static_cast<size_t>(lang)];
}

}  // namespace talkoo::store
