// The signup outbox: a committed signup is stored whole or not at all, once per id, with its
// personal fields only sealed; it moves pending -> sent -> acknowledged (or needs_attention) as
// the sync worker reports; and once the centre has it, its sealed personal data can be erased
// so that the bytes are gone from the file.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

#include "core/clock.hpp"
#include "core/local_store.hpp"
#include "core/sqlite.hpp"
#include "store_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace talkoo;
using talkoo::test::TempDir;

namespace {

constexpr int64_t kT0 = 1'750'000'000'000;  // 2025-06-15, a Sunday afternoon in Finland

struct OutboxStore {
    TempDir dir;
    LocalStore store{dir / "s.sqlite"};
    OutboxStore() { store.replace_catalog(test::sample_catalog(), "c1"); }
};

std::string file_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

StoreError catch_error(const std::function<void()>& action) {
    try {
        action();
    } catch (const StoreError& e) {
        return e;
    }
    FAIL("no StoreError was thrown");
    return StoreError(StoreError::Code::io, "");
}

}  // namespace

TEST_CASE("a committed signup reads back exactly, pending, with its tasks in order") {
    TempDir dir;
    Signup s = test::make_signup({"food-1", "crafts-1"}, kT0);
    s.age_group.reset();
    s.lang = Lang::sv;
    const SealedSignup committed = test::sealed(s);
    {
        LocalStore store(dir / "s.sqlite");
        store.replace_catalog(test::sample_catalog(), "c1");
        store.commit_signup(committed);
    }
    LocalStore store(dir / "s.sqlite");
    auto entry = store.outbox_entry(s.id);
    REQUIRE(entry.has_value());
    CHECK(entry->signup == committed.signup);
    CHECK(entry->sealed == committed.sealed);
    CHECK(test::opened(*entry) == s);
    CHECK(entry->state == OutboxState::pending);
    CHECK(entry->attempts == 0);
    CHECK(entry->last_error.empty());
    // The very bytes sealed at the commit, at every retry: the centre sees one signup.
    CHECK(store.outbox_batch(10) == std::vector<SealedSignup>{committed});
    CHECK(store.outbox_batch(10) == std::vector<SealedSignup>{committed});
    CHECK_FALSE(store.outbox_entry("0190a6f2-0000-7000-8000-00000000ffff").has_value());
}

TEST_CASE("an invalid signup is refused, nothing is stored, and the message holds no ids of it") {
    OutboxStore o;
    Signup s = test::make_signup({"dogs-1", "dogs-1"}, kT0);
    s.consent_ms = 0;
    StoreError e = catch_error([&] { o.store.commit_signup(test::sealed(s)); });
    CHECK(e.code == StoreError::Code::invalid);
    const std::string message = e.what();
    CHECK_THAT(message, Catch::Contains("task_ids[1] (duplicate)"));
    CHECK_THAT(message, Catch::Contains("consent"));
    CHECK_FALSE(o.store.outbox_entry(s.id).has_value());
    CHECK(o.store.outbox_summary().pending == 0);
}

TEST_CASE("personal fields in the clear never reach the store: such a signup is refused") {
    OutboxStore o;
    Signup s = test::make_signup({"dogs-1"}, kT0);
    s.name = "Ritva Rantanen";
    SealedSignup leaky = test::sealed(s);
    leaky.signup.name = s.name;  // a bug that would write the name into the file
    StoreError e = catch_error([&] { o.store.commit_signup(leaky); });
    CHECK(e.code == StoreError::Code::invalid);
    CHECK_THAT(e.what(), Catch::Contains("personal (not_sealed)"));
    CHECK_THAT(e.what(), !Catch::Contains("Ritva"));

    SealedSignup unsealed = test::sealed(s);
    unsealed.sealed = "Ritva Rantanen, 040 123 4567";  // "sealed" in name only
    e = catch_error([&] { o.store.commit_signup(unsealed); });
    CHECK(e.code == StoreError::Code::invalid);
    CHECK_THAT(e.what(), Catch::Contains("not sealed"));
    CHECK_THAT(e.what(), !Catch::Contains("Ritva"));

    SealedSignup truncated = test::sealed(s);
    truncated.sealed.resize(truncated.sealed.size() - 1);
    CHECK(catch_error([&] { o.store.commit_signup(truncated); }).code == StoreError::Code::invalid);
    CHECK_FALSE(o.store.outbox_entry(s.id).has_value());
}

