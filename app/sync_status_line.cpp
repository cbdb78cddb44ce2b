// See sync_status_line.hpp.
#include "app/sync_status_line.hpp"

#include <cstdio>
#include <ctime>

namespace talkoo {
namespace {

// "14:02" in the kiosk's local time.
std::string clock_time(int64_t unix_ms) {
    std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
    std::tm local{};
    localtime_r(&t, &local);
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", local.tm_hour, local.tm_min);
    return text;
}

// Errors staff must act on (a token, a Wi-Fi login, the address) get a line of advice in the
// visitor's language; a plain lost network is not an error at an offline-first kiosk, only
// "Offline". Returns the translation key, or nullptr for nothing to add. The worker's own
// English sentence, with more detail, is what --sync-once prints.
const char* advice_key(const sync::SyncStatus& s) {
    using Kind = sync::SyncError::Kind;
    if (s.last_error.empty() || !s.last_error_kind) return nullptr;
    switch (*s.last_error_kind) {
        case Kind::not_centre:
            return "sync.error.not_centre";
        case Kind::unauthorized:
            return "sync.error.unauthorized";
        case Kind::forbidden:
            return "sync.error.forbidden";
        case Kind::centre_failed:
            return "sync.error.centre_failed";
        case Kind::refused:
            return "sync.error.refused";
        case Kind::bad_answer:
            return "sync.error.bad_answer";
        case Kind::store:
            return "sync.error.store";
        case Kind::network:
        case Kind::rate_limited:
        case Kind::centre_busy:
        case Kind::cancelled:
            return nullptr;
    }
    return nullptr;
}

}  // namespace

std::string sync_status_line(const sync::SyncStatus& s, const Translations& tr, Lang lang) {
    using Connection = sync::SyncStatus::Connection;
    std::string line;
    if (s.connection == Connection::offline)
        line = tr.get(lang, "sync.offline");
    else if (s.connection == Connection::online && !s.last_error.empty())
        line = tr.get(lang, "sync.problem");
    else if (s.last_success_ms > 0)
        line = tr.format(lang, "sync.synced", {{"time", clock_time(s.last_success_ms)}});
    else
        line = tr.get(lang, "sync.not_yet");
    auto add = [&](const std::string& part) { line += " · " + part; };
    if (s.waiting > 0)
        add(tr.format(lang, s.waiting == 1 ? "sync.waiting_one" : "sync.waiting_many",
                      {{"n", std::to_string(s.waiting)}}));
    if (s.needs_attention > 0)
        add(tr.format(lang, "sync.attention", {{"n", std::to_string(s.needs_attention)}}));
    if (const char* key = advice_key(s)) add(tr.get(lang, key));
    return line;
}

}  // namespace talkoo
