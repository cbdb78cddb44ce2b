// Validation rules for every record (see validation.hpp for the contract).
//
// Index:
//   [text]     UTF-8 decoding, clean text, lengths
//   [formats]  ids, dates, phone numbers, e-mail addresses, web links
//   [records]  one validate_* per record type
#include "core/validation.hpp"

#include <algorithm>
#include <cstdint>
#include <set>

#include "core/uuid.hpp"

namespace talkoo {
namespace {

// -- [text] ------------------------------------------------------------------------------------

// Decodes one UTF-8 sequence at s[i]; returns the code point and advances i, or returns -1 for
// malformed input (overlong forms, surrogates and values above U+10FFFF included).
int32_t decode_utf8(std::string_view s, size_t& i) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    if (c < 0x80) {
        ++i;
        return c;
    }
    int len = 0;
    int32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
        len = 2;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4;
        cp = c & 0x07;
    } else {
        return -1;
    }
    if (i + len > s.size()) return -1;
    for (int k = 1; k < len; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return -1;
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    static constexpr int32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
    i += len;
    return cp;
}

// Characters that have no place in what people type or read: C0 and C1 controls, DEL, and the
// bidirectional overrides that can make a name display as something else.
bool is_forbidden_code_point(int32_t cp, bool allow_newlines) {
    if (allow_newlines && (cp == '\n' || cp == '\r' || cp == '\t')) return false;
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return true;
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) return true;
    return false;
}

// Space a person cannot see: ASCII blanks and line breaks, and Unicode's spaces and invisible
// separators (no-break, ideographic, zero-width, the byte-order mark, ...), which a name pasted
// from elsewhere or typed on a phone's keyboard can carry.
bool is_invisible_space(int32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0xA0 ||
           cp == 0x1680 || cp == 0x180E || (cp >= 0x2000 && cp <= 0x200D) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x2060 || cp == 0x3000 ||
           cp == 0xFEFF;
}

// Blank after trimming: nothing but invisible space (text that is not valid UTF-8 is not blank;
// is_clean_text refuses it).
bool is_blank(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        int32_t cp = decode_utf8(s, i);
        if (cp < 0 || !is_invisible_space(cp)) return false;
    }
    return true;
}

// Collects errors for one record; each check adds at most one error per field.
struct Checker {
    ValidationErrors errors;

    void add(std::string field, std::string code, std::string message) {
        errors.push_back({std::move(field), std::move(code), std::move(message)});
    }

    // Single-line (or multi-line) free text with a length limit. Returns false if an error
    // was added.
    bool text(const std::string& field, std::string_view label, std::string_view value,
              size_t max_len, bool required, bool multiline = false) {
        if (!is_clean_text(value, multiline)) {
            add(field, "control_chars",
                std::string(label) + ": remove control characters or invalid text encoding.");
            return false;
        }
        if (required && is_blank(value)) {
            add(field, "required", std::string(label) + " is required.");
            return false;
        }
        if (utf8_length(value) > max_len) {
            add(field, "too_long",
                std::string(label) + " is too long: at most " + std::to_string(max_len) +
                    " characters.");
            return false;
        }
        return true;
    }

    void localized(const std::string& field, std::string_view label, const LocalizedText& t,
                   size_t max_len, bool fi_required, bool multiline = false) {
        for (Lang l : kAllLangs) {
            std::string f = field + "." + std::string(lang_code(l));
            std::string lab = std::string(label) + " (" + std::string(lang_code(l)) + ")";
            text(f, lab, t[l], max_len, fi_required && l == Lang::fi, multiline);
        }
    }

    void id(const std::string& field, std::string_view label, std::string_view value) {
        if (value.empty())
            add(field, "required", std::string(label) + " is required.");
        else if (!is_valid_id(value))
            add(field, "invalid_id",
                std::string(label) +
                    ": use 1 to 64 characters of a-z, 0-9, '-' and '_', starting with a letter "
                    "or digit.");
    }

