// The visitor flow end to end, by touch: attract → browse → task → form → thank-you, in each
// language, ending in the real store file. These are the promises a visitor relies on.
#include <catch2/catch.hpp>

#include "app_fixture.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

namespace talkoo::test {
namespace {

// From attract to the form of task `id`, choosing `lang` on the attract screen.
void open_form_for(KioskDriver& k, Lang lang, const std::string& id) {
    REQUIRE(k.state().screen == Screen::attract);
    k.tap("lang." + std::string(lang_code(lang)));
    REQUIRE(k.state().screen == Screen::browse);
    REQUIRE(k.state().lang == lang);
    k.tap("card." + id);
    REQUIRE(k.state().screen == Screen::task);
    k.tap("task.interested");
    REQUIRE(k.state().screen == Screen::form);
}

}  // namespace

TEST_CASE("a whole signup in each language ends as one pending signup with the right fields") {
    for (Lang lang : kAllLangs) {
        DYNAMIC_SECTION("language " << lang_code(lang)) {
            TempDir dir;
            seed_fixture(dir / "store.db");
            KioskDriver k(dir / "store.db", landscape(), fixture_config());
            open_form_for(k, lang, "dogs");

            k.tap("form.name");
            k.type_on_keyboard("Åsa Öberg-Mäki");
            k.tap("form.phone");
            k.type_on_keyboard("040 123 4567");
            k.tap("form.email");
            k.type("asa.oberg@example.fi");
            k.tap("key.done");
            k.tap("form.age.30-64");
            k.tap("form.consent");
            REQUIRE(k.store().outbox_summary().pending == 0);
            k.tap("form.send");

            REQUIRE(k.state().screen == Screen::thanks);
            OutboxSummary summary = k.store().outbox_summary();
            CHECK(summary.pending == 1);
            std::vector<Signup> batch = opened_outbox(k.store());
            REQUIRE(batch.size() == 1);
            const Signup& s = batch[0];
            CHECK(s.task_ids == std::vector<std::string>{"dogs"});
            CHECK(s.name == "Åsa Öberg-Mäki");
            CHECK(s.phone == "+358401234567");
            CHECK(s.email == "asa.oberg@example.fi");
            CHECK(s.age_group == AgeGroup::age30_64);
            CHECK(s.lang == lang);
            CHECK(s.info_point_id == "pori-library");
            CHECK(s.consent_version == translations().get(lang, "consent.version"));
            CHECK(s.consent_ms > 0);
            CHECK(s.device_id == k.store().device_id());
            // Nothing of it stays on screen or in the form for the next visitor.
            CHECK(k.state().form.name.empty());
            CHECK(k.state().selected.empty());
        }
    }
}

TEST_CASE("several tasks picked from the list go into one signup") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    k.tap("attract.start");
    k.tap("select.dogs");
    k.tap("select.crafts");
    REQUIRE(k.state().selected == std::vector<std::string>{"dogs", "crafts"});
    k.tap("browse.continue");
    REQUIRE(k.state().screen == Screen::form);
    CHECK(k.has("form.unselect.dogs"));
    CHECK(k.has("form.unselect.crafts"));
    k.tap("form.name");
    k.type("Matti Virtanen");
    k.tap("form.email");
    k.type("matti@example.fi");
    k.tap("key.done");
    k.tap("form.consent");
    k.tap("form.send");
    REQUIRE(k.state().screen == Screen::thanks);
    std::vector<Signup> batch = opened_outbox(k.store());
    REQUIRE(batch.size() == 1);
    CHECK(batch[0].task_ids == std::vector<std::string>{"dogs", "crafts"});
    CHECK(batch[0].phone.empty());
    CHECK(k.state().thanks_titles.size() == 2);
}

