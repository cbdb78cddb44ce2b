// See kiosk_sync.hpp.
#include "app/kiosk_sync.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "sync/client/centre_link.hpp"
#include "sync/client/sync_once.hpp"
#include "sync/client/sync_session.hpp"

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

std::optional<sync::SyncConfig> kiosk_sync_config(LocalStore& store,
                                                  const std::filesystem::path& data_dir,
                                                  const KioskOptions& options,
                                                  const KioskSettings& settings) {
    std::optional<sync::CentreLink> link =
        sync::resolve_centre_link(store, data_dir, options.server, options.token);
    if (!link) return std::nullopt;
    sync::SyncConfig config;
    config.server_url = link->server_url;
    config.device_token = link->token;
    config.transport.ca_file = settings.ca_file;
    config.interval = std::chrono::seconds(settings.sync_interval_seconds);
    config.backoff.cap = std::chrono::seconds(settings.sync_backoff_cap_seconds);
    config.keep_personal_data = std::chrono::hours(settings.keep_delivered_hours);
    return config;
}

int run_sync_once(LocalStore& store, const std::optional<sync::SyncConfig>& config) {
    if (!config) {
        std::printf(
            "sync not configured: give the centre's address and this kiosk's device token once, "
            "e.g. talkoo-kiosk --server https://central.example.fi --token tkd_... --sync-once\n");
        return 2;
    }
    sync::SyncOnceOutcome outcome = sync::sync_once(store, *config);
    std::printf("%s\n", outcome.summary.c_str());
    return outcome.exit_code;
}

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

sync::SyncStatus stored_sync_status(LocalStore& store) {
    sync::SyncStatus s;
    OutboxSummary outbox = store.outbox_summary();
    s.waiting = outbox.pending;
    s.needs_attention = outbox.needs_attention;
    s.oldest_waiting_ms = outbox.oldest_waiting_ms;
    s.last_success_ms = std::atoll(store.setting(sync::kLastSuccessSetting).value_or("0").c_str());
    return s;
}

std::unique_ptr<sync::SyncWorker> start_sync(KioskApp& app, const Translations& tr,
                                             const std::filesystem::path& store_file,
                                             const sync::SyncConfig& config,
                                             std::function<void()> wake) {
    // The worker calls back on its thread for every change (each batch of a long push, the
    // start and end of every pass); the UI wakes only when the line it would draw changes.
    auto last_line = std::make_shared<std::string>();
    auto on_change = [&tr, wake = std::move(wake), last_line](const sync::SyncStatus& s) {
        std::string line = sync_status_line(s, tr, Lang::en);
        if (line == *last_line) return;  // only this thread touches last_line
        *last_line = std::move(line);
        if (wake) wake();
    };
    auto worker = std::make_unique<sync::SyncWorker>(store_file, config, on_change);
    sync::SyncWorker* w = worker.get();
    app.set_status_source([w, &tr](Lang lang) { return sync_status_line(w->status(), tr, lang); });
    app.on_signup_committed([w] { w->notify_signup(); });
    return worker;
}

}  // namespace talkoo
