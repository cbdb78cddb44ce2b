// SignupVault: the centre's signups with their personal data, sealed at rest. It sits above the
// storage interface (storage.hpp), so every back end shares it: the back end keeps only sealed
// blobs and keyed digests, and the vault, which holds the network's key ring (key_ring_file.hpp),
// seals on the way in and opens on the way out. The HTTP API and the CLI read and write signups
// through it, and coordinators see, filter, export, follow up and erase exactly as before.
//
//   in:   a kiosk's sealed signup is opened (open_sealed) to be validated; store_signups then
//         keeps the personal fields sealed to the current key (the kiosk's own blob when it is
//         sealed to that key and has just opened and passed validation: opening proves it holds
//         exactly the validated fields; a blob of an older key, or a plain signup, is sealed
//         afresh), computes the keyed content digest (duplicate or conflict) and the lookup
//         keys (finding a visitor), and stores;
//   out:  signup() and signups() open each record; a blob whose key is not in the ring comes
//         out with empty personal fields and `unreadable` set;
//   find: find_signups() by e-mail, phone or a word of the name, through the lookup keys;
//   gone: erase (a visitor's request) and purge (retention) delete the sealed data.
//
// docs/privacy.md explains what is kept where; docs/sealing.md the format and the digests.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/sealed_signup.hpp"
#include "server/key_ring_file.hpp"
#include "server/storage.hpp"

namespace talkoo::central {

// What to look a visitor up by: exactly one of these is set.
struct VisitorQuery {
    std::string email;      // compared without case or surrounding spaces
    std::string phone;      // compared in E.164 when it is a phone number
    std::string name_word;  // one word of the name, without case
};

class SignupVault {
  public:
    SignupVault(CentralStore& store, KeyRingFile& keys);

    // The current public key: kiosks seal to it (the catalogue answer's network_key).
    seal::PublicKey current_public_key();

    // A kiosk's signup opened, whole. Throws seal::SealError: unknown_key (after reading the
    // key ring file again, in case a rotation just made the key), not_sealed, truncated,
    // altered, newer_version.
    Signup open_sealed(const SealedSignup& sealed);

    // A signup to store: whole (opened and validated), with the blob it arrived in, if any.
    struct Received {
        Signup whole;
        std::string sealed;  // as the kiosk sealed it; empty for a plain signup
    };
    // Each signup as the store takes it: sealed at rest, with its content digest and lookup
    // keys. The CPU-heavy half of storing (a worker does it, many at once), apart from the
    // writing (the group committer does that, one group at a time: signup_committer.hpp).
    std::vector<SignupToStore> seal_for_storage(const std::vector<Received>& signups);
    // Seals each signup at rest and stores it (CentralStore::store_signups).
    std::vector<SignupOutcome> store_signups(const std::vector<Received>& signups,
                                             int64_t received_ms);
    // The same for signups without a blob (the plain form, tests): each is sealed afresh.
    std::vector<SignupOutcome> store_signups(const std::vector<Signup>& signups,
                                             int64_t received_ms);
    std::optional<SignupRecord> signup(std::string_view id);
    std::vector<SignupRecord> signups(const SignupQuery& query);
    // Ids of the signups whose e-mail, phone or name word matches, oldest first.
    std::vector<std::string> find_signups(const VisitorQuery& query);
    bool erase(std::string_view id, int64_t now_ms);
    // Erases the personal data of signups given more than `retention_months` calendar months
    // before `now_ms` (UTC). Returns how many.
    int purge(int64_t now_ms, int retention_months);
    // A database made before sealing: seals every signup still in plain text. Returns how many.
    int seal_plain_rows();

    // The digests, exposed for the tests and the docs.
    seal::Digest content_digest(const Signup& whole);
    std::vector<seal::Digest> lookup_keys(const Signup& whole);

  private:
    SignupToStore to_store(const Signup& whole, const std::string& received_blob,
                           const seal::KeyRing& ring);
    void open_record(SignupRecord& record, const seal::KeyRing& ring);

    CentralStore& store_;
    KeyRingFile& keys_;
};

// The instant `months` calendar months before `now_ms`, in UTC (the 31st of a month that has no
// 31st becomes the month's last day).
int64_t months_before(int64_t now_ms, int months);

}  // namespace talkoo::central
