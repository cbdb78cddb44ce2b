// The kiosk's end of sync (issue 5; the design is in docs/sync.md): from the command line and
// settings to a SyncConfig, the one-shot `--sync-once`, and the SyncWorker connected to the
// screens. Everything that talks to the centre is in sync/client/; this file only wires it in.
//
//   - `--server URL --token TOKEN` are checked and remembered in the data folder (the token in
//     a 0600 file); a kiosk with neither remembered nor given does not sync (offline-only).
//   - `--sync-once` runs one SyncSession pass and prints its summary line.
//   - In the window, a SyncWorker runs on its own thread with its own store connection. Each
//     committed signup wakes it; its status shows as one small line at the bottom edge, in the
//     visitor's language; the main loop is woken only when that line would change.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "app/kiosk_app.hpp"
#include "app/kiosk_options.hpp"
#include "app/settings.hpp"
#include "app/sync_status_line.hpp"
#include "app/translations.hpp"
#include "core/local_store.hpp"
#include "sync/client/sync_config.hpp"
#include "sync/client/sync_status.hpp"
#include "sync/client/sync_worker.hpp"

namespace talkoo {

// The sync configuration of this kiosk, or nullopt when no centre is configured. Remembers a
// --server or --token given now. Throws std::invalid_argument (a bad flag: exit 2) or
// std::runtime_error (the token file cannot be read or written).
std::optional<sync::SyncConfig> kiosk_sync_config(LocalStore& store,
                                                  const std::filesystem::path& data_dir,
                                                  const KioskOptions& options,
                                                  const KioskSettings& settings);

// `--sync-once`: prints the summary line; returns the exit status (sync_once.hpp's, or 2 when
// no centre is configured).
int run_sync_once(LocalStore& store, const std::optional<sync::SyncConfig>& config);

// What the store alone says about sync (counts, last success), for the one-shot modes that run
// no worker: --summary and --screenshot.
sync::SyncStatus stored_sync_status(LocalStore& store);

// Starts the worker on the store's file and connects it to `app`: the status line, a wake-up
// for each committed signup, and `wake` (the main loop's) when the line changes. The returned
// worker must outlive the app's frames; destroying it stops the thread.
std::unique_ptr<sync::SyncWorker> start_sync(KioskApp& app, const Translations& tr,
                                             const std::filesystem::path& store_file,
                                             const sync::SyncConfig& config,
                                             std::function<void()> wake);

}  // namespace talkoo
