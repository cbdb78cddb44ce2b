// Loading catalogue files into a real store file: the kiosk's first start and a technician's
// import by hand. The promise under test is all or nothing: a good file replaces the catalogue
// and resets the cursor; a bad one is refused with a FormatError and the store is exactly as it
// was, records and cursor alike.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "catalog_fixtures.hpp"
#include "core/local_store.hpp"
#include "support/temp_dir.hpp"
#include "sync/wire/catalog_import.hpp"
#include "sync/wire/catalog_json.hpp"

using namespace talkoo;
using namespace talkoo::wire;
using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

const std::filesystem::path kDemoFile =
    std::filesystem::path(TALKOO_ASSET_DIR) / "demo" / "catalog.json";

void write_file(const std::filesystem::path& file, std::string_view text) {
    std::ofstream out(file, std::ios::binary);
    out << text;
}

bool same(const CatalogStats& a, const CatalogStats& b) {
    return a.organisations == b.organisations && a.info_points == b.info_points &&
           a.tasks == b.tasks;
}

// Everything a visitor could see of the store's catalogue, to compare before and after.
struct StoreView {
    CatalogStats stats;
    std::string cursor;
    std::vector<Task> tasks;
    std::vector<InfoPoint> info_points;
    int browse_total = 0;
};

StoreView view_of(LocalStore& store, const Catalog& expected) {
    StoreView v;
    v.stats = store.catalog_stats();
    v.cursor = store.catalog_cursor();
    for (const Task& t : expected.tasks)
        if (auto found = store.task(t.id)) v.tasks.push_back(*found);
    v.info_points = store.info_points();
    v.browse_total = store.browse(TaskFilter{}, Lang::fi).total;
    return v;
}

void check_same(const StoreView& a, const StoreView& b) {
    CHECK(same(a.stats, b.stats));
    CHECK(a.cursor == b.cursor);
    CHECK(a.tasks == b.tasks);
    CHECK(a.info_points == b.info_points);
    CHECK(a.browse_total == b.browse_total);
}

}  // namespace

TEST_CASE("a catalogue file imported into an empty store is all there, with an empty cursor") {
    test::TempDir dir;
    LocalStore store(dir / "kiosk.db");
    Catalog demo = load_catalog_file(kDemoFile);

    CatalogStats stats = import_catalog_file(store, kDemoFile);
    CHECK(stats.organisations == static_cast<int>(demo.organisations.size()));
    CHECK(stats.info_points == static_cast<int>(demo.info_points.size()));
    CHECK(stats.tasks == static_cast<int>(demo.tasks.size()));
    CHECK(store.catalog_cursor().empty());
    for (const Task& task : demo.tasks)
        CHECK(store.task(task.id) == task);
    for (const Organisation& org : demo.organisations)
        CHECK(store.organisation(org.id) == org);
}

TEST_CASE("an import replaces the previous catalogue entirely and forgets the sync cursor") {
    test::TempDir dir;
    LocalStore store(dir / "kiosk.db");
    store.replace_catalog(test::small_catalog(), "centre-cursor-17");

    import_catalog_file(store, kDemoFile);
    CHECK_FALSE(store.task(test::minimal_task().id));
    CHECK_FALSE(store.organisation(test::full_organisation().id));
    CHECK(store.catalog_cursor().empty());
}

TEST_CASE("first start seeds the catalogue into an empty store, and only into an empty one") {
    test::TempDir dir;
    LocalStore store(dir / "kiosk.db");
    REQUIRE(seed_catalog_if_empty(store, kDemoFile));
    CatalogStats seeded = store.catalog_stats();
    CHECK(seeded.tasks >= 80);

    // The second start finds a catalogue and leaves it, even if the file changed meanwhile.
    write_file(dir / "other.json", catalog_to_json_text(test::small_catalog(), false));
    CHECK_FALSE(seed_catalog_if_empty(store, dir / "other.json"));
    CHECK(same(store.catalog_stats(), seeded));
}

TEST_CASE("first start does not overwrite a catalogue that came from the centre") {
    test::TempDir dir;
    LocalStore store(dir / "kiosk.db");
    store.replace_catalog(test::small_catalog(), "centre-cursor-3");
    StoreView before = view_of(store, test::small_catalog());
    CHECK_FALSE(seed_catalog_if_empty(store, kDemoFile));
    check_same(view_of(store, test::small_catalog()), before);
}

