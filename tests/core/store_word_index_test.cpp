// The word index (core/store_word_index.hpp), through LocalStore's search: it finds exactly what
// FTS5 itself finds for the same word, for prefixes of every length (whether their bitmaps were
// built with the index or are ORed per query), with the same title hits; it follows a catalogue
// change made by another connection; a word that begins no term finds nothing. The oracle is
// FTS5's own MATCH over the same file, on a connection of its own.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "core/local_store.hpp"
#include "core/sqlite.hpp"
#include "store_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace talkoo;
using talkoo::test::TempDir;

namespace {

using Ids = std::vector<std::string>;
using IdSet = std::set<std::string>;

// Every match of `query`, in the order browse gives them.
Ids search_all(LocalStore& store, std::string query, Lang lang = Lang::fi) {
    TaskFilter f;
    f.query = std::move(query);
    f.limit = 100000;
    Ids ids;
    for (const TaskCard& card : store.browse(f, lang).cards)
        ids.push_back(card.id);
    return ids;
}

IdSet as_set(const Ids& ids) {
    return IdSet(ids.begin(), ids.end());
}

// What FTS5 finds for a MATCH expression over task_search.
IdSet fts5_match(sqlite::Database& db, const std::string& expression) {
    sqlite::Statement st = db.prepare(
        "SELECT t.id FROM task_search s JOIN tasks t ON t.num = s.rowid "
        "WHERE task_search MATCH ?1");
    st.bind(1, expression);
    IdSet ids;
    while (st.step())
        ids.insert(st.text(0));
    return ids;
}

IdSet fts5_anywhere(sqlite::Database& db, const std::string& token) {
    return fts5_match(db, "\"" + token + "\"*");
}

IdSet fts5_in_title(sqlite::Database& db, const std::string& token) {
    return fts5_match(db, "{title_fi title_sv title_en} : \"" + token + "\"*");
}

// Some hundreds of tasks whose texts mix a small vocabulary with many shared beginnings
// (koira, koiria, kori, kotona, ...), Finnish and Swedish letters included, so that the short
// prefixes have their bitmaps built with the index and the longer ones do not.
Catalog varied_catalog(int tasks) {
    const std::vector<std::string> words = {
        "koira",    "koiria",    "kori",        "kotona",     "kahvi",  "kissa",
        "käsityö",  "käsitöitä", "ulkoilu",     "ulko",       "lapset", "kerho",
        "kirjasto", "bibliotek", "återvinning", "skidåkning", "åka",    "äldre",
        "öljy",     "ruoka",     "jakelu",      "Ärrä",       "straße", "zoo"};
    Catalog c;
    c.organisations.push_back(test::make_organisation("org", "Yhdistys", "Föreningen"));
    uint32_t seed = 12345;
    auto next = [&](size_t n) {
        seed = seed * 1103515245u + 12345u;
        return static_cast<size_t>((seed >> 8) % n);
    };
    for (int i = 0; i < tasks; ++i) {
        Task t = test::make_task("task-" + std::to_string(i), "org",
                                 words[next(words.size())] + " " + std::to_string(i));
        if (i % 4 == 0) t.title.sv = words[next(words.size())] + " på svenska";
        t.summary.fi = words[next(words.size())] + " ja " + words[next(words.size())];
        if (i % 3 == 0) t.description.en = "About " + words[next(words.size())];
        c.tasks.push_back(t);
    }
    return c;
}

// The index tokens starting every term of task_search, in FTS5's own vocabulary.
std::vector<std::string> fts5_terms(sqlite::Database& db) {
    db.exec(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.test_vocab "
        "USING fts5vocab(main, task_search, row)");
    sqlite::Statement st = db.prepare("SELECT term FROM temp.test_vocab");
    std::vector<std::string> terms;
    while (st.step())
        terms.push_back(st.text(0));
    return terms;
}

// The first `chars` UTF-8 characters of `s`.
std::string first_chars(const std::string& s, size_t chars) {
    size_t end = 0;
    for (size_t seen = 0; end < s.size() && seen < chars; ++seen) {
        ++end;
        while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80)
            ++end;
    }
    return s.substr(0, end);
}

}  // namespace

TEST_CASE("every word and prefix finds exactly the tasks FTS5 finds, title hits first") {
    TempDir dir;
    LocalStore store{dir / "s.sqlite"};
    store.replace_catalog(varied_catalog(400), "c1");
    sqlite::Database fts5(dir / "s.sqlite");

    std::set<std::string> queries;
    for (const std::string& term : fts5_terms(fts5)) {
        queries.insert(term);
        for (size_t chars = 1; chars <= 3; ++chars)
            queries.insert(first_chars(term, chars));
    }
    REQUIRE(queries.size() > 50);
    for (const std::string& q : queries) {
        INFO("query: " << q);
        const Ids found = search_all(store, q);
        const IdSet anywhere = fts5_anywhere(fts5, q), in_title = fts5_in_title(fts5, q);
        CHECK(as_set(found) == anywhere);
        // One word: the tasks with it in a title come first.
        const size_t titled = std::min(in_title.size(), found.size());
        CHECK(as_set(Ids(found.begin(), found.begin() + static_cast<ptrdiff_t>(titled))) ==
              in_title);
    }
}

