// The interest form's text and the Signup made from it. Everything here handles personal data,
// so it is careful with memory: each field keeps one fixed buffer from the start (reserved to
// the field's limit), typing never reallocates it, and wiping overwrites it with zeros before
// emptying it. An idle reset or a sent form leaves no copy of what the visitor typed behind in
// the kiosk's memory for a later allocation to pick up.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/view_state.hpp"
#include "core/domain.hpp"

namespace talkoo {

// Reserves each field's fixed buffer. Call once for a new FormState (wipe_form does it again).
void prepare_form(FormState& form);
// Zeroes every byte of every personal field, clears the choices and errors, re-prepares.
void wipe_form(FormState& form);
// Zeroes a string's whole buffer, then empties it (its capacity stays, now all zeros).
void wipe_string(std::string& s);
// Wipes the personal fields of a Signup made from the form.
void wipe_signup(Signup& s);

// Most characters a visitor can type into a field (the limits of core/validation.hpp; search
// has its own).
size_t field_limit(Field field);
// Appends `text` if the field stays within `max_chars` code points; false (and no change) if not.
bool type_into(std::string& field, std::string_view text, size_t max_chars);
// Removes the last code point.
void erase_last_char(std::string& field);

struct SignupContext {
    std::vector<std::string> task_ids;
    Lang lang = Lang::fi;
    std::string consent_version;
    std::string info_point_id;
    std::string device_id;
    int64_t now_ms = 0;
};

// The Signup the form describes: a new UUIDv7, trimmed text, the phone number in E.164 when it
// is one (else as typed, so that validation names the problem). Not validated here.
Signup make_signup(const FormState& form, const SignupContext& context);

}  // namespace talkoo
