// docs/catalog-format.md is what people follow when they write or export a catalogue, so its
// example must be a catalogue this code accepts, with every field it claims to show.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "sync/wire/catalog_json.hpp"

using namespace talkoo;
using namespace talkoo::wire;

namespace {

// The first ```json block of the page.
std::string example_from_docs() {
    std::filesystem::path page =
        std::filesystem::path(TALKOO_ASSET_DIR).parent_path() / "docs" / "catalog-format.md";
    std::ifstream in(page);
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    size_t start = s.find("```json\n");
    REQUIRE(start != std::string::npos);
    start += 8;
    size_t end = s.find("\n```", start);
    REQUIRE(end != std::string::npos);
    return s.substr(start, end - start);
}

}  // namespace

TEST_CASE("the example in docs/catalog-format.md is a valid catalogue with every field") {
    CatalogDocument doc = parse_catalog_document(example_from_docs());
    CHECK(doc.demo);
    REQUIRE(doc.catalog.organisations.size() == 1);
    REQUIRE(doc.catalog.info_points.size() == 2);
    REQUIRE(doc.catalog.tasks.size() == 2);
    CHECK(doc.catalog.info_points[1].kind == InfoPointKind::popup);

    // The full task: writing it back gives every field the page documents for tasks.
    nlohmann::json full = to_json(doc.catalog.tasks[0]);
    for (const char* field :
         {"id", "organisation", "title", "summary", "description", "time_needed", "place",
          "categories", "target_groups", "commitment", "region", "municipality", "remote_possible",
          "languages", "start_date", "end_date", "contact", "url", "benefits"})
        CHECK(full.contains(field));
    for (Lang lang : kAllLangs)
        CHECK_FALSE(doc.catalog.tasks[0].description[lang].empty());
    CHECK_FALSE(doc.catalog.tasks[0].contact.email.empty());

    // The minimal task shows the fallback: Finnish only.
    CHECK(doc.catalog.tasks[1].title.sv.empty());
    CHECK(doc.catalog.tasks[1].title.show(Lang::sv) == doc.catalog.tasks[1].title.fi);
}
