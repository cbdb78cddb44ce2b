// The browse index: each task's filter fields and its place in title order, per reader
// language, held in memory by each connection that browses. Filtering and ordering 100 000
// tasks this way takes well under a millisecond, where SQL would look up each candidate row
// (a microsecond apiece) to filter and sort the matches of a broad search.
//
// A filter is answered from bitmaps over the slots: one per filter value (a municipality, a
// category, the tasks still running on a day, ...), each made by one pass over the rows when
// first asked for and kept until the next rebuild. A filter is then the AND of a few bitmaps,
// and a search's matches are filtered with one more AND instead of a row lookup per match (a
// cache miss each: about 0.1 ms for the 8 337 tasks of "koira" at 100 000 tasks).
//
// It is rebuilt from the tasks table when catalog_state.generation, which every catalogue write
// increments, differs from the one it was built at; so a catalogue the sync thread wrote is
// seen by the UI thread's next browse. Rebuilding reads only the narrow tasks table and walks
// the title indexes: it is the one slow browse after a catalogue change.
//
// Internal to core/.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/local_store.hpp"
#include "core/sqlite.hpp"

namespace talkoo::store {

struct BrowseRow {
    int64_t num = 0;                 // tasks.num
    std::array<uint32_t, 3> rank{};  // place in title order, per Lang (fi, sv, en)
    int32_t end_day = 0;             // end_date as YYYYMMDD; 0 = open-ended
    uint32_t municipality = 0;       // index into the index's municipality names
    uint32_t region = 0;             // likewise for regions
    uint32_t categories = 0;         // bit i: all_categories()[i], up to 32 of them
    uint16_t target_groups = 0;      // bit i: TargetGroup value i
    uint8_t commitment = 0;          // Commitment value
    bool remote = false;
};

// A TaskFilter without its text, in the index's terms.
struct RowFilter {
    bool matches_nothing = false;    // names a municipality or region no task has, ...
    uint32_t category_bit = 0;       // 0 = any category
    uint16_t target_group_bits = 0;  // the group's bit and everyone's; 0 = anyone
    std::optional<uint32_t> municipality, region;
    uint8_t commitment_bits = 0;  // bit per accepted Commitment; 0 = all
    bool remote_only = false;
    int32_t today = 0;  // YYYYMMDD; 0 = keep ended tasks

    // True when no test is asked for: every task passes, with no need to look at it.
    bool accepts_all() const {
        return !matches_nothing && !category_bit && !target_group_bits && !municipality &&
               !region && !commitment_bits && !remote_only && !today;
    }
};

// A set of slots, one bit each: bit s of word s / 64.
using SlotBitmap = std::vector<uint64_t>;

class BrowseIndex {
  public:
    // Brings the index up to the catalogue's current generation. Call inside the read
    // transaction of the query that uses it, so both see the same catalogue.
    void refresh(sqlite::Database& db);

    RowFilter compile(const TaskFilter& filter, bool with_category) const;
    const std::vector<BrowseRow>& rows() const { return rows_; }
    // Slots (indices into rows()) in title order for a reader of `lang`.
    std::span<const uint32_t> in_title_order(Lang lang) const;
    // The slot of a task by its num, if the index has it.
    std::optional<uint32_t> slot_of(int64_t num) const {
        if (num < 0 || static_cast<size_t>(num) >= slot_of_num_.size()) return std::nullopt;
        int32_t slot = slot_of_num_[static_cast<size_t>(num)];
        if (slot < 0) return std::nullopt;
        return static_cast<uint32_t>(slot);
    }
    int64_t generation() const { return generation_; }

    // The slots that pass `filter` (not matches_nothing, not accepts_all), as a bitmap of
    // slot_words() words; valid until the next call or refresh().
    const SlotBitmap& passing(const RowFilter& filter);
    size_t slot_words() const { return (rows_.size() + 63) / 64; }

  private:
    void load(sqlite::Database& db);
    // The bitmap of one filter value, made on first use. `kind` names the field.
    enum class Part : uint32_t {
        category,
        target_group,
        municipality,
        region,
        commitment,
        remote,
        running_on
    };
    template <typename Test>
    const SlotBitmap& part(Part kind, uint32_t value, Test test);

    int64_t generation_ = -1;
    std::vector<BrowseRow> rows_;
    std::array<std::vector<uint32_t>, 3> order_;
    std::vector<int32_t> slot_of_num_;  // tasks.num -> slot, -1 for none
    std::unordered_map<std::string, uint32_t> municipality_ids_, region_ids_;
    std::unordered_map<uint64_t, SlotBitmap> parts_;  // (kind << 32 | value) -> bitmap
    uint32_t running_on_day_ = 0;                     // the one day parts_ has running_on for
    SlotBitmap passing_;
};

// "YYYY-MM-DD" as YYYYMMDD; 0 for anything else (an empty date means open-ended).
int32_t day_number(std::string_view iso_date);

}  // namespace talkoo::store
