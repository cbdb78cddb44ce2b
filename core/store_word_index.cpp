// Building the word index from FTS5's own index, and matching query words against it (see
// store_word_index.hpp).
//
// The source is fts5vocab, FTS5's view of its index, made once per connection as temp tables.
// Its "instance" table gives one row per term, task and column (detail=column keeps no
// positions), ordered by term and then task: every posting, exactly as FTS5 stores it. Reading
// the term on each of those rows costs twice the rest of the row (SQLite copies the text
// for every row: 3.7 s instead of about 1.6 at 100 000 tasks, 8 million rows), so the terms and
// how many rows each has come from the much smaller "col" table (one row per term and column,
// with its number of tasks) and the instance table is read for its task and column only. Both
// are read in one transaction, from one snapshot, and the instance rows of a term must come in
// ascending (task, column) order: a miscount would show as a task number going down, and is
// reported rather than indexed wrongly.
#include "core/store_word_index.hpp"

#include <algorithm>

#include "core/store_error.hpp"

namespace talkoo::store {
namespace {

// A range of the vocabulary gets its bitmaps built with the index when its postings number
// more than this share of the tasks (and at least kMinPrecomputedPostings): ORing more than
// that at query time would cost more than a few microseconds (about 1.5 ns a posting), while
// each precomputed range costs two bitmaps of a bit per task (25 kB at 100 000 tasks).
constexpr size_t kPrecomputedShare = 16;  // tasks / 16
constexpr size_t kMinPrecomputedPostings = 32;

// task_search's first three columns are the titles (store_schema.cpp); fts5vocab names columns.
bool is_title_column(std::string_view name) {
    return name == "title_fi" || name == "title_sv" || name == "title_en";
}

StoreError damaged_index(const sqlite::Database& db, std::string_view what) {
    return StoreError(StoreError::Code::corrupt,
                      "The search index of " + db.path().string() + " could not be read (" +
                          std::string(what) +
                          "). Load the catalogue again (or let the kiosk sync it anew) to "
                          "rebuild the index.");
}

}  // namespace

void WordIndex::refresh(sqlite::Database& db, const BrowseIndex& browse) {
    if (generation_ == browse.generation()) return;
    generation_ = -1;  // a load that throws half-way must not look current
    load(db, browse);
    precompute_big_ranges();
    generation_ = browse.generation();
}

void WordIndex::load(sqlite::Database& db, const BrowseIndex& browse) {
    db.exec(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.talkoo_vocab_col "
        "USING fts5vocab(main, task_search, col);"
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.talkoo_vocab_instance "
        "USING fts5vocab(main, task_search, instance);");
    slot_words_ = (browse.rows().size() + 63) / 64;
    terms_.clear();
    term_start_.assign(1, 0);
    posting_start_.clear();
    postings_.clear();
    precomputed_.clear();

    // The vocabulary, and how many instance rows (task and column pairs) each term has.
    std::vector<uint64_t> rows_of_term;
    uint64_t total_rows = 0;
    {
        sqlite::Statement st = db.prepare("SELECT term, doc FROM temp.talkoo_vocab_col");
        while (st.step()) {
            const std::string_view t = st.blob(0);
            const size_t count = term_start_.size() - 1;
            if (count == 0 || t != term(static_cast<uint32_t>(count - 1))) {
                if (count > 0 && t < term(static_cast<uint32_t>(count - 1)))
                    throw damaged_index(db, "its terms are out of order");
                terms_.append(t);
                term_start_.push_back(static_cast<uint32_t>(terms_.size()));
                rows_of_term.push_back(0);
            }
            const auto rows = static_cast<uint64_t>(std::max<int64_t>(0, st.int64(1)));
            rows_of_term.back() += rows;
            total_rows += rows;
        }
    }
    const size_t term_count = rows_of_term.size();

    // Every posting: (task, column) rows, term after term, tasks ascending within a term.
    postings_.reserve(total_rows);
    posting_start_.reserve(term_count + 1);
    posting_start_.push_back(0);
    {
        sqlite::Statement st = db.prepare("SELECT doc, col FROM temp.talkoo_vocab_instance");
        size_t current = 0;  // the term the next row belongs to
        uint64_t left = term_count > 0 ? rows_of_term[0] : 0;
        int64_t last_doc = -1;
        bool last_indexed = false;  // whether last_doc's posting was added (it has a slot)
        while (st.step()) {
            while (left == 0) {  // the current term is complete: the row starts the next one
                if (++current >= term_count) throw damaged_index(db, "more postings than counted");
                posting_start_.push_back(static_cast<uint32_t>(postings_.size()));
                left = rows_of_term[current];
                last_doc = -1;
                last_indexed = false;
            }
            --left;
            const int64_t doc = st.int64(0);
            const uint32_t in_title = is_title_column(st.blob(1)) ? 1 : 0;
            if (doc == last_doc) {  // the same task in a later column
                if (last_indexed) postings_.back() |= in_title;
                continue;
            }
            if (doc < last_doc) throw damaged_index(db, "postings out of order");
            last_doc = doc;
            const auto slot = browse.slot_of(doc);
            last_indexed = slot.has_value();
            if (slot) postings_.push_back(*slot << 1 | in_title);
        }
        if (left != 0) throw damaged_index(db, "fewer postings than counted");
        while (posting_start_.size() < term_count + 1)
            posting_start_.push_back(static_cast<uint32_t>(postings_.size()));
    }
    // The reserve counted a posting per column; a task has a term in 1.35 columns on average.
    postings_.shrink_to_fit();
    terms_.shrink_to_fit();
}

void WordIndex::precompute_big_ranges() {
    const size_t term_count = term_start_.size() - 1;
    const size_t threshold =
        std::max(kMinPrecomputedPostings, (slot_words_ * 64) / kPrecomputedShare);
    // The terms that share their first `length` bytes form a range; a range at one length lies
    // inside one of the length before, so once no range of a length is big, none longer is.
    // A query word's range is always one of these (the group of its own length), so every big
    // range a word can have is found here.
    std::vector<Range> big;
    for (size_t length = 1;; ++length) {
        bool found = false;
        for (uint32_t i = 0; i < term_count;) {
            const std::string_view t = term(i);
            if (t.size() < length) {
                ++i;
                continue;
            }
            const std::string_view prefix = t.substr(0, length);
            uint32_t end = i + 1;
            while (end < term_count && term(end).starts_with(prefix))
                ++end;
            if (postings_in({i, end}) >= threshold) {
                big.push_back({i, end});
                found = true;
            }
            i = end;
        }
        if (!found) break;
    }
    // A range often stays the same over several lengths ("vapaaeh", "vapaaeht", ...).
    std::sort(big.begin(), big.end());
    big.erase(std::unique(big.begin(), big.end()), big.end());
    // The bitmaps never take more memory than the postings: should a vocabulary have very many
    // big ranges (long words common to most tasks), those whose union would cost most are kept.
    const size_t range_bytes = 2 * slot_words_ * sizeof(uint64_t);
    const size_t budget = std::max(postings_.size() * sizeof(uint32_t), range_bytes);
    if (big.size() * range_bytes > budget) {
        std::sort(big.begin(), big.end(),
                  [&](const Range& a, const Range& b) { return postings_in(a) > postings_in(b); });
        big.resize(budget / range_bytes);
        std::sort(big.begin(), big.end());
    }
    precomputed_.resize(big.size());
    for (size_t i = 0; i < big.size(); ++i) {
        RangeBitmaps& b = precomputed_[i];
        b.range = big[i];
        b.anywhere.assign(slot_words_, 0);
        b.in_title.assign(slot_words_, 0);
        add_postings(b.range, b.anywhere.data(), b.in_title.data());
    }
}

WordIndex::Range WordIndex::range_of(std::string_view prefix) const {
    // Byte order, as FTS5 sorts its terms (char_traits<char> compares bytes unsigned).
    const uint32_t term_count = static_cast<uint32_t>(term_start_.size() - 1);
    uint32_t lo = 0, hi = term_count;
    while (lo < hi) {  // the first term not below `prefix`
        const uint32_t mid = lo + (hi - lo) / 2;
        if (term(mid) < prefix)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t first = lo;
    hi = term_count;
    while (lo < hi) {  // the first term after it that `prefix` does not begin
        const uint32_t mid = lo + (hi - lo) / 2;
        if (term(mid).starts_with(prefix))
            lo = mid + 1;
        else
            hi = mid;
    }
    return {first, lo};
}

void WordIndex::add_postings(Range r, uint64_t* anywhere, uint64_t* in_title) const {
    const uint32_t* p = postings_.data() + posting_start_[r.first];
    const uint32_t* end = postings_.data() + posting_start_[r.end];
    for (; p != end; ++p) {
        const uint32_t slot = *p >> 1;
        const uint64_t bit = uint64_t{1} << (slot % 64);
        anywhere[slot / 64] |= bit;
        in_title[slot / 64] |= bit & (uint64_t{0} - (*p & 1));  // no branch on a coin toss
    }
}

bool WordIndex::match(const std::vector<std::string>& words, Matches& out) {
    out.in_title.clear();
    out.all.assign(slot_words_, 0);
    if (words.empty()) return false;
    std::vector<const uint64_t*> anywhere;
    size_t scratch_used = 0;
    for (const std::string& word : words) {
        const Range r = range_of(word);
        if (r.first == r.end) return false;  // no term begins with it
        auto it =
            std::lower_bound(precomputed_.begin(), precomputed_.end(), r,
                             [](const RangeBitmaps& b, const Range& x) { return b.range < x; });
        if (it != precomputed_.end() && it->range == r) {
            anywhere.push_back(it->anywhere.data());
            out.in_title.push_back(it->in_title.data());
            continue;
        }
        if (scratch_used == scratch_anywhere_.size()) {
            scratch_anywhere_.emplace_back();
            scratch_in_title_.emplace_back();
        }
        SlotBitmap& a = scratch_anywhere_[scratch_used];
        SlotBitmap& t = scratch_in_title_[scratch_used];
        ++scratch_used;
        a.assign(slot_words_, 0);
        t.assign(slot_words_, 0);
        add_postings(r, a.data(), t.data());
        anywhere.push_back(a.data());
        out.in_title.push_back(t.data());
    }
    std::copy(anywhere[0], anywhere[0] + slot_words_, out.all.begin());
    for (size_t i = 1; i < anywhere.size(); ++i)
        for (size_t w = 0; w < slot_words_; ++w)
            out.all[w] &= anywhere[i][w];
    return true;
}

WordIndex::Stats WordIndex::stats() const {
    Stats s;
    s.terms = term_start_.empty() ? 0 : term_start_.size() - 1;
    s.postings = postings_.size();
    s.precomputed_ranges = precomputed_.size();
    s.bytes = terms_.capacity() +
              4 * (term_start_.capacity() + posting_start_.capacity() + postings_.capacity());
    for (const RangeBitmaps& b : precomputed_)
        s.bytes += 8 * (b.anywhere.capacity() + b.in_title.capacity());
    return s;
}

}  // namespace talkoo::store
