// The wait between "send" and "thank you" where the platform confirms durability later
// (app/store_flush.hpp, the web app's IndexedDB): the real screens and store, with a StoreFlush
// whose answer the test gives. The browser tests (tests/web) run the same with real IndexedDB.
#include <catch2/catch.hpp>

#include "app_fixture.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

using namespace talkoo;
using namespace talkoo::test;

namespace {

struct FakeStorage {
    FlushState answer = FlushState::writing;
    int started = 0;
    bool available = true;
    StoreFlush flush() {
        StoreFlush f;
        f.start = [this] { ++started; };
        f.state = [this] { return answer; };
        f.available = available;
        return f;
    }
};

void fill_form(KioskDriver& k) {
    k.tap("attract.start");
    k.tap("card.dogs");
    k.tap("task.interested");
    k.tap("form.name");
    k.type("Anna Virtanen");
    k.tap("form.phone");
    k.type("0401234567");
    k.tap("key.done");
    k.tap("form.consent");
}

}  // namespace

TEST_CASE("a signup is thanked only after the platform confirms its write") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    FakeStorage storage;
    k.app().set_store_flush(storage.flush());
    fill_form(k);
    k.tap("form.send");
    CHECK(storage.started == 1);
    CHECK(k.app().saving());
    CHECK(k.state().screen == Screen::form);
    k.wait(1.0);  // slow storage: the notice shows, nothing can be tapped twice
    CHECK(k.has("saving.notice"));
    CHECK(k.state().screen == Screen::form);
    storage.answer = FlushState::written;
    k.frame();
    CHECK_FALSE(k.app().saving());
    CHECK(k.state().screen == Screen::thanks);
    CHECK(k.store().outbox_summary().pending == 1);
}

TEST_CASE("a signup whose write is refused is withdrawn and the form keeps what was typed") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    FakeStorage storage;
    k.app().set_store_flush(storage.flush());
    fill_form(k);
    k.tap("form.send");
    storage.answer = FlushState::failed;
    k.frame();
    CHECK_FALSE(k.app().saving());
    CHECK(k.state().screen == Screen::form);
    CHECK(k.state().form.store_error_key == "form.error.not_kept");
    CHECK(k.state().form.name == "Anna Virtanen");
    CHECK(k.store().outbox_summary().pending == 0);

    // Tried again once the storage works: one signup, thanked.
    storage.answer = FlushState::written;
    k.tap("form.send");
    k.frame();
    CHECK(k.state().screen == Screen::thanks);
    CHECK(k.store().outbox_summary().pending == 1);
}

TEST_CASE("storage that never answers gives up the signup after a while, with no reset between") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskConfig config = fixture_config();
    config.idle_seconds = 5;  // shorter than the give-up time: the idle reset must still wait
    KioskDriver k(dir / "store.db", landscape(), config);
    FakeStorage storage;
    k.app().set_store_flush(storage.flush());
    fill_form(k);
    k.tap("form.send");
    k.wait(14);
    CHECK(k.app().saving());
    CHECK_FALSE(k.state().idle.warning);
    k.wait(2);
    CHECK_FALSE(k.app().saving());
    CHECK(k.state().form.store_error_key == "form.error.not_kept");
    CHECK(k.store().outbox_summary().pending == 0);
}

TEST_CASE("a browser that keeps nothing says so on the form before anyone types") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    FakeStorage storage;
    storage.available = false;
    storage.answer = FlushState::failed;
    k.app().set_store_flush(storage.flush());
    k.tap("attract.start");
    k.tap("card.dogs");
    k.tap("task.interested");
    CHECK(k.state().form.store_error_key == "form.error.no_storage");
    CHECK(k.has("form.store_error"));
}

TEST_CASE("the kiosk's own commit is its confirmation: thanked at once, as before") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    fill_form(k);
    k.tap("form.send");
    CHECK_FALSE(k.app().saving());
    CHECK(k.state().screen == Screen::thanks);
}
