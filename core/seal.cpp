// See seal.hpp; the format is specified in docs/sealing.md.
//
// Index: libsodium start · text (hex, base64url) · keys · sealing and opening · the key ring
// file · digests
#include "core/seal.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace talkoo::seal {
namespace {

static_assert(kKeyBytes == crypto_box_PUBLICKEYBYTES && kKeyBytes == crypto_box_SECRETKEYBYTES);
static_assert(kBoxOverheadBytes == crypto_box_SEALBYTES);

constexpr char kMagic[3] = {'T', 'K', 'S'};
constexpr std::string_view kRingFormat = "talkoo-keyring 1";

// -- libsodium start ----------------------------------------------------------------------------

void ensure_sodium() {
    // sodium_init is safe to call from several threads and more than once; it fails only when
    // the system has no source of randomness, and nothing may be sealed then.
    static const int rc = sodium_init();
    if (rc < 0)
        throw SealError(SealError::Code::crypto,
                        "The cryptography library could not start (no source of randomness on "
                        "this system): nothing can be sealed.");
}

// -- text -----------------------------------------------------------------------------------------

constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int base64url_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

uint32_t read_le32(const unsigned char* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

const unsigned char* bytes_of(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

SealError key_file_error(const std::filesystem::path& file, const std::string& what) {
    return SealError(SealError::Code::key_file, "The key ring " + file.string() + " " + what);
}

}  // namespace

std::string to_base64url(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        uint32_t v = uint32_t(uint8_t(bytes[i])) << 16 | uint32_t(uint8_t(bytes[i + 1])) << 8 |
                     uint8_t(bytes[i + 2]);
        out += kBase64Url[v >> 18 & 63];
        out += kBase64Url[v >> 12 & 63];
        out += kBase64Url[v >> 6 & 63];
        out += kBase64Url[v & 63];
    }
    size_t rest = bytes.size() - i;
    if (rest > 0) {
        uint32_t v = uint32_t(uint8_t(bytes[i])) << 16;
        if (rest == 2) v |= uint32_t(uint8_t(bytes[i + 1])) << 8;
        out += kBase64Url[v >> 18 & 63];
        out += kBase64Url[v >> 12 & 63];
        if (rest == 2) out += kBase64Url[v >> 6 & 63];
    }
    return out;
}

std::string from_base64url(std::string_view text) {
    if (text.size() % 4 == 1)
        throw SealError(SealError::Code::not_sealed,
                        "The text is not base64url: its length is impossible (cut off?).");
    std::string out;
    out.reserve(text.size() * 3 / 4);
    uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        int v = base64url_value(c);
        if (v < 0)
            throw SealError(SealError::Code::not_sealed,
                            "The text is not base64url: it holds a character outside A-Z a-z "
                            "0-9 - _ (padding '=' is not used).");
        acc = acc << 6 | uint32_t(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>(acc >> bits & 0xff);
        }
    }
    // The unused low bits of the last character must be zero: one text per byte string.
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0)
        throw SealError(SealError::Code::not_sealed,
                        "The text is not canonical base64url: its last character is altered.");
    return out;
}

void wipe(std::string& s) {
    if (s.capacity() > 0) sodium_memzero(s.data(), s.capacity());
    s.clear();
}

std::string to_hex(const KeyId& id) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : id) {
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
    return out;
}

// -- keys -----------------------------------------------------------------------------------------

KeyPair::~KeyPair() {
    sodium_memzero(private_key.data(), private_key.size());
}

KeyRing::~KeyRing() {
    sodium_memzero(index_key.data(), index_key.size());
}

KeyId key_id(const PublicKey& key) {
    ensure_sodium();
    unsigned char hash[32];
    crypto_generichash(hash, sizeof hash, key.bytes.data(), key.bytes.size(), nullptr, 0);
    KeyId id;
    std::memcpy(id.data(), hash, id.size());
    return id;
}

std::string to_text(const PublicKey& key) {
    return std::string(kPublicKeyPrefix) +
           to_base64url({reinterpret_cast<const char*>(key.bytes.data()), key.bytes.size()});
}