TEST_CASE("two words find the tasks having both, ordered by how many a title has") {
    TempDir dir;
    LocalStore store{dir / "s.sqlite"};
    store.replace_catalog(varied_catalog(400), "c1");
    sqlite::Database fts5(dir / "s.sqlite");
    for (const auto& [a, b] : std::vector<std::pair<std::string, std::string>>{
             {"k", "ko"}, {"koir", "ja"}, {"ka", "ulko"}, {"k", "a"}, {"kis", "kissa"}}) {
        INFO("query: " << a << " " << b);
        const Ids found = search_all(store, a + " " + b);
        CHECK(as_set(found) == fts5_match(fts5, "\"" + a + "\"* \"" + b + "\"*"));
        const IdSet title_a = fts5_in_title(fts5, a), title_b = fts5_in_title(fts5, b);
        int previous = 2;
        for (const std::string& id : found) {
            const int relevance =
                static_cast<int>(title_a.count(id)) + static_cast<int>(title_b.count(id));
            CHECK(relevance <= previous);
            previous = relevance;
        }
    }
}

TEST_CASE("1- and 2-letter prefixes give the tasks of all the words they begin, spelled out") {
    TempDir dir;
    LocalStore store{dir / "s.sqlite"};
    store.replace_catalog(varied_catalog(400), "c1");
    sqlite::Database fts5(dir / "s.sqlite");
    const std::vector<std::string> terms = fts5_terms(fts5);
    for (const std::string prefix : {"k", "ko", "a", "sk", "o"}) {
        INFO("prefix: " << prefix);
        IdSet spelled_out;
        for (const std::string& term : terms)
            if (term.starts_with(prefix))
                for (const std::string& id : search_all(store, term))
                    spelled_out.insert(id);
        CHECK(!spelled_out.empty());
        CHECK(as_set(search_all(store, prefix)) == spelled_out);
    }
}

TEST_CASE("folded letters find their words: kasitoita, å as a, ß as typed") {
    TempDir dir;
    LocalStore store{dir / "s.sqlite"};
    store.replace_catalog(varied_catalog(400), "c1");
    const Ids with_crafts = search_all(store, "käsitöitä");
    CHECK(!with_crafts.empty());
    CHECK(search_all(store, "kasitoita") == with_crafts);
    CHECK(search_all(store, "KÄSITÖITÄ") == with_crafts);
    CHECK(search_all(store, "skidåkning", Lang::sv) == search_all(store, "skidakning", Lang::sv));
    CHECK(search_all(store, "å") == search_all(store, "a"));
    CHECK(search_all(store, "Ärrä") == search_all(store, "arra"));
    CHECK(!search_all(store, "straße").empty());
}

TEST_CASE("a word that begins no term finds nothing, alone or beside words that match") {
    TempDir dir;
    LocalStore store{dir / "s.sqlite"};
    store.replace_catalog(test::sample_catalog(), "c1");
    for (const char* query : {"zzqx", "koira zzqx", "zzqx koira", "koirienx", "ä zzqx"}) {
        INFO("query: " << query);
        TaskFilter f;
        f.query = query;
        const BrowsePage page = store.browse(f, Lang::fi);
        CHECK(page.total == 0);
        CHECK(page.cards.empty());
        CHECK(store.category_counts(f).empty());
    }
}

TEST_CASE("a search follows a catalogue change made through another LocalStore on the file") {
    TempDir dir;
    LocalStore reader{dir / "s.sqlite"};
    LocalStore writer{dir / "s.sqlite"};
    writer.replace_catalog(test::sample_catalog(), "c1");
    CHECK(search_all(reader, "koir") == Ids{"dogs-1"});  // builds the reader's word index
    CHECK(search_all(reader, "sukk") == Ids{"crafts-1"});

    // Replaced whole: dogs-1 gone, a new task with a word no task had.
    Catalog next = test::sample_catalog();
    next.tasks.erase(next.tasks.begin() + 1);
    Task park = test::make_task("park-1", "spr-pori", "Koirapuiston siivous", "environment");
    next.tasks.push_back(park);
    writer.replace_catalog(next, "c2");
    CHECK(search_all(reader, "koir") == Ids{"park-1"});
    CHECK(search_all(reader, "siivous") == Ids{"park-1"});
    CHECK(search_all(reader, "ulkoilutus").empty());

    // A delta: a task's title changes.
    CatalogDelta delta;
    Task crafts = next.tasks.front();
    crafts.title.fi = "Villasukkien kutominen";
    crafts.summary = {"Neulotaan.", "", ""};
    delta.upserts.tasks.push_back(crafts);
    writer.apply_catalog_delta(delta, "c3");
    CHECK(search_all(reader, "villasuk") == Ids{"crafts-1"});
    CHECK(search_all(reader, "sukk").empty());
    TaskFilter f;
    f.query = "villasuk";
    CHECK(reader.category_counts(f).size() == 2);  // crafts, elderly
}

TEST_CASE("prepare_search builds for the catalogue as it is then, and a later change still shows") {
    TempDir dir;
    LocalStore reader{dir / "s.sqlite"};
    reader.prepare_search();  // an empty store: nothing to build, nothing to fail
    CHECK(search_all(reader, "koir").empty());
    LocalStore writer{dir / "s.sqlite"};
    writer.replace_catalog(test::sample_catalog(), "c1");
    reader.prepare_search();
    CHECK(search_all(reader, "koir") == Ids{"dogs-1"});

    // Prepared, then the catalogue changes before anyone searches: the search sees the change.
    reader.prepare_search();
    Catalog next = test::sample_catalog();
    next.tasks.erase(next.tasks.begin() + 1);
    next.tasks.push_back(
        test::make_task("park-1", "spr-pori", "Koirapuiston siivous", "environment"));
    writer.replace_catalog(next, "c2");
    CHECK(search_all(reader, "koir") == Ids{"park-1"});
    reader.prepare_search();
    CHECK(search_all(reader, "koir") == Ids{"park-1"});
}
