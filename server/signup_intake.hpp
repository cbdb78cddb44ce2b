// Taking in a batch of signups from a device, as the API's POST /v1/signups and the USB
// handover's `talkoo-central import-signups` both do, so that a signup gets the very same result
// whichever way it came (stored, duplicate, conflict, rejected with its code and field errors):
// each item is read in the sealed form (or the plain form of kiosks before sealing, where
// allowed), opened with the key ring, stamped with the device (never from the body), validated,
// checked against the centre's clock, and the acceptable ones are stored.
//
// Judging and storing are two steps because the API stores by group commit
// (signup_committer.hpp: the answer follows the commit of the group holding the batch), while the
// handover's import stores at once (take_signups).
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "server/signup_vault.hpp"
#include "server/storage.hpp"
#include "sync/wire/signup_json.hpp"

namespace talkoo::central {

// A batch judged: a result per item (the rejections filled in), and the acceptable signups
// opened, whose personal fields are wiped when this is destroyed.
struct JudgedSignups {
    std::vector<wire::SignupResult> results;      // one per item, in order
    std::vector<SignupVault::Received> accepted;  // to store, in item order
    std::vector<size_t> accepted_at;              // each accepted signup's index in `results`
    int plain = 0;                                // items taken in the plain form

    JudgedSignups() = default;
    JudgedSignups(JudgedSignups&&) = default;
    JudgedSignups& operator=(JudgedSignups&&) = default;
    ~JudgedSignups();
};

// `items`: the signups as JSON objects (a batch's "signups", a handover file's lines).
// `plain_allowed`: the device is a kiosk of a version before sealing. `now_ms`: the centre's
// clock, which bounds a signup's creation and consent times.
JudgedSignups judge_signups(const std::vector<const nlohmann::json*>& items,
                            const DeviceRecord& device, bool plain_allowed, SignupVault& vault,
                            int64_t now_ms);

// The store's outcomes (in `accepted` order) written into the results.
void record_outcomes(std::vector<wire::SignupResult>& results,
                     const std::vector<size_t>& accepted_at,
                     const std::vector<SignupOutcome>& outcomes);

struct SignupIntake {
    std::vector<wire::SignupResult> results;  // one per item, in order
    int plain = 0;                            // items taken in the plain form
};

// Judges and stores at once, through the vault in one transaction. Throws what the vault's
// storage throws (CentralStoreError): then nothing of the batch was stored.
SignupIntake take_signups(const std::vector<const nlohmann::json*>& items,
                          const DeviceRecord& device, bool plain_allowed, SignupVault& vault,
                          int64_t now_ms);

}  // namespace talkoo::central