TEST_CASE("invalid input shows its error beside the field and stores nothing") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    open_form_for(k, Lang::sv, "crafts");
    k.tap("form.phone");
    k.type("123");
    k.tap("form.email");
    k.type("asa@");
    k.tap("key.done");
    k.tap("form.send");

    CHECK(k.state().screen == Screen::form);
    CHECK(k.store().outbox_summary().pending == 0);
    CHECK(k.store().outbox_batch(10).empty());
    CHECK(k.has("form.name.error"));
    CHECK(k.has("form.phone.error"));
    CHECK(k.has("form.email.error"));
    CHECK(k.has("form.consent.error"));
    // What was typed is still there to correct.
    CHECK(k.state().form.phone == "123");
    CHECK(k.state().form.email == "asa@");

    // Corrected, the same form goes through.
    k.tap("form.name");
    k.type("Åsa");
    k.tap("form.phone");
    k.type("\b\b\b0401234567");
    k.tap("key.done");
    k.tap("form.email");
    k.type("example.fi");
    k.tap("key.done");
    k.tap("form.consent");
    k.tap("form.send");
    CHECK(k.state().screen == Screen::thanks);
    REQUIRE(k.store().outbox_batch(10).size() == 1);
    CHECK(opened_outbox(k.store())[0].email == "asa@example.fi");
}

TEST_CASE("neither phone nor e-mail asks for one of them and stores nothing") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    open_form_for(k, Lang::fi, "dogs");
    k.tap("form.name");
    k.type("Aino");
    k.tap("key.done");
    k.tap("form.consent");
    k.tap("form.send");
    CHECK(k.state().screen == Screen::form);
    CHECK(k.has("form.contact.error"));
    CHECK(k.store().outbox_batch(10).empty());
}

TEST_CASE("a signup the store refuses shows a clear message and keeps what was typed") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    open_form_for(k, Lang::en, "litter");
    k.tap("form.name");
    k.type("Alex Smith");
    k.tap("form.email");
    k.type("alex@example.com");
    k.tap("key.done");
    k.tap("form.consent");

    // Meanwhile the catalogue changes under the kiosk (as a sync would): the task is gone.
    {
        LocalStore other(dir / "store.db");
        Catalog c = fixture_catalog();
        c.tasks.erase(c.tasks.begin() + 2);
        other.replace_catalog(c, "fixture-2");
    }
    k.tap("form.send");
    CHECK(k.state().screen == Screen::form);
    CHECK(k.has("form.store_error"));
    CHECK(k.state().form.store_error_key == "form.error.store_invalid");
    CHECK(k.state().form.name == "Alex Smith");
    CHECK(k.state().form.email == "alex@example.com");
    CHECK(k.state().form.consent);
    CHECK(k.store().outbox_batch(10).empty());
}

TEST_CASE("the way back from the form returns to the task and keeps the choice") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    open_form_for(k, Lang::fi, "digi");
    k.tap("back");
    CHECK(k.state().screen == Screen::task);
    CHECK(k.state().selected == std::vector<std::string>{"digi"});
    k.tap("back");
    CHECK(k.state().screen == Screen::browse);
    k.tap("back");
    CHECK(k.state().screen == Screen::attract);
    CHECK(k.state().selected.empty());
}

TEST_CASE("the language can be switched on every screen") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    CHECK(k.has("lang.sv"));
    k.tap("attract.start");
    for (Screen expected : {Screen::browse, Screen::task, Screen::form}) {
        REQUIRE(k.state().screen == expected);
        k.tap("lang.en");
        CHECK(k.state().lang == Lang::en);
        k.tap("lang.sv");
        CHECK(k.state().lang == Lang::sv);
        if (expected == Screen::browse)
            k.tap("card.dogs");
        else if (expected == Screen::task)
            k.tap("task.interested");
    }
}

TEST_CASE("each screen shown, task viewed and filter used is counted anonymously") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    k.tap("attract.start");
    k.tap("category.animals");
    k.tap("card.dogs");
    std::map<std::string, int64_t> counts;
    for (const UsageCounter& c : k.store().usage_counters()) {
        CHECK(c.info_point_id == "pori-library");
        counts[c.name] += c.value;
    }
    CHECK(counts["screen.browse"] == 1);
    CHECK(counts["screen.task"] == 1);
    CHECK(counts["task.view"] == 1);
    CHECK(counts["filter.category"] == 1);
}

}  // namespace talkoo::test
