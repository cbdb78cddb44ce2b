// Anonymous usage counters: how often each screen was shown, tasks viewed, filters used, per
// local day and info point. They hold no personal data and no search text, only counts under
// fixed names, so coordinators can see what a stop brought in without watching anyone.
#include "core/store_impl.hpp"
#include "core/validation.hpp"

namespace talkoo {

void LocalStore::count_usage(std::string_view day, std::string_view info_point_id,
                             std::string_view name, int64_t delta) {
    if (!is_valid_iso_date(day) || name.empty() || name.size() > kMaxCounterNameLength ||
        info_point_id.size() > kMaxIdLength)
        throw StoreError(StoreError::Code::invalid,
                         "A usage counter needs a day as YYYY-MM-DD, a name of 1 to 80 "
                         "characters and an info point id of at most 64; nothing was counted.");
    sqlite::Database& db = impl_->db;
    sqlite::Transaction tx(db, "count usage");
    db.prepare(
          "INSERT INTO usage_counters (day, info_point_id, name, value) VALUES (?1, ?2, ?3, ?4) "
          "ON CONFLICT (day, info_point_id, name) DO UPDATE SET value = value + excluded.value")
        .bind(1, day)
        .bind(2, info_point_id)
        .bind(3, name)
        .bind(4, delta)
        .run();
    tx.commit();
}

std::vector<UsageCounter> LocalStore::usage_counters() {
    sqlite::Statement st = impl_->db.prepare(
        "SELECT day, info_point_id, name, value FROM usage_counters "
        "ORDER BY day, info_point_id, name");
    std::vector<UsageCounter> counters;
    while (st.step())
        counters.push_back({st.text(0), st.text(1), st.text(2), st.int64(3)});
    return counters;
}

}  // namespace talkoo
