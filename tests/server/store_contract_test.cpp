// The CentralStore contract: what every storage back end must do, tested through the interface
// only. Each test is a template over the back ends; a PostgreSQL back end adds its type to
// kBackends below and must pass every test unchanged.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <thread>

#include "core/uuid.hpp"
#include "server/key_ring_file.hpp"
#include "server/signup_vault.hpp"
#include "server/storage.hpp"
#include "server/tokens.hpp"
#include "support/central_fixture.hpp"
#include "support/temp_dir.hpp"

using namespace talkoo;
using namespace talkoo::central;
using talkoo::test::test_catalog;
using talkoo::test::test_organisation;
using talkoo::test::test_signup;
using talkoo::test::test_task;

namespace {

struct SqliteBackend {
    talkoo::test::TempDir dir;
    std::string spec() const { return (dir / "central.db").string(); }
    std::unique_ptr<CentralStore> open() { return open_central_store(spec(), true); }
    // The network's key ring for this database, made on first use (its place does not depend
    // on the back end: a file of its own).
    std::filesystem::path keys() {
        std::filesystem::path file = dir / "central.keys";
        if (!std::filesystem::exists(file))
            seal::write_key_ring_file(file, seal::make_key_ring(1000), false);
        return file;
    }
};

#define BACKENDS SqliteBackend

CatalogDelta upserts(Catalog c) {
    CatalogDelta d;
    d.upserts = std::move(c);
    return d;
}

template <class Backend>
std::unique_ptr<CentralStore> store_with_catalog(Backend& backend) {
    auto store = backend.open();
    store->apply_catalog(upserts(test_catalog()), 1000);
    return store;
}

// A back end with the test catalogue, and the SignupVault over it: signups go through the vault,
// as they do in the service, so that these tests hold every back end to storing them sealed.
template <class Backend>
struct Centre {
    explicit Centre(Backend& backend)
        : store(store_with_catalog(backend)), keys(backend.keys()), vault(*store, keys) {}
    std::unique_ptr<CentralStore> store;
    KeyRingFile keys;
    SignupVault vault;
};

Signup from_device(Signup s, const std::string& device_id = "device-1") {
    s.device_id = device_id;
    return s;
}

}  // namespace

TEMPLATE_TEST_CASE("every catalogue change takes the next revision and a page returns it once",
                   "[store]", BACKENDS) {
    TestType backend;
    auto store = backend.open();
    CHECK(store->catalog_revision() == 0);
    CatalogWriteSummary s = store->apply_catalog(upserts(test_catalog()), 1000);
    CHECK(s.changed == 7);
    CHECK(store->catalog_revision() == 7);

    CatalogPage all = store->catalog_changes(0, 1000);
    CHECK(all.revision == 7);
    CHECK_FALSE(all.more);
    CHECK(all.delta.upserts.organisations.size() == 2);
    CHECK(all.delta.upserts.info_points.size() == 2);
    CHECK(all.delta.upserts.tasks.size() == 3);
    CHECK(all.delta.upserts.tasks[0] == test_catalog().tasks[0]);

    Task changed = test_task("task-a1", "org-a");
    changed.title.fi = "Uusi otsikko";
    store->apply_catalog(upserts({{}, {}, {changed}}), 2000);
    CatalogPage next = store->catalog_changes(all.revision, 1000);
    REQUIRE(next.delta.upserts.tasks.size() == 1);
    CHECK(next.delta.upserts.tasks[0].title.fi == "Uusi otsikko");
    CHECK(next.revision == 8);
    CHECK(store->catalog_changes(next.revision, 1000).delta.upserts.tasks.empty());
}

TEMPLATE_TEST_CASE("writing a record exactly as stored keeps its revision", "[store]", BACKENDS) {
    TestType backend;
    auto store = store_with_catalog(backend);
    int64_t before = store->catalog_revision();
    CatalogWriteSummary s = store->apply_catalog(upserts(test_catalog()), 2000);
    CHECK(s.changed == 0);
    CHECK(s.unchanged == 7);
    CHECK(store->catalog_revision() == before);
}

