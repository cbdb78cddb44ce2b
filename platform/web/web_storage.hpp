// The web app's durable storage: the browser's IndexedDB under a folder of emscripten's file
// system (IDBFS), so that the store is the very SQLite file the kiosk keeps, schema and all.
//
// SQLite reads and writes the file in memory (MEMFS); IDBFS copies the folder's changed files to
// IndexedDB when asked (FS.syncfs), in one IndexedDB transaction, and the copy is durable once
// that transaction completes (its oncomplete: the browser has committed it; it survives the
// tab's closing and the browser's being killed). open() reads the stored copy back at start.
//
//   open ──► ready(available)    flush ──► writing ──► written | failed ──► wake()
//
// "Not available" means the browser keeps nothing: no IndexedDB (some private modes), or it
// refused the first read or write (storage full, blocked by the user). The app then still
// browses from memory, and the form says a signup cannot be kept there (app/store_flush.hpp).
// Also here: navigator.storage.persist(), which asks the browser not to clear the site's data
// under storage pressure, and a write whenever the page is hidden (the usage counters, which
// are not worth a write of their own).
#pragma once

#include <functional>
#include <string>

namespace talkoo::platform {

enum class StorageWrite { idle, writing, written, failed };

class WebStorage {
  public:
    // Mounts IndexedDB at `dir` (created if missing) and reads what the browser keeps there;
    // `ready` is called once, later, with whether the browser can keep anything.
    static void open(const std::string& dir, std::function<void(bool available)> ready);
    static bool available();
    // Starts writing the folder's changes to IndexedDB (again after the write in progress, if
    // any); `wake` is called when the answer is in.
    static void flush(std::function<void()> wake);
    // The answer for the last flush() (writing until then), and how long that write took.
    static StorageWrite last_write();
    static double last_write_ms();
    // Asks the browser to keep the site's storage under pressure: `answer(granted)`, later.
    static void ask_persistent(std::function<void(bool granted)> answer);
};

}  // namespace talkoo::platform
