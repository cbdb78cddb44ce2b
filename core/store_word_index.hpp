// The word index: an in-memory snapshot of the FTS5 index task_search, held by each connection
// that searches, so that a search costs a few passes over bitmaps of the catalogue's tasks
// instead of SQLite walking FTS5 doclists (about 45 ns per match: 4 ms for "ko" at 100 000
// tasks).
//
// FTS5 stays the store's search index: it tokenizes and indexes every catalogue write. This
// snapshot is read from FTS5's own index through fts5vocab (see store_word_index.cpp), so its
// terms, folding and tokens are exactly FTS5's. It holds the vocabulary in byte order, as FTS5
// sorts it, and for each term the browse-index slots (store_browse_index.hpp) of the tasks that
// have it, each flagged if a title has it. A query word matches every term it is a prefix of:
// a contiguous range of the vocabulary, found by binary search; its tasks are the union of that
// range's postings, as a bitmap over slots ("anywhere") plus one for "in a title".
//
// A range with many postings (the one or two letters a visitor types first, a word most tasks
// have) would make that union the whole cost of a keystroke. So, as FTS5's prefix indexes do,
// the bitmaps of every range with more postings than a share of the tasks are built with the
// index (kPrecomputedShare in the .cpp; never more bytes than the postings themselves), and
// such a word costs nothing before the AND of the words.
//
// Like the browse index, it follows catalog_state.generation: it is rebuilt, inside the read
// transaction of a query that has words, when the browse index it indexes into has moved on.
// A browse without words never builds it.
//
// Internal to core/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/sqlite.hpp"
#include "core/store_browse_index.hpp"

namespace talkoo::store {

class WordIndex {
  public:
    // Brings the index up to `browse`'s generation (call browse.refresh() first, in the same
    // read transaction).
    void refresh(sqlite::Database& db, const BrowseIndex& browse);

    struct Matches {
        SlotBitmap all;  // the tasks having every word
        // Per word, the tasks whose title has it (not limited to `all`); each points to
        // slot_words() words, owned by the index and valid until its next match() or refresh().
        std::vector<const uint64_t*> in_title;
    };
    // The tasks matching every word (index tokens from QueryTokenizer). Returns false, leaving
    // `out` unspecified, when some word begins no term, so that no task can match.
    bool match(const std::vector<std::string>& words, Matches& out);

    // The length of a SlotBitmap over the browse index's slots.
    size_t slot_words() const { return slot_words_; }
    int64_t generation() const { return generation_; }

    // What the index holds, for the benchmark and the docs.
    struct Stats {
        size_t terms = 0, postings = 0, precomputed_ranges = 0, bytes = 0;
    };
    Stats stats() const;

  private:
    struct Range {
        uint32_t first = 0, end = 0;  // terms [first, end)
        bool operator<(const Range& o) const {
            return first != o.first ? first < o.first : end < o.end;
        }
        bool operator==(const Range& o) const { return first == o.first && end == o.end; }
    };
    // Precomputed bitmaps of a range with many postings.
    struct RangeBitmaps {
        Range range;
        SlotBitmap anywhere, in_title;
    };

    void load(sqlite::Database& db, const BrowseIndex& browse);
    void precompute_big_ranges();
    std::string_view term(uint32_t i) const {
        return std::string_view(terms_).substr(term_start_[i], term_start_[i + 1] - term_start_[i]);
    }
    Range range_of(std::string_view prefix) const;
    size_t postings_in(Range r) const { return posting_start_[r.end] - posting_start_[r.first]; }
    // ORs the postings of `r` into `anywhere` and `in_title` (each slot_words_ long).
    void add_postings(Range r, uint64_t* anywhere, uint64_t* in_title) const;

    int64_t generation_ = -1;
    size_t slot_words_ = 0;
    std::string terms_;                      // every term, back to back, in byte order
    std::vector<uint32_t> term_start_;       // term i is terms_[term_start_[i], term_start_[i + 1])
    std::vector<uint32_t> posting_start_;    // term i's postings: [posting_start_[i], ...[i + 1])
    std::vector<uint32_t> postings_;         // slot << 1 | 1 if a title has the term
    std::vector<RangeBitmaps> precomputed_;  // sorted by range
    // The bitmaps of words whose range is not precomputed, reused from query to query.
    std::vector<SlotBitmap> scratch_anywhere_, scratch_in_title_;
};

}  // namespace talkoo::store
