// Reading fields of a JSON object with exact types, for the signup and stats readers. Each reader
// throws FormatError naming the place ("signups[3].consent_ms") and what was expected, never the
// value found: values may be a visitor's personal data, and error messages end up in logs.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace talkoo::wire::fields {

// Throws FormatError unless `j` is a JSON object.
void require_object(const nlohmann::json& j, const std::string& where);

std::string required_string(const nlohmann::json& obj, std::string_view key,
                            const std::string& where);
// Missing or null gives "".
std::string optional_string(const nlohmann::json& obj, std::string_view key,
                            const std::string& where);
// Integers only: 12 is fine, 12.0 and "12" are not.
int64_t required_int64(const nlohmann::json& obj, std::string_view key, const std::string& where);
std::vector<std::string> required_string_array(const nlohmann::json& obj, std::string_view key,
                                               const std::string& where);
// Missing or null gives nullopt.
std::optional<std::string> optional_nullable_string(const nlohmann::json& obj, std::string_view key,
                                                    const std::string& where);

}  // namespace talkoo::wire::fields