PublicKey parse_public_key(std::string_view text) {
    const std::string wrong =
        "A network public key is written tkpk_ followed by 43 characters of base64url; this is "
        "not one (check that it was copied whole).";
    if (!text.starts_with(kPublicKeyPrefix) || text.size() != kPublicKeyPrefix.size() + 43)
        throw SealError(SealError::Code::bad_key, wrong);
    std::string bytes;
    try {
        bytes = from_base64url(text.substr(kPublicKeyPrefix.size()));
    } catch (const SealError&) {
        throw SealError(SealError::Code::bad_key, wrong);
    }
    PublicKey key;
    std::memcpy(key.bytes.data(), bytes.data(), key.bytes.size());
    return key;
}

KeyPair make_key_pair(int64_t created_ms) {
    ensure_sodium();
    KeyPair pair;
    crypto_box_keypair(pair.public_key.bytes.data(), pair.private_key.data());
    pair.created_ms = created_ms;
    return pair;
}

const KeyPair& KeyRing::current() const {
    if (keys.empty()) throw SealError(SealError::Code::key_file, "The key ring holds no key pair.");
    return keys.back();
}

const KeyPair* KeyRing::find(const KeyId& id) const {
    for (const KeyPair& pair : keys)
        if (key_id(pair.public_key) == id) return &pair;
    return nullptr;
}

// -- sealing and opening --------------------------------------------------------------------------

std::string seal(std::string_view plaintext, const PublicKey& to) {
    ensure_sodium();
    if (plaintext.size() > kMaxPlaintextBytes)
        throw SealError(
            SealError::Code::altered,
            "There is too much to seal: at most " + std::to_string(kMaxPlaintextBytes) + " bytes.");
    const size_t box = plaintext.size() + kBoxOverheadBytes;
    std::string blob(kHeaderBytes + box, '\0');
    auto* out = reinterpret_cast<unsigned char*>(blob.data());
    std::memcpy(out, kMagic, 3);
    out[3] = kFormatVersion;
    KeyId id = key_id(to);
    std::memcpy(out + 4, id.data(), id.size());
    for (int i = 0; i < 4; ++i)
        out[12 + i] = static_cast<unsigned char>(box >> (8 * i));
    if (crypto_box_seal(out + kHeaderBytes, bytes_of(plaintext), plaintext.size(),
                        to.bytes.data()) != 0)
        throw SealError(SealError::Code::crypto, "Sealing failed inside libsodium.");
    return blob;
}

SealedHeader read_header(std::string_view blob) {
    const unsigned char* b = bytes_of(blob);
    // A blob cut off inside its own magic is still recognisably ours.
    const size_t magic = std::min<size_t>(blob.size(), 3);
    if (std::memcmp(b, kMagic, magic) != 0)
        throw SealError(SealError::Code::not_sealed,
                        "This is not sealed data (it does not start with the TKS header).");
    if (blob.size() < kHeaderBytes)
        throw SealError(SealError::Code::truncated,
                        "The sealed data is truncated: " + std::to_string(blob.size()) +
                            " bytes, shorter than its 16-byte header.");
    SealedHeader h;
    h.version = b[3];
    if (h.version > kFormatVersion)
        throw SealError(SealError::Code::newer_version,
                        "The sealed data has format version " + std::to_string(h.version) +
                            ", made by a newer Talkoo; this one opens version 1. Update it.");
    if (h.version != kFormatVersion)
        throw SealError(SealError::Code::not_sealed,
                        "This is not sealed data: its header names format version 0.");
    std::memcpy(h.key_id.data(), b + 4, h.key_id.size());
    h.box_bytes = read_le32(b + 12);
    if (h.box_bytes < kBoxOverheadBytes || h.box_bytes > kMaxPlaintextBytes + kBoxOverheadBytes)
        throw SealError(SealError::Code::altered,
                        "The sealed data is altered: its header gives an impossible length.");
    const size_t have = blob.size() - kHeaderBytes;
    if (have < h.box_bytes)
        throw SealError(SealError::Code::truncated,
                        "The sealed data is truncated: " + std::to_string(have) + " of its " +
                            std::to_string(h.box_bytes) + " sealed bytes are there.");
    if (have > h.box_bytes)
        throw SealError(SealError::Code::altered,
                        "The sealed data is altered: " + std::to_string(have - h.box_bytes) +
                            " bytes more than its header says.");
    return h;
}

