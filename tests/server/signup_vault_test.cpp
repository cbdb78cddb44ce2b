// SignupVault over the real SQLite back end: what the back end keeps is sealed, a visitor is
// found without plain text, retention erases by the calendar with a clock set forward, a
// database from before sealing is sealed on the way, and a lost key loses only what it sealed.
#include <atomic>
#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <thread>

#include "core/clock.hpp"
#include "core/sqlite.hpp"
#include "core/uuid.hpp"
#include "server/key_ring_file.hpp"
#include "server/retention.hpp"
#include "server/signup_vault.hpp"
#include "support/central_fixture.hpp"
#include "support/temp_dir.hpp"

using namespace talkoo;
using namespace talkoo::central;
using talkoo::test::test_catalog;
using talkoo::test::test_signup;

namespace {

constexpr int64_t kDay = 86'400'000;

// Polls `done` until it holds (at most 30 s): for a background thread's progress, never timing.
bool eventually(const std::function<bool()>& done) {
    for (int i = 0; i < 3000; ++i) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
}

struct Centre {
    talkoo::test::TempDir dir;
    std::string db = (dir / "central.db").string();
    std::filesystem::path keys_file = dir / "central.keys";
    std::unique_ptr<CentralStore> store;
    std::unique_ptr<KeyRingFile> keys;
    std::unique_ptr<SignupVault> vault;

    Centre() {
        seal::write_key_ring_file(keys_file, seal::make_key_ring(1000), false);
        store = open_central_store(db, true);
        CatalogDelta d;
        d.upserts = test_catalog();
        store->apply_catalog(d, 1000);
        keys = std::make_unique<KeyRingFile>(keys_file);
        vault = std::make_unique<SignupVault>(*store, *keys);
    }

    Signup stored(const std::string& name, int64_t created_ms) {
        Signup s = test_signup({"task-a1"}, name);
        s.device_id = "device-1";
        s.created_ms = created_ms;
        REQUIRE(vault->store_signups({s}, created_ms + 1000) == std::vector{SignupOutcome::stored});
        return s;
    }

