// The real talkoo-kiosk binary syncing with the real talkoo-central: `--server` and `--token`
// given once and remembered, `--sync-once` with its summary line and exit status, a kiosk killed
// with SIGKILL while the centre's answer is on its way, and the kiosk's window (headless) syncing
// on its own when a centre is configured.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <thread>

#include "support/child_process.hpp"
#include "support/forward_proxy.hpp"
#include "sync/client/centre_link.hpp"
#include "sync_fixture.hpp"

using namespace talkoo;
using namespace talkoo::test;

namespace {

const EnvVars kHeadless = {{"SDL_VIDEODRIVER", "dummy"}, {"SDL_AUDIODRIVER", "dummy"}};

std::vector<std::string> kiosk_argv(std::vector<std::string> args) {
    args.insert(args.begin(), TALKOO_KIOSK_BIN);
    return args;
}

pid_t spawn_kiosk(const std::vector<std::string>& args, int out_fd) {
    return start_process(kiosk_argv(args), out_fd, kHeadless);
}

ProcessOutput run_kiosk(const std::vector<std::string>& args) {
    return run_process(kiosk_argv(args), kHeadless);
}

// A kiosk data folder: the store (with the test catalogue, never synced) is the TestKiosk's.
std::vector<std::string> data_dir_of(const TestKiosk& kiosk) {
    return {"--data-dir", kiosk.dir.path().string()};
}

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

}  // namespace

