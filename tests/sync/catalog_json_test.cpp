// The catalogue wire format's promises: everything written is read back the same, and every
// kind of broken file is refused with a message that names the place to fix. The bad documents
// are made by breaking one thing in a good one, so each case shows exactly what it tests.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "catalog_fixtures.hpp"
#include "core/validation.hpp"
#include "support/temp_dir.hpp"
#include "sync/wire/catalog_json.hpp"

using namespace talkoo;
using namespace talkoo::wire;
using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

struct Problem {
    std::string where;
    std::string what;
};

// How the reader refuses `text`; where = "<accepted>" if it did not.
Problem problem_of(std::string_view text) {
    try {
        parse_catalog(text);
    } catch (const FormatError& e) {
        return {e.where(), e.what()};
    }
    return {"<accepted>", ""};
}

json good_document() {
    return json::parse(catalog_to_json_text(test::small_catalog(), true));
}

Problem problem_after(void (*breaks)(json&)) {
    json doc = good_document();
    breaks(doc);
    return problem_of(doc.dump(2));
}

void write_file(const std::filesystem::path& file, std::string_view text) {
    std::ofstream out(file, std::ios::binary);
    out << text;
}

void check_same(const Catalog& a, const Catalog& b) {
    CHECK(a.organisations == b.organisations);
    CHECK(a.info_points == b.info_points);
    CHECK(a.tasks == b.tasks);
}

}  // namespace

// -- round trips -------------------------------------------------------------------------------

TEST_CASE("every field of every record survives to_json and back") {
    CHECK(organisation_from_json(to_json(test::full_organisation()), "o") ==
          test::full_organisation());
    CHECK(info_point_from_json(to_json(test::full_info_point()), "p") == test::full_info_point());
    CHECK(task_from_json(to_json(test::full_task()), "t") == test::full_task());
    CHECK(task_from_json(to_json(test::minimal_task()), "t") == test::minimal_task());
}

TEST_CASE("a whole catalogue survives writing to text and parsing back, demo flag included") {
    Catalog catalog = test::small_catalog();
    check_same(parse_catalog(catalog_to_json_text(catalog, false)), catalog);

    CatalogDocument doc;
    doc.catalog = catalog;
    doc.demo = true;
    doc.note = "Demo data – not real organisations.";
    CatalogDocument back = parse_catalog_document(catalog_to_json_text(doc));
    CHECK(back.demo);
    CHECK(back.note == doc.note);
    check_same(back.catalog, catalog);
    CHECK_FALSE(parse_catalog_document(catalog_to_json_text(catalog, false)).demo);
}

TEST_CASE("a catalogue file is read back as written") {
    test::TempDir dir;
    write_file(dir / "catalog.json", catalog_to_json_text(test::small_catalog(), true));
    check_same(load_catalog_file(dir / "catalog.json"), test::small_catalog());
}

TEST_CASE(
    "the writer puts the documented top-level fields first and leaves untranslated "
    "languages and empty dates out") {
    std::string text = catalog_to_json_text(test::small_catalog(), true);
    CHECK(text.rfind("{\n  \"format\": \"talkoo-catalog\",\n  \"version\": 1,\n  \"demo\": true",
                     0) == 0);
    json doc = json::parse(text);
    const json& minimal = doc["tasks"][1];
    CHECK(minimal["title"] == json{{"fi", "Lyhyt tehtävä"}});
    CHECK_FALSE(minimal.contains("start_date"));
    CHECK_FALSE(minimal.contains("end_date"));
    CHECK(doc["tasks"][0]["commitment"] == "recurring");
    CHECK(doc["tasks"][0]["target_groups"] == json{"families", "students", "everyone"});
    CHECK(doc["tasks"][0]["benefits"] == json{"certificate", "study-credits", "training"});
}

TEST_CASE("unknown fields and unknown language keys are ignored, for later versions' sake") {
    json doc = good_document();
    doc["published_by"] = "a later centre";
    doc["tasks"][0]["accessibility"] = {{"wheelchair", true}};
    doc["tasks"][0]["title"]["se"] = "Northern Sami title";
    doc["organisations"][0]["logo"] = "https://example.org/logo.png";
    check_same(parse_catalog(doc.dump()), test::small_catalog());
}

