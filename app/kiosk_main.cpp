// talkoo-kiosk: the kiosk program. It opens the device's store (seeding it from the bundled demo
// catalogue on a first start), then either runs one of the one-shot modes (--load-catalog,
// --sync-once, --summary, --screenshot; the staff's --set-pin, --export-handover and
// --import-receipt, kiosk_staff_commands.hpp) or opens the window, starts the sync worker when a
// centre is configured (app/kiosk_sync.hpp), and runs platform/'s idle-aware main loop
// (platform/main_loop.hpp), which sleeps until input, the next deadline the screens asked for, or
// a wake-up from another thread, and draws a frame only then.
//
// Exit codes: 0 done, 1 a runtime problem (store, catalogue file, window) or a failed
// --sync-once, 2 a usage mistake, 3 --sync-once delivered but signups need attention.
#include <imgui.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/kiosk_app.hpp"
#include "app/kiosk_options.hpp"
#include "app/kiosk_staff_commands.hpp"
#include "app/kiosk_sync.hpp"
#include "app/metrics.hpp"
#include "app/screenshot_scenes.hpp"
#include "app/settings.hpp"
#include "app/translations.hpp"
#include "core/clock.hpp"
#include "core/local_store.hpp"
#include "platform/fonts.hpp"
#include "platform/main_loop.hpp"
#include "platform/paths.hpp"
#include "platform/process_clock.hpp"
#include "platform/sdl_audio.hpp"
#include "platform/speaker.hpp"
#include "platform/window.hpp"
#include "sync/client/sync_session.hpp"
#include "sync/wire/catalog_import.hpp"
#include "talkoo_build_id.hpp"

