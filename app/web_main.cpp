// The web app: the kiosk's screens in a phone's or tablet's browser (WebAssembly). The very
// KioskApp, screens, translations and store the kiosk runs; what differs is behind platform/web:
//
//   platform/web/web_storage   the store's file kept in IndexedDB (IDBFS), writes confirmed
//   platform/web/web_window    WebGL2 at the device pixel ratio, following resizes and rotation
//   platform/web/main_loop_web frames only when something changed: an idle page uses no CPU
//   platform/web/text_field    the phone's own keyboard instead of the kiosk's on-screen one
//
// Start: read the stored copy of /data (asynchronous), open the store there (the bundled demo
// catalogue on a first visit), then the window and the loop. A signup is thanked only once the
// browser has confirmed its write (app/store_flush.hpp). The page's address may name the
// visitor's language and the stand (?lang=sv&point=ID); otherwise the browser's language.
// Sync: served by talkoo-central at /app/ (`serve --app`), the app syncs with that same origin
// over the centre's public channel for phones (sync/client/sync_stepper.hpp over fetch, stepped
// from the page's event loop; no threads), and at once when the browser says it is online
// again. Served from anywhere else (the dev server of ./dev.sh web) it does not sync.
// ?test=1 turns on the hooks the browser tests use (tests/web).
#include <emscripten.h>
#include <emscripten/eventloop.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "app/kiosk_app.hpp"
#include "app/metrics.hpp"
#include "app/sync_status_line.hpp"
#include "app/translations.hpp"
#include "core/local_store.hpp"
#include "platform/fonts.hpp"
#include "platform/main_loop.hpp"
#include "platform/web/text_field.hpp"
#include "platform/web/web_storage.hpp"
#include "platform/web/web_window.hpp"
#include "sync/client/fetch_transport.hpp"
#include "sync/client/sync_stepper.hpp"
#include "sync/wire/catalog_import.hpp"

namespace talkoo {
namespace {

const char* const kDataDir = "/data";
const char* const kAssets = "/assets";

// clang-format off
EM_JS(char*, talkoo_page_setting, (const char* name), {
    var value = new URLSearchParams(location.search).get(UTF8ToString(name));
    if (value === null && UTF8ToString(name) === "lang")
        value = (navigator.language || "").slice(0, 2).toLowerCase();
    value = value || "";
    var bytes = lengthBytesUTF8(value) + 1;
    var out = _malloc(bytes);
    stringToUTF8(value, out, bytes);
    return out;
});

EM_JS(void, talkoo_page_ready, (int ok, const char* message), {
    document.body.classList.add(ok ? "talkoo-ready" : "talkoo-failed");
    if (!ok) {
        var box = document.getElementById("talkoo-problem");
        if (box) box.textContent = UTF8ToString(message);
    }
});
// The centre's address when the page is served by it (at /app/), else "".
EM_JS(char*, talkoo_page_centre, (), {
    var value = location.pathname.startsWith("/app/") ? location.origin : "";
    var bytes = lengthBytesUTF8(value) + 1;
    var out = _malloc(bytes);
    stringToUTF8(value, out, bytes);
    return out;
});

// The browser's "online" event starts a sync at once.
EM_JS(void, talkoo_listen_online, (), {
    window.addEventListener("online", function() { _talkoo_network_online(); });
});
// clang-format on

std::string page_setting(const char* name) {
    char* raw = talkoo_page_setting(name);
    std::string value(raw);
    free(raw);
    return value;
}

std::string page_setting_centre() {
    char* raw = talkoo_page_centre();
    std::string value(raw);
    free(raw);
    return value;
}

platform::TextKind text_kind(Field f) {
    switch (f) {
        case Field::none:
            return platform::TextKind::none;
        case Field::search:
            return platform::TextKind::search;
        case Field::name:
            return platform::TextKind::name;
        case Field::phone:
            return platform::TextKind::phone;
        case Field::email:
            return platform::TextKind::email;
        case Field::message:
            return platform::TextKind::text;
    }
    return platform::TextKind::none;
}

// Everything the page keeps for its lifetime; made once the stored data is read.
struct WebApp {
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    std::unique_ptr<LocalStore> store;
    Translations tr;
    std::unique_ptr<platform::WebWindow> window;
    std::unique_ptr<platform::MainLoop> loop;
    std::unique_ptr<platform::FontCache> fonts;
    std::unique_ptr<KioskApp> app;
    platform::PageTextField text;
    bool storage_ok = false;
    // ?test=1: the layout audit runs every frame, so the browser tests can find widgets by id
    // (web_test_hooks below) and tap them as a finger would.
    bool test_mode = false;
    ui::LayoutAudit audit;
    int frames = 0;
    double frame_seconds = 0;  // spent drawing frames (for bench/web)
    Screen last_screen = Screen::attract;

