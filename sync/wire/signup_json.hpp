// Signups on the wire: what a kiosk POSTs to /v1/signups and what the centre answers for each.
//
// A signup travels as one JSON object (docs/protocol.md shows one). The device's id is never
// sent: the centre takes it from the device token, so one kiosk cannot file signups as another.
// Reading a signup checks its shape and types only (FormatError says where it is wrong); whether
// its contents are acceptable is validate_signup()'s job, so that the kiosk's form and the centre
// judge by the very same rules.
//
// Each signup of a batch gets its own result, in the batch's order:
//   stored     the centre has it now;
//   duplicate  the centre already had this id with the same content: a success, safe to retry;
//   conflict   the centre has this id with other content: the kiosk must not retry blindly;
//   rejected   it failed validation; `errors` says which fields and why (no personal data).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"
#include "core/validation.hpp"
#include "sync/wire/catalog_json.hpp"  // FormatError

namespace talkoo::wire {

nlohmann::json to_json(const Signup& signup);
// Throws FormatError(where, ...) for a missing field or a wrong type. Unknown fields are ignored
// (a newer kiosk may send more), and so is "device_id".
Signup signup_from_json(const nlohmann::json& j, const std::string& where);

// {"signups": [ ... ]}, the body of POST /v1/signups.
nlohmann::json signup_batch_to_json(const std::vector<Signup>& signups);

enum class SignupResultKind { stored, duplicate, conflict, rejected };
std::string_view to_string(SignupResultKind kind);
std::optional<SignupResultKind> parse_signup_result_kind(std::string_view text);

struct SignupResult {
    std::string id;  // as sent; empty when the item had no readable id
    SignupResultKind result = SignupResultKind::stored;
    std::string message;      // for conflict and rejected: a sentence, no personal data
    ValidationErrors errors;  // for rejected: one entry per problem field
    bool operator==(const SignupResult&) const = default;
};

nlohmann::json to_json(const SignupResult& result);
SignupResult signup_result_from_json(const nlohmann::json& j, const std::string& where);

// The "results" array of the centre's answer, for the kiosk's client.
std::vector<SignupResult> parse_signup_results(const nlohmann::json& answer);

}  // namespace talkoo::wire
