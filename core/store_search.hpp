// The visitor's words for a search over the catalogue's FTS5 index (task_search, see
// store_schema.cpp), as the index's own tokens.
//
// A visitor's text is cut into words by FTS5's own unicode61 tokenizer, the very one that built
// the index, so folding (ä -> a, case) is identical on both sides and each word is exactly one
// index token. Quotes, stars, parentheses and other punctuation never survive tokenizing, and
// AND, OR, NEAR are plain words: the words are looked up in the connection's word index
// (store_word_index.hpp), never parsed as FTS5 syntax, so no input can be an error.
//
// Internal to core/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <sqlite3.h>  // FTS5's tokenizer API is declared there too

#include "core/sqlite.hpp"

namespace talkoo::store {

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

// Enough for any real query: each word costs a pass over the word index's bitmaps.
inline constexpr size_t kMaxQueryWords = 12;

}  // namespace talkoo::store
