// bench-app-scroll: frame times while a finger scrolls the browse list of 10 000 tasks, at
// 1920×1080 with the real screens, store and renderer (SDL's software renderer under the dummy
// driver: no GPU helps). Each frame is timed from input to the rendered frame, split into the
// UI's part (screens, paging cards in from SQLite, ImGui draw lists) and the renderer's part.
// Three places in the list: the top, the middle and the end (deep pages cost SQLite an OFFSET).
// At the end, the process's peak resident memory with all of that loaded.
//
// The software renderer runs twice: moving the list's pixels as the kiosk does, and drawing the
// list again every frame (what it did before it could move them), for an A/B in the same minutes.
//
//   bench-app-scroll                           every run (X11 ones when Xvfb is installed)
//   bench-app-scroll dummy|x11 software|gpu [move-list|draw-list]   one run
#include <SDL.h>
#include <imgui.h>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "app/kiosk_app.hpp"
#include "app/translations.hpp"
#include "bench/cpu_loop.hpp"
#include "core/local_store.hpp"
#include "kiosk_process.hpp"
#include "platform/fonts.hpp"
#include "platform/window.hpp"

using namespace talkoo;
using Clock = std::chrono::steady_clock;

namespace {

Catalog big_catalog(int n) {
    Catalog c;
    Organisation org;
    org.id = "bench-org";
    org.name = {"Vapaaehtoisverkosto", "Frivilligverket", "Volunteer network"};
    org.municipality = "Pori";
    c.organisations = {org};
    InfoPoint p;
    p.id = "bench-point";
    p.name = {"Kirjasto", "Bibliotek", "Library"};
    p.region = "Satakunta";
    p.municipality = "Pori";
    c.info_points = {p};
    auto cats = all_categories();
    for (int i = 0; i < n; ++i) {
        Task t;
        t.id = "task-" + std::to_string(i);
        t.organisation_id = org.id;
        std::string k = std::to_string(i);
        t.title = {"Vapaaehtoistehtävä numero " + k + " lähelläsi", "Frivilliguppdrag nummer " + k,
                   "Volunteer task number " + k + " near you"};
        t.summary = {
            "Tule mukaan auttamaan: tehtävä sopii kaikille, jotka haluavat tehdä hyvää "
            "lähellä kotia, ja perehdytys kuuluu asiaan.",
            "Kom med och hjälp nära hemmet.", "Come and help close to home."};
        t.categories = {std::string(cats[static_cast<size_t>(i) % cats.size()])};
        t.target_groups = {TargetGroup::everyone};
        t.commitment = static_cast<Commitment>(i % 3);
        t.region = "Satakunta";
        t.municipality = i % 2 ? "Pori" : "Rauma";
        t.languages = {Lang::fi};
        c.tasks.push_back(std::move(t));
    }
    return c;
}

struct Timing {
    std::vector<double> ui, render, total, cpu;
    double drawn = 0, moved = 0;  // pixels, summed over the frames
};

// CPU time of this thread, ms: unlike wall time, it does not count the time the machine gave to
// other processes (the benchmark machine is shared), so it shows what a frame itself costs.
double thread_cpu_ms() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double pct(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

// `move_list`: pass the frame's scrolling region to the renderer, as the kiosk does (without
// it the software renderer draws the list again every frame, as before it could move it).
int measure(bool headless, platform::RenderMode mode, bool move_list) {
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() /
        (headless ? "talkoo-bench-scroll-dummy" : "talkoo-bench-scroll-x11");
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    LocalStore store(dir / "talkoo.db");
    store.replace_catalog(big_catalog(10000), "bench");
    Translations tr = Translations::load(std::filesystem::path(TALKOO_ASSET_DIR) / "i18n");

    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    Timing t;
    {
        platform::Window window({1920, 1080, false, headless, "bench", mode});
        std::printf("renderer: %s (%s video driver)\n", window.renderer_name().c_str(),
                    SDL_GetCurrentVideoDriver());
        platform::FontCache fonts(platform::find_font_files());
        Metrics m = compute_metrics(1920, 1080, std::nullopt);
        fonts.ensure(*io.Fonts, m.fonts);
        window.upload_fonts();
        io.DisplaySize = ImVec2(1920, 1080);
        KioskConfig config;
        config.info_point_id = "bench-point";
        config.idle_seconds = 3600;
        double now = 0;
        KioskApp app(store, tr, config, now);
        app.apply({ActionKind::start, {}, 0}, now);
        app.apply({ActionKind::set_near, {}, 0}, now);  // the whole region: all 10 000
        std::printf("tasks in the list: %d\n", app.data().list->total());

        auto frame = [&](bool record) {
            now += 1.0 / 60.0;
            io.DeltaTime = 1.0f / 60.0f;
            double cpu0 = thread_cpu_ms();
            auto a = Clock::now();
            FrameResult result = app.frame(m, fonts.fonts(), now);
            auto b = Clock::now();
            window.render(app.palette().clear_rgb, {},
                          move_list ? result.scroll : std::optional<platform::ScrollRegion>());
            auto c = Clock::now();
            double cpu1 = thread_cpu_ms();
            if (!record) return;
            t.cpu.push_back(cpu1 - cpu0);
            t.ui.push_back(std::chrono::duration<double, std::milli>(b - a).count());
            t.render.push_back(std::chrono::duration<double, std::milli>(c - b).count());
            t.total.push_back(std::chrono::duration<double, std::milli>(c - a).count());
            t.drawn += static_cast<double>(window.last_render_stats().drawn_pixels);
            t.moved += static_cast<double>(window.last_render_stats().moved_pixels);
        };
        for (int i = 0; i < 10; ++i)
            frame(false);  // warm up: first frames build caches

        // Flings: a finger drags 30 px a frame for 20 frames, lets go, the list coasts.
        auto fling = [&](float direction) {
            ImVec2 start(1300, direction > 0 ? 900 : 300);
            io.MousePos = start;
            io.MouseDown[0] = true;
            frame(true);
            for (int i = 1; i <= 20; ++i) {
                io.MousePos = ImVec2(start.x, start.y - direction * 30.0f * static_cast<float>(i));
                frame(true);
            }
            io.MouseDown[0] = false;
            frame(true);
            for (int i = 0; i < 400 && app.state().browse.list.velocity != 0; ++i)
                frame(true);
        };
        ui::ScrollState& list = app.state().browse.list;
        for (float place : {0.0f, 0.5f, 0.97f}) {
            list.offset = place * list.max_offset();
            list.velocity = 0;
            frame(false);
            for (int i = 0; i < 12; ++i)
                fling(i % 4 == 3 ? -1.0f : 1.0f);
        }
    }
    const double frames = static_cast<double>(t.total.size()), screen = 1920.0 * 1080.0;
    std::printf(
        "frames: %zu; per frame the renderer drew %.0f %% of the screen's pixels and "
        "moved %.0f %%\n",
        t.total.size(), 100 * t.drawn / frames / screen, 100 * t.moved / frames / screen);
    std::printf("frame time, ms     p50    p90    p99    max\n");
    std::printf("  UI (screens)   %6.2f %6.2f %6.2f %6.2f\n", pct(t.ui, 0.5), pct(t.ui, 0.9),
                pct(t.ui, 0.99), pct(t.ui, 1.0));
    std::printf("  render         %6.2f %6.2f %6.2f %6.2f\n", pct(t.render, 0.5),
                pct(t.render, 0.9), pct(t.render, 0.99), pct(t.render, 1.0));
    std::printf("  total          %6.2f %6.2f %6.2f %6.2f\n", pct(t.total, 0.5), pct(t.total, 0.9),
                pct(t.total, 0.99), pct(t.total, 1.0));
    std::printf("  total, CPU     %6.2f %6.2f %6.2f %6.2f  (this thread's CPU time)\n",
                pct(t.cpu, 0.5), pct(t.cpu, 0.9), pct(t.cpu, 0.99), pct(t.cpu, 1.0));
    // The machine's own jitter at this length: what it adds to a loop of plain arithmetic as long
    // as the median frame is the floor under the p99 above.
    bench::CpuLoop loop(pct(t.total, 0.5));
    std::vector<double> loop_ms;
    for (int i = 0; i < 1000; ++i) {
        auto a = Clock::now();
        loop.run();
        loop_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - a).count());
    }
    std::printf(
        "  yardstick      %6.2f %6.2f %6.2f %6.2f  (a CPU-only loop as long as the "
        "median frame)\n",
        pct(loop_ms, 0.5), pct(loop_ms, 0.9), pct(loop_ms, 0.99), pct(loop_ms, 1.0));
    std::printf("peak resident memory of this process: %.1f MiB\n",
                bench::status_mib(getpid(), "VmHWM"));
    ImGui::DestroyContext();
    std::filesystem::remove_all(dir);
    return 0;
}

