// The sync line at the screen's bottom edge, in the visitor's language: shared by the kiosk
// (its SyncWorker, kiosk_sync.hpp) and the web app (its SyncStepper, web_main.cpp).
#pragma once

#include <string>

#include "app/translations.hpp"
#include "sync/client/sync_status.hpp"

namespace talkoo {

// The bottom-edge line for `status` in `lang`, e.g. "Synced 14:02" or "Offline · 3 signups
// waiting, safe on this device". Holds no personal data. Exposed for the tests.
std::string sync_status_line(const sync::SyncStatus& status, const Translations& tr, Lang lang);

}  // namespace talkoo
