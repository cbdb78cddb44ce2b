// See signup_export.hpp.
#include "server/signup_export.hpp"

#include <algorithm>

#include "core/clock.hpp"

namespace talkoo::central {
namespace {

std::string join(const std::vector<std::string>& items, char separator) {
    std::string out;
    for (const std::string& s : items) {
        if (!out.empty()) out.push_back(separator);
        out += s;
    }
    return out;
}

std::string csv_cell(const std::string& value, bool free_text) {
    std::string v = value;
    if (free_text && !v.empty() &&
        (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
        v.insert(v.begin(), '\'');
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string quoted = "\"";
    for (char c : v) {
        if (c == '"') quoted.push_back('"');
        quoted.push_back(c);
    }
    quoted.push_back('"');
    return quoted;
}

std::vector<std::string> organisation_ids(const SignupRecord& r) {
    std::vector<std::string> out;
    for (const SignupTask& t : r.tasks) {
        if (t.organisation_id.empty()) continue;
        if (std::find(out.begin(), out.end(), t.organisation_id) == out.end())
            out.push_back(t.organisation_id);
    }
    return out;
}

}  // namespace

nlohmann::json signup_record_json(const SignupRecord& r) {
    const Signup& s = r.signup;
    nlohmann::json tasks = nlohmann::json::array();
    for (const SignupTask& t : r.tasks)
        tasks.push_back({{"task_id", t.task_id}, {"organisation_id", t.organisation_id}});
    nlohmann::json j = {
        {"id", s.id},
        {"created", iso_timestamp_utc(s.created_ms)},
        {"created_ms", s.created_ms},
        {"day", local_date(s.created_ms)},
        {"received", iso_timestamp_utc(r.received_ms)},
        {"received_ms", r.received_ms},
        {"info_point_id", s.info_point_id},
        {"device_id", s.device_id},
        {"task_ids", s.task_ids},
        {"tasks", std::move(tasks)},
        {"name", s.name},
        {"phone", s.phone},
        {"email", s.email},
        {"message", s.message},
        {"age_group", s.age_group ? nlohmann::json(to_string(*s.age_group)) : nlohmann::json()},
        {"lang", lang_code(s.lang)},
        {"consent_version", s.consent_version},
        {"consent_ms", s.consent_ms},
        {"follow_up", to_string(r.follow_up)},
        {"erased", r.erased_ms != 0},
    };
    if (r.erased_ms != 0) j["erased_ms"] = r.erased_ms;
    // Its sealed personal data would not open: the key it was sealed to is not in the ring.
    if (r.unreadable) j["unreadable"] = true;
    // It names an info point the catalogue has never held (docs/protocol.md): stored all the
    // same, marked for the coordinator to check the kiosk's registration.
    if (!r.info_point_known) j["info_point_unknown"] = true;
    return j;
}

nlohmann::json signup_records_json(const std::vector<SignupRecord>& records) {
    nlohmann::json list = nlohmann::json::array();
    for (const SignupRecord& r : records)
        list.push_back(signup_record_json(r));
    return list;
}

std::string signups_csv_header() {
    return "id,created,day,received,info_point_id,device_id,task_ids,organisation_ids,name,phone,"
           "email,message,age_group,lang,consent_version,consent_time,follow_up,erased\r\n";
}

std::string signup_csv_row(const SignupRecord& r) {
    const Signup& s = r.signup;
    std::vector<std::string> cells = {
        csv_cell(s.id, false),
        csv_cell(iso_timestamp_utc(s.created_ms), false),
        csv_cell(local_date(s.created_ms), false),
        csv_cell(iso_timestamp_utc(r.received_ms), false),
        csv_cell(s.info_point_id, false),
        csv_cell(s.device_id, false),
        csv_cell(join(s.task_ids, ' '), false),
        csv_cell(join(organisation_ids(r), ' '), false),
        csv_cell(s.name, true),
        csv_cell(s.phone, true),
        csv_cell(s.email, true),
        csv_cell(s.message, true),
        csv_cell(s.age_group ? std::string(to_string(*s.age_group)) : std::string(), false),
        csv_cell(std::string(lang_code(s.lang)), false),
        csv_cell(s.consent_version, true),
        csv_cell(iso_timestamp_utc(s.consent_ms), false),
        csv_cell(std::string(to_string(r.follow_up)), false),
        r.erased_ms != 0 ? "yes" : "no",
    };
    return join(cells, ',') + "\r\n";
}

std::string signups_csv(const std::vector<SignupRecord>& records) {
    std::string out = signups_csv_header();
    for (const SignupRecord& r : records)
        out += signup_csv_row(r);
    return out;
}

SignupRecord restrict_to_organisation(SignupRecord record, const std::string& organisation_id) {
    std::vector<SignupTask> kept;
    record.signup.task_ids.clear();
    for (SignupTask& t : record.tasks) {
        if (t.organisation_id != organisation_id) continue;
        record.signup.task_ids.push_back(t.task_id);
        kept.push_back(std::move(t));
    }
    record.tasks = std::move(kept);
    return record;
}

}  // namespace talkoo::central