    void date(const std::string& field, std::string_view label, std::string_view value) {
        if (!value.empty() && !is_valid_iso_date(value))
            add(field, "invalid_date",
                std::string(label) + ": use a real date in the form YYYY-MM-DD.");
    }

    void date_range(const std::string& field, std::string_view from, std::string_view until) {
        if (!from.empty() && !until.empty() && is_valid_iso_date(from) &&
            is_valid_iso_date(until) && until < from)
            add(field, "invalid_date_range", "The end date is before the start date.");
    }

    void phone(const std::string& field, std::string_view label, std::string_view value) {
        if (value.empty() || !text(field, label, value, kMaxPhoneLength, false)) return;
        if (!normalize_phone(value))
            add(field, "invalid_phone",
                std::string(label) +
                    ": use the form 040 123 4567, or +358 40 123 4567 for a number abroad.");
    }

    void email(const std::string& field, std::string_view label, std::string_view value) {
        if (value.empty() || !text(field, label, value, kMaxEmailLength, false)) return;
        if (!is_plausible_email(value))
            add(field, "invalid_email",
                std::string(label) + ": check the address; it should look like name@example.fi.");
    }

    void url(const std::string& field, std::string_view label, std::string_view value) {
        if (value.empty() || !text(field, label, value, kMaxUrlLength, false)) return;
        bool scheme = value.starts_with("https://") || value.starts_with("http://");
        bool spaces = value.find(' ') != std::string_view::npos;
        size_t host_start = value.find("://") + 3;
        if (!scheme || spaces || host_start >= value.size())
            add(field, "invalid_url",
                std::string(label) + ": use a full web address starting with https://.");
    }
};

// -- [formats] helpers -------------------------------------------------------------------------

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_ascii_alnum(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

size_t utf8_length(std::string_view text) {
    size_t n = 0;
    for (size_t i = 0; i < text.size();) {
        if (decode_utf8(text, i) < 0) ++i;  // count a stray byte as one, never loop forever
        ++n;
    }
    return n;
}

bool is_clean_text(std::string_view text, bool allow_newlines) {
    for (size_t i = 0; i < text.size();) {
        int32_t cp = decode_utf8(text, i);
        if (cp < 0 || is_forbidden_code_point(cp, allow_newlines)) return false;
    }
    return true;
}

// -- [formats] ---------------------------------------------------------------------------------

bool is_valid_id(std::string_view id) {
    if (id.empty() || id.size() > kMaxIdLength) return false;
    if (!is_digit(id[0]) && !(id[0] >= 'a' && id[0] <= 'z')) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return is_digit(c) || (c >= 'a' && c <= 'z') || c == '-' || c == '_';
    });
}

bool is_valid_iso_date(std::string_view d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!is_digit(d[i])) return false;
    int y = std::stoi(std::string(d.substr(0, 4)));
    int m = std::stoi(std::string(d.substr(5, 2)));
    int day = std::stoi(std::string(d.substr(8, 2)));
    if (y < 1900 || m < 1 || m > 12 || day < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int max_day = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
    return day <= max_day;
}

std::optional<std::string> normalize_phone(std::string_view typed) {
    // Keep digits and a leading '+'; allow the separators people type between digit groups.
    std::string digits;
    bool plus = false;
    size_t i = 0;
    while (i < typed.size() && typed[i] == ' ')
        ++i;
    if (i < typed.size() && typed[i] == '+') {
        plus = true;
        ++i;
    }
    for (; i < typed.size(); ++i) {
        char c = typed[i];
        if (is_digit(c))
            digits += c;
        else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' && c != '/')
            return std::nullopt;
    }
    if (!plus && digits.starts_with("00")) {
        plus = true;
        digits.erase(0, 2);
    }
    std::string national;  // Finnish national significant number, if the number is Finnish
    if (plus) {
        if (digits.starts_with("358")) {
            national = digits.substr(3);
            // "+358 (0)40 ..." is a common way of writing it; the trunk 0 is not dialled.
            if (national.starts_with("0")) national.erase(0, 1);
        } else {
            // Another country: E.164 allows at most 15 digits; the shortest real ones have 8
            // including the country code. A country code never starts with 0.
            if (digits.size() < 8 || digits.size() > 15 || digits[0] == '0') return std::nullopt;
            return "+" + digits;
        }
    } else {
        if (!digits.starts_with("0") || digits.starts_with("00")) return std::nullopt;
        national = digits.substr(1);
    }
    // Finnish numbers have 5 to 12 digits after the trunk 0 (mobiles usually 9). A national
    // number never starts with another 0.
    if (national.size() < 5 || national.size() > 12 || national[0] == '0') return std::nullopt;
    return "+358" + national;
}

