// See json_limits.hpp.
#include "server/json_limits.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <vector>

namespace talkoo::central {
namespace {

bool is_number_char(char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// An array or object being read: its items (or members) are its commas plus one, once it has
// any content.
struct Container {
    bool is_array = false;
    bool has_content = false;
    size_t commas = 0;
};

}  // namespace

std::optional<std::string> json_limit_problem(std::string_view text, const JsonLimits& limits) {
    std::vector<Container> open;
    auto too_many = [&](const Container& c) -> std::optional<std::string> {
        const size_t items = c.commas + (c.has_content ? 1 : 0);
        if (c.is_array && items > limits.max_array_items)
            return "A JSON array has more than " + std::to_string(limits.max_array_items) +
                   " items.";
        if (!c.is_array && items > limits.max_object_members)
            return "A JSON object has more than " + std::to_string(limits.max_object_members) +
                   " members.";
        return std::nullopt;
    };
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_space(c)) continue;
        if (!open.empty() && c != ']' && c != '}') open.back().has_content = true;
        if (c == '"') {
            const size_t start = i;
            for (++i; i < text.size() && text[i] != '"'; ++i)
                if (text[i] == '\\') ++i;
            if (i - start - 1 > limits.max_string_bytes)
                return "A JSON string is longer than " + std::to_string(limits.max_string_bytes) +
                       " bytes.";
        } else if (c == '[' || c == '{') {
            if (static_cast<int>(open.size()) >= limits.max_depth)
                return "The JSON nests deeper than " + std::to_string(limits.max_depth) +
                       " levels.";
            open.push_back({c == '[', false, 0});
        } else if (c == ']' || c == '}') {
            if (!open.empty()) open.pop_back();
        } else if (c == ',') {
            if (!open.empty()) {
                ++open.back().commas;
                if (auto problem = too_many(open.back())) return problem;
            }
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            const size_t start = i;
            while (i + 1 < text.size() && is_number_char(text[i + 1]))
                ++i;
            const size_t length = i - start + 1;
            if (length > limits.max_number_chars)
                return "A JSON number has more than " + std::to_string(limits.max_number_chars) +
                       " characters.";
            // Integers beyond 64 bits become doubles in the parser and are then refused by the
            // field that reads them; what no double holds (1e999) is refused here.
            const std::string literal(text.substr(start, length));
            errno = 0;
            char* end = nullptr;
            const double value = std::strtod(literal.c_str(), &end);
            if (end == literal.c_str() + literal.size() && std::isinf(value))
                return "A JSON number is out of range (larger than a double can hold).";
        }
    }
    return std::nullopt;
}

}  // namespace talkoo::central