TEST_CASE("absent and null optional fields read as empty, so tools may write either") {
    json doc = good_document();
    json& task = doc["tasks"][0];
    task.erase("description");
    task["place"] = nullptr;
    task.erase("contact");
    task["url"] = nullptr;
    task.erase("benefits");
    task.erase("remote_possible");
    Task read = parse_catalog(doc.dump()).tasks[0];
    CHECK(read.description.empty());
    CHECK(read.place.empty());
    CHECK(read.contact == Contact{});
    CHECK(read.url.empty());
    CHECK(read.benefits.empty());
    CHECK_FALSE(read.remote_possible);
}

// -- bad documents -----------------------------------------------------------------------------

TEST_CASE("text that is not JSON is refused with its line and column") {
    Problem p = problem_of("{\n  \"format\": \"talkoo-catalog\",\n  version: 1\n}");
    CHECK(p.where == "line 3, column 3");
    CHECK_THAT(p.what, Contains("not valid JSON"));
    CHECK(problem_of("Tehtävät.xlsx").where == "line 1, column 1");
}

TEST_CASE("an empty file is refused as empty") {
    CHECK_THAT(problem_of("").what, Contains("empty"));
    CHECK_THAT(problem_of(" \n\n").what, Contains("empty"));
}

TEST_CASE("a truncated catalogue is refused as invalid JSON at its end") {
    std::string text = catalog_to_json_text(test::small_catalog(), true);
    std::string cut = text.substr(0, text.size() / 2);
    size_t lines = std::count(cut.begin(), cut.end(), '\n') + 1;
    Problem p = problem_of(cut);
    CHECK(p.where.rfind("line " + std::to_string(lines) + ", column ", 0) == 0);
    CHECK_THAT(p.what, Contains("not valid JSON"));
}

TEST_CASE("a JSON document that is not an object is refused") {
    Problem p = problem_of("[1, 2, 3]");
    CHECK(p.where.empty());
    CHECK_THAT(p.what, Contains("a catalogue is a JSON object"));
}

TEST_CASE("a deeply nested document is refused without exhausting the stack") {
    std::string deep = std::string(200000, '[') + std::string(200000, ']');
    CHECK_THAT(problem_of(deep).what, Contains("a catalogue is a JSON object"));
    json doc = good_document();
    std::string text = doc.dump();
    text.insert(1, "\"padding\": " + deep + ", ");  // an unknown field: ignored, but parsed
    CHECK(parse_catalog(text).tasks.size() == 2);
}

TEST_CASE("a document of another format is refused by its format name") {
    Problem p = problem_after([](json& d) { d["format"] = "talkoo-signups"; });
    CHECK(p.where == "format");
    CHECK_THAT(p.what, Contains("not a Talkoo catalogue"));
    CHECK(problem_after([](json& d) { d.erase("format"); }).where == "format");
}

TEST_CASE("a document of another format version is refused, naming both versions") {
    Problem p = problem_after([](json& d) { d["version"] = 2; });
    CHECK(p.where == "version");
    CHECK_THAT(p.what, Contains("version 2") && Contains("reads version 1"));
    CHECK(problem_after([](json& d) { d["version"] = "1"; }).where == "version");
    CHECK_THAT(problem_after([](json& d) { d["version"] = 1.5; }).what,
               Contains("whole number, found a decimal number"));
    CHECK_THAT(problem_after([](json& d) { d["version"] = 18446744073709551615u; }).what,
               Contains("version 18446744073709551615"));
}

TEST_CASE("a field of the wrong type is refused with its path and both types") {
    Problem p = problem_after([](json& d) { d["tasks"][1]["remote_possible"] = "yes"; });
    CHECK(p.where == "tasks[1].remote_possible");
    CHECK_THAT(p.what, Contains("expected true or false") && Contains("found a text"));

    p = problem_after([](json& d) { d["tasks"][0]["title"] = "Rantojen siivous"; });
    CHECK(p.where == "tasks[0].title");
    CHECK_THAT(p.what, Contains("an object such as {\"fi\""));

    p = problem_after([](json& d) { d["tasks"][0]["title"]["sv"] = 5; });
    CHECK(p.where == "tasks[0].title.sv");
    CHECK_THAT(p.what, Contains("found a number"));

    p = problem_after([](json& d) { d["tasks"][0]["categories"] = "environment"; });
    CHECK(p.where == "tasks[0].categories");
    CHECK_THAT(p.what, Contains("a list"));

    CHECK(problem_after([](json& d) { d["organisations"] = json::object(); }).where ==
          "organisations");
    CHECK(problem_after([](json& d) { d["info_points"][0] = "library"; }).where ==
          "info_points[0]");
    CHECK(problem_after([](json& d) { d["tasks"][0]["contact"]["phone"] = 400000102; }).where ==
          "tasks[0].contact.phone");
    CHECK(problem_after([](json& d) { d["demo"] = "true"; }).where == "demo");
}