TEST_CASE("a signup naming a task that is not in the catalogue is refused and not stored") {
    OutboxStore o;
    Signup s = test::make_signup({"dogs-1", "withdrawn-task"}, kT0);
    StoreError e = catch_error([&] { o.store.commit_signup(test::sealed(s)); });
    CHECK(e.code == StoreError::Code::invalid);
    CHECK_THAT(e.what(), Catch::Contains("withdrawn-task"));
    CHECK_FALSE(o.store.outbox_entry(s.id).has_value());
}

TEST_CASE("the same signup id committed twice is refused as duplicate and stored once") {
    OutboxStore o;
    Signup s = test::make_signup({"dogs-1"}, kT0);
    o.store.commit_signup(test::sealed(s));
    Signup again = s;
    again.name = "Someone Else";
    StoreError e = catch_error([&] { o.store.commit_signup(test::sealed(again)); });
    CHECK(e.code == StoreError::Code::duplicate);
    CHECK(test::opened(*o.store.outbox_entry(s.id)).name == s.name);
    CHECK(o.store.outbox_summary().pending == 1);
}

TEST_CASE("a waiting signup keeps its task ids when the task leaves the catalogue") {
    OutboxStore o;
    Signup s = test::make_signup({"food-1"}, kT0);
    o.store.commit_signup(test::sealed(s));
    CatalogDelta delta;
    delta.deleted_task_ids = {"food-1"};
    o.store.apply_catalog_delta(delta, "c2");
    CHECK(o.store.outbox_batch(10).at(0).signup.task_ids == std::vector<std::string>{"food-1"});
}

TEST_CASE("the outbox batch is the oldest waiting signups, oldest first, up to the limit") {
    OutboxStore o;
    Signup a = test::make_signup({"dogs-1"}, kT0 + 3000);
    Signup b = test::make_signup({"dogs-1"}, kT0 + 1000);
    Signup c = test::make_signup({"dogs-1"}, kT0 + 2000);
    Signup d = test::make_signup({"dogs-1"}, kT0 + 500);
    for (const Signup* s : {&a, &b, &c, &d})
        o.store.commit_signup(test::sealed(*s));
    o.store.mark_acknowledged({d.id}, kT0 + 9000);
    o.store.mark_sent({c.id});
    std::vector<std::string> ids;
    for (const SealedSignup& s : o.store.outbox_batch(2))
        ids.push_back(s.signup.id);
    CHECK(ids == std::vector<std::string>{b.id, c.id});  // sent ones are sent again
    CHECK(o.store.outbox_batch(0).empty());
}

