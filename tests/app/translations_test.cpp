// The translation tables: complete in all three languages, consistent, and every name the
// screens compose from the catalogue's enumerations and the validation's codes is there.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>

#include "app/translations.hpp"
#include "core/domain.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

namespace talkoo::test {
namespace {

std::set<std::string> placeholders(const std::string& text) {
    std::set<std::string> out;
    std::regex re("\\{[a-z_]+\\}");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
         ++it)
        out.insert(it->str());
    return out;
}

}  // namespace

TEST_CASE("every translation key exists in fi, sv and en, and no text is empty") {
    const Translations& tr = translations();
    std::set<std::string> all;
    for (Lang l : kAllLangs)
        for (const auto& k : tr.keys(l))
            all.insert(k);
    REQUIRE(all.size() > 100);
    for (const std::string& key : all)
        for (Lang l : kAllLangs) {
            INFO(lang_code(l) << ":" << key);
            CHECK(tr.has(l, key));
            if (tr.has(l, key)) CHECK_FALSE(tr.get(l, key).empty());
        }
}

TEST_CASE("the same placeholders appear in every language's text") {
    const Translations& tr = translations();
    for (const auto& key : tr.keys(Lang::fi)) {
        INFO(key);
        auto fi = placeholders(tr.get(Lang::fi, key));
        CHECK(placeholders(tr.get(Lang::sv, key)) == fi);
        CHECK(placeholders(tr.get(Lang::en, key)) == fi);
    }
}

TEST_CASE("every category, group, commitment, benefit, age group and form error has a text") {
    const Translations& tr = translations();
    std::vector<std::string> keys = {"category.all"};
    for (std::string_view c : all_categories())
        keys.push_back("category." + std::string(c));
    for (TargetGroup g : all_target_groups())
        keys.push_back("group." + std::string(to_string(g)));
    for (Commitment c : all_commitments())
        keys.push_back("commitment." + std::string(to_string(c)));
    for (Benefit b : all_benefits())
        keys.push_back("benefit." + std::string(to_string(b)));
    for (AgeGroup a : all_age_groups())
        keys.push_back("age." + std::string(to_string(a)));
    for (Lang l : kAllLangs)
        keys.push_back("lang.name." + std::string(lang_code(l)));
    // The codes validate_signup() can give for what a visitor types (core/validation.cpp).
    for (const char* code :
         {"required", "too_long", "control_chars", "contact_required", "invalid_phone",
          "invalid_email", "consent_required", "no_tasks", "too_many_tasks", "duplicate", "other",
          "device", "store", "store_invalid"})
        keys.push_back("form.error." + std::string(code));
    for (const std::string& key : keys)
        for (Lang l : kAllLangs) {
            INFO(lang_code(l) << ":" << key);
            CHECK(tr.has(l, key));
        }
}

TEST_CASE("the consent text's version is the same in every language") {
    const Translations& tr = translations();
    CHECK(tr.get(Lang::sv, "consent.version") == tr.get(Lang::fi, "consent.version"));
    CHECK(tr.get(Lang::en, "consent.version") == tr.get(Lang::fi, "consent.version"));
}

TEST_CASE("no text of the screens is written in the code") {
    // Every quoted string in app/ that contains a letter sequence is either a translation key,
    // an id, or a log line for staff. This catches a visible word typed straight into a screen.
    std::regex visible(R"re("[A-Z][a-z]+( [a-z]+)+[.!?]?")re");
    for (auto& entry : std::filesystem::recursive_directory_iterator(
             std::filesystem::path(TALKOO_ASSET_DIR).parent_path() / "app" / "screens")) {
        std::ifstream in(entry.path());
        std::string line;
        int n = 0;
        while (std::getline(in, line)) {
            ++n;
            if (line.find("//") != std::string::npos && line.find("//") < line.find('"')) continue;
            std::smatch m;
            if (std::regex_search(line, m, visible)) {
                INFO(entry.path().filename().string() << ":" << n << ": " << line);
                FAIL_CHECK("a visible text in code instead of assets/i18n");
            }
        }
    }
}

TEST_CASE("a key missing from a language shows the English text and is reported") {
    TempDir dir;
    std::ofstream(dir / "fi.json") << R"({"a": "A fi"})";
    std::ofstream(dir / "sv.json") << R"({"a": "A sv", "b": "B sv"})";
    std::ofstream(dir / "en.json") << R"({"a": "A en", "b": "B en"})";
    Translations tr = Translations::load(dir.path());
    CHECK(tr.get(Lang::fi, "b") == "B en");
    CHECK(tr.missing() == std::set<std::string>{"fi:b"});
    CHECK(tr.get(Lang::sv, "nothing") == "nothing");
}

TEST_CASE("a broken translation table is refused with its file and place") {
    TempDir dir;
    std::ofstream(dir / "fi.json") << "{\"a\": \"A\",\n \"b\": }";
    std::ofstream(dir / "sv.json") << R"({"a": "A"})";
    std::ofstream(dir / "en.json") << R"({"a": 3})";
    try {
        Translations::load(dir.path());
        FAIL("loaded a broken table");
    } catch (const std::runtime_error& e) {
        std::string what = e.what();
        CHECK(what.find("fi.json") != std::string::npos);
        CHECK(what.find("line 2") != std::string::npos);
    }
}

}  // namespace talkoo::test
