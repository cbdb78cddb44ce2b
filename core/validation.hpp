// Validation of every record that crosses a boundary: a visitor's form, a catalogue file, a
// request to the centre. Each problem comes back as a FieldError with a stable code (for code and
// translation tables: the kiosk shows "form.error.<code>" in the visitor's language) and an
// English sentence a person can act on (for logs, CLI output and the centre's error bodies).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"

namespace talkoo {

struct FieldError {
    std::string field;    // e.g. "phone", "title.fi", "task_ids[2]"
    std::string code;     // e.g. "required", "too_long", "invalid_phone"
    std::string message;  // e.g. "Phone number: use the form 040 123 4567 or +358 40 123 4567."
    bool operator==(const FieldError&) const = default;
};
using ValidationErrors = std::vector<FieldError>;

// Length limits, in Unicode code points.
inline constexpr size_t kMaxIdLength = 64;
inline constexpr size_t kMaxNameLength = 100;
inline constexpr size_t kMaxEmailLength = 254;
inline constexpr size_t kMaxPhoneLength = 32;
inline constexpr size_t kMaxMessageLength = 1000;
inline constexpr size_t kMaxTitleLength = 120;
inline constexpr size_t kMaxSummaryLength = 400;
inline constexpr size_t kMaxDescriptionLength = 5000;
inline constexpr size_t kMaxShortTextLength = 200;  // place, time needed, municipality, address
inline constexpr size_t kMaxUrlLength = 500;
inline constexpr size_t kMaxTasksPerSignup = 20;

ValidationErrors validate_organisation(const Organisation& org);
ValidationErrors validate_info_point(const InfoPoint& point);
ValidationErrors validate_task(const Task& task);
// Checks what the visitor typed and what the device filled in. It does not check that the task
// ids exist: the store and the centre do that against their own catalogue.
ValidationErrors validate_signup(const Signup& signup);
// The same rules for the part of a signup that stays in the clear when its personal fields are
// sealed (sealed_signup.hpp): everything but name, phone, e-mail and message, which must be
// empty here (and no age group): code "not_sealed" otherwise.
ValidationErrors validate_signup_clear_part(const Signup& signup);

// Phone numbers as people type them: "040 123 4567", "040-1234567", "+358 40 123 4567",
// "00358401234567", "+46 70 123 45 67". Returns E.164 ("+358401234567") or nullopt.
// A number starting with a single 0 is read as Finnish.
std::optional<std::string> normalize_phone(std::string_view typed);

// A sanity check, not RFC 5322: one @, a non-empty local part, a domain with a dot and a
// plausible top-level domain, no spaces or control characters.
bool is_plausible_email(std::string_view email);

// Stable record ids: 1 to 64 characters of [a-z0-9-_], starting with a letter or digit.
bool is_valid_id(std::string_view id);
// "YYYY-MM-DD" naming a real calendar day.
bool is_valid_iso_date(std::string_view date);
// Valid UTF-8 with no control characters (newlines allowed only if allow_newlines).
bool is_clean_text(std::string_view text, bool allow_newlines);
// Number of Unicode code points in valid UTF-8.
size_t utf8_length(std::string_view text);

}  // namespace talkoo
