// See json_fields.hpp.
#include "sync/wire/json_fields.hpp"

#include "sync/wire/catalog_json.hpp"  // FormatError

namespace talkoo::wire::fields {
namespace {

std::string field_place(const std::string& where, std::string_view key) {
    return where.empty() ? std::string(key) : where + "." + std::string(key);
}

const char* type_name(const nlohmann::json& j) {
    if (j.is_null()) return "null";
    if (j.is_boolean()) return "true/false";
    if (j.is_number_integer() || j.is_number_unsigned()) return "an integer";
    if (j.is_number()) return "a decimal number";
    if (j.is_string()) return "text";
    if (j.is_array()) return "a list";
    return "an object";
}

const nlohmann::json* find(const nlohmann::json& obj, std::string_view key) {
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

}  // namespace

void require_object(const nlohmann::json& j, const std::string& where) {
    if (!j.is_object())
        throw FormatError(where, std::string("expected an object, found ") + type_name(j));
}

std::string required_string(const nlohmann::json& obj, std::string_view key,
                            const std::string& where) {
    const nlohmann::json* v = find(obj, key);
    if (!v) throw FormatError(field_place(where, key), "this field is required");
    if (!v->is_string())
        throw FormatError(field_place(where, key),
                          std::string("expected text, found ") + type_name(*v));
    return v->get<std::string>();
}

std::string optional_string(const nlohmann::json& obj, std::string_view key,
                            const std::string& where) {
    return optional_nullable_string(obj, key, where).value_or(std::string());
}

std::optional<std::string> optional_nullable_string(const nlohmann::json& obj, std::string_view key,
                                                    const std::string& where) {
    const nlohmann::json* v = find(obj, key);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_string())
        throw FormatError(field_place(where, key),
                          std::string("expected text, found ") + type_name(*v));
    return v->get<std::string>();
}

int64_t required_int64(const nlohmann::json& obj, std::string_view key, const std::string& where) {
    const nlohmann::json* v = find(obj, key);
    if (!v) throw FormatError(field_place(where, key), "this field is required");
    // nlohmann keeps non-negative integers unsigned (is_number_integer() is true for both kinds);
    // no time or count of ours is above INT64_MAX.
    if (v->is_number_unsigned()) {
        uint64_t u = v->get<uint64_t>();
        if (u <= static_cast<uint64_t>(INT64_MAX)) return static_cast<int64_t>(u);
        throw FormatError(field_place(where, key), "the number is too large");
    }
    if (v->is_number_integer()) return v->get<int64_t>();
    throw FormatError(field_place(where, key),
                      std::string("expected an integer, found ") + type_name(*v));
}

std::vector<std::string> required_string_array(const nlohmann::json& obj, std::string_view key,
                                               const std::string& where) {
    const nlohmann::json* v = find(obj, key);
    std::string place = field_place(where, key);
    if (!v) throw FormatError(place, "this field is required");
    if (!v->is_array())
        throw FormatError(place, std::string("expected a list of text, found ") + type_name(*v));
    std::vector<std::string> out;
    out.reserve(v->size());
    for (size_t i = 0; i < v->size(); ++i) {
        const nlohmann::json& item = (*v)[i];
        if (!item.is_string())
            throw FormatError(place + "[" + std::to_string(i) + "]",
                              std::string("expected text, found ") + type_name(item));
        out.push_back(item.get<std::string>());
    }
    return out;
}

}  // namespace talkoo::wire::fields