TEST_CASE("an unknown enum name is refused and the known names are listed") {
    Problem p = problem_after([](json& d) { d["tasks"][0]["commitment"] = "weekly"; });
    CHECK(p.where == "tasks[0].commitment");
    CHECK_THAT(p.what, Contains("\"weekly\" is not a known commitment") &&
                           Contains("\"one-off\", \"recurring\", \"ongoing\""));

    p = problem_after([](json& d) { d["tasks"][0]["target_groups"][1] = "pensioners"; });
    CHECK(p.where == "tasks[0].target_groups[1]");
    CHECK_THAT(p.what, Contains("\"seniors\""));

    p = problem_after([](json& d) { d["tasks"][0]["categories"][0] = "nature"; });
    CHECK(p.where == "tasks[0].categories[0]");
    CHECK_THAT(p.what, Contains("\"environment\""));

    CHECK(problem_after([](json& d) { d["tasks"][0]["benefits"][0] = "money"; }).where ==
          "tasks[0].benefits[0]");
    CHECK(problem_after([](json& d) { d["tasks"][0]["languages"][0] = "FI"; }).where ==
          "tasks[0].languages[0]");
    CHECK(problem_after([](json& d) { d["info_points"][0]["kind"] = "pop-up"; }).where ==
          "info_points[0].kind");
}

TEST_CASE("a task without a Finnish title is refused at title.fi") {
    Problem p = problem_after([](json& d) { d["tasks"][1]["title"] = {{"en", "Short task"}}; });
    CHECK(p.where == "tasks[1].title.fi");
    CHECK_THAT(p.what, Contains("required"));
    CHECK(problem_after([](json& d) { d["tasks"][1]["title"]["fi"] = "   "; }).where ==
          "tasks[1].title.fi");
}

TEST_CASE("a missing required field is refused with its path") {
    Problem p = problem_after([](json& d) { d["tasks"][0].erase("region"); });
    CHECK(p.where == "tasks[0].region");
    CHECK_THAT(p.what, Contains("required field is missing"));
    CHECK(problem_after([](json& d) { d["tasks"][0].erase("commitment"); }).where ==
          "tasks[0].commitment");
    CHECK(problem_after([](json& d) { d["organisations"][0].erase("name"); }).where ==
          "organisations[0].name");
    CHECK(problem_after([](json& d) { d.erase("tasks"); }).where == "tasks");
    CHECK(problem_after([](json& d) { d["tasks"][0]["languages"] = json::array(); }).where ==
          "tasks[0].languages");
}

TEST_CASE("a record that breaks the validation rules is refused at the broken field") {
    Problem p = problem_after([](json& d) { d["tasks"][0]["start_date"] = "2026-02-30"; });
    CHECK(p.where == "tasks[0].start_date");
    CHECK_THAT(p.what, Contains("YYYY-MM-DD"));

    p = problem_after([](json& d) { d["tasks"][0]["end_date"] = "2026-04-01"; });
    CHECK(p.where == "tasks[0].end_date");
    CHECK_THAT(p.what, Contains("before the start date"));

    p = problem_after([](json& d) { d["tasks"][0]["contact"]["email"] = "ranta(at)example.org"; });
    CHECK(p.where == "tasks[0].contact.email");

    p = problem_after([](json& d) { d["organisations"][0]["id"] = "Demo Org"; });
    CHECK(p.where == "organisations[0].id");
    CHECK_THAT(p.what, Contains("a-z, 0-9"));

    CHECK(problem_after([](json& d) { d["tasks"][0]["url"] = "example.org/x"; }).where ==
          "tasks[0].url");
}

TEST_CASE("over-long texts are refused with the limit") {
    Problem p =
        problem_after([](json& d) { d["tasks"][0]["title"]["en"] = std::string(121, 'a'); });
    CHECK(p.where == "tasks[0].title.en");
    CHECK_THAT(p.what, Contains("at most 120 characters"));
    // Limits count characters, not bytes: 120 letters ä (240 bytes) are fine.
    std::string a_umlauts;
    for (int i = 0; i < 120; ++i)
        a_umlauts += "ä";
    json doc = good_document();
    doc["tasks"][0]["title"]["fi"] = a_umlauts;
    CHECK(parse_catalog(doc.dump()).tasks[0].title.fi == a_umlauts);
}

