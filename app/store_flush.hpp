// The seam between a committed signup and a durable one, for platforms where they differ.
//
// On the kiosk they do not: the store is a file in WAL mode with synchronous = FULL, so
// LocalStore::commit_signup returns only once the signup is on disk, and the thank-you screen
// follows at once. In a browser the store is a file in emscripten's memory file system; it is
// durable only once the browser's storage (IndexedDB, through IDBFS) has confirmed the write of
// it, which is asynchronous. There the platform installs a StoreFlush (platform/web/
// web_storage.hpp), and KioskApp waits between "send" and "thank you":
//
//   commit_signup ─► start() ─► state() asked each frame: writing ─► written ─► thank-you screen
//                                                                  └► failed (or no answer in
//                          time) ─► withdraw_signup, the visitor keeps the form and is told why
//
// Plain functions, so app/ knows nothing of emscripten.
#pragma once

#include <functional>

namespace talkoo {

enum class FlushState { writing, written, failed };

struct StoreFlush {
    // Starts writing everything committed so far to durable storage; the platform wakes the
    // main loop when the answer comes.
    std::function<void()> start;
    // How the last write started stands.
    std::function<FlushState()> state;
    // False when this browser can keep nothing durably (no IndexedDB, a private mode that
    // refuses it, storage full at the start): the form says so before anyone types.
    bool available = true;
};

}  // namespace talkoo
