// See web_storage.hpp.
#include "platform/web/web_storage.hpp"

#include <emscripten.h>

#include <utility>

namespace talkoo::platform {
namespace {

struct Storage {
    bool available = false;
    std::function<void(bool)> ready;
    bool in_flight = false;
    bool again = false;  // flush() came while a write was in flight: write once more after it
    StorageWrite last = StorageWrite::idle;
    std::function<void()> wake;
    std::function<void(bool)> persist_answer;
    double write_started = 0;  // emscripten_get_now() at the start of the write in flight
    double last_ms = 0;
};

Storage& storage() {
    static Storage s;
    return s;
}

// clang-format off
EM_JS(void, talkoo_idbfs_open, (const char* dir), {
    var path = UTF8ToString(dir);
    var done = function(ok) { Module["_talkoo_storage_opened"](ok ? 1 : 0); };
    try {
        if (typeof indexedDB === "undefined" || !indexedDB) { FS.mkdirTree(path); done(false); return; }
        FS.mkdirTree(path);
        FS.mount(IDBFS, {}, path);
        FS.syncfs(true, function(err) { done(!err); });
    } catch (e) {
        done(false);
    }
    // The page going away or to the background: write what changed since (usage counters).
    document.addEventListener("visibilitychange", function() {
        if (document.visibilityState === "hidden") Module["_talkoo_storage_hidden"]();
    });
});

EM_JS(void, talkoo_idbfs_write, (), {
    try {
        FS.syncfs(false, function(err) { Module["_talkoo_storage_written"](err ? 0 : 1); });
    } catch (e) {
        Module["_talkoo_storage_written"](0);
    }
});

EM_JS(void, talkoo_ask_persist, (), {
    var answer = function(granted) { Module["_talkoo_persist_answer"](granted ? 1 : 0); };
    if (!navigator.storage || !navigator.storage.persist) { answer(false); return; }
    navigator.storage.persisted()
        .then(function(already) { return already || navigator.storage.persist(); })
        .then(answer, function() { answer(false); });
});
// clang-format on

void start_write() {
    Storage& s = storage();
    s.in_flight = true;
    s.again = false;
    s.write_started = emscripten_get_now();
    talkoo_idbfs_write();
}

}  // namespace

void WebStorage::open(const std::string& dir, std::function<void(bool)> ready) {
    storage().ready = std::move(ready);
    talkoo_idbfs_open(dir.c_str());
}

bool WebStorage::available() {
    return storage().available;
}

void WebStorage::flush(std::function<void()> wake) {
    Storage& s = storage();
    s.wake = std::move(wake);
    s.last = StorageWrite::writing;
    if (!s.available) {
        s.last = StorageWrite::failed;
        if (s.wake) s.wake();
        return;
    }
    if (s.in_flight)
        s.again = true;
    else
        start_write();
}

StorageWrite WebStorage::last_write() {
    return storage().last;
}

double WebStorage::last_write_ms() {
    return storage().last_ms;
}

void WebStorage::ask_persistent(std::function<void(bool)> answer) {
    storage().persist_answer = std::move(answer);
    talkoo_ask_persist();
}

}  // namespace talkoo::platform

// Called from the JavaScript above.
extern "C" {

EMSCRIPTEN_KEEPALIVE void talkoo_storage_opened(int ok) {
    auto& s = talkoo::platform::storage();
    s.available = ok != 0;
    if (auto ready = std::move(s.ready)) ready(s.available);
}

EMSCRIPTEN_KEEPALIVE void talkoo_storage_written(int ok) {
    auto& s = talkoo::platform::storage();
    s.in_flight = false;
    s.last_ms = emscripten_get_now() - s.write_started;
    if (s.again) {
        talkoo::platform::start_write();  // what was committed after this write began
        return;
    }
    if (s.last == talkoo::platform::StorageWrite::writing)
        s.last =
            ok ? talkoo::platform::StorageWrite::written : talkoo::platform::StorageWrite::failed;
    if (s.wake) s.wake();
}

EMSCRIPTEN_KEEPALIVE void talkoo_storage_hidden() {
    auto& s = talkoo::platform::storage();
    if (s.available && !s.in_flight) talkoo::platform::start_write();
}

EMSCRIPTEN_KEEPALIVE void talkoo_persist_answer(int granted) {
    auto& s = talkoo::platform::storage();
    if (auto answer = std::move(s.persist_answer)) answer(granted != 0);
}
}