TEST_CASE("duplicate ids are refused, naming both records") {
    Problem p = problem_after([](json& d) { d["tasks"][1]["id"] = d["tasks"][0]["id"]; });
    CHECK(p.where == "tasks[1].id");
    CHECK_THAT(p.what, Contains("\"demo-task-ranta\" is already used by tasks[0]"));
    p = problem_after([](json& d) { d["organisations"].push_back(d["organisations"][0]); });
    CHECK(p.where == "organisations[1].id");
}

TEST_CASE("a wrong value is shown shortened and printable in the message") {
    Problem p =
        problem_after([](json& d) { d["tasks"][0]["commitment"] = std::string(5000, 'x'); });
    CHECK(p.where == "tasks[0].commitment");
    CHECK(p.what.size() < 300);
    CHECK_THAT(p.what, Contains("xxx…\" is not a known commitment"));
    p = problem_after([](json& d) { d["tasks"][0]["commitment"] = "week\u0007ly"; });
    CHECK_THAT(p.what, Contains("\"week?ly\" is not a known commitment"));
}

TEST_CASE("a task naming an organisation that is not in the file is refused") {
    Problem p = problem_after([](json& d) { d["tasks"][1]["organisation"] = "demo-org-missing"; });
    CHECK(p.where == "tasks[1].organisation");
    CHECK_THAT(p.what, Contains("no organisation has the id \"demo-org-missing\""));
}

TEST_CASE("invalid UTF-8 is refused with its line") {
    std::string text = catalog_to_json_text(test::small_catalog(), true);
    size_t at = text.find("Lyhyt teht");
    REQUIRE(at != std::string::npos);
    text.replace(at, 5, "Ly\xC3\x28yt");  // a lead byte followed by a non-continuation byte
    size_t line = std::count(text.begin(), text.begin() + at, '\n') + 1;
    Problem p = problem_of(text);
    CHECK(p.where.rfind("line " + std::to_string(line) + ", column ", 0) == 0);
    CHECK_THAT(p.what, Contains("UTF-8"));
    // The message itself stays printable: it goes to logs and into the centre's JSON answers.
    CHECK(is_clean_text(p.what, false));
}

TEST_CASE("control characters are refused, raw or escaped") {
    std::string text = catalog_to_json_text(test::small_catalog(), true);
    size_t at = text.find("Lyhyt teht");
    std::string raw = text;
    raw.insert(at, "\x07");
    CHECK(problem_of(raw).where.rfind("line ", 0) == 0);

    Problem p = problem_after([](json& d) { d["tasks"][1]["title"]["fi"] = "Lyhyt\u0007"; });
    CHECK(p.where == "tasks[1].title.fi");
    CHECK_THAT(p.what, Contains("control characters"));
    // Line breaks belong in descriptions, not in titles.
    CHECK(problem_after([](json& d) { d["tasks"][1]["title"]["fi"] = "a\nb"; }).where ==
          "tasks[1].title.fi");
}

// -- files -------------------------------------------------------------------------------------

TEST_CASE("a missing catalogue file is refused, naming the file") {
    test::TempDir dir;
    try {
        load_catalog_file(dir / "nowhere.json");
        FAIL("a missing file was accepted");
    } catch (const FormatError& e) {
        CHECK_THAT(e.what(), Contains("nowhere.json") && Contains("no such file"));
        CHECK(e.file() == dir / "nowhere.json");
    }
}

TEST_CASE("a folder given as the catalogue file is refused") {
    test::TempDir dir;
    CHECK_THROWS_WITH(load_catalog_file(dir.path()), Contains("this is a folder"));
}

TEST_CASE("a problem inside a file names the file and the place") {
    test::TempDir dir;
    json doc = good_document();
    doc["tasks"][1]["commitment"] = "weekly";
    write_file(dir / "bad.json", doc.dump(2));
    try {
        load_catalog_file(dir / "bad.json");
        FAIL("a bad file was accepted");
    } catch (const FormatError& e) {
        CHECK(e.where() == "tasks[1].commitment");
        CHECK_THAT(e.what(), Contains("bad.json, tasks[1].commitment: \"weekly\""));
    }
}