    // Sync with the centre that serves the page (null when none does).
    std::unique_ptr<sync::FetchTransport> transport;
    std::unique_ptr<sync::SyncStepper> stepper;
    long sync_timer = 0;      // emscripten_set_timeout's id; 0 for none
    bool scheduling = false;  // inside schedule_sync (a pass may end within step())
    std::string sync_line;
    uint64_t flushed_report_version = 0;

    void start_app(bool available);
    void start_sync(const std::string& centre);
    void schedule_sync();
    StoreFlush store_flush() const;
    platform::NextFrame frame(double now);
};

StoreFlush WebApp::store_flush() const {
    StoreFlush f;
    platform::MainLoop* l = loop.get();
    f.start = [l] { platform::WebStorage::flush(l->waker()); };
    f.state = [] {
        switch (platform::WebStorage::last_write()) {
            case platform::StorageWrite::written:
                return FlushState::written;
            case platform::StorageWrite::failed:
                return FlushState::failed;
            default:
                return FlushState::writing;
        }
    };
    f.available = storage_ok;
    return f;
}

void WebApp::start_app(bool available) {
    storage_ok = available;
    if (!available)
        std::fprintf(stderr,
                     "talkoo-web: this browser keeps no data (no IndexedDB): signups "
                     "cannot be taken here\n");
    store = std::make_unique<LocalStore>(std::string(kDataDir) + "/talkoo.db");
    if (wire::seed_catalog_if_empty(*store, std::string(kAssets) + "/demo/catalog.json"))
        std::fprintf(stderr, "talkoo-web: a first visit: loaded the demo catalogue\n");
    // The log into the file now, while nobody waits: IndexedDB gets each changed file whole,
    // so a short log keeps a signup's write short (the first flush below writes the file).
    store->checkpoint();
    tr = Translations::load(std::string(kAssets) + "/i18n");

    KioskConfig config;
    config.default_lang = parse_lang(page_setting("lang")).value_or(Lang::fi);
    config.info_point_id = page_setting("point");
    if (!config.info_point_id.empty() && !store->info_point(config.info_point_id))
        config.info_point_id.clear();
    config.on_screen_keyboard = false;  // the phone's own, through the page's text field
    // Served by a centre: the demo catalogue's key (whose private half is public) is no key to
    // seal a visitor's data to; the form opens once the first sync has brought the centre's.
    const std::string centre = page_setting_centre();
    config.centre_configured = !centre.empty();
    test_mode = page_setting("test") == "1";

    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    window = std::make_unique<platform::WebWindow>();
    platform::WebWindow* w = window.get();
    loop = std::make_unique<platform::MainLoop>([w] { return w->points_to_pixels(); }, start);
    fonts = std::make_unique<platform::FontCache>(platform::find_font_files());
    app = std::make_unique<KioskApp>(*store, tr, config, loop->now());
    app->status_board().on_change(loop->waker());
    app->set_store_flush(store_flush());

    // The first write (the demo catalogue, or nothing new) doubles as the test of whether this
    // browser can keep anything: one that refuses it (storage full, blocked) is told up front.
    platform::MainLoop* l = loop.get();
    platform::WebStorage::flush([this, l] {
        if (platform::WebStorage::last_write() == platform::StorageWrite::failed && storage_ok) {
            std::fprintf(stderr, "talkoo-web: the browser refused to store data\n");
            storage_ok = false;
            app->set_store_flush(store_flush());
        }
        l->waker()();
    });
    if (available)
        platform::WebStorage::ask_persistent([this](bool granted) {
            if (!granted)
                app->status_board().set(
                    tr.get(app->config().default_lang, "status.storage_not_persistent"));
        });
    if (!centre.empty()) start_sync(centre);
    loop->run([this](double now) { return frame(now); });
    talkoo_page_ready(1, "");
}

void WebApp::start_sync(const std::string& centre) {
    sync::SyncConfig config;
    config.server_url = centre;
    config.channel = sync::SyncChannel::public_web;
    config.installation_id = store->device_id();
    config.transport.user_agent.clear();  // the browser's own
    transport = std::make_unique<sync::FetchTransport>(config.transport);
    stepper = std::make_unique<sync::SyncStepper>(*store, config, *transport);
    // A signup goes up only once the browser has confirmed its write: never before its
    // thank-you could show.
    stepper->hold_outbox([this] { return app->saving(); });
    platform::MainLoop* l = loop.get();
    stepper->on_change([this, l] {
        const sync::SyncStatus& s = stepper->status();
        // What a pass changed in the store (signups acknowledged and their personal fields
        // erased, catalogue pages) is written to IndexedDB as the signups are.
        const auto& report = stepper->last_report();
        if (!stepper->running() && report && s.version != flushed_report_version &&
            (report->delivered > 0 || report->needs_attention > 0 || report->catalog_pages > 0)) {
            flushed_report_version = s.version;
            if (!app->saving()) {
                store->checkpoint();
                platform::WebStorage::flush([] {});
            }
        }
        std::string line = sync_status_line(s, tr, Lang::en);
        if (line != sync_line) {
            sync_line = std::move(line);
            l->waker()();
        }
        if (!stepper->running()) schedule_sync();
    });
    app->set_status_source(
        [this](Lang lang) { return sync_status_line(stepper->status(), tr, lang); });
    app->on_signup_committed([this] {
        stepper->wake();
        schedule_sync();
    });
    talkoo_listen_online();
    schedule_sync();
}

void WebApp::schedule_sync() {
    if (scheduling) return;
    if (sync_timer) emscripten_clear_timeout(sync_timer);
    sync_timer = 0;
    scheduling = true;
    auto next = stepper->step();
    scheduling = false;
    if (!next) return;  // an answer will come, and its on_change schedules the next step
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
        *next - std::chrono::steady_clock::now());
    sync_timer = emscripten_set_timeout(
        [](void* self) {
            auto* a = static_cast<WebApp*>(self);
            a->sync_timer = 0;
            a->schedule_sync();
        },
        static_cast<double>(std::max<int64_t>(0, wait.count())), this);
}

platform::NextFrame WebApp::frame(double now) {
    auto began = std::chrono::steady_clock::now();
    ImGuiIO& io = ImGui::GetIO();
    platform::WebWindow::Size size = window->output_size();
    float ratio = window->points_to_pixels();
    Metrics m = compute_metrics(static_cast<float>(size.width), static_cast<float>(size.height),
                                std::nullopt, app->text_scale(), ratio);
    if (fonts->ensure(*io.Fonts, m.fonts)) window->upload_fonts();
    io.DisplaySize = ImVec2(static_cast<float>(size.width), static_cast<float>(size.height));
    FrameResult result = app->frame(m, fonts->fonts(), now, test_mode ? &audit : nullptr);
    window->render(app->palette().clear_rgb);
    const std::string* typed = app->focused_field_text();
    text.follow(text_kind(app->focused_field()), typed ? *typed : std::string());
    if (++frames == 1) {
        std::fprintf(stderr, "talkoo-web: first frame after %.1f ms\n", now * 1000);
        EM_ASM(performance.mark("talkoo-first-frame"));  // bench/web: since the navigation
    }
    frame_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    // Back on the attract screen the visitor has gone: fold the log into the file (their usage
    // counters, a catalogue change) and write it, so that the next signup's write is short.
    Screen screen = app->state().screen;
    if (screen == Screen::attract && last_screen != Screen::attract && !app->saving()) {
        store->checkpoint();
        platform::WebStorage::flush(loop->waker());
    }
    last_screen = screen;
    platform::NextFrame next;
    next.again = result.again;
    next.animating = result.animating;
    next.next_deadline = result.next_deadline;
    return next;
}

WebApp* g_app = nullptr;

}  // namespace
}  // namespace talkoo

