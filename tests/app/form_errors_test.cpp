// Finding 2 of issue 18: a field's error goes away, or changes, as soon as its value is valid,
// and the summary follows; nothing waits for the next "Send".
#include <catch2/catch.hpp>

#include "app_fixture.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

namespace talkoo::test {

TEST_CASE("an error beside a field goes away as soon as its value is valid") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    k.tap("attract.start");
    k.pause(1);
    k.tap("card.dogs");
    k.pause(1);
    k.tap("task.interested");
    k.pause(1);
    k.tap("form.phone");
    k.type("123");
    k.tap("key.done");
    k.pause(1);
    k.tap("form.send");
    REQUIRE(k.has("form.name.error"));
    REQUIRE(k.has("form.phone.error"));
    REQUIRE(k.has("form.consent.error"));
    REQUIRE(k.has("form.errors"));

    // Ticking the consent clears its message at once.
    k.pause(1);
    k.tap("form.consent");
    CHECK_FALSE(k.has("form.consent.error"));
    CHECK(k.has("form.phone.error"));

    // The phone number, corrected: its message stays while it is still wrong, then goes.
    k.pause(1);
    k.tap("form.phone");
    k.type("\b\b\b040");
    CHECK(k.has("form.phone.error"));
    k.type("1234567");
    CHECK_FALSE(k.has("form.phone.error"));
    CHECK(k.has("form.errors"));  // the name is still missing

    // The last one: the summary goes with it.
    k.tap("key.done");
    k.pause(1);
    k.tap("form.name");
    k.type("Aino");
    CHECK_FALSE(k.has("form.name.error"));
    CHECK_FALSE(k.has("form.errors"));
    CHECK(k.state().form.errors.empty());
    k.tap("key.done");
    k.pause(1);
    k.tap("form.send");
    CHECK(k.state().screen == Screen::thanks);
}

TEST_CASE("an e-mail typed after a failed send is not called wrong while it is being typed") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    k.tap("attract.start");
    k.pause(1);
    k.tap("card.dogs");
    k.pause(1);
    k.tap("task.interested");
    k.pause(1);
    k.tap("form.send");
    REQUIRE(k.has("form.contact.error"));
    k.pause(1);
    k.tap("form.email");
    k.type("aino@");
    // The contact is no longer missing; the address is half typed, not yet wrong.
    CHECK_FALSE(k.has("form.contact.error"));
    CHECK_FALSE(k.has("form.email.error"));
    // Leaving the field with it still incomplete says so.
    k.tap("key.done");
    CHECK(k.has("form.email.error"));
    k.pause(1);
    k.tap("form.email");
    k.type("example.fi");
    CHECK_FALSE(k.has("form.email.error"));
}

}  // namespace talkoo::test
