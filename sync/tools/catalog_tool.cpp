// talkoo-catalog: checks a catalogue file, or loads it into a kiosk's store by hand.
//
//   talkoo-catalog check FILE                 say what FILE holds, or its first problem
//   talkoo-catalog import FILE --store STORE  replace STORE's catalogue with FILE's
//
// For technicians and coordinators: check a file before it goes to the kiosks or to the centre,
// load a catalogue into a kiosk that has no network yet. It uses the very functions the kiosk
// and the centre use (sync/wire/catalog_json.hpp, catalog_import.hpp), so "check" passing means
// the kiosk will accept the file. Exit status: 0 done, 1 the file or store was refused (nothing
// changed), 2 wrong usage.
#include <cstdio>
#include <set>
#include <string>
#include <string_view>

#include "core/local_store.hpp"
#include "sync/wire/catalog_import.hpp"
#include "sync/wire/catalog_json.hpp"

using namespace talkoo;

namespace {

int usage() {
    std::fputs(
        "usage: talkoo-catalog check FILE\n"
        "       talkoo-catalog import FILE --store STORE\n"
        "\n"
        "check   reads FILE as a Talkoo catalogue (docs/catalog-format.md) and says what it holds\n"
        "        or names its first problem.\n"
        "import  replaces the catalogue in the kiosk's store file STORE with FILE's, in one\n"
        "        step; a bad file changes nothing. The next sync then fetches the whole\n"
        "        catalogue from the centre.\n",
        stderr);
    return 2;
}

int check(const std::filesystem::path& file) {
    wire::CatalogDocument doc = wire::load_catalog_document(file);
    const Catalog& c = doc.catalog;
    int popups = 0, without_sv = 0, without_en = 0;
    std::set<std::string> regions;
    for (const InfoPoint& p : c.info_points) {
        popups += p.kind == InfoPointKind::popup ? 1 : 0;
        regions.insert(p.region);
    }
    for (const Task& t : c.tasks) {
        without_sv += t.title.sv.empty() ? 1 : 0;
        without_en += t.title.en.empty() ? 1 : 0;
        regions.insert(t.region);
    }
    std::string region_list;
    for (const std::string& r : regions)
        region_list += (region_list.empty() ? "" : ", ") + r;
    std::printf("%s: a valid Talkoo catalogue%s.\n", file.c_str(), doc.demo ? " (demo data)" : "");
    std::printf("  %zu organisations, %zu info points (%d pop-up stops), %zu tasks\n",
                c.organisations.size(), c.info_points.size(), popups, c.tasks.size());
    std::printf("  regions: %s\n", region_list.empty() ? "none" : region_list.c_str());
    std::printf("  tasks without a Swedish title: %d, without an English title: %d\n", without_sv,
                without_en);
    return 0;
}

int import(const std::filesystem::path& file, const std::filesystem::path& store_file) {
    LocalStore store(store_file);
    CatalogStats stats = wire::import_catalog_file(store, file);
    std::printf("Loaded %s into %s: %d organisations, %d info points, %d tasks.\n", file.c_str(),
                store_file.c_str(), stats.organisations, stats.info_points, stats.tasks);
    std::printf("The sync cursor is cleared: the next sync fetches the whole catalogue.\n");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::string_view(argv[1]) == "--version") {
        std::printf("talkoo-catalog %s\n", TALKOO_VERSION);
        return 0;
    }
    if (argc < 3) return usage();
    std::string_view command = argv[1];
    try {
        if (command == "check" && argc == 3) return check(argv[2]);
        if (command == "import" && argc == 5 && std::string_view(argv[3]) == "--store")
            return import(argv[2], argv[4]);
        return usage();
    } catch (const wire::FormatError& e) {
        std::fprintf(stderr, "%s\nNothing was changed.\n", e.what());
    } catch (const StoreError& e) {
        std::fprintf(stderr, "%s\nNothing was changed.\n", e.what());
    }
    return 1;
}