TEMPLATE_TEST_CASE("a deleted record is a tombstone after a cursor but absent from a first pull",
                   "[store]", BACKENDS) {
    TestType backend;
    auto store = store_with_catalog(backend);
    int64_t cursor = store->catalog_revision();
    CatalogDelta del;
    del.deleted_task_ids = {"task-b1"};
    CHECK(store->apply_catalog(del, 2000).changed == 1);
    CHECK_FALSE(store->task("task-b1"));
    CHECK(store->task_organisation("task-b1") == "org-b");  // remembered for late signups

    CatalogPage after = store->catalog_changes(cursor, 100);
    CHECK(after.delta.deleted_task_ids == std::vector<std::string>{"task-b1"});
    CatalogPage first = store->catalog_changes(0, 100);
    CHECK(first.delta.deleted_task_ids.empty());
    CHECK(first.delta.upserts.tasks.size() == 2);
    // Its cursor is past the tombstone: the next sync has nothing to say.
    CHECK(first.revision == store->catalog_revision());
    CHECK(store->catalog_changes(first.revision, 100).delta.deleted_task_ids.empty());

    // Deleting again, or deleting what never existed, changes nothing.
    del.deleted_task_ids = {"task-b1", "never-was"};
    CHECK(store->apply_catalog(del, 3000).changed == 0);
}

TEMPLATE_TEST_CASE("a task of an unknown organisation is refused and nothing of the delta is kept",
                   "[store]", BACKENDS) {
    TestType backend;
    auto store = store_with_catalog(backend);
    int64_t before = store->catalog_revision();
    Catalog c;
    c.organisations = {test_organisation("org-c")};
    c.tasks = {test_task("task-x", "org-missing")};
    try {
        store->apply_catalog(upserts(c), 2000);
        FAIL("expected a CentralStoreError");
    } catch (const CentralStoreError& e) {
        CHECK(e.code == CentralStoreError::Code::invalid);
        CHECK(std::string(e.what()).find("org-missing") != std::string::npos);
    }
    CHECK_FALSE(store->organisation("org-c"));
    CHECK(store->catalog_revision() == before);
}

TEMPLATE_TEST_CASE("an invalid record is refused with the field that is wrong", "[store]",
                   BACKENDS) {
    TestType backend;
    auto store = store_with_catalog(backend);
    Task bad = test_task("task-bad", "org-a");
    bad.title.fi = "";
    try {
        store->apply_catalog(upserts({{}, {}, {bad}}), 2000);
        FAIL("expected a CentralStoreError");
    } catch (const CentralStoreError& e) {
        CHECK(e.code == CentralStoreError::Code::invalid);
        CHECK(std::string(e.what()).find("title.fi") != std::string::npos);
    }
    CHECK_FALSE(store->task("task-bad"));
}

TEMPLATE_TEST_CASE("an organisation with live tasks cannot be deleted", "[store]", BACKENDS) {
    TestType backend;
    auto store = store_with_catalog(backend);
    CatalogDelta del;
    del.deleted_organisation_ids = {"org-b"};
    try {
        store->apply_catalog(del, 2000);
        FAIL("expected a CentralStoreError");
    } catch (const CentralStoreError& e) {
        CHECK(e.code == CentralStoreError::Code::conflict);
    }
    CHECK(store->organisation("org-b"));
    // With its task deleted in the same delta, it can go.
    del.deleted_task_ids = {"task-b1"};
    CHECK(store->apply_catalog(del, 2000).changed == 2);
    CHECK_FALSE(store->organisation("org-b"));
}