bool is_plausible_email(std::string_view email) {
    if (email.empty() || email.size() > kMaxEmailLength) return false;
    if (!is_clean_text(email, false)) return false;
    size_t at = email.find('@');
    if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos)
        return false;
    std::string_view local = email.substr(0, at);
    std::string_view domain = email.substr(at + 1);
    if (local.empty() || local.size() > 64 || domain.empty()) return false;
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
        return false;
    for (char c : local)
        if (c == ' ' || c == '"' || c == '(' || c == ')' || c == ',' || c == ':' || c == ';' ||
            c == '<' || c == '>' || c == '[' || c == ']' || c == '\\')
            return false;
    // Domain: dot-separated labels of letters, digits and '-' (non-ASCII bytes allowed for
    // internationalised names), no label empty or starting/ending with '-', and a top-level
    // domain of at least two letters.
    size_t start = 0;
    std::string_view last_label;
    int labels = 0;
    while (true) {
        size_t dot = domain.find('.', start);
        std::string_view label =
            domain.substr(start, dot == std::string_view::npos ? dot : dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
            return false;
        for (char c : label)
            if (!is_ascii_alnum(c) && c != '-' && static_cast<unsigned char>(c) < 0x80)
                return false;
        ++labels;
        last_label = label;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    if (labels < 2 || last_label.size() < 2) return false;
    return std::none_of(last_label.begin(), last_label.end(), is_digit);
}

// -- [records] ---------------------------------------------------------------------------------

ValidationErrors validate_organisation(const Organisation& org) {
    Checker c;
    c.id("id", "Organisation id", org.id);
    c.localized("name", "Organisation name", org.name, kMaxShortTextLength, true);
    c.text("municipality", "Municipality", org.municipality, kMaxShortTextLength, false);
    c.url("web", "Web address", org.web);
    c.email("email", "E-mail", org.email);
    c.phone("phone", "Phone", org.phone);
    return c.errors;
}

ValidationErrors validate_info_point(const InfoPoint& p) {
    Checker c;
    c.id("id", "Info point id", p.id);
    c.localized("name", "Info point name", p.name, kMaxShortTextLength, true);
    c.text("region", "Region", p.region, kMaxShortTextLength, true);
    c.text("municipality", "Municipality", p.municipality, kMaxShortTextLength, true);
    c.text("address", "Address", p.address, kMaxShortTextLength, false);
    c.date("active_from", "First day active", p.active_from);
    c.date("active_until", "Last day active", p.active_until);
    c.date_range("active_until", p.active_from, p.active_until);
    return c.errors;
}

ValidationErrors validate_task(const Task& t) {
    Checker c;
    c.id("id", "Task id", t.id);
    c.id("organisation", "Organisation", t.organisation_id);
    c.localized("title", "Title", t.title, kMaxTitleLength, true);
    c.localized("summary", "Summary", t.summary, kMaxSummaryLength, true);
    c.localized("description", "Description", t.description, kMaxDescriptionLength, false, true);
    c.localized("time_needed", "Time needed", t.time_needed, kMaxShortTextLength, false);
    c.localized("place", "Place", t.place, kMaxShortTextLength, false);

    if (t.categories.empty()) c.add("categories", "required", "Give at least one category.");
    std::set<std::string> seen;
    for (size_t i = 0; i < t.categories.size(); ++i) {
        std::string f = "categories[" + std::to_string(i) + "]";
        if (!is_known_category(t.categories[i]))
            c.add(f, "unknown_category", "Unknown category '" + t.categories[i] + "'.");
        else if (!seen.insert(t.categories[i]).second)
            c.add(f, "duplicate", "Category '" + t.categories[i] + "' is given twice.");
    }
    if (t.target_groups.empty())
        c.add("target_groups", "required", "Give at least one target group (or 'everyone').");
    if (t.languages.empty())
        c.add("languages", "required", "Give at least one language in which one can take part.");

    c.text("region", "Region", t.region, kMaxShortTextLength, true);
    c.text("municipality", "Municipality", t.municipality, kMaxShortTextLength, true);
    c.date("start_date", "Start date", t.start_date);
    c.date("end_date", "End date", t.end_date);
    c.date_range("end_date", t.start_date, t.end_date);
    c.text("contact.name", "Contact name", t.contact.name, kMaxNameLength, false);
    c.phone("contact.phone", "Contact phone", t.contact.phone);
    c.email("contact.email", "Contact e-mail", t.contact.email);
    c.url("url", "Web address", t.url);
    return c.errors;
}

namespace {

// What a signup carries in the clear (sealed_signup.hpp): its id and tasks ...
void check_signup_ids(Checker& c, const Signup& s) {
    if (!is_uuid_v7(s.id))
        c.add("id", "invalid_id", "Signup id must be a UUIDv7 in lowercase canonical form.");

    if (s.task_ids.empty()) c.add("task_ids", "no_tasks", "Choose at least one task.");
    if (s.task_ids.size() > kMaxTasksPerSignup)
        c.add("task_ids", "too_many_tasks",
              "Choose at most " + std::to_string(kMaxTasksPerSignup) + " tasks at a time.");
    std::set<std::string> seen;
    for (size_t i = 0; i < s.task_ids.size(); ++i) {
        std::string f = "task_ids[" + std::to_string(i) + "]";
        c.id(f, "Task id", s.task_ids[i]);
        if (!seen.insert(s.task_ids[i]).second)
            c.add(f, "duplicate", "The same task is chosen twice.");
    }
}

// ... and its consent, place, device and time.
void check_signup_context(Checker& c, const Signup& s) {
    if (s.consent_version.empty() || s.consent_ms <= 0)
        c.add("consent", "consent_required",
              "Accept the consent text so that your details may be passed on.");
    else
        c.text("consent_version", "Consent version", s.consent_version, kMaxIdLength, true);
    if (!s.info_point_id.empty()) c.id("info_point_id", "Info point", s.info_point_id);
    c.id("device_id", "Device id", s.device_id);
    if (s.created_ms <= 0) c.add("created_ms", "required", "The creation time is missing.");
}

}  // namespace

ValidationErrors validate_signup(const Signup& s) {
    Checker c;
    check_signup_ids(c, s);
    c.text("name", "Name", s.name, kMaxNameLength, true);
    if (is_blank(s.phone) && is_blank(s.email)) {
        c.add("contact", "contact_required",
              "Give a phone number or an e-mail address, so that the organisation can reach you.");
    } else {
        if (!is_blank(s.phone)) c.phone("phone", "Phone number", s.phone);
        if (!is_blank(s.email)) c.email("email", "E-mail", s.email);
    }
    c.text("message", "Message", s.message, kMaxMessageLength, false, true);
    check_signup_context(c, s);
    return c.errors;
}

ValidationErrors validate_signup_clear_part(const Signup& s) {
    Checker c;
    check_signup_ids(c, s);
    check_signup_context(c, s);
    if (!s.name.empty() || !s.phone.empty() || !s.email.empty() || !s.message.empty() ||
        s.age_group)
        c.add("personal", "not_sealed",
              "The personal fields must be sealed, not given in the clear here.");
    return c.errors;
}

}  // namespace talkoo