int main(int argc, char** argv) {
    // Each renderer in its own process (SDL picks its video driver once per process): under
    // Xvfb with SDL's X11 driver and Mesa's OpenGL when Xvfb is installed, and with the dummy
    // driver's software renderer.
    if (argc > 2)
        return measure(std::string(argv[1]) == "dummy",
                       std::string(argv[2]) == "gpu" ? platform::RenderMode::gpu
                                                     : platform::RenderMode::software,
                       argc < 4 || std::string(argv[3]) != "draw-list");
    std::printf("machine: %s\n", bench::machine().c_str());
    bench::VirtualDisplay xvfb;
    auto run = [&](const char* title, const char* driver, const char* mode,
                   std::vector<std::string> env, const char* list = "move-list") {
        std::printf("\n== %s\n", title);
        std::fflush(stdout);
        bench::wait_exit(bench::spawn({argv[0], driver, mode, list}, env, false));
    };
    run("software renderer, dummy video driver", "dummy", "software", {});
    run("software renderer, dummy video driver, the list drawn every frame (not moved)", "dummy",
        "software", {}, "draw-list");
    if (auto env = xvfb.env()) {
        run("software renderer, X11 (Xvfb)", "x11", "software", {*env});
        run("software renderer, X11 (Xvfb), the list drawn every frame (not moved)", "x11",
            "software", {*env}, "draw-list");
        run("SDL GPU renderer, X11 (Xvfb: Mesa llvmpipe OpenGL)", "x11", "gpu", {*env});
    }
}
