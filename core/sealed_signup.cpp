// See sealed_signup.hpp.
#include "core/sealed_signup.hpp"

#include <array>

namespace talkoo {
namespace {

constexpr unsigned char kPersonalFormat = 1;
constexpr size_t kFields = 6;  // id, name, phone, email, message, age group

void put_field(std::string& out, std::string_view value) {
    const auto n = static_cast<uint32_t>(value.size());
    for (int i = 0; i < 4; ++i)
        out.push_back(static_cast<char>(n >> (8 * i) & 0xff));
    out.append(value);
}

seal::SealError undecodable(const std::string& why) {
    return seal::SealError(seal::SealError::Code::altered,
                           "The sealed personal data is altered: " + why + ".");
}

}  // namespace

void clear_personal_fields(Signup& s) {
    seal::wipe(s.name);
    seal::wipe(s.phone);
    seal::wipe(s.email);
    seal::wipe(s.message);
    s.age_group.reset();
}

std::string encode_personal_fields(const Signup& s) {
    std::string out;
    out.reserve(1 + 4 * kFields + s.id.size() + s.name.size() + s.phone.size() + s.email.size() +
                s.message.size() + 8);
    out.push_back(static_cast<char>(kPersonalFormat));
    put_field(out, s.id);
    put_field(out, s.name);
    put_field(out, s.phone);
    put_field(out, s.email);
    put_field(out, s.message);
    put_field(out, s.age_group ? to_string(*s.age_group) : std::string_view());
    return out;
}

void decode_personal_fields(std::string_view plaintext, Signup& into) {
    if (plaintext.empty() || static_cast<unsigned char>(plaintext[0]) != kPersonalFormat)
        throw undecodable("its fields are in an unknown layout");
    std::array<std::string_view, kFields> fields;
    size_t at = 1;
    for (std::string_view& field : fields) {
        if (plaintext.size() - at < 4) throw undecodable("its fields end early");
        const auto* p = reinterpret_cast<const unsigned char*>(plaintext.data() + at);
        const size_t n =
            uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
        at += 4;
        if (plaintext.size() - at < n) throw undecodable("a field is longer than the data");
        field = plaintext.substr(at, n);
        at += n;
    }
    if (at != plaintext.size()) throw undecodable("bytes follow its last field");
    if (fields[0] != into.id) throw undecodable("it belongs to another signup than " + into.id);
    std::optional<AgeGroup> age;
    if (!fields[5].empty()) {
        age = parse_age_group(fields[5]);
        if (!age) throw undecodable("its age group is not one of the four");
    }
    into.name.assign(fields[1]);
    into.phone.assign(fields[2]);
    into.email.assign(fields[3]);
    into.message.assign(fields[4]);
    into.age_group = age;
}

SealedSignup seal_signup(const Signup& plain, const seal::PublicKey& key) {
    SealedSignup out;
    out.signup = plain;
    // The copy's personal fields were never typed into: plain clearing would do, but wiping
    // keeps the rule simple (no copy of personal data leaves this function readable).
    clear_personal_fields(out.signup);
    std::string plaintext = encode_personal_fields(plain);
    try {
        out.sealed = seal::seal(plaintext, key);
    } catch (...) {
        seal::wipe(plaintext);
        throw;
    }
    seal::wipe(plaintext);
    return out;
}

Signup open_signup(const SealedSignup& sealed, const seal::KeyRing& ring) {
    std::string plaintext = seal::open(sealed.sealed, ring);
    Signup s = sealed.signup;
    try {
        decode_personal_fields(plaintext, s);
    } catch (...) {
        seal::wipe(plaintext);
        throw;
    }
    seal::wipe(plaintext);
    return s;
}

}  // namespace talkoo