    std::string file_bytes() const {
        std::string bytes;
        for (const char* suffix : {"", "-wal"}) {
            std::ifstream in(db + suffix, std::ios::binary);
            bytes += std::string(std::istreambuf_iterator<char>(in), {});
        }
        return bytes;
    }
    // The checkpointer truncates the log shortly after an erasure; wait for it (bounded).
    bool files_without(const std::string& text) const {
        for (int i = 0; i < 200; ++i) {
            if (file_bytes().find(text) == std::string::npos) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }
};

}  // namespace

TEST_CASE("the back end keeps only the sealed personal fields; the vault opens them whole",
          "[vault]") {
    Centre c;
    Signup s = c.stored("Avoin Nimi", now_ms());
    std::optional<SignupRecord> raw = c.store->signup(s.id);
    REQUIRE(raw);
    CHECK(raw->signup.name.empty());
    CHECK(raw->signup.phone.empty());
    CHECK(raw->signup.email.empty());
    CHECK(raw->signup.message.empty());
    CHECK(raw->signup.age_group == s.age_group);  // the anonymous trace keeps the age group
    REQUIRE_FALSE(raw->sealed.empty());
    CHECK(seal::read_header(raw->sealed).key_id == seal::key_id(c.vault->current_public_key()));
    std::optional<SignupRecord> opened = c.vault->signup(s.id);
    CHECK(opened->signup == s);
    CHECK(c.file_bytes().find("Avoin Nimi") == std::string::npos);
}

TEST_CASE(
    "a visitor's signups are found by e-mail, phone or a name word, however typed, and "
    "no longer once erased",
    "[vault]") {
    Centre c;
    Signup a = test_signup({"task-a1"}, "Åsa Öberg-Mäki");
    a.device_id = "device-1";
    a.email = "Asa.Oberg@Example.fi";
    a.phone = "+358401112233";
    Signup b = test_signup({"task-b1"}, "Matti Öberg");
    b.device_id = "device-1";
    b.email = "matti@example.fi";
    b.phone = "";
    c.vault->store_signups({a, b}, 5000);

    auto find = [&](VisitorQuery q) { return c.vault->find_signups(q); };
    CHECK(find({" asa.oberg@example.FI ", "", ""}) == std::vector{a.id});
    CHECK(find({"", "040 111 2233", ""}) == std::vector{a.id});
    CHECK(find({"", "+358 40 111 2233", ""}) == std::vector{a.id});
    CHECK(find({"", "", "öberg"}) == std::vector{a.id, b.id});
    CHECK(find({"", "", "ÖBERG"}) == std::vector{a.id, b.id});
    CHECK(find({"", "", "Mäki"}) == std::vector{a.id});
    CHECK(find({"", "", "Matt"}).empty());  // whole words only: no plain text to search in
    CHECK(find({"nobody@example.fi", "", ""}).empty());

    REQUIRE(c.vault->erase(a.id, 9000));
    CHECK(find({"asa.oberg@example.fi", "", ""}).empty());
    CHECK(find({"", "", "öberg"}) == std::vector{b.id});
}

TEST_CASE(
    "retention with the clock set forward erases what is older, keeps the younger, and "
    "leaves counters and the anonymous trace",
    "[vault]") {
    Centre c;
    const int64_t now = now_ms();
    Signup ancient = c.stored("Kolmetoista Kuukautta", months_before(now, 13));
    Signup recent = c.stored("Yksitoista Kuukautta", months_before(now, 11));
    Signup today = c.stored("Tanaan Annettu", now);
    c.store->set_follow_up(ancient.id, FollowUp::joined);
    c.store->store_usage("device-1", {{"2024-05-04", "point-1", "screen.browse", 40}}, 5000);

    CHECK(c.vault->purge(now, 12) == 1);
    std::optional<SignupRecord> gone = c.vault->signup(ancient.id);
    CHECK(gone->erased_ms == now);
    CHECK(gone->signup.name.empty());
    CHECK(gone->sealed.empty());
    CHECK(gone->signup.task_ids == ancient.task_ids);
    CHECK(gone->signup.age_group == ancient.age_group);
    CHECK(gone->follow_up == FollowUp::joined);
    CHECK(c.vault->signup(recent.id)->signup.name == recent.name);
    CHECK(c.vault->purge(now, 12) == 0);  // nothing more to do today

    // The clock set forward two months: the eleven-month-old signup is now over the limit.
    const int64_t later = now + 62 * kDay;
    CHECK(c.vault->purge(later, 12) == 1);
    CHECK(c.vault->signup(recent.id)->signup.name.empty());
    CHECK(c.vault->signup(today.id)->signup.name == today.name);
    CHECK(c.store->usage().size() == 1);
    CHECK(c.store->usage()[0].counter.value == 40);
    CHECK(c.vault->signups({}).size() == 3);  // every trace is still there
    CHECK(c.files_without("Kolmetoista"));
}

TEST_CASE("a kiosk clock set wrong forward cannot keep data past retention", "[vault]") {
    Centre c;
    const int64_t now = now_ms();
    Signup s = test_signup({"task-a1"}, "Vaara Kello");
    s.device_id = "device-1";
    s.created_ms = now + 400 * kDay;                      // the kiosk thought it was next year
    c.vault->store_signups({s}, months_before(now, 13));  // received over a year ago
    CHECK(c.vault->purge(now, 12) == 1);
}

TEST_CASE("months of retention are calendar months", "[vault]") {
    auto day_of = [](int64_t ms) { return iso_timestamp_utc(ms).substr(0, 10); };
    const int64_t march_31 = 1711886400000;  // 2024-03-31T12:00Z
    CHECK(day_of(months_before(march_31, 1)) == "2024-02-29");
    CHECK(day_of(months_before(march_31, 12)) == "2023-03-31");
    CHECK(day_of(months_before(march_31, 13)) == "2023-02-28");
    CHECK(months_before(march_31, 12) % kDay == march_31 % kDay);
}

TEST_CASE("the retention sweeper erases at start and again as its clock moves on", "[vault]") {
    Centre c;
    const int64_t now = now_ms();
    c.stored("Vanha Tieto", months_before(now, 13));
    Signup younger = c.stored("Nuorempi Tieto", months_before(now, 11));
    std::atomic<int64_t> clock{now};
    std::ostringstream log;
    RetentionOptions options;
    options.interval = std::chrono::milliseconds(20);
    options.clock = [&] { return clock.load(); };
    {
        RetentionSweeper sweeper(*c.vault, options, log);
        REQUIRE(eventually([&] { return sweeper.sweeps_done() >= 1; }));
        clock = now + 62 * kDay;  // two months pass
        int seen = sweeper.sweeps_done();
        REQUIRE(eventually([&] { return sweeper.sweeps_done() > seen + 1; }));
    }
    CHECK(c.vault->signup(younger.id)->erased_ms != 0);
    CHECK(log.str().find("erased the personal data of 1 signup") != std::string::npos);
    CHECK(log.str().find("Tieto") == std::string::npos);
}

TEST_CASE(
    "signups a centre kept in plain text before sealing are sealed, still open, still "
    "duplicates, and their plain text leaves the file",
    "[vault]") {
    Centre c;
    Signup s = test_signup({"task-a1"}, "Ennen Sinettia");
    s.device_id = "device-1";
    s.email = "ennen.sinettia@example.fi";
    {
        // As talkoo-central 0.1.0 wrote a row (schema version 1; version 2's columns empty).
        sqlite::Database raw(c.db);
        raw.prepare(
               "INSERT INTO signups (id, device_id, info_point_id, created_ms, created_day,"
               " received_ms, lang, age_group, consent_version, consent_ms, name, phone, email,"
               " message) VALUES (?1, ?2, ?3, ?4, ?5, 5000, 'fi', '30-64', ?6, ?7, ?8, ?9, ?10,"
               " ?11)")
            .bind(1, s.id)
            .bind(2, s.device_id)
            .bind(3, s.info_point_id)
            .bind(4, s.created_ms)
            .bind(5, local_date(s.created_ms))
            .bind(6, s.consent_version)
            .bind(7, s.consent_ms)
            .bind(8, s.name)
            .bind(9, s.phone)
            .bind(10, s.email)
            .bind(11, s.message)
            .run();
        raw.prepare(
               "INSERT INTO signup_tasks (signup_id, position, task_id, organisation_id)"
               " VALUES (?1, 0, 'task-a1', 'org-a')")
            .bind(1, s.id)
            .run();
    }
    CHECK(c.vault->signup(s.id)->signup.name == s.name);  // readable before, too
    CHECK(c.vault->seal_plain_rows() == 1);
    CHECK(c.vault->seal_plain_rows() == 0);
    CHECK(c.store->signup(s.id)->signup.name.empty());
    CHECK(c.vault->signup(s.id)->signup == s);
    CHECK(c.vault->store_signups({s}, 9000) == std::vector{SignupOutcome::duplicate});
    CHECK(c.vault->find_signups({"ennen.sinettia@example.fi", "", ""}) == std::vector{s.id});
    CHECK(c.files_without("Ennen Sinettia"));
    CHECK(c.files_without("ennen.sinettia@example.fi"));
}

TEST_CASE("a signup whose key is lost comes out unreadable, and the rest keeps working",
          "[vault]") {
    Centre c;
    Signup s = c.stored("Kadonnut Avain", now_ms());
    // Every copy of the key ring lost, a new one made: what the old key sealed cannot open.
    std::filesystem::remove(c.keys_file);
    seal::write_key_ring_file(c.keys_file, seal::make_key_ring(2000), false);
    c.vault.reset();  // the centre restarted with the new ring
    c.keys = std::make_unique<KeyRingFile>(c.keys_file);
    c.vault = std::make_unique<SignupVault>(*c.store, *c.keys);
    std::optional<SignupRecord> r = c.vault->signup(s.id);
    REQUIRE(r);
    CHECK(r->unreadable);
    CHECK(r->signup.name.empty());
    CHECK(r->signup.task_ids == s.task_ids);
    Signup later = c.stored("Uusi Avain", now_ms());
    CHECK(c.vault->signup(later.id)->signup.name == "Uusi Avain");
    CHECK(c.vault->signups({}).size() == 2);
}

TEST_CASE(
    "a kiosk's blob sealed to the current key is kept as it came; one sealed to an older "
    "key is sealed afresh to the current one",
    "[vault]") {
    Centre c;
    const seal::PublicKey old_key = c.vault->current_public_key();
    Signup early = test_signup({"task-a1"}, "Vanha Avain");
    early.device_id = "device-1";
    SealedSignup early_sealed = seal_signup(early, old_key);
    // A rotation, read by the service.
    seal::KeyRing ring = seal::read_key_ring_file(c.keys_file);
    seal::rotate(ring, 3000);
    seal::write_key_ring_file(c.keys_file, ring, true);
    c.keys->reread();
    const seal::PublicKey new_key = c.vault->current_public_key();
    REQUIRE_FALSE(new_key == old_key);
    Signup late = test_signup({"task-a1"}, "Uusi Avain");
    late.device_id = "device-1";
    SealedSignup late_sealed = seal_signup(late, new_key);

    std::vector<SignupVault::Received> received = {
        {c.vault->open_sealed(early_sealed), early_sealed.sealed},
        {c.vault->open_sealed(late_sealed), late_sealed.sealed}};
    CHECK(c.vault->store_signups(received, 5000) ==
          std::vector{SignupOutcome::stored, SignupOutcome::stored});
    const std::string early_at_rest = c.store->signup(early.id)->sealed;
    CHECK(seal::read_header(early_at_rest).key_id == seal::key_id(new_key));
    CHECK(early_at_rest != early_sealed.sealed);
    CHECK(c.store->signup(late.id)->sealed == late_sealed.sealed);
    CHECK(c.vault->signup(early.id)->signup == early);
    CHECK(c.vault->signup(late.id)->signup == late);
}