TEST_CASE("a bad catalogue file leaves an existing store exactly as it was") {
    test::TempDir dir;
    LocalStore store(dir / "kiosk.db");
    store.replace_catalog(test::small_catalog(), "centre-cursor-42");
    StoreView before = view_of(store, test::small_catalog());

    json unknown_org = json::parse(catalog_to_json_text(load_catalog_file(kDemoFile), true));
    unknown_org["tasks"][83]["organisation"] = "demo-org-nobody";
    json no_tasks = json::parse(catalog_to_json_text(test::small_catalog(), false));
    no_tasks["tasks"] = json::array();
    std::string demo_text = catalog_to_json_text(load_catalog_file(kDemoFile), true);

    struct Case {
        const char* name;
        std::string text;  // empty: the file does not exist
        const char* where;
    };
    const Case cases[] = {
        {"not-json.json", "Tehtävät;Kunta\nSiivous;Pori\n", "line 1, column 1"},
        {"truncated.json", demo_text.substr(0, demo_text.size() - 100), ""},
        {"unknown-org.json", unknown_org.dump(1), "tasks[83].organisation"},
        {"no-tasks.json", no_tasks.dump(1), "tasks"},
        {"missing.json", "", ""},
    };
    for (const Case& c : cases) {
        SECTION(c.name) {
            if (!c.text.empty()) write_file(dir / c.name, c.text);
            try {
                import_catalog_file(store, dir / c.name);
                FAIL("the bad file was imported");
            } catch (const FormatError& e) {
                CHECK_THAT(e.what(), Contains(c.name));
                if (*c.where) CHECK(e.where() == c.where);
            }
            check_same(view_of(store, test::small_catalog()), before);
            // The same holds for a fresh connection: nothing half-written reached the file.
            LocalStore reopened(dir / "kiosk.db");
            check_same(view_of(reopened, test::small_catalog()), before);
        }
    }
}

TEST_CASE("a bad seed file on first start is reported and leaves the store empty") {
    test::TempDir dir;
    LocalStore store(dir / "kiosk.db");
    write_file(dir / "broken.json", "{\"format\": \"talkoo-catalog\", \"version\": 1");
    CHECK_THROWS_AS(seed_catalog_if_empty(store, dir / "broken.json"), FormatError);
    CHECK(same(store.catalog_stats(), CatalogStats{}));
    CHECK(store.catalog_cursor().empty());
}

TEST_CASE(
    "a catalogue file's network key reaches the store: a demo key from demo data, a "
    "file without one keeps the key, a bad one refuses the file") {
    test::TempDir dir;
    LocalStore store(dir / "kiosk.db");
    REQUIRE(seed_catalog_if_empty(store, kDemoFile));
    std::optional<NetworkKey> demo = store.network_key();
    REQUIRE(demo.has_value());
    CHECK(demo->source == NetworkKeySource::demo_file);
    CHECK(demo->key == *load_catalog_document(kDemoFile).network_key);

    CatalogDocument real;
    real.catalog = test::small_catalog();
    seal::KeyRing ring = seal::make_key_ring(1);
    real.network_key = ring.current().public_key;
    std::string text = catalog_to_json_text(real);
    CHECK(json::parse(text)["network_key"] == seal::to_text(ring.current().public_key));
    write_file(dir / "real.json", text);
    import_catalog_file(store, dir / "real.json");
    CHECK(store.network_key()->key == ring.current().public_key);
    CHECK(store.network_key()->source == NetworkKeySource::file);

    write_file(dir / "keyless.json", catalog_to_json_text(test::small_catalog(), false));
    import_catalog_file(store, dir / "keyless.json");
    CHECK(store.network_key()->key == ring.current().public_key);

    json bad = json::parse(text);
    bad["network_key"] = "tkpk_short";
    write_file(dir / "bad.json", bad.dump());
    try {
        import_catalog_file(store, dir / "bad.json");
        FAIL("a bad network key was taken");
    } catch (const FormatError& e) {
        CHECK(e.where() == "network_key");
    }
    CHECK(store.network_key()->key == ring.current().public_key);
}
