// Free-text search: every typed word must match the start of a word in any of the three
// languages and any of the task's texts; ä, ö, å fold to a, o, a so "kasitoita" finds
// "käsitöitä"; results come by relevance, then title, then id; and nothing a visitor can type,
// however odd, raises an error: FTS5 syntax is only ever read as plain words.
#include <catch2/catch.hpp>

#include "core/local_store.hpp"
#include "core/store_impl.hpp"
#include "core/store_search.hpp"
#include "store_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace talkoo;
using talkoo::test::TempDir;

namespace {

using Ids = std::vector<std::string>;

struct SampleStore {
    TempDir dir;
    LocalStore store{dir / "s.sqlite"};
    SampleStore() { store.replace_catalog(test::sample_catalog(), "c1"); }
    Ids find(std::string_view query, Lang lang = Lang::fi) {
        TaskFilter f;
        f.query = std::string(query);
        Ids ids;
        for (const TaskCard& c : store.browse(f, lang).cards)
            ids.push_back(c.id);
        return ids;
    }
};

}  // namespace

TEST_CASE("a typed word finds tasks by the start of any word") {
    SampleStore s;
    CHECK(s.find("koir") == Ids{"dogs-1"});
    CHECK(s.find("ulkoilu") == Ids{"dogs-1"});
    CHECK(s.find("ruoka") == Ids{"food-1"});  // "Ruoka-avun": the hyphen splits words
    CHECK(s.find("avun") == Ids{"food-1"});
    CHECK(s.find("uoka").empty());  // the middle of a word is not a prefix
}

TEST_CASE("search folds diacritics and case, so kasitoita finds käsitöitä") {
    SampleStore s;
    CHECK(s.find("kasitoita") == Ids{"crafts-1"});
    CHECK(s.find("käsitöitä") == Ids{"crafts-1"});
    CHECK(s.find("KÄSITÖ") == Ids{"crafts-1"});
    CHECK(s.find("Laksy") == Ids{"homework-1"});
    CHECK(s.find("ELÄINSUOJELU") == Ids{"dogs-1"});
}

TEST_CASE("Swedish and English texts are searched as well as Finnish, whatever the reader") {
    SampleStore s;
    CHECK(s.find("handarbete") == Ids{"crafts-1"});
    CHECK(s.find("äldre", Lang::en) == Ids{"crafts-1"});
    CHECK(s.find("aldre") == Ids{"crafts-1"});
    CHECK(s.find("knit", Lang::sv) == Ids{"crafts-1"});
    CHECK(s.find("homework") == Ids{"homework-1"});
    CHECK(s.find("hjälpen") == Ids{"first-aid-1"});
    CHECK(s.find("björneborg").size() == 4);  // FRK Björneborg, the Swedish name
}

TEST_CASE("every word must match, each in any field and any language") {
    SampleStore s;
    CHECK(s.find("sukkia kotiranta") == Ids{"crafts-1"});    // summary + place
    CHECK(s.find("knit äldre") == Ids{"crafts-1"});          // English + Swedish
    CHECK(s.find("lauantai koulutuksen") == Ids{"dogs-1"});  // description
    CHECK(s.find("koirien sukkia").empty());                 // two different tasks
}

TEST_CASE("a search's total counts every match, also beyond the page") {
    SampleStore s;
    TaskFilter f;
    f.query = "spr";  // the organisation of four tasks
    f.limit = 1;
    BrowsePage page = s.store.browse(f, Lang::fi);
    CHECK(page.total == 4);
    CHECK(page.cards.size() == 1);
}

TEST_CASE("search combines with the filters") {
    SampleStore s;
    TaskFilter f;
    f.query = "spr";
    f.municipality = "Ulvila";
    BrowsePage page = s.store.browse(f, Lang::fi);
    CHECK(page.total == 2);
    f.remote_only = true;
    CHECK(s.store.browse(f, Lang::fi).total == 1);
}

TEST_CASE("results come by relevance: a title match before a description mention") {
    TempDir dir;
    LocalStore store(dir / "s.sqlite");
    Catalog c;
    c.organisations.push_back(test::make_organisation("org", "Kirjastoyhdistys"));
    Task mention = test::make_task("a-mention", "org", "Aamupäivän kahvila");
    mention.description.fi =
        "Keitämme kahvia ja juttelemme. Joskus mukana on myös lukupiiri, mutta useimmiten "
        "pelaamme korttia, luemme lehtiä ja kuuntelemme musiikkia yhdessä.";
    Task titled = test::make_task("z-titled", "org", "Lukupiiri senioreille");
    c.tasks = {mention, titled};
    store.replace_catalog(c, "c1");
    TaskFilter f;
    f.query = "lukupiiri";
    BrowsePage page = store.browse(f, Lang::fi);
    REQUIRE(page.cards.size() == 2);
    CHECK(page.cards[0].id == "z-titled");
    CHECK(page.cards[1].id == "a-mention");
}