TEMPLATE_TEST_CASE("paging by revision yields each change once while changes land between pages",
                   "[store]", BACKENDS) {
    TestType backend;
    auto store = backend.open();
    Catalog c;
    c.organisations = {test_organisation("org-a")};
    for (int i = 0; i < 50; ++i)
        c.tasks.push_back(test_task("t" + std::to_string(i), "org-a"));
    store->apply_catalog(upserts(c), 1000);

    std::map<std::string, Task> seen;
    std::vector<std::string> deleted;
    int64_t cursor = 0;
    int page_count = 0, edits = 0;
    std::multiset<std::string> deliveries;
    while (true) {
        CatalogPage page = store->catalog_changes(cursor, 7);
        for (const Task& t : page.delta.upserts.tasks) {
            seen[t.id] = t;
            deliveries.insert(t.id + "@" + t.title.fi);
        }
        for (const std::string& id : page.delta.deleted_task_ids)
            seen.erase(id);
        cursor = page.revision;
        ++page_count;
        // Between pages: edit one task already delivered and one not yet, delete one.
        if (edits < 5) {
            Task early = test_task("t" + std::to_string(edits), "org-a");
            early.title.fi = "muokattu " + std::to_string(edits);
            Task late = test_task("t" + std::to_string(49 - edits), "org-a");
            late.title.fi = "muokattu " + std::to_string(edits);
            CatalogDelta d = upserts({{}, {}, {early, late}});
            d.deleted_task_ids = {"t" + std::to_string(20 + edits)};
            store->apply_catalog(d, 2000 + edits);
            ++edits;
            continue;
        }
        if (!page.more) break;
    }
    CHECK(page_count > 7);
    // Every id-and-version pair arrived at most once.
    for (const std::string& d : deliveries)
        CHECK(deliveries.count(d) == 1);
    // And the client ended with exactly the store's state.
    CatalogPage truth = store->catalog_changes(0, 1000);
    REQUIRE(seen.size() == truth.delta.upserts.tasks.size());
    for (const Task& t : truth.delta.upserts.tasks)
        CHECK(seen[t.id] == t);
}

TEMPLATE_TEST_CASE(
    "a signup is stored once, the same again is a duplicate, other content a conflict", "[store]",
    BACKENDS) {
    TestType backend;
    Centre<TestType> c(backend);
    SignupVault& vault = c.vault;
    Signup s = from_device(test_signup({"task-a1", "task-b1"}));
    CHECK(vault.store_signups({s}, 5000) == std::vector{SignupOutcome::stored});
    CHECK(vault.store_signups({s}, 6000) == std::vector{SignupOutcome::duplicate});
    Signup other = s;
    other.name = "Joku Muu";
    CHECK(vault.store_signups({other}, 7000) == std::vector{SignupOutcome::conflict});
    Signup other_device = from_device(s, "device-2");
    CHECK(vault.store_signups({other_device}, 7000) == std::vector{SignupOutcome::conflict});

    auto r = vault.signup(s.id);
    REQUIRE(r);
    CHECK(r->signup == s);
    CHECK(r->received_ms == 5000);
    CHECK(r->follow_up == FollowUp::new_);
    REQUIRE(r->tasks.size() == 2);
    CHECK(r->tasks[0] == SignupTask{"task-a1", "org-a"});
    CHECK(r->tasks[1] == SignupTask{"task-b1", "org-b"});
}

TEMPLATE_TEST_CASE("a batch's results keep the batch's order, repeats inside it included",
                   "[store]", BACKENDS) {
    TestType backend;
    Centre<TestType> c(backend);
    SignupVault& vault = c.vault;
    Signup a = from_device(test_signup({"task-a1"}));
    Signup b = from_device(test_signup({"task-a2"}));
    Signup a_changed = a;
    a_changed.message = "toinen viesti";
    auto outcomes = vault.store_signups({a, b, a, a_changed}, 5000);
    CHECK(outcomes == std::vector{SignupOutcome::stored, SignupOutcome::stored,
                                  SignupOutcome::duplicate, SignupOutcome::conflict});
}