TEST_CASE("talkoo-kiosk --sync-once with --server and --token syncs and remembers both") {
    SyncWorld world;
    world.kiosk->make_signups(2);
    world.kiosk->store.reset();  // the kiosk process owns the store now
    ProcessOutput first =
        run_kiosk(data_dir_of(*world.kiosk) +
                  std::vector<std::string>{"--server", world.proxy->url(), "--token",
                                           world.centre.device.token, "--sync-once"});
    INFO(first.output);
    CHECK(first.exit_code == 0);
    CHECK_THAT(first.output, Catch::StartsWith("sync complete: 2 signups delivered, 0 waiting"));
    CHECK_THAT(first.output, Catch::Contains("(replaced)"));
    struct stat st {};
    REQUIRE(::stat((world.kiosk->dir / "device-token").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    // Later runs need no flags.
    world.kiosk->store = std::make_unique<LocalStore>(world.kiosk->store_file);
    world.kiosk->make_signups(3);
    world.kiosk->store.reset();
    ProcessOutput second =
        run_kiosk(data_dir_of(*world.kiosk) + std::vector<std::string>{"--sync-once"});
    INFO(second.output);
    CHECK(second.exit_code == 0);
    CHECK_THAT(second.output, Catch::StartsWith("sync complete: 3 signups delivered"));
    ProcessOutput summary =
        run_kiosk(data_dir_of(*world.kiosk) + std::vector<std::string>{"--summary"});
    CHECK_THAT(summary.output, Catch::Contains("centre: " + world.proxy->url() + ", last sync 20"));

    world.kiosk->store = std::make_unique<LocalStore>(world.kiosk->store_file);
    require_delivered_exactly_once(world.centre, *world.kiosk);
    require_same_catalog(world.centre, *world.kiosk->store);
}

TEST_CASE(
    "talkoo-kiosk syncs through the proxy in http_proxy, and a proxy that is down loses nothing") {
    SyncWorld world;
    world.kiosk->make_signups(2);
    world.kiosk->store.reset();
    const std::vector<std::string> args =
        data_dir_of(*world.kiosk) + std::vector<std::string>{"--server", world.proxy->url(),
                                                             "--token", world.centre.device.token,
                                                             "--sync-once"};
    // As on a network whose only way out is its proxy: libcurl reads http_proxy itself. A
    // no_proxy of the test machine's own (loopback, say) must not bypass it here.
    auto through = [&](const std::string& proxy_url) {
        EnvVars env = kHeadless;
        env.insert(env.end(), {{"http_proxy", proxy_url},
                               {"no_proxy", "example.invalid"},
                               {"NO_PROXY", "example.invalid"}});
        return run_process(kiosk_argv(args), env);
    };

    ForwardProxy office;
    ProcessOutput r = through(office.url());
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::StartsWith("sync complete: 2 signups delivered, 0 waiting"));
    std::vector<std::string> seen = office.requests();
    CHECK(std::count_if(seen.begin(), seen.end(), [&](const std::string& line) {
              return line.starts_with("POST " + world.proxy->url() + "/v1/signups");
          }) == 1);
    CHECK(std::any_of(seen.begin(), seen.end(), [&](const std::string& line) {
        return line.starts_with("GET " + world.proxy->url() + "/v1/catalog");
    }));

    // The proxy is down: the sync fails with a reason, the new signup waits on the device.
    world.kiosk->store = std::make_unique<LocalStore>(world.kiosk->store_file);
    world.kiosk->make_signups(1);
    world.kiosk->store.reset();
    uint64_t at_centre = world.proxy->counters().requests;
    ProcessOutput down = through("http://127.0.0.1:1");
    INFO(down.output);
    CHECK(down.exit_code == 1);
    CHECK_THAT(down.output, Catch::Contains("1 waiting"));
    CHECK(world.proxy->counters().requests == at_centre);  // nothing got past it

    // Once the way out works again, the signup arrives, once.
    ProcessOutput again = through(office.url());
    INFO(again.output);
    CHECK(again.exit_code == 0);
    world.kiosk->store = std::make_unique<LocalStore>(world.kiosk->store_file);
    require_delivered_exactly_once(world.centre, *world.kiosk);
    require_same_catalog(world.centre, *world.kiosk->store);
}

TEST_CASE("talkoo-kiosk --sync-once without a centre says how to configure one") {
    TempDir dir;
    ProcessOutput r = run_kiosk({"--data-dir", dir.path().string(), "--sync-once"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("--server"));
    CHECK_THAT(r.output, Catch::Contains("--token"));
}

TEST_CASE("a coordinator's token given to the kiosk is refused with advice, nothing remembered") {
    SyncWorld world;
    world.kiosk->store.reset();
    ProcessOutput r =
        run_kiosk(data_dir_of(*world.kiosk) +
                  std::vector<std::string>{"--server", world.proxy->url(), "--token",
                                           world.centre.network.token, "--sync-once"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("coordinator's token"));
    CHECK_FALSE(std::filesystem::exists(world.kiosk->dir / "device-token"));
    CHECK(world.proxy->counters().requests == 0);
}

TEST_CASE("talkoo-kiosk --sync-once with a revoked token exits 1 with advice, losing nothing") {
    SyncWorld world;
    world.kiosk->make_signups(1);
    world.kiosk->store.reset();
    REQUIRE(run_central({"device", "revoke", world.centre.device.id, "--db", world.centre.db})
                .exit_code == 0);
    ProcessOutput r = run_kiosk(data_dir_of(*world.kiosk) +
                                std::vector<std::string>{"--server", world.proxy->url(), "--token",
                                                         world.centre.device.token, "--sync-once"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains("ask the coordinator for a new token"));
    CHECK_THAT(r.output, Catch::Contains("1 waiting"));
}

TEST_CASE("talkoo-kiosk killed with SIGKILL while the centre's answer is held back: sent once") {
    SyncWorld world;
    world.kiosk->make_signups(20);
    world.kiosk->store.reset();
    // The centre stores the batch; its answer waits in the proxy while the kiosk dies.
    world.proxy->add_rule({Fault::delay_response, "POST", "/v1/signups", 1, 30'000});
    pid_t kiosk =
        spawn_kiosk(data_dir_of(*world.kiosk) +
                        std::vector<std::string>{"--server", world.proxy->url(), "--token",
                                                 world.centre.device.token, "--sync-once"},
                    -1);
    bool posted = wait_until([&] {
        for (const std::string& r : world.proxy->requests())
            if (r.starts_with("POST /v1/signups")) return true;
        return false;
    });
    ::kill(kiosk, SIGKILL);
    CHECK(wait_for_exit(kiosk) == 128 + SIGKILL);
    REQUIRE(posted);
    world.proxy->clear_rules();

    ProcessOutput again =
        run_kiosk(data_dir_of(*world.kiosk) + std::vector<std::string>{"--sync-once"});
    INFO(again.output);
    CHECK(again.exit_code == 0);
    CHECK_THAT(again.output, Catch::StartsWith("sync complete: 20 signups delivered"));
    world.kiosk->store = std::make_unique<LocalStore>(world.kiosk->store_file);
    require_delivered_exactly_once(world.centre, *world.kiosk);
    require_same_catalog(world.centre, *world.kiosk->store);
}

TEST_CASE("the kiosk's window syncs on its own once a centre is configured") {
    SyncWorld world;
    world.kiosk->make_signups(4);
    {
        // Configure the centre the way --server/--token do, without syncing yet.
        sync::resolve_centre_link(*world.kiosk->store, world.kiosk->dir.path(), world.proxy->url(),
                                  world.centre.device.token);
    }
    pid_t kiosk =
        spawn_kiosk(data_dir_of(*world.kiosk) +
                        std::vector<std::string>{"--headless", "--windowed", "--size", "800x600"},
                    -1);
    bool delivered = wait_until([&] { return world.kiosk->store->outbox_summary().pending == 0; });
    ::kill(kiosk, SIGTERM);
    CHECK(wait_for_exit(kiosk) == 0);
    REQUIRE(delivered);
    require_delivered_exactly_once(world.centre, *world.kiosk);
    require_same_catalog(world.centre, *world.kiosk->store);
}
