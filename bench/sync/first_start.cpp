// bench-sync-first-start: how long a kiosk's first start spends getting its catalogue, from the
// catalogue file to a store the browse screen can read: parsing and checking the file, creating
// the store file, and LocalStore::replace_catalog (which also builds the search index).
//
// Measured for the bundled demo catalogue and for a generated catalogue of 10 000 tasks (the
// demo's tasks repeated under new ids across 200 organisations), a large network's size. Each
// run starts from a new store file in a new temporary folder; the figure is the median (p50) of
// the runs, with the slowest run beside it. Run: build/bin/bench-sync-first-start [runs]
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "core/local_store.hpp"
#include "sync/wire/catalog_import.hpp"
#include "sync/wire/catalog_json.hpp"

using namespace talkoo;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Series {
    std::vector<double> ms;
    double p50() const {
        std::vector<double> s = ms;
        std::sort(s.begin(), s.end());
        return s.empty() ? 0 : s[s.size() / 2];
    }
    double max() const { return ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end()); }
};

fs::path make_temp_dir() {
    std::string pattern = (fs::temp_directory_path() / "talkoo-bench-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary folder");
    return pattern;
}

// The demo catalogue scaled up: `tasks` tasks cycling through the demo's, spread over
// `organisations` copies of its organisations, so that texts and their lengths stay realistic.
Catalog generated_catalog(const Catalog& demo, int organisations, int tasks) {
    Catalog out;
    out.info_points = demo.info_points;
    for (int i = 0; i < organisations; ++i) {
        Organisation org = demo.organisations[i % demo.organisations.size()];
        org.id = "gen-org-" + std::to_string(i);
        org.name.fi += " " + std::to_string(i);
        out.organisations.push_back(std::move(org));
    }
    for (int i = 0; i < tasks; ++i) {
        Task task = demo.tasks[i % demo.tasks.size()];
        task.id = "gen-task-" + std::to_string(i);
        task.organisation_id = "gen-org-" + std::to_string(i % organisations);
        out.tasks.push_back(std::move(task));
    }
    return out;
}

void measure(const char* name, const fs::path& file, int runs) {
    Series parse, open, replace, first_start;
    CatalogStats stats;
    for (int run = 0; run < runs; ++run) {
        // The steps one by one...
        fs::path dir = make_temp_dir();
        auto t0 = Clock::now();
        Catalog catalog = wire::load_catalog_file(file);
        parse.ms.push_back(ms_since(t0));
        t0 = Clock::now();
        {
            LocalStore store(dir / "kiosk.db");
            open.ms.push_back(ms_since(t0));
            t0 = Clock::now();
            store.replace_catalog(catalog, "");
            replace.ms.push_back(ms_since(t0));
            stats = store.catalog_stats();
        }
        fs::remove_all(dir);

        // ...and the kiosk's real path in one go: open a new store, seed it from the file.
        dir = make_temp_dir();
        t0 = Clock::now();
        {
            LocalStore store(dir / "kiosk.db");
            wire::seed_catalog_if_empty(store, file);
        }
        first_start.ms.push_back(ms_since(t0));
        fs::remove_all(dir);
    }
    std::printf("%s: %s, %.2f MB, %d organisations, %d info points, %d tasks, %d runs\n", name,
                file.filename().c_str(), fs::file_size(file) / 1e6, stats.organisations,
                stats.info_points, stats.tasks, runs);
    auto line = [](const char* what, const Series& s) {
        std::printf("  %-38s p50 %8.1f ms   max %8.1f ms\n", what, s.p50(), s.max());
    };
    line("read + parse + check the file", parse);
    line("create the store file", open);
    line("replace_catalog (rows + search index)", replace);
    line("first start: new store + seed, total", first_start);
}

}  // namespace

int main(int argc, char** argv) {
    int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 11;
    try {
        fs::path demo_file = fs::path(TALKOO_ASSET_DIR) / "demo" / "catalog.json";
        measure("demo catalogue", demo_file, runs);

        fs::path dir = make_temp_dir();
        fs::path big_file = dir / "catalog-10000.json";
        Catalog big = generated_catalog(wire::load_catalog_file(demo_file), 200, 10000);
        std::ofstream(big_file, std::ios::binary) << wire::catalog_to_json_text(big, true);
        measure("generated catalogue", big_file, std::max(1, runs / 2));
        fs::remove_all(dir);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench-sync-first-start: %s\n", e.what());
        return 1;
    }
    return 0;
}
