// Sealing visitors' personal data to the network's public key, and opening it with the centre's
// key ring: the one place where Talkoo does cryptography (libsodium). The kiosk, the browser
// build and talkoo-central all use this module; docs/sealing.md specifies the format, and
// tests/core/seal_vectors.txt holds test vectors any other implementation must open.
//
// A sealed blob, the form personal data takes in every file and on the wire:
//
//   "TKS" 0x01 | key id (8 bytes) | n (4 bytes, little-endian) | crypto_box_seal(plaintext), n
//   bytes
//
// crypto_box_seal (X25519 + XSalsa20-Poly1305 with a throwaway sender key) lets anyone holding
// the public key seal, and only the holder of the private key open. The key id names the key
// pair (BLAKE2b of the public key), so a centre with several pairs after rotations picks the
// right one. Opening checks everything: a blob that is cut short, lengthened, or changed in any
// byte (the key id and version included, since they choose the key and the algorithm that must
// then succeed) fails with a SealError that says which.
//
// Only these libsodium functions are used, so that the browser build can compile a minimal
// libsodium from Debian's source: sodium_init, crypto_box_keypair, crypto_box_seal,
// crypto_box_seal_open, crypto_generichash, randombytes_buf, sodium_memzero.
//
// Index: keys and ids · sealing and opening · the key ring and its file · keyed digests · text
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace talkoo::seal {

inline constexpr size_t kKeyBytes = 32;          // X25519 public and private keys
inline constexpr size_t kKeyIdBytes = 8;         // the key id in a blob's header
inline constexpr size_t kHeaderBytes = 16;       // "TKS", version, key id, length
inline constexpr size_t kBoxOverheadBytes = 48;  // crypto_box_SEALBYTES: sender key + MAC
inline constexpr unsigned char kFormatVersion = 1;
// The text form of a public key: this prefix, then its 32 bytes in base64url without padding.
inline constexpr std::string_view kPublicKeyPrefix = "tkpk_";
// The most a blob may seal: far above any signup's fields, far below what could hurt memory.
inline constexpr size_t kMaxPlaintextBytes = 64 * 1024;

// Every failure of this module. what() is a sentence for a person and never holds personal data
// (nor key material); `code` is for code.
class SealError : public std::runtime_error {
  public:
    enum class Code {
        not_sealed,     // not a sealed blob at all (no "TKS" header)
        truncated,      // shorter than its header says: cut off in a file or on the wire
        altered,        // longer than it says, or it fails authentication: changed somewhere
        newer_version,  // a format version this build does not know
        unknown_key,    // sealed to a key the ring does not hold
        bad_key,        // a public key's text, or a key pair, that is not valid
        key_file,       // the key ring file is missing, unreadable, malformed or not private
        crypto,         // libsodium could not start or failed (no randomness)
    };
    SealError(Code code, const std::string& message) : std::runtime_error(message), code(code) {}
    Code code;
};

// -- keys and ids --------------------------------------------------------------------------------

struct PublicKey {
    std::array<unsigned char, kKeyBytes> bytes{};
    bool operator==(const PublicKey&) const = default;
};

using KeyId = std::array<unsigned char, kKeyIdBytes>;

// The first 8 bytes of BLAKE2b-256 of the public key's 32 bytes.
KeyId key_id(const PublicKey& key);
// 16 lowercase hex digits, as logs, the CLI and the key ring file show a key id.
std::string to_hex(const KeyId& id);

// "tkpk_" + base64url: how a public key travels in catalogues, answers and files.
std::string to_text(const PublicKey& key);
// Throws SealError(bad_key) for anything but a public key's text.
PublicKey parse_public_key(std::string_view text);

// A key pair of the network. The private half is wiped from memory when the pair goes.
struct KeyPair {
    PublicKey public_key;
    std::array<unsigned char, kKeyBytes> private_key{};
    int64_t created_ms = 0;

    KeyPair() = default;
    KeyPair(const KeyPair& other) = default;
    KeyPair& operator=(const KeyPair& other) = default;
    ~KeyPair();
};

// A fresh X25519 key pair (crypto_box_keypair).
KeyPair make_key_pair(int64_t created_ms);

// -- sealing and opening -------------------------------------------------------------------------

// Seals `plaintext` (at most kMaxPlaintextBytes) to `to`. The result is binary.
std::string seal(std::string_view plaintext, const PublicKey& to);

struct SealedHeader {
    int version = 0;
    KeyId key_id{};
    size_t box_bytes = 0;  // what follows the header
};
// Reads and checks a blob's header and length without opening it (the kiosk checks what it is
// about to keep; the centre names the key of a blob it cannot open). Throws SealError.
SealedHeader read_header(std::string_view blob);

// The network's key pairs, oldest first: the last is the current one, to which new data is
// sealed; the older ones open what was sealed before a rotation. The index key makes the keyed
// digests (below) that let the centre find and compare sealed records; it never changes.
struct KeyRing {
    std::vector<KeyPair> keys;
    std::array<unsigned char, 32> index_key{};

    const KeyPair& current() const;              // throws SealError(key_file) if empty
    const KeyPair* find(const KeyId& id) const;  // nullptr if not held
    ~KeyRing();
};

// Opens a blob sealed to one of the ring's keys. Throws SealError: not_sealed, truncated,
// altered, newer_version or unknown_key (the message names the key id).
std::string open(std::string_view blob, const KeyRing& ring);

// -- the key ring and its file -------------------------------------------------------------------

// One key pair and a random index key.
KeyRing make_key_ring(int64_t now_ms);
// A rotation: a new current pair; the older ones stay, so what they sealed still opens.
void rotate(KeyRing& ring, int64_t now_ms);

// Writes the ring to `file` with mode 0600: to a temporary file in the same folder, synced, then
// renamed over `file`, so a crash leaves the old ring or the new, never half of one. Refuses to
// replace an existing file unless `replace` (SealError key_file, naming the file).
void write_key_ring_file(const std::filesystem::path& file, const KeyRing& ring, bool replace);
// Reads a ring file written by write_key_ring_file and checks every pair. Refuses a file that
// other users may read or write (as ssh does), with the chmod that fixes it. Throws SealError
// (key_file or bad_key) naming the file and, for a malformed file, the line.
KeyRing read_key_ring_file(const std::filesystem::path& file);

// -- keyed digests -------------------------------------------------------------------------------

using Digest = std::array<unsigned char, 32>;
// BLAKE2b-256 keyed with the ring's index key, over `domain` (what kind of value this is, so
// that equal texts of different kinds differ), a zero byte, then `value`. Without the key a
// digest reveals nothing of a low-entropy value such as a phone number.
Digest keyed_digest(const KeyRing& ring, std::string_view domain, std::string_view value);

// -- text and memory -----------------------------------------------------------------------------

// base64url without padding (RFC 4648 §5), as blobs travel in JSON.
std::string to_base64url(std::string_view bytes);
// Throws SealError(not_sealed) for characters outside the alphabet or an impossible length.
std::string from_base64url(std::string_view text);

// Overwrites a string's whole buffer with zeros (sodium_memzero, never optimised away), then
// empties it.
void wipe(std::string& s);

}  // namespace talkoo::seal