TEST_CASE("equally relevant results come by title, then by id") {
    TempDir dir;
    LocalStore store(dir / "s.sqlite");
    Catalog c;
    c.organisations.push_back(test::make_organisation("org", "Yhdistys"));
    c.tasks = {test::make_task("t3", "org", "Siivous B"), test::make_task("t2", "org", "Siivous A"),
               test::make_task("t1", "org", "Siivous B")};
    store.replace_catalog(c, "c1");
    TaskFilter f;
    f.query = "siivous";
    Ids ids;
    for (const TaskCard& card : store.browse(f, Lang::fi).cards)
        ids.push_back(card.id);
    CHECK(ids == Ids{"t2", "t1", "t3"});
}

TEST_CASE("FTS syntax and odd input in a query are plain words, never an error") {
    SampleStore s;
    const std::vector<std::string> hostile = {"\"",
                                              "\"koir",
                                              "koir\"",
                                              "koir*",
                                              "*",
                                              "**koir",
                                              "-",
                                              "-koir",
                                              "koir -ulkoilu",
                                              "(",
                                              ")",
                                              "(koir)",
                                              "((",
                                              "AND",
                                              "OR",
                                              "NOT",
                                              "NEAR",
                                              "koir AND",
                                              "OR koir",
                                              "NOT koir",
                                              "NEAR(koir ulkoilu)",
                                              "NEAR(koir ulkoilu, 2)",
                                              "title:koir",
                                              "{title}: koir",
                                              "title : koir",
                                              "^koir",
                                              "koir + ulkoilu",
                                              "'",
                                              "''",
                                              ";",
                                              "\\",
                                              "DROP TABLE tasks;--",
                                              "' OR 1=1 --",
                                              "%",
                                              "_",
                                              "koir?",
                                              "!",
                                              "@#$%^&*()",
                                              "\xff\xfe koir",
                                              "\xc3",
                                              "🐶 koir",
                                              "🐶",
                                              "—",
                                              "koir…",
                                              std::string("koir\0ulkoilu", 12),
                                              "  \t\n  ",
                                              std::string(10000, 'a'),
                                              std::string(5000, '"'),
                                              "a b c d e f g h i j k l m n o p q"};
    for (const std::string& q : hostile) {
        INFO("query: " << q);
        TaskFilter f;
        f.query = q;
        CHECK_NOTHROW(s.store.browse(f, Lang::fi));
        CHECK_NOTHROW(s.store.category_counts(f));
    }
    // Read as words, the syntax does what a visitor would expect.
    CHECK(s.find("\"koir") == Ids{"dogs-1"});
    CHECK(s.find("(koir)") == Ids{"dogs-1"});
    CHECK(s.find("-koir") == Ids{"dogs-1"});
    CHECK(s.find("🐶 koir") == Ids{"dogs-1"});
    CHECK(s.find("koir…") == Ids{"dogs-1"});
    CHECK(s.find("NOT koir").empty());  // "not" is a word no task has
    // Input with no word at all is no text filter.
    for (const char* nothing : {"\"", "*", "-", "(", "!!!", "🐶", "  ", "—"}) {
        TaskFilter f;
        f.query = nothing;
        CHECK(s.store.browse(f, Lang::fi).total == 5);
    }
}

TEST_CASE("typed text becomes the index's own folded tokens") {
    TempDir dir;
    sqlite::Database db(dir / "s.sqlite");
    store::QueryTokenizer tokenizer;
    using Words = std::vector<std::string>;
    CHECK(tokenizer.words(db, "koira") == Words{"koira"});
    CHECK(tokenizer.words(db, "  Käsi-TYÖT ") == Words{"kasi", "tyot"});
    CHECK(tokenizer.words(db, "NEAR(a b)") == Words{"near", "a", "b"});
    CHECK(tokenizer.words(db, "\"x\" OR y*") == Words{"x", "or", "y"});
    CHECK(tokenizer.words(db, "!!! — … 🐶").empty());
    CHECK(tokenizer.words(db, "\xff\xfe").empty());
    std::string many;
    for (int i = 0; i < 30; ++i)
        many += "w" + std::to_string(i) + " ";
    CHECK(tokenizer.words(db, many).size() == store::kMaxQueryWords);
}

TEST_CASE("title sort keys ignore case and accents and put å ä ö after z") {
    using store::title_sort_key;
    CHECK(title_sort_key("Apu") == title_sort_key("apu"));
    CHECK(title_sort_key("Élan") == title_sort_key("elan"));
    CHECK(title_sort_key("Zorro") < title_sort_key("Åsa"));
    CHECK(title_sort_key("Åsa") < title_sort_key("Äiti"));
    CHECK(title_sort_key("Äiti") < title_sort_key("Öljy"));
    CHECK(title_sort_key("Šakki") == title_sort_key("sakki"));
    CHECK(title_sort_key("Müller") == title_sort_key("myller"));  // ü sorts as y
}
