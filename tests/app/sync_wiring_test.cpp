// The kiosk's sync wiring (app/kiosk_sync.hpp): the status line in the visitor's language, and a
// signup made by touch on the real screens reaching the real talkoo-central through the
// SyncWorker at once, woken by the commit rather than by its timer.
#include <atomic>
#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

#include "app/kiosk_sync.hpp"
#include "app_fixture.hpp"
#include "core/clock.hpp"
#include "kiosk_driver.hpp"
#include "support/central_fixture.hpp"
#include "support/temp_dir.hpp"
#include "sync/client/sync_once.hpp"
#include "sync/wire/catalog_json.hpp"

namespace talkoo::test {
namespace {

using sync::SyncError;
using sync::SyncStatus;

bool wait_for(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

}  // namespace

TEST_CASE("the sync line says offline, what waits and what needs attention, in each language") {
    const Translations& tr = translations();
    SyncStatus s;
    CHECK(sync_status_line(s, tr, Lang::en) == "Not synced yet");
    s.connection = SyncStatus::Connection::offline;
    s.waiting = 1;
    s.last_error = "Cannot reach the centre at central.example.fi: the network is down.";
    s.last_error_kind = SyncError::Kind::network;
    // A lost network is normal for an offline-first kiosk: no error text, only the state.
    CHECK(sync_status_line(s, tr, Lang::en) == "Offline · 1 signup waiting, safe on this device");
    CHECK(sync_status_line(s, tr, Lang::fi) ==
          "Ei verkkoyhteyttä · 1 ilmoittautuminen odottaa, tallessa laitteella");
    s.waiting = 3;
    s.needs_attention = 2;
    CHECK(sync_status_line(s, tr, Lang::sv) ==
          "Ingen nätverksanslutning · 3 anmälningar väntar, sparade på enheten · 2 behöver "
          "personalens uppmärksamhet");
    // What staff must act on is spelled out.
    s.connection = SyncStatus::Connection::online;
    s.waiting = 0;
    s.needs_attention = 0;
    s.last_error =
        "The centre does not recognise this device: ask the coordinator for a new token.";
    s.last_error_kind = SyncError::Kind::unauthorized;
    CHECK(sync_status_line(s, tr, Lang::fi) ==
          "Synkronoinnissa ongelma · Keskus ei tunnista tätä laitetta: pyydä koordinaattorilta "
          "uusi laitetunniste");
    CHECK(sync_status_line(s, tr, Lang::en) ==
          "Sync problem · The centre does not recognise this device: ask the coordinator for a "
          "new token");
    // A captive portal's page is named as such, in the visitor's language too.
    s.last_error_kind = SyncError::Kind::not_centre;
    CHECK_THAT(sync_status_line(s, tr, Lang::sv), Catch::Contains("logga in på wifi-nätet"));
    // A lost network is no error at an offline-first kiosk: no advice is added.
    s.last_error_kind = SyncError::Kind::network;
    CHECK(sync_status_line(s, tr, Lang::en) == "Sync problem");
    s.last_error.clear();
    s.last_error_kind.reset();
    s.last_success_ms = 1718870400000;
    CHECK_THAT(sync_status_line(s, tr, Lang::en), Catch::StartsWith("Synced "));
    CHECK(tr.missing().empty());
}

TEST_CASE("a signup made by touch reaches the centre at once, and the sync line says so") {
    CentralFixture centre({"--rate-limit", "0"});
    std::filesystem::path catalog_file = centre.dir / "fixture.json";
    std::ofstream(catalog_file) << wire::catalog_to_json_text(fixture_catalog(), false);
    REQUIRE(run_central({"import", catalog_file.string(), "--db", centre.db}).exit_code == 0);
    // Only the fixture's tasks, so that the cards are where the kiosk's other tests find them.
    for (const char* id : {"task-a1", "task-a2", "task-b1"})
        REQUIRE(centre.del(std::string("/v1/tasks/") + id, centre.network.token)->status == 200);

    TempDir dir;
    std::filesystem::path store_file = dir / "store.db";
    sync::SyncConfig config;
    config.server_url =
        "http://" + centre.server->host() + ":" + std::to_string(centre.server->port());
    config.device_token = centre.device.token;
    config.interval = std::chrono::hours(1);  // only the signup can wake it in time
    {
        LocalStore store(store_file);
        REQUIRE(sync::sync_once(store, config).exit_code == sync::kSyncOnceOk);
    }
    KioskDriver k(store_file, landscape(), fixture_config());
    std::atomic<int> wakes{0};
    auto worker = start_sync(k.app(), translations(), store_file, config, [&] { wakes++; });
    REQUIRE(wait_for([&] { return worker->status().last_success_ms > 0; }));
    CHECK(wakes > 0);
    k.frame();
    CHECK_THAT(k.state().status_line, Catch::StartsWith("Synkronoitu "));

    k.tap("lang.en");
    k.tap("card.dogs");
    k.tap("task.interested");
    REQUIRE(k.state().screen == Screen::form);
    k.tap("form.name");
    k.type("Åsa Öberg");
    k.tap("form.phone");
    k.type("0401234567");
    k.tap("key.done");
    k.tap("form.consent");
    k.tap("form.send");
    REQUIRE(k.state().screen == Screen::thanks);

    REQUIRE(wait_for([&] { return worker->status().delivered == 1; }));
    CommandResult exported = run_central({"export-signups", "--format", "json", "--db", centre.db});
    nlohmann::json signups = nlohmann::json::parse(exported.out).at("signups");
    REQUIRE(signups.size() == 1);
    CHECK(signups[0].at("name") == "Åsa Öberg");
    CHECK(signups[0].at("task_ids") == nlohmann::json::array({"dogs"}));
    // Delivered, so the visitor's details have left the kiosk.
    CHECK(k.store().outbox_summary().pending == 0);
    CHECK(k.store().outbox_entry(signups[0].at("id").get<std::string>())->signup.name.empty());
    k.frame();
    CHECK_THAT(k.state().status_line, Catch::StartsWith("Synced "));
    worker.reset();
}

TEST_CASE("a kiosk enrolled for an info point learns it from the centre; its own setting wins") {
    CentralFixture centre({"--rate-limit", "0"});
    std::filesystem::path catalog_file = centre.dir / "fixture.json";
    std::ofstream(catalog_file) << wire::catalog_to_json_text(fixture_catalog(), false);
    REQUIRE(run_central({"import", catalog_file.string(), "--db", centre.db}).exit_code == 0);
    Identity at_library = centre.add_device("Library kiosk", "pori-library");
    auto config_for = [&](const Identity& device) {
        sync::SyncConfig config;
        config.server_url =
            "http://" + centre.server->host() + ":" + std::to_string(centre.server->port());
        config.device_token = device.token;
        return config;
    };

    TempDir dir;
    {
        LocalStore store(dir / "library.db");
        REQUIRE(sync::sync_once(store, config_for(at_library)).exit_code == sync::kSyncOnceOk);
    }
    // No point set on the kiosk: the centre's registration gives "near this stand".
    {
        KioskDriver k(dir / "library.db", landscape(), KioskConfig{});
        CHECK(k.app().data().has_point);
        CHECK(k.has("attract.subtitle"));
        k.tap("attract.start");
        CHECK(k.state().browse.near);
        CHECK(k.has("filter.near"));
        CHECK(k.app().data().point_name == "Porin kaupunginkirjasto");
    }
    // A point set on the kiosk itself (kiosk.conf, --point) still wins.
    {
        KioskConfig config;
        config.info_point_id = "point-2";
        KioskDriver k(dir / "library.db", landscape(), config);
        k.tap("attract.start");
        CHECK(k.app().data().point_name != "Porin kaupunginkirjasto");
        CHECK_FALSE(k.app().data().point_name.empty());
    }
    // No point anywhere (not set, never synced): nothing on screen claims nearness.
    seed_fixture(dir / "nowhere.db");
    {
        KioskDriver k(dir / "nowhere.db", landscape(), KioskConfig{});
        CHECK_FALSE(k.app().data().has_point);
        CHECK(k.has("attract.subtitle_anywhere"));
        CHECK_FALSE(k.has("attract.subtitle"));
        k.tap("attract.start");
        CHECK_FALSE(k.has("filter.near"));
    }
}

}  // namespace talkoo::test
