// See signup_intake.hpp.
#include "server/signup_intake.hpp"

#include "core/validation.hpp"
#include "sync/wire/protocol.hpp"

namespace talkoo::central {
namespace {

void reject(wire::SignupResult& r, std::string_view code, const std::string& message) {
    r.result = wire::SignupResultKind::rejected;
    r.code = std::string(code);
    r.message = message;
}

std::string_view seal_rejection(const seal::SealError& e) {
    return e.code == seal::SealError::Code::unknown_key ? wire::rejection::sealed_unknown_key
                                                        : wire::rejection::sealed_damaged;
}

// The centre's own clock bounds a signup's times (docs/protocol.md): a kiosk's clock gone wrong
// shows here as a rejection staff can see, not as a signup dated 1970 among the others.
void check_signup_times(const Signup& s, int64_t now, ValidationErrors& errors) {
    const std::string window =
        "must lie between three years before and one day after the centre's clock: check the "
        "kiosk's date and time.";
    auto in_window = [&](int64_t ms) {
        return ms <= now + wire::kMaxSignupAheadMs && ms >= now - wire::kMaxSignupAgeMs;
    };
    if (s.created_ms > 0 && !in_window(s.created_ms))
        errors.push_back({"created_ms", "out_of_range", "The creation time " + window});
    if (s.consent_ms > 0 && !in_window(s.consent_ms))
        errors.push_back({"consent_ms", "out_of_range", "The consent time " + window});
}

}  // namespace

JudgedSignups::~JudgedSignups() {
    for (SignupVault::Received& r : accepted)
        clear_personal_fields(r.whole);
}

JudgedSignups judge_signups(const std::vector<const nlohmann::json*>& items,
                            const DeviceRecord& device, bool plain_allowed, SignupVault& vault,
                            int64_t now_ms) {
    JudgedSignups judged;
    judged.results.resize(items.size());
    for (size_t i = 0; i < items.size(); ++i) {
        const nlohmann::json& item = *items[i];
        wire::SignupResult& r = judged.results[i];
        if (item.is_object()) {
            auto id = item.find("id");
            if (id != item.end() && id->is_string()) r.id = id->get<std::string>();
        }
        try {
            wire::IncomingSignup in =
                wire::signup_from_json(item, "signups[" + std::to_string(i) + "]");
            Signup s;
            std::string blob;
            if (in.sealed) {
                try {
                    s = vault.open_sealed({in.signup, *in.sealed});
                } catch (const seal::SealError& e) {
                    // SealError messages name key ids and byte counts, never content.
                    reject(r, seal_rejection(e),
                           std::string("The signup's sealed personal data could not be opened: ") +
                               e.what() + " Nothing was stored.");
                    continue;
                }
                blob = std::move(*in.sealed);
            } else if (!plain_allowed) {
                reject(r, wire::rejection::not_sealed,
                       "The signup's personal fields came in plain text, which the centre takes "
                       "only from kiosks older than " +
                           std::string(wire::kFirstSealingVersion) +
                           ": seal them to the network_key of the catalogue (docs/protocol.md). "
                           "Nothing was stored.");
                continue;
            } else {
                s = std::move(in.signup);
                ++judged.plain;
            }
            s.device_id = device.id;  // from the token, never from the body
            if (s.info_point_id.empty()) s.info_point_id = device.info_point_id;
            ValidationErrors errors = validate_signup(s);
            check_signup_times(s, now_ms, errors);
            if (!errors.empty()) {
                reject(r, wire::rejection::invalid,
                       "The signup failed validation and was not stored: see errors.");
                r.errors = std::move(errors);
                clear_personal_fields(s);
                continue;
            }
            judged.accepted.push_back({std::move(s), std::move(blob)});
            judged.accepted_at.push_back(i);
        } catch (const wire::FormatError& e) {
            reject(r, wire::rejection::malformed, e.what());
        }
    }
    return judged;
}

void record_outcomes(std::vector<wire::SignupResult>& results,
                     const std::vector<size_t>& accepted_at,
                     const std::vector<SignupOutcome>& outcomes) {
    for (size_t k = 0; k < outcomes.size() && k < accepted_at.size(); ++k) {
        wire::SignupResult& r = results[accepted_at[k]];
        switch (outcomes[k]) {
            case SignupOutcome::stored:
                r.result = wire::SignupResultKind::stored;
                break;
            case SignupOutcome::duplicate:
                r.result = wire::SignupResultKind::duplicate;
                break;
            case SignupOutcome::conflict:
                r.result = wire::SignupResultKind::conflict;
                r.message =
                    "The centre already has a different signup with this id; this one was not"
                    " stored. Staff should check the kiosk's outbox.";
                break;
        }
    }
}

SignupIntake take_signups(const std::vector<const nlohmann::json*>& items,
                          const DeviceRecord& device, bool plain_allowed, SignupVault& vault,
                          int64_t now_ms) {
    JudgedSignups judged = judge_signups(items, device, plain_allowed, vault, now_ms);
    std::vector<SignupOutcome> outcomes = vault.store_signups(judged.accepted, now_ms);
    record_outcomes(judged.results, judged.accepted_at, outcomes);
    return {std::move(judged.results), judged.plain};
}

}  // namespace talkoo::central