TEST_CASE("outbox states move as the sync worker reports, and attempts count each post once") {
    OutboxStore o;
    Signup s = test::make_signup({"dogs-1"}, kT0);
    o.store.commit_signup(test::sealed(s));
    auto entry = [&] { return *o.store.outbox_entry(s.id); };

    o.store.mark_sent({s.id});
    CHECK(entry().state == OutboxState::sent);
    CHECK(entry().attempts == 1);

    o.store.record_failed_attempt({s.id}, "The centre did not answer within 30 s.");
    CHECK(entry().state == OutboxState::pending);
    CHECK(entry().attempts == 1);  // the post was already counted by mark_sent
    CHECK(entry().last_error == "The centre did not answer within 30 s.");

    o.store.record_failed_attempt({s.id}, "No network.");  // failed before it was sent
    CHECK(entry().attempts == 2);

    o.store.mark_sent({s.id});
    o.store.mark_acknowledged({s.id}, kT0 + 60'000);
    CHECK(entry().state == OutboxState::acknowledged);
    CHECK(entry().attempts == 3);
    CHECK(entry().acknowledged_ms == kT0 + 60'000);
    CHECK(entry().last_error.empty());

    // Acknowledged is final: late answers and repeated reports change nothing.
    o.store.mark_sent({s.id});
    o.store.record_failed_attempt({s.id}, "late timeout");
    o.store.mark_needs_attention(s.id, "late conflict");
    o.store.mark_acknowledged({s.id}, kT0 + 99'000);
    CHECK(entry().state == OutboxState::acknowledged);
    CHECK(entry().attempts == 3);
    CHECK(entry().acknowledged_ms == kT0 + 60'000);
    CHECK(o.store.outbox_batch(10).empty());
}

TEST_CASE("a signup needing attention is not retried until staff put it back") {
    OutboxStore o;
    Signup s = test::make_signup({"dogs-1"}, kT0);
    Signup other = test::make_signup({"crafts-1"}, kT0 + 1);
    o.store.commit_signup(test::sealed(s));
    o.store.commit_signup(test::sealed(other));
    o.store.mark_sent({s.id, other.id});
    o.store.mark_needs_attention(s.id, "The centre rejected it: unknown info point.");

    CHECK(o.store.outbox_entry(s.id)->state == OutboxState::needs_attention);
    CHECK(o.store.outbox_batch(10).size() == 1);
    auto attention = o.store.needs_attention();
    REQUIRE(attention.size() == 1);
    CHECK(attention[0].signup.id == s.id);
    CHECK(attention[0].last_error == "The centre rejected it: unknown info point.");
    o.store.record_failed_attempt({s.id}, "timeout");  // does not wake it up
    CHECK(o.store.outbox_entry(s.id)->state == OutboxState::needs_attention);

    CHECK(o.store.retry_needs_attention() == 1);
    CHECK(o.store.outbox_entry(s.id)->state == OutboxState::pending);
    CHECK(o.store.outbox_batch(10).size() == 2);
    CHECK(o.store.retry_needs_attention() == 0);
}

TEST_CASE("the outbox summary counts waiting, attention and acknowledged signups") {
    OutboxStore o;
    CHECK(o.store.outbox_summary().oldest_waiting_ms == 0);
    std::vector<Signup> s;
    for (int i = 0; i < 5; ++i) {
        s.push_back(test::make_signup({"dogs-1"}, kT0 + i * 1000));
        o.store.commit_signup(test::sealed(s.back()));
    }
    o.store.mark_acknowledged({s[0].id}, kT0 + 10'000);
    o.store.mark_sent({s[1].id});
    o.store.mark_needs_attention(s[2].id, "rejected");
    OutboxSummary sum = o.store.outbox_summary();
    CHECK(sum.pending == 3);  // s1 (sent), s3, s4
    CHECK(sum.needs_attention == 1);
    CHECK(sum.acknowledged == 1);
    CHECK(sum.oldest_waiting_ms == kT0 + 1000);
}

TEST_CASE("signups_on counts the signups of one local day") {
    OutboxStore o;
    o.store.commit_signup(test::sealed(test::make_signup({"dogs-1"}, kT0)));
    o.store.commit_signup(test::sealed(test::make_signup({"dogs-1"}, kT0 + 1000)));
    o.store.commit_signup(test::sealed(test::make_signup({"dogs-1"}, kT0 + 86'400'000)));
    CHECK(o.store.signups_on(local_date(kT0)) == 2);
    CHECK(o.store.signups_on(local_date(kT0 + 86'400'000)) == 1);
    CHECK(o.store.signups_on("2001-01-01") == 0);
}

TEST_CASE("erasing personal data blanks only acknowledged signups older than the limit") {
    OutboxStore o;
    Signup old_ack = test::make_signup({"dogs-1"}, kT0);
    Signup new_ack = test::make_signup({"dogs-1"}, kT0 + 1);
    Signup waiting = test::make_signup({"crafts-1", "dogs-1"}, kT0 + 2);
    for (const Signup* s : {&old_ack, &new_ack, &waiting})
        o.store.commit_signup(test::sealed(*s));
    o.store.mark_acknowledged({old_ack.id}, kT0 + 10'000);
    o.store.mark_acknowledged({new_ack.id}, kT0 + 50'000);

    CHECK(o.store.erase_acknowledged_personal_data(kT0 + 20'000) == 1);
    OutboxEntry wiped = *o.store.outbox_entry(old_ack.id);
    CHECK(wiped.sealed.empty());
    CHECK(wiped.signup.name.empty());
    // The anonymous rest stays, for the day's figures.
    CHECK(wiped.signup.task_ids == old_ack.task_ids);
    CHECK(wiped.signup.created_ms == old_ack.created_ms);
    CHECK(wiped.state == OutboxState::acknowledged);
    CHECK(test::opened(*o.store.outbox_entry(new_ack.id)) == new_ack);
    CHECK(test::opened(*o.store.outbox_entry(waiting.id)) == waiting);
    CHECK(o.store.erase_acknowledged_personal_data(kT0 + 20'000) == 0);  // already done
    CHECK(o.store.erase_acknowledged_personal_data(kT0 + 60'000) == 1);
    CHECK(o.store.signups_on(local_date(kT0)) == 3);
}

TEST_CASE(
    "personal data never reaches the store's files in plain text, and its sealed form "
    "is gone from their bytes once erased") {
    TempDir dir;
    const auto file = dir / "s.sqlite";
    const auto wal = dir / "s.sqlite-wal";
    LocalStore store(file);
    store.replace_catalog(test::sample_catalog(), "c1");
    Signup s = test::make_signup({"dogs-1"}, kT0);
    s.name = "Zyxwvu Qponmlkj";
    s.phone = "040 987 6543";
    s.email = "zyxwvu.qponmlkj@example.fi";
    s.message = "Salainen viesti 8472";
    const SealedSignup sealed = test::sealed(s);
    store.commit_signup(sealed);
    // Other signups around it, so that its page is shared and rewritten, not simply freed.
    for (int i = 1; i <= 20; ++i)
        store.commit_signup(test::sealed(test::make_signup({"dogs-1"}, kT0 + i)));
    store.mark_acknowledged({s.id}, kT0 + 1000);

    auto on_disk = [&] { return file_bytes(file) + file_bytes(wal); };
    const std::vector<std::string> personal = {s.name, s.phone, "+358409876543", s.email,
                                               s.message};
    auto no_plain_text = [&] {
        const std::string bytes = on_disk();
        for (const std::string& p : personal) {
            INFO(p);
            CHECK(bytes.find(p) == std::string::npos);
        }
    };
    no_plain_text();
    CHECK(on_disk().find(sealed.sealed) != std::string::npos);

    CHECK(store.erase_acknowledged_personal_data(kT0 + 2000) == 1);
    no_plain_text();
    CHECK(on_disk().find(sealed.sealed) == std::string::npos);
    CHECK(store.outbox_summary().acknowledged == 1);
}

TEST_CASE("a signup commit waits for the other connection's write instead of failing") {
    OutboxStore o;
    // The sync thread's connection holds the write lock for a while, as a catalogue update does.
    sqlite::Database sync(o.dir / "s.sqlite");
    std::atomic<bool> locked{false};
    std::thread writer([&] {
        sqlite::Transaction tx(sync, "hold the write lock");
        sync.exec("UPDATE catalog_state SET updated_ms = updated_ms + 1");
        locked = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        tx.commit();
    });
    while (!locked)
        std::this_thread::yield();
    Signup s = test::make_signup({"dogs-1"}, kT0);
    CHECK_NOTHROW(o.store.commit_signup(test::sealed(s)));
    writer.join();
    CHECK(o.store.outbox_entry(s.id).has_value());
}
