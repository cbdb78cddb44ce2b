// See signup_vault.hpp.
//
// The content digest covers every field the centre stores of a signup, the personal ones
// included, in a fixed order with lengths (so no two signups share an encoding): id, device,
// info point, creation time, language, consent version and time, each task id, name, phone,
// e-mail, message, age group. Two sendings of one signup digest equal however the kiosk sealed
// them; any change of content does not.
#include "server/signup_vault.hpp"

#include <algorithm>
#include <chrono>

#include "core/validation.hpp"

namespace talkoo::central {
namespace {

void put(std::string& out, std::string_view value) {
    const auto n = static_cast<uint32_t>(value.size());
    for (int i = 0; i < 4; ++i)
        out.push_back(static_cast<char>(n >> (8 * i) & 0xff));
    out.append(value);
}

// Lowercase for comparing: ASCII and the Latin-1 capitals (Å Ä Ö É ...), which covers the
// names of Finnish and Swedish visitors; other letters are compared as typed.
std::string folded(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 'A' && c <= 'Z') {
            out.push_back(static_cast<char>(c + 32));
        } else if (c == 0xC3 && i + 1 < text.size()) {
            unsigned char d = static_cast<unsigned char>(text[i + 1]);
            out.push_back(static_cast<char>(c));
            out.push_back(static_cast<char>(d >= 0x80 && d <= 0x9E && d != 0x97 ? d + 0x20 : d));
            ++i;
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    return out;
}

std::string trimmed(std::string_view s) {
    size_t a = s.find_first_not_of(" \t\r\n");
    if (a == std::string_view::npos) return {};
    size_t b = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(a, b - a + 1));
}

std::string email_key(std::string_view email) {
    return folded(trimmed(email));
}

std::string phone_key(std::string_view phone) {
    if (auto e164 = normalize_phone(phone)) return *e164;
    std::string out;
    for (char c : phone)
        if (c != ' ' && c != '-') out.push_back(c);
    return out;
}

std::vector<std::string> name_words(std::string_view name) {
    std::vector<std::string> words;
    std::string word;
    for (char c : folded(name) + " ") {
        if (c == ' ' || c == '-' || c == '\t' || c == ',' || c == '.') {
            if (!word.empty() && std::find(words.begin(), words.end(), word) == words.end())
                words.push_back(word);
            seal::wipe(word);
        } else {
            word.push_back(c);
        }
    }
    return words;
}

}  // namespace

int64_t months_before(int64_t now_ms, int months) {
    using namespace std::chrono;
    const sys_time<milliseconds> now{milliseconds(now_ms)};
    const sys_days day = floor<days>(now);
    const milliseconds into_day = now - day;
    year_month_day earlier = year_month_day(day) - std::chrono::months(months);
    if (!earlier.ok()) earlier = earlier.year() / earlier.month() / last;
    return duration_cast<milliseconds>((sys_days(earlier) + into_day).time_since_epoch()).count();
}

SignupVault::SignupVault(CentralStore& store, KeyRingFile& keys) : store_(store), keys_(keys) {}

seal::PublicKey SignupVault::current_public_key() {
    return keys_.ring()->current().public_key;
}

seal::Digest SignupVault::content_digest(const Signup& s) {
    std::string content;
    put(content, s.id);
    put(content, s.device_id);
    put(content, s.info_point_id);
    put(content, std::to_string(s.created_ms));
    put(content, lang_code(s.lang));
    put(content, s.consent_version);
    put(content, std::to_string(s.consent_ms));
    put(content, std::to_string(s.task_ids.size()));
    for (const std::string& t : s.task_ids)
        put(content, t);
    put(content, s.name);
    put(content, s.phone);
    put(content, s.email);
    put(content, s.message);
    put(content, s.age_group ? to_string(*s.age_group) : std::string_view());
    seal::Digest d = seal::keyed_digest(*keys_.ring(), "content", content);
    seal::wipe(content);
    return d;
}

std::vector<seal::Digest> SignupVault::lookup_keys(const Signup& s) {
    std::shared_ptr<const seal::KeyRing> ring = keys_.ring();
    std::vector<seal::Digest> keys;
    if (std::string e = email_key(s.email); !e.empty()) {
        keys.push_back(seal::keyed_digest(*ring, "email", e));
        seal::wipe(e);
    }
    if (std::string p = phone_key(s.phone); !p.empty()) {
        keys.push_back(seal::keyed_digest(*ring, "phone", p));
        seal::wipe(p);
    }
    for (std::string& w : name_words(s.name)) {
        keys.push_back(seal::keyed_digest(*ring, "name", w));
        seal::wipe(w);
    }
    return keys;
}

