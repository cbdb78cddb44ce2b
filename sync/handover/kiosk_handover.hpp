// The kiosk's end of the USB handover (handover_file.hpp has the format): writing the signups
// the centre has not acknowledged to a stick, and taking the centre's receipt back. The staff
// panel runs these on a thread of their own (app/staff/), `talkoo-kiosk --export-handover DIR`
// and `--import-receipt FILE` headless; both reach the same functions.
//
// Nothing leaves the outbox by a handover: the signups stay on the device, marked "handed
// over", and sync still sends them, until the centre acknowledges them by a receipt (or by a
// sync's "duplicate"). Then their personal data is erased as after a sync.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/local_store.hpp"
#include "sync/handover/handover_file.hpp"

namespace talkoo::handover {

struct HandoverWritten {
    std::filesystem::path file;
    int signups = 0;
    int64_t bytes = 0;
};

// Writes every signup the centre has not acknowledged (or only those of `ids`) to a handover
// file in `folder`, reads the file back and checks every signup in it against the outbox and
// the MAC, and only then marks them handed over. `progress` gets 0..1. Throws HandoverError:
// nothing (nothing to hand over), no_token, no_key, write_failed (full, pulled out, read-only;
// no file is left and nothing is marked), altered (the read-back differs: the stick is faulty).
HandoverWritten export_handover(LocalStore& store, const std::filesystem::path& folder,
                                std::string_view device_token,
                                const std::vector<std::string>& ids = {},
                                const std::function<void(double)>& progress = {});

struct ReceiptTaken {
    std::string handover_file;  // the file the receipt answers
    int acknowledged = 0;       // stored or duplicate at the centre: safe there now
    int needs_attention = 0;    // conflict or rejected: kept, with the reason, for staff
    int already = 0;            // acknowledged before (a receipt taken twice), or not here
    int erased = 0;             // whose personal data was erased now
};

// Takes a receipt: checks that it is a receipt, for this kiosk, and from the centre (its MAC
// has this kiosk's key), then records each result as a sync would (stored/duplicate →
// acknowledged, conflict/rejected → needs attention with the reason) and erases the personal
// data of what the centre has, keeping `keep_personal_ms` as the sync does. Throws
// HandoverError (not_handover, newer_version, truncated, altered, wrong_device, no_token) and
// changes nothing then.
ReceiptTaken take_receipt(LocalStore& store, const std::filesystem::path& file,
                          std::string_view device_token, int64_t keep_personal_ms = 0);

// The receipts (talkoo-receipt-*.json) in `folder`, newest first by name.
std::vector<std::filesystem::path> receipts_in(const std::filesystem::path& folder);

}  // namespace talkoo::handover
