// The real talkoo-kiosk binary syncing with the real talkoo-central: `--server` and `--token`
// given once and remembered, `--sync-once` with its summary line and exit status, a kiosk killed
// with SIGKILL while the centre's answer is on its way, and the kiosk's window (headless) syncing
// on its own when a centre is configured.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <thread>

#include "sync/client/centre_link.hpp"
#include "sync_fixture.hpp"

using namespace talkoo;
using namespace talkoo::test;

namespace {

struct KioskRun {
    int exit_code = -1;
    std::string output;  // stdout and stderr together
};

pid_t spawn_kiosk(std::vector<std::string> args, int out_fd) {
    args.insert(args.begin(), TALKOO_KIOSK_BIN);
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        dup2(out_fd, 1);
        dup2(out_fd, 2);
        setenv("SDL_VIDEODRIVER", "dummy", 1);
        setenv("SDL_AUDIODRIVER", "dummy", 1);
        execv(argv[0], argv.data());
        _exit(127);
    }
    return pid;
}

int exit_status(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

KioskRun run_kiosk(const std::vector<std::string>& args) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_t pid = spawn_kiosk(args, fds[1]);
    close(fds[1]);
    KioskRun r;
    char buf[4096];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0)
        r.output.append(buf, static_cast<size_t>(n));
    close(fds[0]);
    r.exit_code = exit_status(pid);
    return r;
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
    KioskRun first = run_kiosk(data_dir_of(*world.kiosk) +
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
    KioskRun second =
        run_kiosk(data_dir_of(*world.kiosk) + std::vector<std::string>{"--sync-once"});
    INFO(second.output);
    CHECK(second.exit_code == 0);
    CHECK_THAT(second.output, Catch::StartsWith("sync complete: 3 signups delivered"));
    KioskRun summary = run_kiosk(data_dir_of(*world.kiosk) + std::vector<std::string>{"--summary"});
    CHECK_THAT(summary.output, Catch::Contains("centre: " + world.proxy->url() + ", last sync 20"));

    world.kiosk->store = std::make_unique<LocalStore>(world.kiosk->store_file);
    require_delivered_exactly_once(world.centre, *world.kiosk);
    require_same_catalog(world.centre, *world.kiosk->store);
}

TEST_CASE("talkoo-kiosk --sync-once without a centre says how to configure one") {
    TempDir dir;
    KioskRun r = run_kiosk({"--data-dir", dir.path().string(), "--sync-once"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("--server"));
    CHECK_THAT(r.output, Catch::Contains("--token"));
}

TEST_CASE("a coordinator's token given to the kiosk is refused with advice, nothing remembered") {
    SyncWorld world;
    world.kiosk->store.reset();
    KioskRun r = run_kiosk(data_dir_of(*world.kiosk) +
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
    KioskRun r = run_kiosk(data_dir_of(*world.kiosk) +
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
    int null = ::open("/dev/null", O_WRONLY);
    pid_t kiosk =
        spawn_kiosk(data_dir_of(*world.kiosk) +
                        std::vector<std::string>{"--server", world.proxy->url(), "--token",
                                                 world.centre.device.token, "--sync-once"},
                    null);
    ::close(null);
    bool posted = wait_until([&] {
        for (const std::string& r : world.proxy->requests())
            if (r.starts_with("POST /v1/signups")) return true;
        return false;
    });
    ::kill(kiosk, SIGKILL);
    CHECK(exit_status(kiosk) == 128 + SIGKILL);
    REQUIRE(posted);
    world.proxy->clear_rules();

    KioskRun again = run_kiosk(data_dir_of(*world.kiosk) + std::vector<std::string>{"--sync-once"});
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
    int null = ::open("/dev/null", O_WRONLY);
    pid_t kiosk =
        spawn_kiosk(data_dir_of(*world.kiosk) +
                        std::vector<std::string>{"--headless", "--windowed", "--size", "800x600"},
                    null);
    ::close(null);
    bool delivered = wait_until([&] { return world.kiosk->store->outbox_summary().pending == 0; });
    ::kill(kiosk, SIGTERM);
    CHECK(exit_status(kiosk) == 0);
    REQUIRE(delivered);
    require_delivered_exactly_once(world.centre, *world.kiosk);
    require_same_catalog(world.centre, *world.kiosk->store);
}
