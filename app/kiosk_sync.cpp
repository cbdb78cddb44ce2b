// See kiosk_sync.hpp.
#include "app/kiosk_sync.hpp"

#include <cstdio>
#include <cstdlib>

#include "sync/client/centre_link.hpp"
#include "sync/client/sync_once.hpp"
#include "sync/client/sync_session.hpp"

namespace talkoo {

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
