// The real talkoo-kiosk's headless staff commands with the real talkoo-central (issue 13): a
// stand that never reached the centre writes its signups to a stick with --export-handover, the
// centre imports them with `import-signups`, and the kiosk takes the receipt back with
// --import-receipt; --set-pin keeps the staff PIN as a hash, read from standard input.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "core/clock.hpp"
#include "core/staff_pin.hpp"
#include "core/usage_figures.hpp"
#include "support/child_process.hpp"
#include "sync/handover/kiosk_handover.hpp"
#include "sync_fixture.hpp"

using namespace talkoo;
using namespace talkoo::test;

namespace {

const EnvVars kHeadless = {{"SDL_VIDEODRIVER", "dummy"}, {"SDL_AUDIODRIVER", "dummy"}};

ProcessOutput run_kiosk(const TestKiosk& kiosk, std::vector<std::string> args) {
    args.insert(args.begin(), {TALKOO_KIOSK_BIN, "--data-dir", kiosk.dir.path().string()});
    return run_process(args, kHeadless);
}

}  // namespace

TEST_CASE(
    "talkoo-kiosk --export-handover and --import-receipt deliver a stand's signups by "
    "stick, exactly once",
    "[e2e][handover]") {
    CentralFixture centre{{}, false};
    TestKiosk kiosk("http://127.0.0.1:9", centre.device, centre.keys.current().public_key);
    kiosk.make_signups(3);
    kiosk.store.reset();  // the kiosk process owns the store now
    TempDir stick;

    // Enrolled (address and token remembered) but never reached: the centre is not running.
    ProcessOutput written =
        run_kiosk(kiosk, {"--server", "http://127.0.0.1:9", "--token", centre.device.token,
                          "--export-handover", stick.path().string()});
    INFO(written.output);
    REQUIRE(written.exit_code == 0);
    CHECK_THAT(written.output, Catch::Contains("handover file written and verified"));
    CHECK_THAT(written.output, Catch::Contains("(3 signups"));
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(stick.path()))
        files.push_back(e.path());
    REQUIRE(files.size() == 1);

    CommandResult imported = run_central({"import-signups", files[0].string(), "--db", centre.db});
    INFO(imported.out << imported.err);
    REQUIRE(imported.exit_code == 0);
    CHECK_THAT(imported.out, Catch::Contains("3 stored"));
    CHECK_THAT(imported.out, Catch::Contains("receipt: "));
    require_delivered_exactly_once(centre, kiosk);

    const auto receipt = handover::receipt_path_for(files[0]);
    ProcessOutput taken = run_kiosk(kiosk, {"--import-receipt", receipt.string()});
    INFO(taken.output);
    CHECK(taken.exit_code == 0);
    CHECK_THAT(taken.output, Catch::Contains("3 signups acknowledged by the centre"));
    ProcessOutput summary = run_kiosk(kiosk, {"--summary"});
    CHECK_THAT(summary.output,
               Catch::Contains("outbox: 0 waiting, 0 need attention, 3 acknowledged"));

    // Nothing left to hand over is said, and is no failure.
    ProcessOutput nothing = run_kiosk(kiosk, {"--export-handover", stick.path().string()});
    CHECK(nothing.exit_code == 0);
    CHECK_THAT(nothing.output, Catch::Contains("nothing to hand over"));
    // A receipt that is no receipt is refused in words.
    ProcessOutput bad = run_kiosk(kiosk, {"--import-receipt", files[0].string()});
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.output, Catch::Contains("--import-receipt:"));
}

