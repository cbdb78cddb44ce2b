// The bundled demo catalogue (assets/demo/catalog.json) is what every new kiosk shows first and
// what screenshots and benchmarks use, so it must parse, pass validation and exercise what the
// screens must handle: both regions, every category, pop-up stops, missing Swedish; and it
// carries the DEMO network key, whose key ring ./dev.sh centre uses.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <set>

#include "core/domain.hpp"
#include "support/temp_dir.hpp"
#include "sync/wire/catalog_json.hpp"

using namespace talkoo;
using namespace talkoo::wire;

namespace {

const std::filesystem::path kDemoFile =
    std::filesystem::path(TALKOO_ASSET_DIR) / "demo" / "catalog.json";

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

}  // namespace

TEST_CASE("the demo catalogue parses, passes validation and says it is demo data") {
    CatalogDocument doc = load_catalog_document(kDemoFile);
    CHECK(doc.demo);
    CHECK(contains(doc.note, "DEMO"));
    for (const Organisation& org : doc.catalog.organisations) {
        CHECK(contains(org.name.fi, "(demo)"));
        CHECK(contains(org.web, "example.org/talkoo-demo"));
        CHECK(org.email.ends_with("@example.org"));
    }
    for (const Task& task : doc.catalog.tasks) {
        CHECK(task.contact.email.ends_with("@example.org"));
        CHECK(task.url.starts_with("https://example.org/talkoo-demo/"));
    }
}

TEST_CASE("the demo catalogue has at least 80 tasks from 20 organisations and 12 info points") {
    Catalog catalog = load_catalog_file(kDemoFile);
    CHECK(catalog.tasks.size() >= 80);
    CHECK(catalog.organisations.size() >= 20);
    CHECK(catalog.info_points.size() == 12);
    int popups = 0;
    for (const InfoPoint& point : catalog.info_points) {
        if (point.kind != InfoPointKind::popup) continue;
        ++popups;
        CHECK_FALSE(point.active_from.empty());
        CHECK_FALSE(point.active_until.empty());
    }
    CHECK(popups >= 4);
}

TEST_CASE(
    "the demo catalogue covers both regions and every category, group, commitment and "
    "benefit") {
    Catalog catalog = load_catalog_file(kDemoFile);
    std::set<std::string> regions, categories;
    std::set<TargetGroup> groups;
    std::set<Commitment> commitments;
    std::set<Benefit> benefits;
    int remote = 0;
    for (const Task& task : catalog.tasks) {
        regions.insert(task.region);
        categories.insert(task.categories.begin(), task.categories.end());
        groups.insert(task.target_groups.begin(), task.target_groups.end());
        commitments.insert(task.commitment);
        benefits.insert(task.benefits.begin(), task.benefits.end());
        remote += task.remote_possible ? 1 : 0;
    }
    for (const InfoPoint& point : catalog.info_points)
        regions.insert(point.region);
    CHECK(regions == std::set<std::string>{"Satakunta", "Pohjois-Karjala"});
    for (std::string_view category : all_categories())
        CHECK(categories.count(std::string(category)) == 1);
    CHECK(groups.size() == all_target_groups().size());
    CHECK(commitments.size() == all_commitments().size());
    CHECK(benefits.size() == all_benefits().size());
    CHECK(remote > 0);
}

TEST_CASE("the demo catalogue lacks Swedish on a few tasks and has long texts to wrap") {
    Catalog catalog = load_catalog_file(kDemoFile);
    int without_swedish = 0, long_descriptions = 0;
    for (const Task& task : catalog.tasks) {
        CHECK_FALSE(task.title.fi.empty());
        CHECK_FALSE(task.title.en.empty());
        if (task.title.sv.empty()) {
            ++without_swedish;
            CHECK(task.summary.sv.empty());
            CHECK(task.title.show(Lang::sv) == task.title.fi);  // the fallback the kiosk shows
        }
        if (task.description.fi.size() >= 550) ++long_descriptions;
    }
    CHECK(without_swedish >= 3);
    CHECK(without_swedish <= 8);
    CHECK(long_descriptions >= 3);
}

TEST_CASE("the demo catalogue is read back unchanged after writing it out") {
    CatalogDocument doc = load_catalog_document(kDemoFile);
    CatalogDocument again = parse_catalog_document(catalog_to_json_text(doc));
    CHECK(again.note == doc.note);
    CHECK(again.catalog.organisations == doc.catalog.organisations);
    CHECK(again.catalog.info_points == doc.catalog.info_points);
    CHECK(again.catalog.tasks == doc.catalog.tasks);
}

TEST_CASE("the demo catalogue carries the demo key ring's public key, and that ring says DEMO") {
    CatalogDocument doc = load_catalog_document(kDemoFile);
    REQUIRE(doc.network_key.has_value());
    // The centre wants its key ring private, which git does not keep: read a 0600 copy, as
    // dev.sh does.
    const std::filesystem::path ring_file =
        std::filesystem::path(TALKOO_ASSET_DIR) / "demo" / "demo-centre.keys";
    std::string text;
    {
        std::ifstream in(ring_file);
        text.assign(std::istreambuf_iterator<char>(in), {});
    }
    CHECK(contains(text, "DEMO KEY RING"));
    talkoo::test::TempDir dir;
    std::filesystem::copy_file(ring_file, dir / "central.keys");
    std::filesystem::permissions(dir / "central.keys", std::filesystem::perms::owner_read |
                                                           std::filesystem::perms::owner_write);
    seal::KeyRing ring = seal::read_key_ring_file(dir / "central.keys");
    CHECK(ring.current().public_key == *doc.network_key);
}
