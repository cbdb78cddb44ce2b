// See tokens.hpp. OpenSSL's libcrypto provides SHA-256 and the constant-time comparison (it is
// on every machine that has libcurl with TLS); randomness comes from getrandom(2).
#include "server/tokens.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sys/random.h>

#include <cerrno>
#include <stdexcept>
#include <vector>

namespace talkoo::central {
namespace {

constexpr std::string_view kDevicePrefix = "tkd_";
constexpr std::string_view kCoordinatorPrefix = "tkc_";
constexpr size_t kTokenBytes = 32;  // 256 bits
constexpr size_t kTokenTextLength = 43;

void fill_random(unsigned char* out, size_t size) {
    size_t done = 0;
    while (done < size) {
        ssize_t n = getrandom(out + done, size - done, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error("The system's random number source failed (getrandom).");
        }
        done += static_cast<size_t>(n);
    }
}

std::string base64url(const unsigned char* data, size_t size) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    uint32_t buffer = 0;
    int bits = 0;
    for (size_t i = 0; i < size; ++i) {
        buffer = (buffer << 8) | data[i];
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out.push_back(kAlphabet[(buffer >> bits) & 0x3f]);
        }
    }
    if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3f]);
    return out;
}

}  // namespace

NewToken make_token(TokenKind kind) {
    unsigned char secret[kTokenBytes];
    fill_random(secret, sizeof secret);
    NewToken t;
    t.text = std::string(kind == TokenKind::device ? kDevicePrefix : kCoordinatorPrefix) +
             base64url(secret, sizeof secret);
    t.hash = hash_token(t.text);
    OPENSSL_cleanse(secret, sizeof secret);
    return t;
}

std::optional<TokenKind> token_kind(std::string_view token) {
    if (token.size() != kDevicePrefix.size() + kTokenTextLength) return std::nullopt;
    if (token.starts_with(kDevicePrefix)) return TokenKind::device;
    if (token.starts_with(kCoordinatorPrefix)) return TokenKind::coordinator;
    return std::nullopt;
}

TokenHash hash_token(std::string_view token) {
    TokenHash h{};
    unsigned int size = 0;
    if (EVP_Digest(token.data(), token.size(), h.data(), &size, EVP_sha256(), nullptr) != 1 ||
        size != h.size())
        throw std::runtime_error("SHA-256 failed in OpenSSL's libcrypto.");
    return h;
}

bool same_hash(const TokenHash& a, const TokenHash& b) {
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string random_hex(size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    fill_random(raw.data(), raw.size());
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : raw) {
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
    return out;
}

}  // namespace talkoo::central