SignupToStore SignupVault::to_store(const Signup& whole, const std::string& received_blob,
                                    const seal::KeyRing& ring) {
    SignupToStore out;
    const seal::PublicKey& current = ring.current().public_key;
    // A blob that opened to `whole` under the current key already is its sealed form at rest:
    // sealing it again would cost two X25519 operations for the same protection.
    if (!received_blob.empty() &&
        seal::read_header(received_blob).key_id == seal::key_id(current)) {
        out.signup = whole;
        clear_personal_fields(out.signup);
        out.sealed = received_blob;
    } else {
        SealedSignup sealed = seal_signup(whole, current);
        out.signup = std::move(sealed.signup);
        out.sealed = std::move(sealed.sealed);
    }
    out.signup.age_group = whole.age_group;  // part of the anonymous trace
    out.content_digest = content_digest(whole);
    out.lookup_keys = lookup_keys(whole);
    return out;
}

Signup SignupVault::open_sealed(const SealedSignup& sealed) {
    try {
        return open_signup(sealed, *keys_.ring());
    } catch (const seal::SealError& e) {
        if (e.code != seal::SealError::Code::unknown_key) throw;
    }
    // Perhaps `keys rotate` made the key a moment ago and the file was not looked at since.
    return open_signup(sealed, *keys_.reread());
}

std::vector<SignupToStore> SignupVault::seal_for_storage(const std::vector<Received>& signups) {
    std::shared_ptr<const seal::KeyRing> ring = keys_.ring();
    std::vector<SignupToStore> sealed;
    sealed.reserve(signups.size());
    for (const Received& r : signups)
        sealed.push_back(to_store(r.whole, r.sealed, *ring));
    return sealed;
}

std::vector<SignupOutcome> SignupVault::store_signups(const std::vector<Received>& signups,
                                                      int64_t received_ms) {
    return store_.store_signups(seal_for_storage(signups), received_ms);
}

std::vector<SignupOutcome> SignupVault::store_signups(const std::vector<Signup>& signups,
                                                      int64_t received_ms) {
    std::vector<Received> received;
    received.reserve(signups.size());
    for (const Signup& s : signups)
        received.push_back({s, {}});
    std::vector<SignupOutcome> outcomes = store_signups(received, received_ms);
    for (Received& r : received)
        clear_personal_fields(r.whole);
    return outcomes;
}

void SignupVault::open_record(SignupRecord& r, const seal::KeyRing& ring) {
    if (r.sealed.empty()) return;  // erased, or plain text not yet sealed
    try {
        r.signup = open_signup({r.signup, r.sealed}, ring);
    } catch (const seal::SealError& e) {
        if (e.code == seal::SealError::Code::unknown_key) {
            try {
                r.signup = open_signup({r.signup, r.sealed}, *keys_.reread());
                return;
            } catch (const seal::SealError&) {
            }
        }
        r.unreadable = true;
    }
}

std::optional<SignupRecord> SignupVault::signup(std::string_view id) {
    std::optional<SignupRecord> r = store_.signup(id);
    if (r) open_record(*r, *keys_.ring());
    return r;
}

std::vector<SignupRecord> SignupVault::signups(const SignupQuery& query) {
    std::vector<SignupRecord> records = store_.signups(query);
    std::shared_ptr<const seal::KeyRing> ring = keys_.ring();
    for (SignupRecord& r : records)
        open_record(r, *ring);
    return records;
}

std::vector<std::string> SignupVault::find_signups(const VisitorQuery& q) {
    std::shared_ptr<const seal::KeyRing> ring = keys_.ring();
    seal::Digest key;
    if (!q.email.empty())
        key = seal::keyed_digest(*ring, "email", email_key(q.email));
    else if (!q.phone.empty())
        key = seal::keyed_digest(*ring, "phone", phone_key(q.phone));
    else if (std::vector<std::string> words = name_words(q.name_word); words.size() == 1)
        key = seal::keyed_digest(*ring, "name", words[0]);
    else
        return {};
    return store_.signup_ids_by_lookup(key);
}

bool SignupVault::erase(std::string_view id, int64_t now_ms) {
    return store_.erase_signup_personal_data(id, now_ms);
}

int SignupVault::purge(int64_t now_ms, int retention_months) {
    return store_.purge_personal_data(months_before(now_ms, retention_months), now_ms);
}

int SignupVault::seal_plain_rows() {
    std::shared_ptr<const seal::KeyRing> ring = keys_.ring();
    int sealed = 0;
    while (true) {
        std::vector<SignupRecord> plain = store_.signups_in_plain_text(500);
        if (plain.empty()) return sealed;
        for (SignupRecord& r : plain) {
            store_.seal_plain_text(to_store(r.signup, {}, *ring));
            clear_personal_fields(r.signup);
            ++sealed;
        }
    }
}

}  // namespace talkoo::central
