// What the files of LocalStore share (see local_store.hpp for the promises): the connection
// behind the pImpl with its per-connection search state, and the text functions that catalogue
// writes and reads must agree on. LocalStore's members are defined by concern: local_store.cpp
// (opening, device, settings), store_catalog_write.cpp, store_catalog_read.cpp,
// store_outbox.cpp, store_counters.cpp.
//
// Internal to core/ (and its tests).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/local_store.hpp"
#include "core/sqlite.hpp"
#include "core/store_browse_index.hpp"
#include "core/store_search.hpp"
#include "core/store_word_index.hpp"

namespace talkoo {

namespace store {

// One connection and what it keeps for searching. (LocalStore::Impl is this, under a name that
// only LocalStore may use; helpers in the store's files take a Connection.)
struct Connection {
    explicit Connection(const std::filesystem::path& file) : db(file) {}
    sqlite::Database db;  // first: the members below borrow from it and go before it
    BrowseIndex browse_index;
    WordIndex word_index;  // built by the first query with words; follows browse_index
    QueryTokenizer tokenizer;
};

}  // namespace store

struct LocalStore::Impl : store::Connection {
    using Connection::Connection;
};

namespace store {

// The key by which titles sort for a reader: case-insensitive, accents folded to their base
// letters (é -> e, ü -> y as in Finnish and Swedish), but å, ä, ö kept as the letters after z
// in that order, as in the Finnish and Swedish alphabets.
std::string title_sort_key(std::string_view title);

// Wire names joined by commas, and back; used for the small lists in a task row.
std::string join_names(const std::vector<std::string>& names);
std::vector<std::string> split_names(std::string_view joined);

}  // namespace store
}  // namespace talkoo
