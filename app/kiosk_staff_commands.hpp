// talkoo-kiosk's headless staff commands (issue 13), for a stand run over SSH or a script, and
// for the tests: the same functions the staff panel reaches.
//   --set-pin              a new staff PIN, read from standard input (never from the command
//                          line, which other users of the machine can see), kept as Argon2id;
//   --export-handover DIR  every signup the centre has not acknowledged to a handover file in
//                          DIR (sync/handover/kiosk_handover.hpp), read back and verified;
//   --import-receipt FILE  the centre's receipt for such a file: the acknowledgement;
//   --erase-personal-data  the end of a tour: every visitor's data off this kiosk (file, log and
//                          free pages). At once when the centre has every signup; otherwise it
//                          lists what would be lost and needs --confirm-loss N, N being that
//                          number (typed, so that nobody loses signups by a stray flag).
// Each prints what it did in words and returns the exit code: 0 done, 1 a problem (the message
// says what to do), 2 a usage mistake.
#pragma once

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "core/local_store.hpp"
#include "sync/client/sync_config.hpp"

namespace talkoo {

int run_set_pin(LocalStore& store, std::FILE* in);
int run_export_handover(LocalStore& store, const std::optional<sync::SyncConfig>& sync_config,
                        const std::filesystem::path& folder);
int run_import_receipt(LocalStore& store, const std::optional<sync::SyncConfig>& sync_config,
                       const std::filesystem::path& file);
int run_erase_personal_data(LocalStore& store, std::optional<int> confirm_loss);
// --figures: the stand's figures from its anonymous counters (core/usage_figures.hpp): today
// (every point), this stop's visit (the days since the counters last named another point) and
// the last 7 days per point.
int run_figures(LocalStore& store, const std::string& point_id);

}  // namespace talkoo
