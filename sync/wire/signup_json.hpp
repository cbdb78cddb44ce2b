// Signups on the wire: what a kiosk POSTs to /v1/signups and what the centre answers for each.
//
// A signup travels as one JSON object (docs/protocol.md shows one). The device's id is never
// sent: the centre takes it from the device token, so one kiosk cannot file signups as another.
//
// Two forms. The sealed form, which kiosks send since version 0.2.0: the personal fields (name,
// phone, e-mail, message, age group) travel only inside "sealed", a blob (core/seal.hpp) in
// base64url. The plain form of earlier kiosks carries them as fields of their own; the centre
// still accepts it from those kiosks only (docs/protocol.md).
// Reading a signup checks its shape and types only (FormatError says where it is wrong); whether
// its contents are acceptable is validate_signup()'s job, so that the kiosk's form and the centre
// judge by the very same rules.
//
// Each signup of a batch gets its own result, in the batch's order:
//   stored     the centre has it now;
//   duplicate  the centre already had this id with the same content: a success, safe to retry;
//   conflict   the centre has this id with other content: the kiosk must not retry blindly;
//   rejected   it failed validation (`errors` says which fields and why, no personal data), or
//              its seal could not be opened; `code` says which (see SignupRejection).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"
#include "core/sealed_signup.hpp"
#include "core/validation.hpp"
#include "sync/wire/catalog_json.hpp"  // FormatError

namespace talkoo::wire {

// The sealed form.
nlohmann::json to_json(const SealedSignup& signup);
// The plain form, as kiosks before sealing sent it (tests play such a kiosk with it).
nlohmann::json plain_signup_to_json(const Signup& signup);

// A signup as the centre reads it, in either form.
struct IncomingSignup {
    Signup signup;                      // personal fields empty when sealed
    std::optional<std::string> sealed;  // the blob's bytes (decoded), when in the sealed form
    bool operator==(const IncomingSignup&) const = default;
};
// Throws FormatError(where, ...) for a missing field or a wrong type, for a "sealed" that is not
// base64url, and for a sealed signup that also carries a personal field in the clear. Unknown
// fields are ignored (a newer kiosk may send more), and so is "device_id".
IncomingSignup signup_from_json(const nlohmann::json& j, const std::string& where);

// {"signups": [ ... ]}, the body of POST /v1/signups: sealed, and in the plain form of kiosks
// before sealing.
nlohmann::json signup_batch_to_json(const std::vector<SealedSignup>& signups);
nlohmann::json plain_signup_batch_to_json(const std::vector<Signup>& signups);

enum class SignupResultKind { stored, duplicate, conflict, rejected };
std::string_view to_string(SignupResultKind kind);
std::optional<SignupResultKind> parse_signup_result_kind(std::string_view text);

// Why a signup was rejected: the "code" of its result (docs/protocol.md).
namespace rejection {
inline constexpr std::string_view malformed = "malformed";  // wrong shape or type
inline constexpr std::string_view invalid = "invalid";      // failed validation: see errors
inline constexpr std::string_view sealed_unknown_key = "sealed_unknown_key";  // not our key
inline constexpr std::string_view sealed_damaged = "sealed_damaged";  // truncated, altered, ...
inline constexpr std::string_view not_sealed = "not_sealed";          // plain from a sealing kiosk
}  // namespace rejection

struct SignupResult {
    std::string id;  // as sent; empty when the item had no readable id
    SignupResultKind result = SignupResultKind::stored;
    std::string code;         // for rejected: one of `rejection`; empty otherwise
    std::string message;      // for conflict and rejected: a sentence, no personal data
    ValidationErrors errors;  // for rejected: one entry per problem field
    bool operator==(const SignupResult&) const = default;
};

nlohmann::json to_json(const SignupResult& result);
SignupResult signup_result_from_json(const nlohmann::json& j, const std::string& where);

// Why a signup the centre answered "conflict" or "rejected" for needs attention, in a sentence
// for the staff panel: codes and field names only, never a value. The sync and a USB receipt
// keep the same reason.
std::string attention_reason(const SignupResult& result);

// The "results" array of the centre's answer, for the kiosk's client.
std::vector<SignupResult> parse_signup_results(const nlohmann::json& answer);

}  // namespace talkoo::wire
