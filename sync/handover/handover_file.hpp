// The USB handover file and its receipt (issue 13, point 5; the format is docs/handover.md):
// how a stand that never reaches the centre delivers its signups on a stick, and how the centre
// answers on the same stick.
//
// A handover file is text, one item a line:
//
//   talkoo-handover 1                                      the format and its version
//   {"file_id": ..., "device": {...}, "count": N, ...}     the header (JSON)
//   {"id": ..., "sealed": ..., ...}                        N signups, each in the sealed form of
//   ...                                                    POST /v1/signups (protocol.md)
//   mac <64 hex digits>                                    BLAKE2b-256 over every byte above
//
// Personal fields travel only sealed to the network's public key (core/seal.hpp: the very
// blobs the sync sends), so a lost stick leaks nothing. The MAC is keyed with the SHA-256 of
// the kiosk's device token, which is what the centre keeps of that token: only that kiosk (and
// the centre) can make a file that checks, so a file cannot be forged or changed on the way.
// The header carries that key sealed to the network's key (the "device proof"), so the centre,
// and only the centre, learns which device wrote the file and checks the MAC.
//
// The receipt, written by `talkoo-central import-signups` beside the handover file, names the
// kiosk and the file it answers and carries each signup's result (stored, duplicate, conflict,
// rejected) exactly as POST /v1/signups would have answered; its MAC has the same key, so the
// kiosk takes it as the centre's own word and erases what the centre has.
//
// Reading checks everything a damaged or foreign file could get wrong and says which
// (HandoverError's code): not a handover file at all, a newer version, cut short, changed, for
// another kiosk.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/sealed_signup.hpp"
#include "sync/wire/signup_json.hpp"

namespace talkoo::handover {

inline constexpr std::string_view kHandoverMagic = "talkoo-handover";
inline constexpr std::string_view kReceiptMagic = "talkoo-receipt";
inline constexpr int kFormatVersion = 1;
// File names: talkoo-handover-<day>-<hhmmss>-<device id's first 8>.json, and the receipt the
// centre writes beside it: talkoo-receipt-<the same>.json.
inline constexpr std::string_view kHandoverPrefix = "talkoo-handover-";
inline constexpr std::string_view kReceiptPrefix = "talkoo-receipt-";
// At most this many signups in one file (far above a season's at one stand), so a reader can
// bound what it takes in.
inline constexpr size_t kMaxSignupsPerFile = 1'000'000;

class HandoverError : public std::runtime_error {
  public:
    enum class Code {
        not_handover,   // not a Talkoo handover file (or receipt) at all
        newer_version,  // made by a newer Talkoo
        truncated,      // cut short: fewer lines than it says, no MAC line
        altered,        // changed after it was written: the MAC does not match, or bad JSON
        foreign,        // sealed to another network's key, or from a device the centre lacks
        wrong_device,   // a receipt for another kiosk
        no_token,       // this kiosk has no device token (not enrolled): nothing to key the MAC
        no_key,         // this kiosk has no network key to seal to
        nothing,        // nothing to hand over
        write_failed,   // the drive refused (full, pulled out, read-only): see FileWriteError
        unreadable,     // the file cannot be opened or read
    };
    HandoverError(Code code, const std::string& message)
        : std::runtime_error(message), code(code) {}
    Code code;
};

// The MAC key of a kiosk: SHA-256 of its device token's text, equal to the token hash the
// centre keeps (server/tokens.hpp).
using MacKey = std::array<unsigned char, 32>;
MacKey mac_key_for_token(std::string_view device_token);

struct HandoverHeader {
    std::string file_id;    // a UUIDv7 made for this file
    std::string device_id;  // the kiosk's own id (its store's), which the receipt echoes
    int64_t created_ms = 0;
    std::string network_key_id;  // hex id of the key the signups and the proof are sealed to
    size_t count = 0;            // signups that follow
    std::string device_proof;    // the MAC key sealed to the network key (binary)
    std::string app_version;     // the kiosk's version, as X-Talkoo-App-Version
};

struct HandoverContents {
    HandoverHeader header;
    std::vector<nlohmann::json> signups;  // each as POST /v1/signups takes one
    std::string mac_hex;                  // as written
    std::string signed_bytes;             // every byte the MAC covers
};

// The file name for a handover written now by `device_id` ("talkoo-handover-...json").
std::string handover_file_name(std::string_view device_id, int64_t now_ms);
// The receipt's name beside a handover file.
std::filesystem::path receipt_path_for(const std::filesystem::path& handover_file);

// Writes the handover file of `signups` into `folder` durably (core/durable_file.hpp) under
// handover_file_name(). `progress` (optional) gets 0..1 as it goes. Throws HandoverError
// (write_failed, with the drive's reason) and leaves no file behind on failure.
std::filesystem::path write_handover(const std::filesystem::path& folder,
                                     const HandoverHeader& header,
                                     const std::vector<SealedSignup>& signups, const MacKey& key,
                                     const std::function<void(double)>& progress = {});

// Reads a handover file and checks its shape, version and length; not its MAC, which needs the
// key (mac_matches). Throws HandoverError.
HandoverContents read_handover(const std::filesystem::path& file);
bool mac_matches(std::string_view signed_bytes, std::string_view mac_hex, const MacKey& key);
std::string mac_hex(std::string_view bytes, const MacKey& key);

// -- receipts -----------------------------------------------------------------------------------

struct Receipt {
    std::string device_id;      // the kiosk the handover came from (its header's device id)
    std::string file_id;        // the handover file it answers
    std::string handover_file;  // that file's name, for people
    int64_t imported_ms = 0;
    std::vector<wire::SignupResult> results;  // one per signup of the file, in its order
};

// The receipt's bytes, with its MAC.
std::string receipt_bytes(const Receipt& receipt, const MacKey& key);
struct ReceiptContents {
    Receipt receipt;
    std::string mac_hex;
    std::string signed_bytes;
};
// Reads and checks a receipt's shape (not its MAC). Throws HandoverError.
ReceiptContents read_receipt(const std::filesystem::path& file);

}  // namespace talkoo::handover
