// See stats_json.hpp.
#include "sync/wire/stats_json.hpp"

#include "core/validation.hpp"
#include "sync/wire/json_fields.hpp"

namespace talkoo::wire {

bool is_valid_counter_name(std::string_view name) {
    if (name.empty() || name.size() > kMaxCounterNameLength) return false;
    for (char c : name) {
        bool ok =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

nlohmann::json to_json(const UsageCounter& c) {
    return {
        {"day", c.day}, {"info_point_id", c.info_point_id}, {"name", c.name}, {"value", c.value}};
}

UsageCounter usage_counter_from_json(const nlohmann::json& j, const std::string& where) {
    fields::require_object(j, where);
    UsageCounter c;
    c.day = fields::required_string(j, "day", where);
    if (!is_valid_iso_date(c.day))
        throw FormatError(where + ".day", "expected a calendar day as YYYY-MM-DD");
    c.info_point_id = fields::required_string(j, "info_point_id", where);
    if (!is_valid_id(c.info_point_id))
        throw FormatError(where + ".info_point_id",
                          "expected an id of 1 to 64 characters a-z, 0-9, '-' or '_'");
    c.name = fields::required_string(j, "name", where);
    if (!is_valid_counter_name(c.name))
        throw FormatError(where + ".name",
                          "expected a counter name of 1 to 80 characters a-z, 0-9, '.', '-', '_'");
    c.value = fields::required_int64(j, "value", where);
    if (c.value < 0) throw FormatError(where + ".value", "a counter cannot be negative");
    return c;
}

nlohmann::json stats_batch_to_json(const std::vector<UsageCounter>& counters) {
    nlohmann::json list = nlohmann::json::array();
    for (const UsageCounter& c : counters)
        list.push_back(to_json(c));
    return {{"counters", std::move(list)}};
}

}  // namespace talkoo::wire