std::string open(std::string_view blob, const KeyRing& ring) {
    ensure_sodium();
    SealedHeader h = read_header(blob);
    const KeyPair* pair = ring.find(h.key_id);
    if (!pair)
        throw SealError(SealError::Code::unknown_key,
                        "The data is sealed to key " + to_hex(h.key_id) +
                            ", which this key ring does not hold (another network's key, or a "
                            "key pair that was lost).");
    std::string plaintext(h.box_bytes - kBoxOverheadBytes, '\0');
    if (crypto_box_seal_open(reinterpret_cast<unsigned char*>(plaintext.data()),
                             bytes_of(blob) + kHeaderBytes, h.box_bytes,
                             pair->public_key.bytes.data(), pair->private_key.data()) != 0) {
        wipe(plaintext);
        throw SealError(SealError::Code::altered,
                        "The sealed data is altered: it fails authentication with key " +
                            to_hex(h.key_id) + ".");
    }
    return plaintext;
}

// -- the key ring file ----------------------------------------------------------------------------

KeyRing make_key_ring(int64_t now_ms) {
    ensure_sodium();
    KeyRing ring;
    randombytes_buf(ring.index_key.data(), ring.index_key.size());
    ring.keys.push_back(make_key_pair(now_ms));
    return ring;
}

void rotate(KeyRing& ring, int64_t now_ms) {
    ring.keys.push_back(make_key_pair(now_ms));
}

namespace {

std::string ring_text(const KeyRing& ring) {
    auto b64 = [](const std::array<unsigned char, kKeyBytes>& k) {
        return to_base64url({reinterpret_cast<const char*>(k.data()), k.size()});
    };
    std::string text = std::string(kRingFormat) + "\n";
    text +=
        "# The private keys of a Talkoo network. Whoever holds this file can read the personal\n"
        "# data of every visitor who signed up; whoever loses every copy loses that data for\n"
        "# good. Keep it private (mode 0600) and keep a backup (docs/privacy.md). Format:\n"
        "# docs/sealing.md. The last key is the current one.\n";
    text += "index-key " + b64(ring.index_key) + "\n";
    for (const KeyPair& k : ring.keys)
        text += "key " + to_hex(key_id(k.public_key)) + " " + std::to_string(k.created_ms) + " " +
                to_text(k.public_key) + " " + b64(k.private_key) + "\n";
    return text;
}

// Whether `pair` is a real pair: a probe sealed to its public half opens with its private half.
bool pair_matches(const KeyPair& pair) {
    static constexpr std::string_view kProbe = "talkoo key pair check";
    std::string box = seal(kProbe, pair.public_key);
    std::string out(kProbe.size(), '\0');
    return crypto_box_seal_open(reinterpret_cast<unsigned char*>(out.data()),
                                bytes_of(box) + kHeaderBytes, box.size() - kHeaderBytes,
                                pair.public_key.bytes.data(), pair.private_key.data()) == 0 &&
           out == kProbe;
}

void read_key32(const std::string& text, std::array<unsigned char, kKeyBytes>& into) {
    std::string bytes = from_base64url(text);
    if (bytes.size() != kKeyBytes) {
        wipe(bytes);
        throw SealError(SealError::Code::bad_key, "a key is not 32 bytes long");
    }
    std::memcpy(into.data(), bytes.data(), kKeyBytes);
    wipe(bytes);
}

}  // namespace

