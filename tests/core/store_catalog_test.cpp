// The catalogue: replaced whole or changed by a delta, always together with its sync cursor,
// and all-or-nothing: a change that fails leaves both the old catalogue and the old cursor.
#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>

#include "core/local_store.hpp"
#include "core/sqlite.hpp"
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

std::vector<std::string> all_task_ids(LocalStore& store) {
    TaskFilter all;
    all.limit = 1000;
    std::vector<std::string> ids = ids_of(store.browse(all, Lang::fi));
    std::sort(ids.begin(), ids.end());
    return ids;
}

TaskFilter query(std::string text) {
    TaskFilter f;
    f.query = std::move(text);
    return f;
}

StoreError::Code error_code_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const StoreError& e) {
        return e.code;
    }
    FAIL("no StoreError was thrown");
    return StoreError::Code::io;
}

}  // namespace

TEST_CASE("an empty store has no catalogue and no cursor") {
    TempDir dir;
    LocalStore store(dir / "s.sqlite");
    CHECK(store.catalog_cursor().empty());
    CHECK(store.catalog_stats().tasks == 0);
    CHECK(store.browse({}, Lang::fi).total == 0);
}

TEST_CASE("replace_catalog stores every record as given, and its cursor") {
    TempDir dir;
    const Catalog catalog = test::sample_catalog();
    {
        LocalStore store(dir / "s.sqlite");
        store.replace_catalog(catalog, "cursor-1");
    }
    LocalStore store(dir / "s.sqlite");  // read back from the file, not from memory
    CHECK(store.catalog_cursor() == "cursor-1");
    CatalogStats stats = store.catalog_stats();
    CHECK(stats.organisations == 2);
    CHECK(stats.info_points == 2);
    CHECK(stats.tasks == 5);
    for (const Task& t : catalog.tasks) {
        INFO(t.id);
        auto stored = store.task(t.id);
        REQUIRE(stored.has_value());
        CHECK(*stored == t);
    }
    CHECK(store.organisation("spr-pori") == catalog.organisations[0]);
    CHECK(store.info_point("ulvila-mall") == catalog.info_points[1]);
    CHECK_FALSE(store.task("no-such-task").has_value());
    CHECK_FALSE(store.organisation("no-such-org").has_value());
}

TEST_CASE("replace_catalog removes what the new catalogue no longer has") {
    TempDir dir;
    LocalStore store(dir / "s.sqlite");
    store.replace_catalog(test::sample_catalog(), "c1");
    Catalog smaller;
    smaller.organisations.push_back(test::make_organisation("new-org", "Uusi yhdistys"));
    smaller.tasks.push_back(test::make_task("new-task", "new-org", "Uusi tehtävä"));
    store.replace_catalog(smaller, "c2");
    CHECK(all_task_ids(store) == std::vector<std::string>{"new-task"});
    CHECK_FALSE(store.organisation("spr-pori").has_value());
    CHECK(store.info_points().empty());
    CHECK(store.catalog_cursor() == "c2");
    TaskFilter old_words;
    old_words.query = "koira";
    CHECK(store.browse(old_words, Lang::fi).total == 0);  // the search index was emptied too
}

TEST_CASE("an invalid catalogue is refused whole, naming the record, and changes nothing") {
    TempDir dir;
    LocalStore store(dir / "s.sqlite");
    store.replace_catalog(test::sample_catalog(), "c1");

    Catalog bad = test::sample_catalog();
    bad.tasks[2].title.fi.clear();  // Finnish title is required
    try {
        store.replace_catalog(bad, "c2");
        FAIL("an invalid catalogue was accepted");
    } catch (const StoreError& e) {
        CHECK(e.code == StoreError::Code::invalid);
        CHECK_THAT(e.what(), Catch::Contains("first-aid-1"));
        CHECK_THAT(e.what(), Catch::Contains("title.fi"));
    }
    CHECK(store.catalog_cursor() == "c1");
    CHECK(store.catalog_stats().tasks == 5);

    Catalog orphan = test::sample_catalog();
    orphan.tasks[0].organisation_id = "nobody";
    CHECK(error_code_of([&] { store.replace_catalog(orphan, "c3"); }) == StoreError::Code::invalid);

    Catalog twice = test::sample_catalog();
    twice.tasks.push_back(twice.tasks[0]);
    CHECK(error_code_of([&] { store.replace_catalog(twice, "c4"); }) == StoreError::Code::invalid);
    CHECK(store.catalog_cursor() == "c1");
    CHECK(store.task("crafts-1")->organisation_id == "spr-pori");
}

