// Access tokens for devices and coordinators, and the few other random values the centre makes.
//
// A token is 256 random bits from the kernel's CSPRNG, written as "tkd_" (device) or "tkc_"
// (coordinator) and 43 base64url characters. It is shown once, when made; the store keeps only
// its SHA-256. A request's token is hashed, looked up by that hash and the stored hash is then
// compared in constant time, so neither the lookup nor the comparison tells an attacker how close
// a guess came.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "server/storage.hpp"  // TokenHash

namespace talkoo::central {

enum class TokenKind { device, coordinator };

struct NewToken {
    std::string text;  // give this to the device or person, once
    TokenHash hash;    // keep this
};

NewToken make_token(TokenKind kind);
// The kind a token's prefix claims, or nullopt if it does not look like one of ours.
std::optional<TokenKind> token_kind(std::string_view token);
TokenHash hash_token(std::string_view token);
bool same_hash(const TokenHash& a, const TokenHash& b);  // constant time

// `bytes` random bytes as lowercase hex (ids, the catalogue epoch).
std::string random_hex(size_t bytes);

}  // namespace talkoo::central
