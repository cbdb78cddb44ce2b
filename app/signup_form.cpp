// See signup_form.hpp.
#include "app/signup_form.hpp"

#include "core/seal.hpp"
#include "core/uuid.hpp"
#include "core/validation.hpp"

namespace talkoo {
namespace {

// Bytes per field: the code point limit times UTF-8's longest character, plus the terminator.
constexpr size_t bytes_for(size_t code_points) {
    return code_points * 4 + 1;
}

std::string trimmed(std::string_view s) {
    size_t a = 0, b = s.size();
    while (a < b && (s[a] == ' ' || s[a] == '\n'))
        ++a;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n'))
        --b;
    return std::string(s.substr(a, b - a));
}

}  // namespace

void wipe_string(std::string& s) {
    // sodium_memzero is never optimised away, unlike a memset before destruction; the whole
    // capacity, because text that was erased with backspace is still in the buffer past size().
    seal::wipe(s);
}

void prepare_form(FormState& form) {
    form.name.reserve(bytes_for(kMaxNameLength));
    form.phone.reserve(bytes_for(kMaxPhoneLength));
    form.email.reserve(bytes_for(kMaxEmailLength));
    form.message.reserve(bytes_for(kMaxMessageLength));
}

void wipe_form(FormState& form) {
    wipe_string(form.name);
    wipe_string(form.phone);
    wipe_string(form.email);
    wipe_string(form.message);
    form.age_group.reset();
    form.consent = false;
    form.consent_ms = 0;
    form.errors.clear();
    form.checked = false;
    form.flagged.clear();
    form.store_error_key.clear();
    form.reveal_error = false;
    prepare_form(form);
}

void wipe_signup(Signup& s) {
    wipe_string(s.name);
    wipe_string(s.phone);
    wipe_string(s.email);
    wipe_string(s.message);
}

size_t field_limit(Field field) {
    switch (field) {
        case Field::name:
            return kMaxNameLength;
        case Field::phone:
            return kMaxPhoneLength;
        case Field::email:
            return kMaxEmailLength;
        case Field::message:
            return kMaxMessageLength;
        case Field::search:
            return 80;
        case Field::none:
            return 0;
    }
    return 0;
}

bool type_into(std::string& field, std::string_view text, size_t max_chars) {
    if (utf8_length(field) + utf8_length(text) > max_chars) return false;
    // Within the reserved capacity by construction (limit × 4 bytes): no reallocation.
    field.append(text);
    return true;
}

void erase_last_char(std::string& field) {
    if (field.empty()) return;
    size_t at = field.size() - 1;
    while (at > 0 && (static_cast<unsigned char>(field[at]) & 0xC0) == 0x80)
        --at;
    // Zero the removed bytes too, then shorten.
    for (size_t i = at; i < field.size(); ++i)
        field[i] = '\0';
    field.resize(at);
}

Signup make_signup(const FormState& form, const SignupContext& c) {
    Signup s;
    s.id = new_uuid_v7();
    s.task_ids = c.task_ids;
    s.name = trimmed(form.name);
    std::string phone = trimmed(form.phone);
    if (auto e164 = normalize_phone(phone)) {
        wipe_string(phone);
        s.phone = *e164;
    } else {
        s.phone = std::move(phone);
    }
    s.email = trimmed(form.email);
    s.message = trimmed(form.message);
    s.age_group = form.age_group;
    s.lang = c.lang;
    if (form.consent) {
        s.consent_version = c.consent_version;
        s.consent_ms = form.consent_ms;
    }
    s.info_point_id = c.info_point_id;
    s.device_id = c.device_id;
    s.created_ms = c.now_ms;
    return s;
}

}  // namespace talkoo
