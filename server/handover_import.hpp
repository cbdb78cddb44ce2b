// `talkoo-central import-signups FILE...`: the centre's end of the USB handover
// (sync/handover/handover_file.hpp has the format, docs/handover.md the specification).
//
// A handover file is taken in exactly as its signups would have come through POST /v1/signups
// from the kiosk that wrote it (server/signup_intake.hpp): each gets stored, duplicate, conflict
// or rejected. Before any signup is looked at, the file must prove where it comes from: its
// device proof opens only with this network's key ring and names a device token this centre
// issued (and has not revoked), and the file's MAC checks with that token's hash. A file that
// is no handover file, cut short, changed, sealed to another network's key or from an unknown or
// revoked device is refused whole and nothing is stored.
//
// The answer goes back on the stick: a receipt beside the file (talkoo-receipt-...json), with
// every signup's result and a MAC under the same key, which the kiosk takes as the centre's
// acknowledgement. Importing the same file again stores nothing new (every signup answers
// "duplicate") and writes the receipt again.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "server/key_ring_file.hpp"
#include "server/signup_vault.hpp"
#include "server/storage.hpp"
#include "sync/handover/handover_file.hpp"

namespace talkoo::central {

struct HandoverImport {
    std::filesystem::path file;
    std::filesystem::path receipt;  // written beside the file; empty if that failed
    std::string receipt_problem;    // why the receipt could not be written ("" = written)
    DeviceRecord device;            // the centre's record of the kiosk that wrote it
    int64_t handed_over_ms = 0;     // when the kiosk wrote it
    std::vector<wire::SignupResult> results;
    std::map<std::string, int> counts;  // stored, duplicate, conflict, rejected
};

// Imports one handover file. Throws handover::HandoverError (not_handover, newer_version,
// truncated, altered, foreign, unreadable) before anything is stored, and CentralStoreError when
// the database fails (then nothing of the file was stored either).
HandoverImport import_handover_file(const std::filesystem::path& file, CentralStore& store,
                                    SignupVault& vault, KeyRingFile& keys, int64_t now_ms);

}  // namespace talkoo::central
