// See signup_json.hpp. Field names here are the protocol: docs/protocol.md lists them.
#include "sync/wire/signup_json.hpp"

#include <array>

#include "sync/wire/json_fields.hpp"
#include "sync/wire/protocol.hpp"

namespace talkoo::wire {

namespace {

// The fields both forms share: everything but the personal ones.
nlohmann::json clear_part_json(const Signup& s) {
    return {
        {"id", s.id},
        {"task_ids", s.task_ids},
        {"lang", lang_code(s.lang)},
        {"consent_version", s.consent_version},
        {"consent_ms", s.consent_ms},
        {"info_point_id", s.info_point_id},
        {"created_ms", s.created_ms},
    };
}

constexpr const char* kPersonalFields[] = {"name", "phone", "email", "message", "age_group"};

}  // namespace

nlohmann::json to_json(const SealedSignup& s) {
    nlohmann::json j = clear_part_json(s.signup);
    j["sealed"] = seal::to_base64url(s.sealed);
    return j;
}

nlohmann::json plain_signup_to_json(const Signup& s) {
    nlohmann::json j = clear_part_json(s);
    j["name"] = s.name;
    j["phone"] = s.phone;
    j["email"] = s.email;
    j["message"] = s.message;
    if (s.age_group) j["age_group"] = to_string(*s.age_group);
    return j;
}

IncomingSignup signup_from_json(const nlohmann::json& j, const std::string& where) {
    fields::require_object(j, where);
    IncomingSignup in;
    Signup& s = in.signup;
    s.id = fields::required_string(j, "id", where);
    s.task_ids = fields::required_string_array(j, "task_ids", where);
    if (j.contains("sealed")) {
        std::string text = fields::required_string(j, "sealed", where);
        try {
            in.sealed = seal::from_base64url(text);
        } catch (const seal::SealError&) {
            throw FormatError(where + ".sealed", "expected sealed data in base64url");
        }
        for (const char* field : kPersonalFields)
            if (auto it = j.find(field);
                it != j.end() && !it->is_null() &&
                !(it->is_string() && it->get_ref<const std::string&>().empty()))
                throw FormatError(where + "." + field,
                                  "a sealed signup must not carry personal fields in the clear");
    } else {
        s.name = fields::required_string(j, "name", where);
        s.phone = fields::optional_string(j, "phone", where);
        s.email = fields::optional_string(j, "email", where);
        s.message = fields::optional_string(j, "message", where);
        if (auto age = fields::optional_nullable_string(j, "age_group", where)) {
            s.age_group = parse_age_group(*age);
            if (!s.age_group)
                throw FormatError(where + ".age_group",
                                  "expected one of \"under18\", \"18-29\", \"30-64\", \"65+\"");
        }
    }
    std::string lang = fields::required_string(j, "lang", where);
    auto parsed_lang = parse_lang(lang);
    if (!parsed_lang) throw FormatError(where + ".lang", "expected \"fi\", \"sv\" or \"en\"");
    s.lang = *parsed_lang;
    s.consent_version = fields::required_string(j, "consent_version", where);
    s.consent_ms = fields::required_int64(j, "consent_ms", where);
    s.info_point_id = fields::optional_string(j, "info_point_id", where);
    s.created_ms = fields::required_int64(j, "created_ms", where);
    return in;
}

nlohmann::json signup_batch_to_json(const std::vector<SealedSignup>& signups) {
    nlohmann::json list = nlohmann::json::array();
    for (const SealedSignup& s : signups)
        list.push_back(to_json(s));
    return {{"signups", std::move(list)}};
}

nlohmann::json plain_signup_batch_to_json(const std::vector<Signup>& signups) {
    nlohmann::json list = nlohmann::json::array();
    for (const Signup& s : signups)
        list.push_back(plain_signup_to_json(s));
    return {{"signups", std::move(list)}};
}

bool sends_plain_signups(std::string_view app_version) {
    // MAJOR.MINOR.PATCH, each a number; anything else (no header, a script) is not a kiosk of
    // an earlier version.
    auto parse = [](std::string_view v) -> std::optional<std::array<long, 3>> {
        std::array<long, 3> parts{};
        size_t at = 0;
        for (int i = 0; i < 3; ++i) {
            size_t start = at;
            long n = 0;
            while (at < v.size() && v[at] >= '0' && v[at] <= '9' && at - start < 6)
                n = n * 10 + (v[at++] - '0');
            if (at == start) return std::nullopt;
            parts[i] = n;
            if (i < 2) {
                if (at >= v.size() || v[at] != '.') return std::nullopt;
                ++at;
            }
        }
        return parts;
    };
    auto version = parse(app_version);
    auto first = parse(kFirstSealingVersion);
    return version && first && *version < *first;
}

std::string_view to_string(SignupResultKind kind) {
    switch (kind) {
        case SignupResultKind::stored:
            return "stored";
        case SignupResultKind::duplicate:
            return "duplicate";
        case SignupResultKind::conflict:
            return "conflict";
        case SignupResultKind::rejected:
            return "rejected";
    }
    return "rejected";
}

std::optional<SignupResultKind> parse_signup_result_kind(std::string_view text) {
    for (SignupResultKind k : {SignupResultKind::stored, SignupResultKind::duplicate,
                               SignupResultKind::conflict, SignupResultKind::rejected}) {
        if (to_string(k) == text) return k;
    }
    return std::nullopt;
}

nlohmann::json to_json(const SignupResult& r) {
    nlohmann::json j = {{"id", r.id}, {"result", to_string(r.result)}};
    if (!r.code.empty()) j["code"] = r.code;
    if (!r.message.empty()) j["message"] = r.message;
    if (!r.errors.empty()) {
        nlohmann::json errors = nlohmann::json::array();
        for (const FieldError& e : r.errors)
            errors.push_back({{"field", e.field}, {"code", e.code}, {"message", e.message}});
        j["errors"] = std::move(errors);
    }
    return j;
}

SignupResult signup_result_from_json(const nlohmann::json& j, const std::string& where) {
    fields::require_object(j, where);
    SignupResult r;
    r.id = fields::optional_string(j, "id", where);
    std::string kind = fields::required_string(j, "result", where);
    auto parsed = parse_signup_result_kind(kind);
    if (!parsed)
        throw FormatError(where + ".result",
                          "expected \"stored\", \"duplicate\", \"conflict\" or \"rejected\"");
    r.result = *parsed;
    r.code = fields::optional_string(j, "code", where);
    r.message = fields::optional_string(j, "message", where);
    if (auto it = j.find("errors"); it != j.end() && !it->is_null()) {
        if (!it->is_array()) throw FormatError(where + ".errors", "expected a list");
        for (size_t i = 0; i < it->size(); ++i) {
            std::string place = where + ".errors[" + std::to_string(i) + "]";
            const nlohmann::json& e = (*it)[i];
            fields::require_object(e, place);
            r.errors.push_back({fields::optional_string(e, "field", place),
                                fields::optional_string(e, "code", place),
                                fields::optional_string(e, "message", place)});
        }
    }
    return r;
}

std::vector<SignupResult> parse_signup_results(const nlohmann::json& answer) {
    fields::require_object(answer, "answer");
    auto it = answer.find("results");
    if (it == answer.end() || !it->is_array())
        throw FormatError("answer.results", "expected a list of results");
    std::vector<SignupResult> out;
    out.reserve(it->size());
    for (size_t i = 0; i < it->size(); ++i)
        out.push_back(signup_result_from_json((*it)[i], "results[" + std::to_string(i) + "]"));
    return out;
}

std::string attention_reason(const SignupResult& r) {
    if (r.result == SignupResultKind::conflict)
        return "The centre already holds a different signup with this id (conflict), so this "
               "one was not stored. It is kept on this kiosk: tell the coordinator.";
    if (r.code == rejection::sealed_unknown_key)
        return "The centre does not hold the key this signup is sealed to (sealed_unknown_key): "
               "this kiosk had another network's key, or the centre lost that key. It is kept "
               "on this kiosk: tell the coordinator.";
    if (r.code == rejection::sealed_damaged)
        return "The centre could not open this signup's sealed data (sealed_damaged): it was "
               "changed or cut short on the way or on this kiosk. It is kept on this kiosk: "
               "tell the coordinator.";
    if (r.code == rejection::not_sealed)
        return "The centre refused this signup because its personal data was not sealed "
               "(not_sealed). It is kept on this kiosk: update the kiosk, or tell the "
               "coordinator.";
    std::string fields;
    for (const FieldError& e : r.errors)
        fields += (fields.empty() ? "" : ", ") + e.field + " (" + e.code + ")";
    return "The centre rejected this signup" +
           (fields.empty() ? std::string(" as malformed") : " because of " + fields) +
           ". It is kept on this kiosk: staff can check it, or tell the coordinator.";
}

}  // namespace talkoo::wire
