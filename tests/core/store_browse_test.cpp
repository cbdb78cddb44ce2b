// Browsing the catalogue: each filter of TaskFilter, the stable order (title in the reader's
// language with the usual fallback, case-insensitive, then id), paging and its total, and the
// counts per category that the category tiles show.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/local_store.hpp"
#include "store_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace talkoo;
using talkoo::test::TempDir;

namespace {

std::vector<std::string> ids_of(const BrowsePage& page) {
    std::vector<std::string> ids;
    for (const TaskCard& c : page.cards)
        ids.push_back(c.id);
    return ids;
}

struct SampleStore {
    TempDir dir;
    LocalStore store{dir / "s.sqlite"};
    SampleStore() { store.replace_catalog(test::sample_catalog(), "c1"); }
    std::vector<std::string> ids(const TaskFilter& f, Lang lang = Lang::fi) {
        return ids_of(store.browse(f, lang));
    }
};

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("without a query, tasks come by their Finnish title for a Finnish reader") {
    SampleStore s;
    // Ensiapu..., Koirien..., Käsitöitä..., Läksyapua..., Ruoka-avun...: ä sorts after z.
    CHECK(s.ids({}) == Ids{"first-aid-1", "dogs-1", "crafts-1", "homework-1", "food-1"});
}

TEST_CASE("without a query, titles sort in the reader's language with Finnish as fallback") {
    SampleStore s;
    // sv: "Första hjälpen...", "Handarbete...", fallback fi for the rest: "Koirien...",
    // "Läksyapua...", "Ruoka-avun...".
    CHECK(s.ids({}, Lang::sv) == Ids{"first-aid-1", "crafts-1", "dogs-1", "homework-1", "food-1"});
    // en: "Crafts...", "Ensiapu..." (fi), "Homework...", "Ruoka..." (fi), "Walking...".
    CHECK(s.ids({}, Lang::en) == Ids{"crafts-1", "first-aid-1", "homework-1", "food-1", "dogs-1"});
    BrowsePage page = s.store.browse({}, Lang::sv);
    CHECK(page.cards[1].title == "Handarbete för äldre");
    CHECK(page.cards[1].summary == "Vi stickar sockor åt invånarna på servicehuset.");
    CHECK(page.cards[1].organisation_name == "FRK Björneborg");
    CHECK(page.cards[2].title == "Koirien ulkoilutus");  // no Swedish title: Finnish
}

TEST_CASE("title order ignores case and breaks ties by id") {
    TempDir dir;
    LocalStore store(dir / "s.sqlite");
    Catalog c;
    c.organisations.push_back(test::make_organisation("org", "Yhdistys"));
    c.tasks = {test::make_task("b", "org", "apu"),          test::make_task("a", "org", "Apu"),
               test::make_task("c", "org", "APU kaupassa"), test::make_task("d", "org", "Öljy"),
               test::make_task("e", "org", "Zumba"),        test::make_task("f", "org", "Åsa")};
    store.replace_catalog(c, "c1");
    CHECK(ids_of(store.browse({}, Lang::fi)) == Ids{"a", "b", "c", "e", "f", "d"});
}

TEST_CASE("a card shows the task in the reader's language with its list fields") {
    SampleStore s;
    TaskFilter f;
    f.category = "children-youth";
    BrowsePage page = s.store.browse(f, Lang::en);
    REQUIRE(page.cards.size() == 1);
    const TaskCard& card = page.cards[0];
    CHECK(card.id == "homework-1");
    CHECK(card.title == "Homework help for young people");
    CHECK(card.summary == "Autat yläkoululaisia läksyissä etänä tai kirjastolla.");
    CHECK(card.organisation_name == "Red Cross Pori");
    CHECK(card.municipality == "Ulvila");
    CHECK(card.categories == std::vector<std::string>{"children-youth"});
    CHECK(card.commitment == Commitment::ongoing);
    CHECK(card.remote_possible);
}

TEST_CASE("each filter keeps only the tasks it names") {
    SampleStore s;
    TaskFilter f;
    SECTION("category, also a task's second category") {
        f.category = "elderly";
        CHECK(s.ids(f) == Ids{"crafts-1"});
        f.category = "events";
        CHECK(s.ids(f) == Ids{"first-aid-1"});
    }
    SECTION("municipality") {
        f.municipality = "Ulvila";
        CHECK(s.ids(f) == Ids{"homework-1", "food-1"});
    }
    SECTION("region") {
        f.region = "Satakunta";
        CHECK(s.store.browse(f, Lang::fi).total == 5);
        f.region = "Pohjois-Karjala";
        CHECK(s.store.browse(f, Lang::fi).total == 0);
    }
    SECTION("target group: tasks for that group or for everyone") {
        f.target_group = TargetGroup::seniors;
        CHECK(s.ids(f) == Ids{"first-aid-1", "crafts-1", "food-1"});
        f.target_group = TargetGroup::students;
        CHECK(s.ids(f) == Ids{"first-aid-1", "dogs-1", "homework-1", "food-1"});
    }
    SECTION("commitments: any of those given") {
        f.commitments = {Commitment::recurring};
        CHECK(s.ids(f) == Ids{"dogs-1", "crafts-1"});
        f.commitments = {Commitment::ongoing, Commitment::one_off};
        CHECK(s.ids(f) == Ids{"first-aid-1", "homework-1", "food-1"});
    }
    SECTION("remote only") {
        f.remote_only = true;
        CHECK(s.ids(f) == Ids{"homework-1"});
    }
    SECTION("today hides tasks that have ended, keeps open-ended ones") {
        f.today = "2025-05-31";
        CHECK(s.store.browse(f, Lang::fi).total == 5);  // ends today: still shown
        f.today = "2025-06-01";
        CHECK(s.ids(f) == Ids{"dogs-1", "crafts-1", "homework-1", "food-1"});
    }
    SECTION("filters combine") {
        f.municipality = "Pori";
        f.commitments = {Commitment::recurring};
        f.target_group = TargetGroup::families;
        CHECK(s.ids(f) == Ids{"dogs-1"});
    }
    SECTION("an unknown value matches nothing rather than failing") {
        f.category = "astrology";
        CHECK(s.store.browse(f, Lang::fi).total == 0);
    }
}

TEST_CASE("paging walks the same order and total counts all matches") {
    SampleStore s;
    TaskFilter f;
    f.limit = 2;
    Ids seen;
    for (f.offset = 0; f.offset < 6; f.offset += 2) {
        BrowsePage page = s.store.browse(f, Lang::fi);
        CHECK(page.total == 5);
        for (const TaskCard& c : page.cards)
            seen.push_back(c.id);
    }
    CHECK(seen == Ids{"first-aid-1", "dogs-1", "crafts-1", "homework-1", "food-1"});
    f.offset = 10;
    BrowsePage past_end = s.store.browse(f, Lang::fi);
    CHECK(past_end.total == 5);
    CHECK(past_end.cards.empty());
    f.offset = -3;  // nonsense paging is clamped, not an error
    f.limit = -1;
    CHECK(s.store.browse(f, Lang::fi).cards.empty());
}

TEST_CASE("category counts follow the other filters, ignore the category, in tile order") {
    SampleStore s;
    TaskFilter f;
    std::vector<CategoryCount> all = s.store.category_counts(f);
    std::vector<std::pair<std::string, int>> got;
    for (const auto& c : all)
        got.emplace_back(c.category, c.tasks);
    // The tile order of all_categories(): social, children-youth, elderly, ..., animals, ...
    std::vector<std::pair<std::string, int>> expected;
    for (std::string_view cat : all_categories()) {
        int n = cat == "children-youth" || cat == "elderly" || cat == "animals" ||
                        cat == "events" || cat == "crafts" || cat == "first-aid" ||
                        cat == "food-aid"
                    ? 1
                    : 0;
        if (n) expected.emplace_back(std::string(cat), n);
    }
    CHECK(got == expected);

    f.category = "animals";  // ignored
    f.municipality = "Ulvila";
    got.clear();
    for (const auto& c : s.store.category_counts(f))
        got.emplace_back(c.category, c.tasks);
    CHECK(got == std::vector<std::pair<std::string, int>>{{"children-youth", 1}, {"food-aid", 1}});

    TaskFilter q;
    q.query = "osasto";  // in the name of the Red Cross branch only
    got.clear();
    for (const auto& c : s.store.category_counts(q))
        got.emplace_back(c.category, c.tasks);
    CHECK(got == std::vector<std::pair<std::string, int>>{{"children-youth", 1},
                                                          {"elderly", 1},
                                                          {"events", 1},
                                                          {"crafts", 1},
                                                          {"first-aid", 1},
                                                          {"food-aid", 1}});
}

TEST_CASE("over hundreds of tasks, every page of a filtered browse or search is the right slice") {
    // Enough tasks that the browse index's bitmaps and word lists span many machine words; the
    // expected order is worked out here from the records themselves, as a reader would.
    TempDir dir;
    LocalStore store{dir / "s.sqlite"};
    Catalog c;
    c.organisations.push_back(test::make_organisation("org", "Yhdistys"));
    const int tasks = 300;
    for (int i = 0; i < tasks; ++i) {
        // Titles in an order unrelated to insertion; every third task in Rauma; every fifth
        // mentions dogs in its title and every seventh in its summary only.
        const int key = (i * 7919) % 1000;
        Task t = test::make_task(
            "task-" + std::to_string(i), "org",
            "Tehtävä " + std::to_string(1000 + key) + (i % 5 == 0 ? " koirien kanssa" : ""));
        if (i % 7 == 0) t.summary.fi = "Mukana on myös koiria.";
        if (i % 3 == 0) t.municipality = "Rauma";
        c.tasks.push_back(t);
    }
    store.replace_catalog(c, "c1");

    auto expected = [&](bool rauma_only, bool dogs) {
        std::vector<std::pair<int, std::pair<int, std::string>>> keyed;  // relevance, title, id
        for (int i = 0; i < tasks; ++i) {
            const bool in_title = i % 5 == 0, in_summary = i % 7 == 0;
            if (rauma_only && i % 3 != 0) continue;
            if (dogs && !in_title && !in_summary) continue;
            keyed.push_back(
                {dogs && in_title ? 0 : 1, {(i * 7919) % 1000, "task-" + std::to_string(i)}});
        }
        std::sort(keyed.begin(), keyed.end());
        Ids ids;
        for (const auto& k : keyed)
            ids.push_back(k.second.second);
        return ids;
    };
    for (bool rauma_only : {false, true})
        for (bool dogs : {false, true}) {
            CAPTURE(rauma_only, dogs);
            TaskFilter f;
            if (rauma_only) f.municipality = "Rauma";
            if (dogs) f.query = "koir";
            f.limit = 13;
            const Ids want = expected(rauma_only, dogs);
            Ids seen;
            for (f.offset = 0; f.offset < tasks + 20; f.offset += f.limit) {
                BrowsePage page = store.browse(f, Lang::fi);
                CHECK(page.total == static_cast<int>(want.size()));
                for (const TaskCard& card : page.cards)
                    seen.push_back(card.id);
            }
            CHECK(seen == want);
        }
}

TEST_CASE("a filter follows the day it is asked for and a catalogue change by another store") {
    // The browse index keeps a bitmap per filter value: it must not answer from an old one.
    SampleStore s;
    TaskFilter running;
    running.today = "2025-05-31";  // first-aid-1 ends that day
    CHECK(s.store.browse(running, Lang::fi).total == 5);
    running.today = "2025-06-01";
    CHECK(s.store.browse(running, Lang::fi).total == 4);
    running.today = "2025-05-31";
    CHECK(s.store.browse(running, Lang::fi).total == 5);

    TaskFilter in_ulvila;
    in_ulvila.municipality = "Ulvila";
    in_ulvila.query = "a";
    CHECK(s.ids(in_ulvila) == Ids{"food-1", "homework-1"});  // "avun" in food-1's title
    in_ulvila.query.clear();
    CHECK(s.ids(in_ulvila) == Ids{"homework-1", "food-1"});

    Catalog moved = test::sample_catalog();
    for (Task& t : moved.tasks)
        if (t.id == "food-1") t.municipality = "Pori";
    LocalStore other{s.dir / "s.sqlite"};
    other.replace_catalog(moved, "c2");
    CHECK(s.ids(in_ulvila) == Ids{"homework-1"});
    in_ulvila.query = "a";
    CHECK(s.ids(in_ulvila) == Ids{"homework-1"});
    TaskFilter counts;
    counts.municipality = "Ulvila";
    const std::vector<CategoryCount> left = s.store.category_counts(counts);
    REQUIRE(left.size() == 1);
    CHECK(left[0].category == "children-youth");
    CHECK(left[0].tasks == 1);
}