TEMPLATE_TEST_CASE("a signup naming a deleted or unknown task is stored", "[store]", BACKENDS) {
    TestType backend;
    Centre<TestType> c(backend);
    auto& store = c.store;
    SignupVault& vault = c.vault;
    CatalogDelta del;
    del.deleted_task_ids = {"task-b1"};
    store->apply_catalog(del, 2000);
    Signup s = from_device(test_signup({"task-b1", "task-from-elsewhere"}));
    CHECK(vault.store_signups({s}, 5000) == std::vector{SignupOutcome::stored});
    auto r = vault.signup(s.id);
    REQUIRE(r);
    CHECK(r->tasks[0] == SignupTask{"task-b1", "org-b"});
    CHECK(r->tasks[1] == SignupTask{"task-from-elsewhere", ""});
    SignupQuery q;
    q.organisation_id = "org-b";
    CHECK(vault.signups(q).size() == 1);
}

TEMPLATE_TEST_CASE(
    "erasing a signup blanks personal data, keeps a trace, and a retry stays a "
    "duplicate",
    "[store]", BACKENDS) {
    TestType backend;
    Centre<TestType> c(backend);
    SignupVault& vault = c.vault;
    Signup s = from_device(test_signup({"task-a1"}, "Poistettava Henkilö"));
    vault.store_signups({s}, 5000);
    CHECK(vault.erase(s.id, 9000));
    CHECK_FALSE(vault.erase(new_uuid_v7(), 9000));
    auto r = vault.signup(s.id);
    REQUIRE(r);
    CHECK(r->erased_ms == 9000);
    CHECK(r->signup.name.empty());
    CHECK(r->signup.phone.empty());
    CHECK(r->signup.email.empty());
    CHECK(r->signup.message.empty());
    CHECK(r->signup.task_ids == s.task_ids);
    CHECK(r->signup.info_point_id == s.info_point_id);
    CHECK(r->signup.age_group == s.age_group);
    CHECK(vault.store_signups({s}, 10000) == std::vector{SignupOutcome::duplicate});
    CHECK(vault.signup(s.id)->signup.name.empty());
}

TEMPLATE_TEST_CASE("signup queries filter by organisation, info point, day and follow-up",
                   "[store]", BACKENDS) {
    TestType backend;
    Centre<TestType> c(backend);
    auto& store = c.store;
    SignupVault& vault = c.vault;
    Signup a = from_device(test_signup({"task-a1"}));
    a.created_ms = 1717000000000;  // 2024-05-29 (UTC and Finnish time alike)
    Signup b = from_device(test_signup({"task-b1"}));
    b.info_point_id = "point-2";
    b.created_ms = 1719000000000;  // 2024-06-21
    Signup ab = from_device(test_signup({"task-a2", "task-b1"}));
    ab.created_ms = 1720000000000;  // 2024-07-03
    vault.store_signups({a, b, ab}, 5000);
    store->set_follow_up(b.id, FollowUp::contacted);

    auto ids = [&](SignupQuery q) {
        std::vector<std::string> out;
        for (const SignupRecord& r : vault.signups(q))
            out.push_back(r.signup.id);
        return out;
    };
    SignupQuery q;
    CHECK(ids(q) == std::vector{a.id, b.id, ab.id});
    q.organisation_id = "org-a";
    CHECK(ids(q) == std::vector{a.id, ab.id});
    q = {};
    q.info_point_id = "point-2";
    CHECK(ids(q) == std::vector{b.id});
    q = {};
    q.since_day = "2024-06-01";
    CHECK(ids(q) == std::vector{b.id, ab.id});
    q.until_day = "2024-06-30";
    CHECK(ids(q) == std::vector{b.id});
    q = {};
    q.follow_up = FollowUp::contacted;
    CHECK(ids(q) == std::vector{b.id});
    q = {};
    q.limit = 1;
    q.offset = 1;
    CHECK(ids(q) == std::vector{b.id});
    CHECK_FALSE(store->set_follow_up(new_uuid_v7(), FollowUp::joined));
}