TEST_CASE(
    "talkoo-kiosk --set-pin keeps the PIN from standard input as an Argon2id hash, and "
    "refuses one that is not 4 to 8 digits",
    "[e2e][staff]") {
    CentralFixture centre{{}, false};
    TestKiosk kiosk("http://127.0.0.1:9", centre.device, centre.keys.current().public_key);
    kiosk.store.reset();
    const std::string command = "printf '%s\\n' \"$PIN\" | '" + std::string(TALKOO_KIOSK_BIN) +
                                "' --data-dir '" + kiosk.dir.path().string() + "' --set-pin";
    ProcessOutput bad = run_process({"/bin/sh", "-c", command}, {{"PIN", "12ab"}});
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.output, Catch::Contains("4 to 8 digits"));
    ProcessOutput ok = run_process({"/bin/sh", "-c", command}, {{"PIN", "24681357"}});
    INFO(ok.output);
    REQUIRE(ok.exit_code == 0);
    CHECK_THAT(ok.output, Catch::Contains("staff PIN set"));
    LocalStore store(kiosk.store_file);
    CHECK(store.setting(kPinHashSetting).value_or("").starts_with("$argon2id$"));
    StaffPin pin(store, fastest_pin_cost());
    CHECK(pin.check("24681357", 1'750'000'000'000).result == StaffPin::Check::Result::ok);
}

TEST_CASE(
    "talkoo-kiosk --erase-personal-data erases at once when the centre has everything, and "
    "otherwise lists what would be lost and needs the number confirmed",
    "[e2e][staff]") {
    CentralFixture centre{{}, false};
    TestKiosk kiosk("http://127.0.0.1:9", centre.device, centre.keys.current().public_key);
    kiosk.make_signups(2);
    std::vector<std::string> blobs;
    for (const OutboxEntry& e : kiosk.store->unacknowledged())
        blobs.push_back(e.sealed.substr(40, 40));
    kiosk.store.reset();

    ProcessOutput refused = run_kiosk(kiosk, {"--erase-personal-data"});
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.output, Catch::Contains("2 signup(s) have not reached the centre"));
    CHECK_THAT(refused.output, Catch::Contains(kiosk.made[0].id));
    CHECK_THAT(refused.output, Catch::Contains("Nothing was erased"));
    CHECK(run_kiosk(kiosk, {"--erase-personal-data", "--confirm-loss", "1"}).exit_code == 1);
    {
        LocalStore store(kiosk.store_file);
        CHECK(store.outbox_summary().pending == 2);
    }

    ProcessOutput erased = run_kiosk(kiosk, {"--erase-personal-data", "--confirm-loss", "2"});
    INFO(erased.output);
    CHECK(erased.exit_code == 0);
    CHECK_THAT(erased.output,
               Catch::Contains("0 delivered signup(s) wiped, 2 undelivered deleted"));
    std::string bytes;
    for (const auto& e : std::filesystem::directory_iterator(kiosk.dir.path()))
        if (e.is_regular_file()) {
            std::ifstream in(e.path(), std::ios::binary);
            bytes += std::string(std::istreambuf_iterator<char>(in), {});
        }
    for (const std::string& b : blobs)
        CHECK(bytes.find(b) == std::string::npos);
    // Now nothing is waiting: it runs at once.
    CHECK(run_kiosk(kiosk, {"--erase-personal-data"}).exit_code == 0);
}

TEST_CASE("talkoo-kiosk --figures prints today's, this stop's and the week's figures per stop",
          "[e2e][staff]") {
    CentralFixture centre{{}, false};
    TestKiosk kiosk("http://127.0.0.1:9", centre.device, centre.keys.current().public_key);
    const std::string today = local_date(now_ms());
    kiosk.store->count_usage(add_days(today, -3), "point-2", "session.start", 4);  // the last stop
    kiosk.store->count_usage(add_days(today, -1), "point-1", "session.start", 5);
    kiosk.store->count_usage(today, "point-1", "session.start", 3);
    kiosk.store->count_usage(today, "point-1", "session.lang.sv", 2);
    kiosk.store->count_usage(today, "point-1", "signup.sent", 1);
    kiosk.store->count_usage(today, "point-1", "task.signup.task-a1", 1);
    kiosk.store.reset();
    ProcessOutput r = run_kiosk(kiosk, {"--point", "point-1", "--figures"});
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Contains("today, " + today + ": 3 visitor sessions, 1 signups"));
    CHECK_THAT(r.output, Catch::Contains("this stop (point-1) since " + add_days(today, -1) +
                                         ": 8 visitor sessions"));
    CHECK_THAT(r.output, Catch::Contains("  point-2: 4 visitor sessions"));
    CHECK_THAT(r.output, Catch::Contains("languages: sv 2"));
    CHECK_THAT(r.output, Catch::Contains("signed up for most: task-a1 1"));
}
