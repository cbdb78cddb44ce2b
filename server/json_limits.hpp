// Limits on the shape of a JSON request body, checked in one pass over its text before any parser
// builds a document from it: a hostile body within the 1 MiB size limit could otherwise still
// nest deep enough to exhaust the parser's stack, hold a million-element array (tens of MB as a
// document), or a number such as 1e999 that no double holds. The limits are far above what any
// call of talkoo/1 needs (docs/protocol.md, "Limits").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace talkoo::central {

struct JsonLimits {
    int max_depth = 32;                   // arrays and objects within each other
    size_t max_string_bytes = 64 * 1024;  // each string (keys too), as written
    size_t max_array_items = 10'000;
    size_t max_object_members = 1'000;
    size_t max_number_chars = 64;
};

// Why `text` breaks a limit, as a sentence for the client (it quotes nothing of the text), or
// nullopt when it keeps them. Malformed JSON is not its concern: the parser reports that.
std::optional<std::string> json_limit_problem(std::string_view text, const JsonLimits& limits = {});

}  // namespace talkoo::central