TEMPLATE_TEST_CASE("a group of batches is stored as if each were stored alone, in order", "[store]",
                   BACKENDS) {
    TestType backend;
    Centre<TestType> c(backend);
    auto seal = [&](std::vector<Signup> list) {
        std::vector<SignupVault::Received> received;
        for (Signup& s : list)
            received.push_back({from_device(std::move(s)), ""});
        return c.vault.seal_for_storage(received);
    };
    Signup a = test_signup({"task-a1"}), b = test_signup({"task-a2"}), d = test_signup({"task-b1"});
    Signup a_changed = a;
    a_changed.message = "toinen viesti";
    SignupBatch first{seal({a, b}), 5000}, empty{{}, 5000}, second{seal({a, d, a_changed}), 6000};
    auto outcomes = c.store->store_signup_batches({&first, &empty, &second});
    REQUIRE(outcomes.size() == 3);
    CHECK(outcomes[0] == std::vector{SignupOutcome::stored, SignupOutcome::stored});
    CHECK(outcomes[1].empty());
    CHECK(outcomes[2] ==
          std::vector{SignupOutcome::duplicate, SignupOutcome::stored, SignupOutcome::conflict});
    CHECK(c.vault.signup(a.id)->received_ms == 5000);  // the first batch's, not the second's
    CHECK(c.vault.signup(d.id)->received_ms == 6000);
    CHECK(c.vault.signup(d.id)->signup.name == d.name);  // opened again: it was sealed at rest
    CHECK(c.store->store_signup_batches({&empty}).at(0).empty());
}

TEMPLATE_TEST_CASE("signups page by cursor: every one once, in order, whatever lands between",
                   "[store]", BACKENDS) {
    TestType backend;
    Centre<TestType> c(backend);
    std::vector<Signup> all;
    for (int i = 0; i < 25; ++i) {
        Signup s = from_device(test_signup({i % 2 ? "task-a1" : "task-b1"}));
        s.created_ms = 1717000000000 + (i / 3) * 1000;  // three at a time share a millisecond
        all.push_back(s);
    }
    c.vault.store_signups(all, 5000);
    SignupQuery q;
    q.organisation_id = "org-a";
    q.limit = 4;
    std::vector<std::string> seen;
    bool added_between = false;
    while (true) {
        std::vector<SignupRecord> page = c.vault.signups(q);
        for (const SignupRecord& r : page)
            seen.push_back(r.signup.id);
        if (page.size() < 4) break;
        q.after = PageCursor{page.back().signup.created_ms, page.back().signup.id};
        if (!added_between) {  // one before the cursor (not in this walk), one after it (in it)
            Signup early = from_device(test_signup({"task-a1"})), late = early;
            early.created_ms = 1;
            late.id = new_uuid_v7();
            late.created_ms = 1717000000000 + 60'000;
            c.vault.store_signups({early, late}, 6000);
            all.push_back(late);
            added_between = true;
        }
    }
    std::vector<std::string> expected;
    for (const Signup& s : all)
        if (s.task_ids[0] == "task-a1") expected.push_back(s.id);
    std::vector<std::string> sorted_seen = seen;
    std::sort(sorted_seen.begin(), sorted_seen.end());
    CHECK(std::adjacent_find(sorted_seen.begin(), sorted_seen.end()) == sorted_seen.end());
    std::vector<std::string> sorted_expected = expected;
    std::sort(sorted_expected.begin(), sorted_expected.end());
    CHECK(sorted_seen == sorted_expected);
    CHECK(seen.back() == all.back().id);  // in (created_ms, id) order: the latest comes last
}

