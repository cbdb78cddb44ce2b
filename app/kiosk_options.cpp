// See kiosk_options.hpp.
#include "app/kiosk_options.hpp"

#include <stdexcept>

#include "app/screenshot_scenes.hpp"

namespace talkoo {

std::string usage() {
    std::string names;
    for (std::string_view n : screen_names())
        names += (names.empty() ? "" : ", ") + std::string(n);
    return "Usage: talkoo-kiosk [flags]\n"
           "\n"
           "The Talkoo kiosk: volunteer tasks to browse and an interest form, by touch.\n"
           "Settings live in DATA_DIR/kiosk.conf; these flags override them for one run.\n"
           "\n"
           "  --data-dir DIR        where the store and settings live\n"
           "                        (default: $XDG_DATA_HOME/talkoo or ~/.local/share/talkoo)\n"
           "  --assets DIR          translations and demo catalogue (default: share/talkoo beside "
           "the\n"
           "                        binary when installed, else the source tree's assets/)\n"
           "  --fullscreen, --windowed\n"
           "  --size WxH            window size, e.g. 1920x1080, 1080x1920, 1280x800, 390x844\n"
           "  --lang fi|sv|en       the language a new visitor starts in\n"
           "  --point ID            the info point (stand) this kiosk is\n"
           "  --dpi N               the panel's real DPI (sizes of text and touch targets)\n"
           "  --theme light|high-contrast\n"
           "  --renderer software|gpu  our software rasteriser (default) or SDL's GPU renderer\n"
           "  --idle-seconds N      seconds without a touch before \"Are you still there?\"\n"
           "  --idle-max-seconds N  the longest \"I need more time\" may make it (doubling)\n"
           "  --text-size 100|150|200  a new visitor's text size, in percent\n"
           "  --server URL          the network's centre, e.g. https://central.example.fi\n"
           "                        (remembered in the data dir; see docs/sync.md)\n"
           "  --token TOKEN         this kiosk's device token from `talkoo-central device add`\n"
           "                        (remembered in DATA_DIR/device-token, readable by its owner "
           "only)\n"
           "\n"
           "One-shot modes:\n"
           "  --screenshot OUT.png --screen NAME\n"
           "                        render a screen headlessly over the store's catalogue (the "
           "demo\n"
           "                        catalogue on a fresh data dir) and exit. Screens:\n"
           "                        " +
           names +
           "\n"
           "  --load-catalog FILE   load a catalogue file into the store, print a summary, exit\n"
           "  --summary             print what the store holds (catalogue, cursor, outbox) and "
           "exit\n"
           "  --sync-once           sync with the centre once, print a one-line summary, exit:\n"
           "                        0 all delivered, 1 the sync failed, 3 signups need "
           "attention\n"
           "  --set-pin             set the staff PIN (4 to 8 digits, read from standard input)\n"
           "  --export-handover DIR write every signup the centre has not acknowledged to a\n"
           "                        handover file in DIR (a USB stick), verify it, exit\n"
           "  --import-receipt FILE take the centre's receipt for a handover file, exit\n"
           "  --figures             today's, this stop's and the last 7 days' figures per stop:\n"
           "                        sessions, signups, languages, tasks viewed and signed up "
           "for\n"
           "  --erase-personal-data [--confirm-loss N]\n"
           "                        the end of a tour: erase every visitor's data on this "
           "kiosk;\n"
           "                        signups the centre lacks are listed, and erased only with\n"
           "                        --confirm-loss and their number\n"
           "  --screen NAME         without --screenshot: open the window on that screen (demos,\n"
           "                        benchmarks)\n"
           "  --headless            use SDL's dummy video driver (no display needed)\n"
           "  --exit-after-frames N quit after N frames (for benchmarks)\n"
           "  --help, --version\n";
}

KioskOptions parse_options(const std::vector<std::string>& args) {
    KioskOptions o;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0)
                throw std::invalid_argument(a + " needs a value (see --help)");
            return args[++i];
        };
        auto wrap = [&](auto&& f) {
            try {
                f();
            } catch (const std::invalid_argument& e) {
                throw std::invalid_argument(a + ": " + e.what());
            }
        };
        if (a == "--data-dir")
            o.data_dir = value();
        else if (a == "--assets")
            o.assets = value();
        else if (a == "--fullscreen")
            o.fullscreen = true;
        else if (a == "--windowed")
            o.fullscreen = false;
        else if (a == "--size") {
            const std::string& v = value();
            wrap([&] {
                int w = 0, h = 0;
                parse_size_setting(v, w, h);
                o.size = {w, h};
            });
        } else if (a == "--lang") {
            const std::string& v = value();
            wrap([&] { o.lang = parse_lang_setting(v); });
        } else if (a == "--point")
            o.point = value();
        else if (a == "--dpi") {
            const std::string& v = value();
            wrap([&] { o.dpi = parse_dpi_setting(v); });
        } else if (a == "--theme") {
            const std::string& v = value();
            wrap([&] { o.high_contrast = parse_theme_setting(v); });
        } else if (a == "--renderer") {
            const std::string& v = value();
            wrap([&] { o.gpu = parse_renderer_setting(v); });
        } else if (a == "--idle-seconds") {
            const std::string& v = value();
            wrap([&] { o.idle_seconds = parse_seconds_setting(v, 10, 3600); });
        } else if (a == "--idle-max-seconds") {
            const std::string& v = value();
            wrap([&] { o.idle_max_seconds = parse_seconds_setting(v, 10, 7200); });
        } else if (a == "--text-size") {
            const std::string& v = value();
            wrap([&] { o.text_size = parse_text_size_setting(v); });
        } else if (a == "--screenshot")
            o.screenshot = value();
        else if (a == "--screen")
            o.screen = value();
        else if (a == "--load-catalog")
            o.load_catalog = value();
        else if (a == "--summary")
            o.summary = true;
        else if (a == "--server")
            o.server = value();
        else if (a == "--token")
            o.token = value();
        else if (a == "--sync-once")
            o.sync_once = true;
        else if (a == "--set-pin")
            o.set_pin = true;
        else if (a == "--export-handover")
            o.export_handover = value();
        else if (a == "--import-receipt")
            o.import_receipt = value();
        else if (a == "--erase-personal-data")
            o.erase_personal_data = true;
        else if (a == "--figures")
            o.figures = true;
        else if (a == "--confirm-loss") {
            const std::string& v = value();
            wrap([&] { o.confirm_loss = parse_seconds_setting(v, 0, 100000000); });
        } else if (a == "--headless")
            o.headless = true;
        else if (a == "--exit-after-frames") {
            const std::string& v = value();
            wrap([&] { o.exit_after_frames = parse_seconds_setting(v, 1, 1000000); });
        } else if (a == "--help" || a == "-h")
            o.help = true;
        else if (a == "--version")
            o.version = true;
        else
            throw std::invalid_argument("unknown flag " + a + " (see --help)");
    }
    if (!o.screenshot.empty() && o.screen.empty())
        throw std::invalid_argument("--screenshot needs --screen NAME (see --help for the names)");
    if (!o.screen.empty() && !is_screen_name(o.screen))
        throw std::invalid_argument("--screen: no screen called \"" + o.screen + "\" (see --help)");
    return o;
}

void apply_overrides(const KioskOptions& o, KioskSettings& s) {
    if (o.lang) s.lang = *o.lang;
    if (o.point) s.point = *o.point;
    if (o.fullscreen) s.fullscreen = *o.fullscreen;
    if (o.size) {
        s.width = o.size->first;
        s.height = o.size->second;
    }
    if (o.dpi) s.dpi = o.dpi;
    if (o.high_contrast) s.high_contrast = *o.high_contrast;
    if (o.gpu) s.gpu = *o.gpu;
    if (o.idle_seconds) s.idle_seconds = *o.idle_seconds;
    if (o.idle_max_seconds) s.idle_max_seconds = *o.idle_max_seconds;
    if (o.text_size) s.text_size = *o.text_size;
}

}  // namespace talkoo