void write_key_ring_file(const std::filesystem::path& file, const KeyRing& ring, bool replace) {
    std::error_code ec;
    if (!replace && std::filesystem::exists(file, ec))
        throw key_file_error(file,
                             "already exists: it was not replaced (a second `keys init` "
                             "would lose every key in it).");
    std::filesystem::path folder = file.parent_path().empty() ? "." : file.parent_path();
    std::string temp = (folder / (file.filename().string() + ".tmp-XXXXXX")).string();
    int fd = ::mkstemp(temp.data());  // mode 0600 from the start
    if (fd < 0)
        throw key_file_error(file, "cannot be written: " + std::string(std::strerror(errno)) +
                                       " (check that its folder exists and is writable).");
    std::string text = ring_text(ring);
    bool ok = ::fchmod(fd, 0600) == 0;
    size_t done = 0;
    while (ok && done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) done += static_cast<size_t>(n);
    }
    int saved = errno;
    wipe(text);
    ok = ok && ::fsync(fd) == 0;
    ok = ::close(fd) == 0 && ok;
    if (!ok || ::rename(temp.c_str(), file.c_str()) != 0) {
        if (ok) saved = errno;
        ::unlink(temp.c_str());
        throw key_file_error(file, "cannot be written: " + std::string(std::strerror(saved)) +
                                       ". The previous file, if any, is unchanged.");
    }
    // The rename itself must reach the disk too.
    int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

KeyRing read_key_ring_file(const std::filesystem::path& file) {
    ensure_sodium();
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0)
        throw key_file_error(
            file, errno == ENOENT ? "does not exist: make one with `talkoo-central keys init`, "
                                    "or give the path of the network's key ring with --keys."
                                  : "cannot be read: " + std::string(std::strerror(errno)) + ".");
    if (!S_ISREG(st.st_mode)) throw key_file_error(file, "is not a regular file.");
    if ((st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        throw key_file_error(file, "may be read by other users (mode " + std::string(mode) +
                                       "): it holds the network's private keys. Run `chmod "
                                       "600 " +
                                       file.string() + "` and try again.");
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) throw key_file_error(file, "cannot be read: check its owner and permissions.");
    KeyRing ring;
    bool has_index = false;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        auto malformed = [&](const std::string& why) {
            wipe(line);
            return key_file_error(file, "is malformed at line " + std::to_string(number) + ": " +
                                            why + ". Restore it from its backup.");
        };
        if (number == 1) {
            if (line != kRingFormat)
                throw malformed("it does not start with \"" + std::string(kRingFormat) + "\"");
            continue;
        }
        if (line.empty() || line[0] == '#') continue;
        std::istringstream words(line);
        std::string kind;
        words >> kind;
        try {
            if (kind == "index-key") {
                std::string b64, extra;
                if (!(words >> b64) || (words >> extra)) throw malformed("expected one key");
                read_key32(b64, ring.index_key);
                wipe(b64);
                has_index = true;
            } else if (kind == "key") {
                std::string id, created, pub, priv, extra;
                if (!(words >> id >> created >> pub >> priv) || (words >> extra))
                    throw malformed("expected: key ID CREATED_MS PUBLIC PRIVATE");
                KeyPair pair;
                pair.public_key = parse_public_key(pub);
                read_key32(priv, pair.private_key);
                wipe(priv);
                pair.created_ms = std::stoll(created);
                if (to_hex(key_id(pair.public_key)) != id)
                    throw malformed("the key id does not belong to the public key");
                if (!pair_matches(pair))
                    throw malformed("the private key does not belong to the public key");
                ring.keys.push_back(pair);
            } else {
                throw malformed("unknown entry \"" + kind.substr(0, 20) + "\"");
            }
        } catch (const SealError& e) {
            if (e.code == SealError::Code::key_file) throw;
            throw malformed(e.what());
        } catch (const std::exception&) {
            throw malformed("a creation time is not a number");
        }
        wipe(line);
    }
    if (number == 0) throw key_file_error(file, "is empty. Restore it from its backup.");
    if (!has_index)
        throw key_file_error(file, "has no index-key line. Restore it from its backup.");
    if (ring.keys.empty()) throw key_file_error(file, "holds no key. Restore it from its backup.");
    return ring;
}

// -- digests --------------------------------------------------------------------------------------

Digest keyed_digest(const KeyRing& ring, std::string_view domain, std::string_view value) {
    ensure_sodium();
    std::string input;
    input.reserve(domain.size() + 1 + value.size());
    input.append(domain);
    input.push_back('\0');
    input.append(value);
    Digest d;
    crypto_generichash(d.data(), d.size(), bytes_of(input), input.size(), ring.index_key.data(),
                       ring.index_key.size());
    wipe(input);
    return d;
}

}  // namespace talkoo::seal