TEMPLATE_TEST_CASE("a signup naming an info point the catalogue never held is stored and marked",
                   "[store]", BACKENDS) {
    TestType backend;
    Centre<TestType> c(backend);
    Signup known = from_device(test_signup({"task-a1"})), unknown = known, none = known;
    unknown.id = new_uuid_v7();
    unknown.info_point_id = "point-nowhere";
    none.id = new_uuid_v7();
    none.info_point_id = "";
    c.vault.store_signups({known, unknown, none}, 5000);
    CHECK(c.vault.signup(known.id)->info_point_known);
    CHECK(c.vault.signup(none.id)->info_point_known);
    CHECK_FALSE(c.vault.signup(unknown.id)->info_point_known);
    CHECK_FALSE(c.vault.signups({}).at(1).info_point_known);
    // Once the catalogue holds it (even as deleted since), the mark goes.
    InfoPoint p = talkoo::test::test_info_point("point-nowhere");
    CatalogDelta add;
    add.upserts.info_points = {p};
    c.store->apply_catalog(add, 7000);
    CatalogDelta del;
    del.deleted_info_point_ids = {"point-nowhere"};
    c.store->apply_catalog(del, 8000);
    CHECK(c.vault.signup(unknown.id)->info_point_known);
}

TEMPLATE_TEST_CASE("usage counters keep the value sent per device, day, point and name", "[store]",
                   BACKENDS) {
    TestType backend;
    auto store = backend.open();
    UsageCounter browse{"2024-05-04", "point-1", "screen.browse", 10};
    UsageCounter task{"2024-05-04", "point-1", "task.view", 3};
    store->store_usage("device-1", {browse, task}, 1000);
    store->store_usage("device-1", {browse, task}, 2000);  // a retry: no double counting
    browse.value = 12;
    store->store_usage("device-1", {browse}, 3000);
    UsageCounter older = browse;
    older.value = 11;  // a late, reordered post never lowers the count
    store->store_usage("device-1", {older}, 4000);
    store->store_usage("device-2", {task}, 4000);

    std::map<std::string, int64_t> values;
    for (const StoredCounter& c : store->usage())
        values[c.device_id + "/" + c.counter.name] = c.counter.value;
    CHECK(values == std::map<std::string, int64_t>{{"device-1/screen.browse", 12},
                                                   {"device-1/task.view", 3},
                                                   {"device-2/task.view", 3}});
}

TEMPLATE_TEST_CASE("devices and coordinators are found by token hash, and revocation sticks",
                   "[store]", BACKENDS) {
    TestType backend;
    auto store = backend.open();
    NewToken device_token = make_token(TokenKind::device);
    DeviceRecord d{"dev-1", "Kiosk", "point-1", 1000, 0, 0, "", {}};
    store->add_device(d, device_token.hash);
    auto found = store->device_by_token(device_token.hash);
    REQUIRE(found);
    CHECK(found->id == "dev-1");
    CHECK(same_hash(found->token_hash, device_token.hash));
    CHECK_FALSE(store->device_by_token(make_token(TokenKind::device).hash));

    store->record_device_seen("dev-1", 5000, "1.2.3");
    CHECK(store->devices().at(0).last_seen_ms == 5000);
    CHECK(store->devices().at(0).app_version == "1.2.3");
    CHECK(store->revoke_device("dev-1", 6000));
    for (int i = 2; i <= 5; ++i)  // devices page by (created_ms, id) like signups
        store->add_device(
            {"dev-" + std::to_string(i), "Kiosk", "point-1", 1000 + i / 3, 0, 0, "", {}},
            make_token(TokenKind::device).hash);
    std::vector<std::string> paged;
    std::optional<PageCursor> after;
    for (std::vector<DeviceRecord> page; !(page = store->devices(after, 2)).empty();) {
        for (const DeviceRecord& r : page)
            paged.push_back(r.id);
        after = PageCursor{page.back().created_ms, page.back().id};
    }
    CHECK(paged == std::vector<std::string>{"dev-1", "dev-2", "dev-3", "dev-4", "dev-5"});
    CHECK(store->device_by_token(device_token.hash)->revoked_ms == 6000);
    CHECK_FALSE(store->revoke_device("no-such", 6000));

    NewToken coordinator_token = make_token(TokenKind::coordinator);
    store->add_coordinator({"c-1", "Anna", "org-a", 1000, 0, {}}, coordinator_token.hash);
    auto k = store->coordinator_by_token(coordinator_token.hash);
    REQUIRE(k);
    CHECK(k->organisation_id == "org-a");
    CHECK(store->revoke_coordinator("c-1", 7000));
    CHECK(store->coordinator_by_token(coordinator_token.hash)->revoked_ms == 7000);
    CHECK(store->coordinators().at(0).revoked_ms == 7000);
}

