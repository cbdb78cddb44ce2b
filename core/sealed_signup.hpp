// A signup with its personal fields sealed (seal.hpp): the form in which a signup is kept on the
// device, sent to the centre, and (sealed again to the centre's current key) kept there.
//
// Sealed: name, phone, e-mail, message and age group. In the clear: the id, the tasks, the
// language, the consent's version and time, the info point, the device and the creation time,
// which the outbox, the sync and the centre's statistics need without the key.
//
// The sealed plaintext also holds the signup's id, so a blob moved onto another signup (in a
// file, or by a kiosk's bug) is refused when opened. Its layout (docs/sealing.md): the byte 1,
// then six fields, each a 4-byte little-endian length and that many bytes of UTF-8: id, name,
// phone, e-mail, message, age group ("" when not given).
#pragma once

#include <string>
#include <string_view>

#include "core/domain.hpp"
#include "core/seal.hpp"

namespace talkoo {

struct SealedSignup {
    Signup signup;  // the part in the clear: name, phone, email and message empty, no age group
    std::string sealed;  // the personal fields, sealed; binary
    bool operator==(const SealedSignup&) const = default;
};

// Seals the personal fields of `plain` to `key`. The plaintext exists only in a buffer that is
// wiped before returning; `plain` itself is left to its owner to wipe. Throws seal::SealError.
SealedSignup seal_signup(const Signup& plain, const seal::PublicKey& key);

// The whole signup back: opens the blob with `ring` and fills the personal fields. Throws
// seal::SealError: the blob's own errors (truncated, altered, unknown_key, ...), and `altered`
// when it opens but belongs to another signup id or its fields do not decode.
Signup open_signup(const SealedSignup& sealed, const seal::KeyRing& ring);

// The plaintext layout, for the test vectors and for resealing at the centre.
std::string encode_personal_fields(const Signup& plain);
// Fills the personal fields of `into` from `plaintext`; throws seal::SealError(altered) if it
// does not decode or names another id than `into.id`.
void decode_personal_fields(std::string_view plaintext, Signup& into);

// Empties the personal fields of `s` (name, phone, e-mail, message, age group), overwriting
// their buffers.
void clear_personal_fields(Signup& s);

}  // namespace talkoo