namespace talkoo {
namespace {

using Clock = std::chrono::steady_clock;

void print_summary(LocalStore& store, const std::optional<sync::SyncConfig>& sync_config) {
    CatalogStats c = store.catalog_stats();
    OutboxSummary o = store.outbox_summary();
    std::string cursor = store.catalog_cursor();
    std::printf("store: %s\n", store.path().c_str());
    std::printf("catalogue: %d tasks, %d organisations, %d info points\n", c.tasks, c.organisations,
                c.info_points);
    std::printf("cursor: %s\n", cursor.empty() ? "(none: never synced)" : cursor.c_str());
    // The ids staff can give to --point (or point= in kiosk.conf).
    std::string points;
    for (const InfoPoint& p : store.info_points())
        points += (points.empty() ? "" : ", ") + p.id + " (" + p.name.show(Lang::fi) + ")";
    std::printf("info points: %s\n", points.empty() ? "(none)" : points.c_str());
    std::printf("outbox: %d waiting, %d need attention, %d acknowledged", o.pending,
                o.needs_attention, o.acknowledged);
    if (o.oldest_waiting_ms > 0)
        std::printf(", oldest waiting since %s", iso_timestamp_utc(o.oldest_waiting_ms).c_str());
    if (o.handed_over > 0)
        std::printf(", %d of the waiting on a USB handover file (until the centre acknowledges)",
                    o.handed_over);
    std::printf("\n");
    // Which key visitors' data is sealed to, or why signups are off (as KioskApp decides).
    std::optional<NetworkKey> key = store.network_key();
    if (!key)
        std::printf(
            "network key: none: signups are OFF until the kiosk syncs with its centre or loads a "
            "catalogue file with a network_key\n");
    else if (key->source == NetworkKeySource::demo_file && sync_config)
        std::printf(
            "network key: %s from the demo catalogue: signups are OFF until the kiosk syncs with "
            "its centre (a demo key must not seal real visitors' data)\n",
            seal::to_hex(seal::key_id(key->key)).c_str());
    else
        std::printf("network key: %s (from the %s%s): signups are sealed to it\n",
                    seal::to_hex(seal::key_id(key->key)).c_str(),
                    std::string(to_string(key->source)).c_str(),
                    key->source == NetworkKeySource::demo_file ? ", demo only" : "");
    if (!sync_config) {
        std::printf("centre: none (offline only; see --server and --token)\n");
        return;
    }
    sync::SyncStatus s = stored_sync_status(store);
    std::printf("centre: %s, last sync %s\n", sync_config->server_url.c_str(),
                s.last_success_ms ? iso_timestamp_utc(s.last_success_ms).c_str() : "never");
}

KioskConfig config_from(const KioskSettings& s) {
    KioskConfig c;
    c.info_point_id = s.point;
    c.default_lang = s.lang;
    c.high_contrast = s.high_contrast;
    c.idle_seconds = s.idle_seconds;
    c.thanks_idle_seconds = s.thanks_idle_seconds;
    c.countdown_seconds = s.countdown_seconds;
    c.idle_max_seconds = s.idle_max_seconds;
    c.text_size = s.text_size;
    return c;
}

// The "Listen" button's speech: espeak-ng into the audio device. None (and a line in the log)
// where either is missing: the button is then not shown.
std::unique_ptr<platform::Speaker> open_speech() {
    try {
        std::string why;
        // espeak-ng's rate; Speaker checks the voices before anything is opened for nothing.
        auto output = platform::SdlAudioOutput::open(22050, why);
        if (!output) {
            std::fprintf(stderr, "talkoo-kiosk: no audio device (%s): no \"Listen\" button\n",
                         why.c_str());
            return nullptr;
        }
        return std::make_unique<platform::Speaker>(output);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "talkoo-kiosk: %s: no \"Listen\" button\n", e.what());
        return nullptr;
    }
}

// Sets up ImGui for the kiosk: no ini or log files, no default style to inherit.
void init_imgui() {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
}

int take_screenshot(const KioskOptions& options, const KioskSettings& settings, LocalStore& store,
                    const Translations& tr, const std::optional<sync::SyncConfig>& sync_config) {
    init_imgui();
    int rc = 0;
    {
        platform::Window window({settings.width, settings.height, false, true, "Talkoo"});
        platform::FontCache fonts(platform::find_font_files());
        KioskConfig config = config_from(settings);
        config.centre_configured = sync_config.has_value();
        KioskApp app(store, tr, config, 0);
        // The picture shows the "Listen" button as a kiosk with a loudspeaker has it; SDL's
        // dummy audio driver stands in for the loudspeaker, so nothing is heard.
        setenv("SDL_AUDIODRIVER", "dummy", 0);
        std::unique_ptr<platform::Speaker> speech = open_speech();
        app.set_speech(speech.get());
        stage_screen(app, options.screen, 0);
        // With a centre configured the window shows the sync line: picture it as the store has it.
        if (sync_config) {
            sync::SyncStatus status = stored_sync_status(store);
            app.set_status_source(
                [status, &tr](Lang lang) { return sync_status_line(status, tr, lang); });
        }
        ImGuiIO& io = ImGui::GetIO();
        // A few frames: the first lays out, later ones settle what the layout asked for
        // (a field scrolled into view); the last one is saved.
        constexpr int kFrames = 3;
        for (int i = 0; i < kFrames; ++i) {
            platform::PixelSize size = window.output_size();
            Metrics m =
                compute_metrics(static_cast<float>(size.width), static_cast<float>(size.height),
                                settings.dpi, app.text_scale());
            if (fonts.ensure(*io.Fonts, m.fonts)) window.upload_fonts();
            io.DisplaySize =
                ImVec2(static_cast<float>(size.width), static_cast<float>(size.height));
            io.DeltaTime = 1.0f / 60.0f;
            app.frame(m, fonts.fonts(), 0);
            window.render(app.palette().clear_rgb,
                          i + 1 == kFrames ? options.screenshot : std::filesystem::path());
        }
        std::printf("wrote %s (%s, %dx%d)\n", options.screenshot.c_str(), options.screen.c_str(),
                    settings.width, settings.height);
    }
    ImGui::DestroyContext();
    return rc;
}

int run_window(const KioskOptions& options, const KioskSettings& settings, LocalStore& store,
               const Translations& tr, const std::optional<sync::SyncConfig>& sync_config) {
    auto start = Clock::now();
    init_imgui();
    {
        platform::WindowOptions window_options{
            settings.width,
            settings.height,
            settings.fullscreen,
            options.headless,
            "Talkoo",
            settings.gpu ? platform::RenderMode::gpu : platform::RenderMode::software};
        // A full-screen kiosk is a stand: locked down (platform/window.hpp).
        window_options.lock_down = settings.fullscreen;
        platform::Window window(window_options);
        if (std::getenv("TALKOO_REPORT_RENDERER"))
            std::fprintf(stderr, "renderer: %s\n", window.renderer_name().c_str());
        platform::MainLoop loop([&window] { return window.points_to_pixels(); }, start);
        platform::FontCache fonts(platform::find_font_files());
        std::optional<float> dpi = settings.dpi ? settings.dpi : window.display_dpi();
        KioskConfig config = config_from(settings);
        config.centre_configured = sync_config.has_value();
        KioskApp app(store, tr, config, loop.now());
        if (!options.screen.empty()) stage_screen(app, options.screen, loop.now());
        app.status_board().on_change(loop.waker());
        // Declared after the app, so destroyed (stopped) before it.
        std::unique_ptr<platform::Speaker> speech;
        std::unique_ptr<sync::SyncWorker> sync_worker;
        if (sync_config)
            sync_worker = start_sync(app, tr, store.path(), *sync_config, loop.waker());
        ImGuiIO& io = ImGui::GetIO();

        int frames = 0;
        loop.run([&](double now) {
            platform::PixelSize size = window.output_size();
            Metrics m = compute_metrics(static_cast<float>(size.width),
                                        static_cast<float>(size.height), dpi, app.text_scale());
            if (fonts.ensure(*io.Fonts, m.fonts)) window.upload_fonts();
            io.DisplaySize =
                ImVec2(static_cast<float>(size.width), static_cast<float>(size.height));
            FrameResult result = app.frame(m, fonts.fonts(), now);
            window.render(app.palette().clear_rgb, {}, result.scroll);
            // From the process's start (exec) to this frame handed to the display.
            if (++frames == 1 && std::getenv("TALKOO_REPORT_FIRST_FRAME"))
                if (auto age = platform::process_age_seconds())
                    std::fprintf(stderr, "first frame after %.1f ms\n", *age * 1000);
            platform::NextFrame next;
            next.again = result.again;
            next.animating = result.animating;
            next.next_deadline = result.next_deadline;
            next.stop = options.exit_after_frames > 0 && frames >= options.exit_after_frames;
            if (frames == 1 && !next.stop) {
                // Audio after the first frame: a stand that was just switched on shows itself
                // first. Nobody can reach a "Listen" button sooner than this. (A run that ends
                // with this frame never speaks: it opens no audio.)
                speech = open_speech();
                app.set_speech(speech.get());
            }
            return next;
        });
    }
    ImGui::DestroyContext();
    return 0;
}

int run(const std::vector<std::string>& args) {
    KioskOptions options;
    try {
        options = parse_options(args);
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "talkoo-kiosk: %s\n", e.what());
        return 2;
    }
    if (options.help) {
        std::fputs(usage().c_str(), stdout);
        return 0;
    }
    if (options.version) {
        // The release, and the git checkout it was built from (if it was).
        if (*TALKOO_BUILD_ID)
            std::printf("talkoo-kiosk %s (build %s)\n", TALKOO_VERSION, TALKOO_BUILD_ID);
        else
            std::printf("talkoo-kiosk %s\n", TALKOO_VERSION);
        return 0;
    }
    std::filesystem::path data_dir =
        options.data_dir.empty() ? platform::default_data_dir() : options.data_dir;
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) {
        std::fprintf(stderr, "talkoo-kiosk: cannot create the data folder %s: %s\n",
                     data_dir.c_str(), ec.message().c_str());
        return 1;
    }
    // The folder holds sealed signups, the device token and the store: the kiosk's user alone
    // may list or read it.
    std::filesystem::permissions(data_dir, std::filesystem::perms::owner_all, ec);
    if (ec)
        std::fprintf(stderr,
                     "talkoo-kiosk: could not make the data folder %s private (mode 0700): %s\n",
                     data_dir.c_str(), ec.message().c_str());
    std::filesystem::path assets = platform::find_asset_dir(options.assets, TALKOO_ASSET_DIR);
    KioskSettings settings = load_settings(data_dir / "kiosk.conf");
    apply_overrides(options, settings);

    LocalStore store(data_dir / "talkoo.db");
    if (!options.load_catalog.empty()) {
        CatalogStats s = wire::import_catalog_file(store, options.load_catalog);
        std::printf("loaded %s: %d tasks, %d organisations, %d info points\n",
                    options.load_catalog.c_str(), s.tasks, s.organisations, s.info_points);
        if (std::optional<NetworkKey> key = store.network_key())
            std::printf("network key: %s (from the %s)\n",
                        seal::to_hex(seal::key_id(key->key)).c_str(),
                        std::string(to_string(key->source)).c_str());
        else
            std::printf(
                "network key: none: signups stay off until the kiosk syncs with its "
                "centre or loads a catalogue file with a network_key\n");
        return 0;
    }
    // Before the demo seed: a kiosk whose first act is a sync gets the centre's catalogue only.
    std::optional<sync::SyncConfig> sync_config;
    try {
        sync_config = kiosk_sync_config(store, data_dir, options, settings);
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "talkoo-kiosk: %s\n", e.what());
        return 2;
    }
    if (options.sync_once) return run_sync_once(store, sync_config);
    if (options.set_pin) return run_set_pin(store, stdin);
    if (!options.export_handover.empty())
        return run_export_handover(store, sync_config, options.export_handover);
    if (!options.import_receipt.empty())
        return run_import_receipt(store, sync_config, options.import_receipt);
    if (options.erase_personal_data) return run_erase_personal_data(store, options.confirm_loss);
    if (options.figures)  // the stand's point as KioskApp finds it: its own, else the centre's
        return run_figures(store, settings.point.empty()
                                      ? store.setting(sync::kCentreInfoPointSetting).value_or("")
                                      : settings.point);
    if (wire::seed_catalog_if_empty(store, assets / "demo" / "catalog.json"))
        std::fprintf(stderr, "talkoo-kiosk: the store was empty; loaded the demo catalogue\n");
    if (options.summary) {
        print_summary(store, sync_config);
        return 0;
    }
    if (!settings.point.empty() && !store.info_point(settings.point))
        std::fprintf(stderr,
                     "talkoo-kiosk: the catalogue has no info point \"%s\": \"near this stand\" "
                     "is off until the point is set right (--point or point= in kiosk.conf)\n",
                     settings.point.c_str());
    Translations tr = Translations::load(assets / "i18n");
    if (!options.screenshot.empty())
        return take_screenshot(options, settings, store, tr, sync_config);
    write_default_settings(data_dir / "kiosk.conf");
    return run_window(options, settings, store, tr, sync_config);
}

}  // namespace
}  // namespace talkoo

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        return talkoo::run(args);
    } catch (const std::exception& e) {
        // Store, catalogue, settings and window errors all carry advice in their message.
        std::fprintf(stderr, "talkoo-kiosk: %s\n", e.what());
        return 1;
    }
}
