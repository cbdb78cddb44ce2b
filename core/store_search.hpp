// Free-text search over the catalogue's FTS5 index (task_search, see store_schema.cpp).
//
// A visitor's text is cut into words by FTS5's own unicode61 tokenizer, the very one that built
// the index, so folding (ä -> a, case) is identical on both sides and each word is exactly one
// index token. Each word becomes a quoted prefix term ("koira"*), which FTS5 reads as a plain
// string whatever it spells (AND, OR, NEAR); quotes, stars, parentheses and other punctuation
// never survive tokenizing. So no input can be an FTS5 syntax error.
//
// One FTS5 query answers both questions a search asks of each word: which tasks have it
// anywhere, and which have it in a title (relevance is the number of words found at the start of
// a title word, in any language). An auxiliary function, talkoo_scan, runs on the first row that
// matches all words and walks each word's matches itself with xQueryPhrase, reading the columns
// of each from the same index entry; the tasks that match are the intersection of the words'
// lists. At 100 000 tasks that step is two to four times quicker than stepping SQLite through
// every match and then asking again for title hits, one query per word (docs/benchmarks.md).
//
// Internal to core/.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <sqlite3.h>  // FTS5's tokenizer API is declared there too

#include "core/sqlite.hpp"

namespace talkoo::store {

// Registers on a connection the FTS5 auxiliary function find_tasks() needs (talkoo_scan).
void register_search_functions(sqlite::Database& db);

// unicode61 with remove_diacritics 2, as task_search uses, borrowed from the connection's FTS5.
class QueryTokenizer {
  public:
    QueryTokenizer() = default;
    ~QueryTokenizer();
    QueryTokenizer(const QueryTokenizer&) = delete;
    QueryTokenizer& operator=(const QueryTokenizer&) = delete;

    // The index tokens of `typed`, at most kMaxQueryWords of them; empty if it has no word.
    std::vector<std::string> words(sqlite::Database& db, std::string_view typed);

  private:
    fts5_tokenizer api_{};
    Fts5Tokenizer* tokenizer_ = nullptr;
};

// Enough for any real query; a pasted novel must not become a thousand-term FTS5 query.
inline constexpr size_t kMaxQueryWords = 12;

struct SearchHits {
    std::vector<int64_t> nums;  // tasks.num of every task matching all words, ascending
    // For each query word, the tasks whose title has it (ascending): the relevance signal.
    std::vector<std::vector<int64_t>> title_nums;
};

// Tasks where every word matches a word prefix in any indexed text. `words` from words().
SearchHits find_tasks(sqlite::Database& db, const std::vector<std::string>& words);

// The FTS5 MATCH expression for index tokens: "w1"* "w2"* (all must match).
std::string match_expression(const std::vector<std::string>& words);

}  // namespace talkoo::store
