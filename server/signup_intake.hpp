// Taking in a batch of signups from a device, as the API's POST /v1/signups and the USB
// handover's `talkoo-central import-signups` both do, so that a signup gets the very same result
// whichever way it came (stored, duplicate, conflict, rejected with its code and field errors):
// each item is read in the sealed form (or the plain form of kiosks before sealing, where
// allowed), opened with the key ring, stamped with the device (never from the body), validated,
// and the acceptable ones are stored through the vault in one transaction.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "server/signup_vault.hpp"
#include "server/storage.hpp"
#include "sync/wire/signup_json.hpp"

namespace talkoo::central {

struct SignupIntake {
    std::vector<wire::SignupResult> results;  // one per item, in order
    int plain = 0;                            // items taken in the plain form
};

// `items`: the signups as JSON objects (a batch's "signups", a handover file's lines).
// `plain_allowed`: the device is a kiosk of a version before sealing. Throws what the vault's
// storage throws (CentralStoreError): then nothing of the batch was stored.
SignupIntake take_signups(const std::vector<const nlohmann::json*>& items,
                          const DeviceRecord& device, bool plain_allowed, SignupVault& vault,
                          int64_t now_ms);

}  // namespace talkoo::central