TEST_CASE("a delta upserts and deletes records and stores its cursor") {
    TempDir dir;
    LocalStore store(dir / "s.sqlite");
    store.replace_catalog(test::sample_catalog(), "c1");

    CatalogDelta delta;
    Task changed = *store.task("dogs-1");
    changed.title.fi = "Kissojen hoito";
    changed.categories = {"animals", "environment"};
    delta.upserts.tasks.push_back(changed);
    delta.upserts.tasks.push_back(
        test::make_task("park-1", "elainsuojelu", "Puiston siivous", "environment"));
    delta.upserts.info_points.push_back(test::make_info_point("rauma-stop", "Rauman tori"));
    delta.deleted_task_ids = {"food-1", "never-existed"};
    delta.deleted_info_point_ids = {"ulvila-mall"};
    store.apply_catalog_delta(delta, "c2");

    CHECK(store.catalog_cursor() == "c2");
    CHECK(all_task_ids(store) ==
          std::vector<std::string>{"crafts-1", "dogs-1", "first-aid-1", "homework-1", "park-1"});
    CHECK(*store.task("dogs-1") == changed);
    CHECK(store.info_point("rauma-stop").has_value());
    CHECK_FALSE(store.info_point("ulvila-mall").has_value());

    // The search index follows: the new title is found, the old one is gone.
    TaskFilter q;
    q.query = "kissojen";
    CHECK(ids_of(store.browse(q, Lang::fi)) == std::vector<std::string>{"dogs-1"});
    q.query = "koirien";
    CHECK(store.browse(q, Lang::fi).total == 0);
    q.query = "ruoka";
    CHECK(store.browse(q, Lang::fi).total == 0);
    // And so do the category rows.
    TaskFilter env;
    env.category = "environment";
    CHECK(store.browse(env, Lang::fi).total == 2);
}

TEST_CASE("renaming an organisation in a delta makes its tasks findable by the new name") {
    TempDir dir;
    LocalStore store(dir / "s.sqlite");
    store.replace_catalog(test::sample_catalog(), "c1");
    CatalogDelta delta;
    delta.upserts.organisations.push_back(
        test::make_organisation("elainsuojelu", "Satakunnan eläinystävät"));
    store.apply_catalog_delta(delta, "c2");
    TaskFilter q;
    q.query = "elainystavat";
    CHECK(ids_of(store.browse(q, Lang::fi)) == std::vector<std::string>{"dogs-1"});
    q.query = "eläinsuojelu";
    CHECK(store.browse(q, Lang::fi).total == 0);
    CHECK(store.browse(query("ulkoilutus"), Lang::fi).cards.at(0).organisation_name ==
          "Satakunnan eläinystävät");
}

TEST_CASE("a failing delta leaves both the catalogue and the cursor unchanged") {
    TempDir dir;
    LocalStore store(dir / "s.sqlite");
    store.replace_catalog(test::sample_catalog(), "c1");

    SECTION("an invalid record") {
        CatalogDelta delta;
        delta.deleted_task_ids = {"crafts-1"};
        delta.upserts.tasks.push_back(test::make_task("ok-task", "spr-pori", "Kelpo tehtävä"));
        Task bad = test::make_task("bad-task", "spr-pori", "Huono tehtävä");
        bad.categories = {"astrology"};
        delta.upserts.tasks.push_back(bad);
        CHECK(error_code_of([&] { store.apply_catalog_delta(delta, "c2"); }) ==
              StoreError::Code::invalid);
    }
    SECTION("a task naming an organisation that is not there") {
        CatalogDelta delta;
        delta.deleted_task_ids = {"crafts-1"};
        delta.upserts.tasks.push_back(test::make_task("lost-task", "nobody", "Orpo tehtävä"));
        try {
            store.apply_catalog_delta(delta, "c2");
            FAIL("a task without its organisation was accepted");
        } catch (const StoreError& e) {
            CHECK(e.code == StoreError::Code::invalid);
            CHECK_THAT(e.what(), Catch::Contains("lost-task"));
        }
    }
    SECTION("an organisation deleted while its tasks stay") {
        CatalogDelta delta;
        delta.deleted_task_ids = {"crafts-1"};
        delta.deleted_organisation_ids = {"elainsuojelu"};
        try {
            store.apply_catalog_delta(delta, "c2");
            FAIL("an organisation with tasks was deleted");
        } catch (const StoreError& e) {
            CHECK(e.code == StoreError::Code::invalid);
            CHECK_THAT(e.what(), Catch::Contains("dogs-1"));
        }
    }
    CHECK(store.catalog_cursor() == "c1");
    CHECK(all_task_ids(store) ==
          std::vector<std::string>{"crafts-1", "dogs-1", "first-aid-1", "food-1", "homework-1"});
    CHECK(store.browse(query("käsitöitä"), Lang::fi).total == 1);
}

