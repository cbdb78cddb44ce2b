// What the files of LocalStore share (see local_store.hpp for the promises): the connection
// behind the pImpl, and the text functions that catalogue writes and searches must agree on.
// LocalStore's members are defined by concern: local_store.cpp (opening, device, settings),
// store_catalog_write.cpp, store_catalog_read.cpp, store_outbox.cpp, store_counters.cpp.
//
// Internal to core/ (and its tests).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/local_store.hpp"
#include "core/sqlite.hpp"

namespace talkoo {

struct LocalStore::Impl {
    explicit Impl(const std::filesystem::path& file) : db(file) {}
    sqlite::Database db;
};

namespace store {

// The key by which titles sort for a reader: case-insensitive, accents folded to their base
// letters (é -> e, ü -> y as in Finnish and Swedish), but å, ä, ö kept as the letters after z
// in that order, as in the Finnish and Swedish alphabets.
std::string title_sort_key(std::string_view title);

// The FTS5 MATCH expression for what a visitor typed: each word becomes a quoted prefix term
// ("koira"*), all of which must match. Everything else (quotes, *, -, parentheses, AND/OR/NEAR,
// punctuation, emoji) is only a separator, so no input can be an FTS5 syntax error. Returns ""
// when there is no word at all, which means "no text filter".
std::string fts_match_expression(std::string_view typed);

// Wire names joined by commas, and back; used for the small lists in a task row.
std::string join_names(const std::vector<std::string>& names);
std::vector<std::string> split_names(std::string_view joined);

}  // namespace store
}  // namespace talkoo
