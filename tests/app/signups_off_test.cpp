// Sealing from the visitor's side: the form is sealed before it is stored, so a kiosk without a
// usable network key does not take signups at all, and says so in the visitor's language; staff
// see why on the status line. What a visitor types reaches no file in plain text.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "app_fixture.hpp"
#include "core/sqlite.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

namespace talkoo::test {
namespace {

void forget_network_key(const std::filesystem::path& store_file) {
    sqlite::Database raw(store_file);
    raw.exec("DELETE FROM settings WHERE key LIKE 'network.%'");
}

void open_task_form(KioskDriver& k, Lang lang) {
    k.tap("lang." + std::string(lang_code(lang)));
    k.tap("card.dogs");
    k.tap("task.interested");
    REQUIRE(k.state().screen == Screen::form);
}

std::string folder_bytes(const std::filesystem::path& folder) {
    std::string bytes;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        std::ifstream in(entry.path(), std::ios::binary);
        bytes += std::string(std::istreambuf_iterator<char>(in), {});
    }
    return bytes;
}

}  // namespace

TEST_CASE(
    "a kiosk with no network key says in the visitor's language that signing up is not "
    "possible here, and asks for nothing") {
    for (Lang lang : kAllLangs) {
        DYNAMIC_SECTION("language " << lang_code(lang)) {
            TempDir dir;
            seed_fixture(dir / "store.db");
            forget_network_key(dir / "store.db");
            KioskDriver k(dir / "store.db", landscape(), fixture_config());
            CHECK_FALSE(k.app().signups_off_reason().empty());
            open_task_form(k, lang);
            CHECK(k.has("form.off.back"));
            CHECK_FALSE(k.has("form.name"));
            CHECK_FALSE(k.has("form.send"));
            // Staff see why at the bottom edge, in the visitor's language too.
            CHECK(k.state().status_line.find(translations().get(lang, "status.signups_off")) !=
                  std::string::npos);
            k.type("Salainen");  // a physical keyboard: nothing to type into
            k.frame();
            CHECK(k.state().form.name.empty());
            k.tap("form.off.back");
            CHECK(k.state().screen == Screen::task);
            CHECK(k.store().outbox_summary().pending == 0);
        }
    }
}

TEST_CASE(
    "a kiosk that syncs with a centre takes no signup on the demo catalogue's key; an "
    "offline demo kiosk does") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    {
        LocalStore store(dir / "store.db");
        store.set_network_key(
            {fixture_keys().current().public_key, NetworkKeySource::demo_file, 1});
    }
    KioskConfig with_centre = fixture_config();
    with_centre.centre_configured = true;
    {
        KioskDriver k(dir / "store.db", landscape(), with_centre);
        open_task_form(k, Lang::fi);
        CHECK(k.has("form.off.back"));
        CHECK_THAT(k.app().signups_off_reason(), Catch::Contains("demo"));
    }
    KioskDriver offline(dir / "store.db", landscape(), fixture_config());
    open_task_form(offline, Lang::fi);
    CHECK(offline.has("form.name"));
    CHECK(offline.app().signups_off_reason().empty());
}

TEST_CASE("a key that arrives while the kiosk runs opens the form for the next visitor") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    forget_network_key(dir / "store.db");
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    open_task_form(k, Lang::sv);
    REQUIRE(k.has("form.off.back"));
    {
        // The sync thread's own connection stores the key from the centre's answer.
        LocalStore sync(dir / "store.db");
        sync.set_network_key({fixture_keys().current().public_key, NetworkKeySource::centre, 2});
    }
    k.tap("form.off.back");
    k.frame();
    REQUIRE(k.state().screen == Screen::task);
    k.tap("task.interested");
    k.frame();
    CHECK(k.has("form.name"));
    CHECK(k.app().signups_off_reason().empty());
}

TEST_CASE("what a visitor types and sends reaches the store's files only sealed") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskDriver k(dir / "store.db", landscape(), fixture_config());
    open_task_form(k, Lang::fi);
    k.tap("form.name");
    k.type("Qwertyuiop Asdfghjkl");
    k.tap("form.phone");
    k.type("040 765 4329");
    k.tap("form.email");
    k.type("qwertyuiop@example.fi");
    k.tap("form.message");
    k.type("Kukaan ei saa lukea tätä");
    k.tap("key.done");
    k.tap("form.consent");
    k.tap("form.send");
    REQUIRE(k.state().screen == Screen::thanks);
    REQUIRE(opened_outbox(k.store()).at(0).name == "Qwertyuiop Asdfghjkl");
    const std::string bytes = folder_bytes(dir.path());
    for (const char* typed :
         {"Qwertyuiop", "040 765 4329", "+358407654329", "qwertyuiop@example", "Kukaan ei saa"}) {
        INFO(typed);
        CHECK(bytes.find(typed) == std::string::npos);
    }
}

}  // namespace talkoo::test