// -- test hooks (?test=1) ---------------------------------------------------------------------
// What the browser tests ask of the running app: where a widget is (to tap it), which screen
// shows, and what the store holds (counts and ids only: no personal data crosses here).
extern "C" {

// The page's "online" event (talkoo_listen_online).
EMSCRIPTEN_KEEPALIVE void talkoo_network_online() {
    talkoo::WebApp* a = talkoo::g_app;
    if (!a || !a->stepper) return;
    a->stepper->network_online();
    a->schedule_sync();
}

// Fills out[8] with the widget's rectangle and the part of the screen it can be seen and
// touched in (x, y, w, h each), in CSS pixels; 0 when it was not drawn in the last frame.
EMSCRIPTEN_KEEPALIVE int talkoo_test_widget(const char* id, float* out) {
    talkoo::WebApp* a = talkoo::g_app;
    if (!a || !a->app || !a->test_mode) return 0;
    const talkoo::ui::WidgetRecord* w = a->audit.find(id);
    if (!w) return 0;
    float r = a->window->points_to_pixels();
    const talkoo::ui::Rect* rects[] = {&w->rect, &w->clip};
    for (int i = 0; i < 2; ++i) {
        out[i * 4 + 0] = rects[i]->x / r;
        out[i * 4 + 1] = rects[i]->y / r;
        out[i * 4 + 2] = rects[i]->w / r;
        out[i * 4 + 3] = rects[i]->h / r;
    }
    return 1;
}

// The ids of the last frame's widgets that start with `prefix`, one per line.
EMSCRIPTEN_KEEPALIVE const char* talkoo_test_widget_ids(const char* prefix) {
    static std::string answer;
    answer.clear();
    talkoo::WebApp* a = talkoo::g_app;
    if (!a || !a->app || !a->test_mode) return "";
    std::string_view p(prefix);
    for (const talkoo::ui::WidgetRecord& w : a->audit.widgets)
        if (std::string_view(w.id).substr(0, p.size()) == p) answer += w.id + "\n";
    return answer.c_str();
}

// How many frames the app has drawn: an idle page draws none.
EMSCRIPTEN_KEEPALIVE int talkoo_test_frames() {
    return talkoo::g_app ? talkoo::g_app->frames : 0;
}

// "attract", "browse", "task", "form", "thanks"; "saving" between send and thanks; "" before
// the app has started.
EMSCRIPTEN_KEEPALIVE const char* talkoo_test_screen() {
    talkoo::WebApp* a = talkoo::g_app;
    if (!a || !a->app) return "";
    if (a->app->saving()) return "saving";
    static const char* const names[] = {"attract", "browse", "task", "form", "thanks"};
    return names[static_cast<int>(a->app->state().screen)];
}

// The form's error shown to the visitor (a translation key), or "".
EMSCRIPTEN_KEEPALIVE const char* talkoo_test_form_error() {
    talkoo::WebApp* a = talkoo::g_app;
    if (!a || !a->app) return "";
    return a->app->state().form.store_error_key.c_str();
}

// Signups waiting in the store, and its device id: "pending=N device=ID".
EMSCRIPTEN_KEEPALIVE const char* talkoo_test_outbox() {
    static std::string answer;
    talkoo::WebApp* a = talkoo::g_app;
    if (!a || !a->store) return "";
    talkoo::OutboxSummary o = a->store->outbox_summary();
    answer = "pending=" + std::to_string(o.pending) + " device=" + a->store->device_id();
    return answer.c_str();
}

// Milliseconds: the mean time to draw a frame so far, and the last IndexedDB write's.
EMSCRIPTEN_KEEPALIVE double talkoo_test_frame_ms() {
    talkoo::WebApp* a = talkoo::g_app;
    return a && a->frames ? a->frame_seconds * 1000 / a->frames : 0;
}
EMSCRIPTEN_KEEPALIVE double talkoo_test_write_ms() {
    return talkoo::platform::WebStorage::last_write_ms();
}

// The bottom status line (for staff).
EMSCRIPTEN_KEEPALIVE const char* talkoo_test_status() {
    talkoo::WebApp* a = talkoo::g_app;
    if (!a || !a->app) return "";
    return a->app->state().status_line.c_str();
}
}

int main() {
    // Lives as long as the page: the browser's event loop calls into it after main returns.
    talkoo::g_app = new talkoo::WebApp();
    talkoo::platform::WebStorage::open(talkoo::kDataDir, [](bool available) {
        try {
            talkoo::g_app->start_app(available);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "talkoo-web: %s\n", e.what());
            talkoo::talkoo_page_ready(0, e.what());
        }
    });
    return 0;
}