TEST_CASE("a delta may delete an organisation together with its tasks") {
    TempDir dir;
    LocalStore store(dir / "s.sqlite");
    store.replace_catalog(test::sample_catalog(), "c1");
    CatalogDelta delta;
    delta.deleted_organisation_ids = {"elainsuojelu"};
    delta.deleted_task_ids = {"dogs-1"};
    store.apply_catalog_delta(delta, "c2");
    CHECK(store.catalog_stats().organisations == 1);
    CHECK(store.catalog_stats().tasks == 4);
}

TEST_CASE("applying the same delta twice gives the same catalogue") {
    TempDir dir;
    LocalStore store(dir / "s.sqlite");
    store.replace_catalog(test::sample_catalog(), "c1");
    CatalogDelta delta;
    delta.upserts.tasks.push_back(test::make_task("park-1", "spr-pori", "Puiston siivous"));
    delta.deleted_task_ids = {"food-1"};
    store.apply_catalog_delta(delta, "c2");
    store.apply_catalog_delta(delta, "c2");
    CHECK(store.catalog_stats().tasks == 5);
    CHECK(store.browse(query("puiston"), Lang::fi).total == 1);
}

TEST_CASE("info points come by name and municipalities are those that have tasks, sorted") {
    TempDir dir;
    LocalStore store(dir / "s.sqlite");
    Catalog c = test::sample_catalog();
    c.info_points.push_back(test::make_info_point("aland", "Ålands bibliotek"));
    c.info_points.push_back(test::make_info_point("akaa", "Akaan kirjasto"));
    c.tasks[4].municipality = "Äetsä";
    store.replace_catalog(c, "c1");
    std::vector<std::string> points;
    for (const InfoPoint& p : store.info_points())
        points.push_back(p.id);
    // Finnish and Swedish alphabets: ... z, å, ä, ö.
    CHECK(points == std::vector<std::string>{"akaa", "pori-library", "ulvila-mall", "aland"});
    CHECK(store.municipalities() == std::vector<std::string>{"Pori", "Ulvila", "Äetsä"});
}

TEST_CASE("the search index stays exactly in step with the task texts through every change") {
    TempDir dir;
    LocalStore store(dir / "s.sqlite");
    sqlite::Database check(dir / "s.sqlite");
    // FTS5 compares every index entry with the content table; a stale entry throws (corrupt).
    auto index_matches_texts = [&] {
        check.exec("INSERT INTO task_search (task_search, rank) VALUES ('integrity-check', 1)");
    };
    store.replace_catalog(test::sample_catalog(), "c1");
    CHECK_NOTHROW(index_matches_texts());

    CatalogDelta delta;
    Task changed = *store.task("crafts-1");
    changed.summary.fi = "Kudotaan lapasia.";
    delta.upserts.tasks.push_back(changed);
    delta.upserts.tasks.push_back(test::make_task("park-1", "spr-pori", "Puiston siivous"));
    delta.deleted_task_ids = {"food-1"};
    delta.upserts.organisations.push_back(
        test::make_organisation("spr-pori", "Punainen Risti Pori", "Röda Korset"));
    store.apply_catalog_delta(delta, "c2");
    CHECK_NOTHROW(index_matches_texts());
    CHECK(store.browse(query("lapasia"), Lang::fi).total == 1);
    CHECK(store.browse(query("sukkia"), Lang::fi).total == 0);
    CHECK(store.browse(query("korset"), Lang::fi).total == 4);  // crafts, first-aid, homework, park

    store.replace_catalog(test::sample_catalog(), "c3");
    CHECK_NOTHROW(index_matches_texts());
    CHECK(store.browse(query("korset"), Lang::fi).total == 0);
}

TEST_CASE("a catalogue written by the other connection is what the next browse shows") {
    TempDir dir;
    LocalStore ui(dir / "s.sqlite");
    LocalStore sync(dir / "s.sqlite");
    sync.replace_catalog(test::sample_catalog(), "c1");
    CHECK(ui.browse({}, Lang::fi).total == 5);
    CHECK(ui.browse(query("koir"), Lang::fi).total == 1);

    CatalogDelta delta;
    delta.upserts.tasks.push_back(test::make_task("cats-1", "elainsuojelu", "Koirapuiston hoito"));
    delta.deleted_task_ids = {"dogs-1"};
    sync.apply_catalog_delta(delta, "c2");
    CHECK(all_task_ids(ui) ==
          std::vector<std::string>{"cats-1", "crafts-1", "first-aid-1", "food-1", "homework-1"});
    CHECK(ids_of(ui.browse(query("koir"), Lang::fi)) == std::vector<std::string>{"cats-1"});
    std::vector<CategoryCount> counts = ui.category_counts({});
    CHECK(counts.at(0).category == "social");  // cats-1 has make_task's default category
    for (const CategoryCount& c : counts)
        CHECK(c.category != "animals");  // dogs-1 is gone
}