TEMPLATE_TEST_CASE("a database keeps its catalogue epoch across reopening", "[store]", BACKENDS) {
    TestType backend;
    std::string epoch;
    {
        auto store = store_with_catalog(backend);
        epoch = store->catalog_epoch();
        CHECK(!epoch.empty());
    }
    auto again = backend.open();
    CHECK(again->catalog_epoch() == epoch);
    CHECK(again->catalog_revision() == 7);
    TestType other;
    CHECK(other.open()->catalog_epoch() != epoch);
}

TEST_CASE("the SQLite back end refuses a file that is not its database, saying what to do",
          "[store]") {
    talkoo::test::TempDir dir;
    std::ofstream(dir / "notes.txt") << "these are not the droids you are looking for\n";
    try {
        open_central_store((dir / "notes.txt").string(), true);
        FAIL("expected a CentralStoreError");
    } catch (const CentralStoreError& e) {
        CHECK(std::string(e.what()).find("notes.txt") != std::string::npos);
    }
    try {
        open_central_store((dir / "missing.db").string(), false);
        FAIL("expected a CentralStoreError");
    } catch (const CentralStoreError& e) {
        CHECK(std::string(e.what()).find("talkoo-central serve") != std::string::npos);
    }
    CHECK_THROWS_AS(open_central_store("postgresql://localhost/talkoo", true), CentralStoreError);
}

TEST_CASE("after an erasure the SQLite files no longer hold the erased data", "[store]") {
    SqliteBackend backend;
    Centre<SqliteBackend> c(backend);
    SignupVault& vault = c.vault;
    Signup s = from_device(test_signup({"task-a1"}, "Unohdettava Nimi"));
    s.email = "unohda.minut@example.fi";
    vault.store_signups({s}, 5000);
    auto file_holds = [&](const std::string& name, const std::string& text) {
        std::ifstream in(name, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        return bytes.find(text) != std::string::npos;
    };
    REQUIRE(vault.erase(s.id, 6000));
    // The checkpointer empties the log shortly after; wait for it (bounded, not a timing claim).
    for (int i = 0; i < 200 && file_holds(backend.spec() + "-wal", "Unohdettava"); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    for (const std::string& file : {backend.spec(), backend.spec() + "-wal"}) {
        INFO(file);
        CHECK_FALSE(file_holds(file, "Unohdettava Nimi"));
        CHECK_FALSE(file_holds(file, "unohda.minut"));
    }
    CHECK(vault.signup(s.id)->erased_ms == 6000);  // and the store still works
}

TEMPLATE_TEST_CASE("usage totals sum the devices per day, point and name, within the days asked",
                   "[store]", BACKENDS) {
    TestType backend;
    auto store = backend.open();
    store->store_usage("device-1",
                       {{"2024-05-03", "point-1", "session.start", 4},
                        {"2024-05-04", "point-1", "session.start", 10},
                        {"2024-05-04", "point-2", "session.start", 1}},
                       1000);
    store->store_usage("device-2", {{"2024-05-04", "point-1", "session.start", 5}}, 1000);
    using C = UsageCounter;
    CHECK(store->usage_totals({}) == std::vector<C>{{"2024-05-03", "point-1", "session.start", 4},
                                                    {"2024-05-04", "point-1", "session.start", 15},
                                                    {"2024-05-04", "point-2", "session.start", 1}});
    UsageQuery days;
    days.since_day = "2024-05-04";
    days.until_day = "2024-05-04";
    CHECK(store->usage_totals(days).size() == 2);
    days.info_point_id = "point-1";
    CHECK(store->usage_totals(days) ==
          std::vector<C>{{"2024-05-04", "point-1", "session.start", 15}});
    UsageQuery before;
    before.until_day = "2024-05-03";
    CHECK(store->usage_totals(before).size() == 1);
}
