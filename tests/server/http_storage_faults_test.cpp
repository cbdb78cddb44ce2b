// Honest failure: a full disk, a read-only database and one locked by another process each answer
// 503 with Retry-After (a kiosk keeps its signups and retries, as on any 5xx), GET /v1/health
// says "degraded" and why, and the centre recovers by itself when the fault is gone, with
// nothing it acknowledged lost and nothing it refused half-stored.
//
// The faults are real, made on the running talkoo-central:
// - full disk: the centre runs in a private mount namespace (unshare: as root, or as any user
//   where unprivileged user namespaces are allowed) on a 3 MiB tmpfs; the test fills it through
//   /proc/PID/root. Where no namespace can be made, a file-size limit is put on the running
//   centre instead (prlimit, RLIMIT_FSIZE): its database files cannot grow, which SQLite meets as
//   a full disk. The test says which ran; TALKOO_TEST_FULL_DISK=rlimit forces the second.
// - read-only: the immutable attribute on the database and its write-ahead log, which stops
//   writes through descriptors already open, for root too (it needs CAP_LINUX_IMMUTABLE, which
//   CI's root has; elsewhere the test fails saying so).
// - locked: another connection holds the database's write lock for longer than the centre waits.
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <set>
#include <thread>

#include "core/sqlite.hpp"
#include "support/central_fixture.hpp"
#include "sync/wire/signup_json.hpp"

using namespace talkoo;
using namespace talkoo::test;
using nlohmann::json;

namespace {

struct Posted {
    int status = 0;
    std::string retry_after;
    json body;
};

Posted post_batch(const CentralFixture& f, const std::vector<Signup>& batch) {
    auto r = f.post("/v1/signups", f.sealed_batch(batch), f.device.token);
    REQUIRE(r);
    Posted p{r->status, r->get_header_value("Retry-After"), json::parse(r->body, nullptr, false)};
    return p;
}

std::vector<Signup> batch_of(int count) {
    std::vector<Signup> out;
    for (int i = 0; i < count; ++i) {
        Signup s = test_signup({"task-a1"});
        s.message = std::string(900, 'm');  // about 1 KB each: a batch of 100 is 100 KB
        out.push_back(s);
    }
    return out;
}

json health_of(const CentralFixture& f) {
    return body_of(f.get("/v1/health", ""));
}

bool has_problem(const json& health, const std::string& code) {
    for (const json& p : health.value("problems", json::array()))
        if (p.value("code", "") == code) return true;
    return false;
}

// Polls /v1/health until its status is `status` (the report is refreshed every second).
json wait_for_health(const CentralFixture& f, const std::string& status) {
    json h;
    for (int i = 0; i < 50; ++i) {
        h = health_of(f);
        if (h.value("status", "") == status) return h;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return h;
}

// Every id the centre acknowledged is stored, once.
void check_all_stored(const CentralFixture& f, const std::set<std::string>& acknowledged) {
    std::set<std::string> stored;
    size_t listed = 0;
    std::string cursor;
    while (true) {  // page by page, with the cursor
        json page =
            body_of(f.get("/v1/signups?limit=1000" + (cursor.empty() ? "" : "&cursor=" + cursor),
                          f.network.token));
        for (const json& s : page["signups"])
            stored.insert(s["id"].get<std::string>());
        listed += page["signups"].size();
        if (!page["more"].get<bool>()) break;
        cursor = page["cursor"].get<std::string>();
    }
    CHECK(listed == stored.size());
    for (const std::string& id : acknowledged)
        CHECK(stored.count(id) == 1);
}

void check_unavailable(const Posted& p, const std::string& words) {
    INFO(p.body.dump());
    CHECK(p.status == 503);
    CHECK(!p.retry_after.empty());
    CHECK(p.body["error"].value("code", "") == "unavailable");
    CHECK_THAT(p.body["error"].value("message", ""), Catch::Contains(words));
    // The store's own message names the file (in the service's log); the client's never does.
    const std::string message = p.body["error"].value("message", "");
    CHECK(message.find(".db") == std::string::npos);
    CHECK(message.find("/tmp") == std::string::npos);
}

void remember(std::set<std::string>& acknowledged, const std::vector<Signup>& batch) {
    for (const Signup& s : batch)
        acknowledged.insert(s.id);
}

// The immutable attribute on or off; false with errno set when the file system or the
// process's privileges do not allow it.
bool set_immutable(const std::string& path, bool on) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    int flags = 0;
    bool ok = ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
    if (ok) {
        flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
        ok = ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
    int saved = errno;
    close(fd);
    errno = saved;
    return ok;
}

}  // namespace

TEST_CASE("a full disk answers 503 with Retry-After, health says why, and the centre recovers",
          "[http][faults]") {
    CentralFixture f({}, false);  // the database is set up; the service starts below
    TempDir disk_dir;
    const std::string mount = (disk_dir / "disk").string();
    std::filesystem::create_directories(mount);
    std::string mode = "tmpfs";
    const char* forced = std::getenv("TALKOO_TEST_FULL_DISK");
    try {
        if (forced && std::string(forced) == "rlimit") throw std::runtime_error("forced");
        std::vector<std::string> launcher = {"unshare"};
        if (geteuid() != 0) launcher.push_back("--map-root-user");
        for (const char* a :
             {"--mount", "--propagation", "private", "sh", "-c",
              "mount -t tmpfs -o size=3m tmpfs \"$0\" && cp \"$1\" \"$0/central.db\""
              " && shift && exec \"$@\""})
            launcher.push_back(a);
        launcher.push_back(mount);
        launcher.push_back(f.db);
        f.server = std::make_unique<CentralProcess>(mount + "/central.db", f.log_file,
                                                    std::vector<std::string>{}, launcher);
    } catch (const std::exception&) {
        mode = "rlimit";
        f.server = std::make_unique<CentralProcess>(f.db, f.log_file);
    }
    INFO("the disk is made full by: " << mode);
    const pid_t pid = f.server->pid();
    std::set<std::string> acknowledged;
    std::vector<Signup> first = batch_of(50);
    REQUIRE(post_batch(f, first).status == 200);
    remember(acknowledged, first);
    REQUIRE(health_of(f)["status"] == "ok");

    // Fill the disk.
    const std::string filler = "/proc/" + std::to_string(pid) + "/root" + mount + "/filler";
    if (mode == "tmpfs") {
        int fd = open(filler.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        REQUIRE(fd >= 0);
        std::string block(64 * 1024, 'f');
        while (write(fd, block.data(), block.size()) > 0) {
        }
        block.resize(512);
        while (write(fd, block.data(), block.size()) > 0) {
        }
        close(fd);
    } else {
        std::error_code ec;
        uint64_t largest = std::max(std::filesystem::file_size(f.db, ec),
                                    std::filesystem::file_size(f.db + "-wal", ec));
        rlimit limit{largest + 4096, RLIM_INFINITY};
        REQUIRE(prlimit(pid, RLIMIT_FSIZE, &limit, nullptr) == 0);
    }

    // Batches until one is refused: what fits in the space the log already holds is stored.
    std::vector<Signup> refused;
    Posted answer;
    for (int attempt = 0; attempt < 40 && refused.empty(); ++attempt) {
        std::vector<Signup> batch = batch_of(100);
        answer = post_batch(f, batch);
        if (answer.status == 200) {
            CHECK(answer.body["counts"]["stored"] == 100);
            remember(acknowledged, batch);
        } else {
            refused = batch;
        }
    }
    REQUIRE(!refused.empty());
    check_unavailable(answer, "disk is full");
    json degraded = health_of(f);
    INFO(degraded.dump());
    CHECK(degraded["status"] == "degraded");
    CHECK(has_problem(degraded, "disk_full"));
    CHECK(f.get("/v1/catalog", f.device.token)->status == 200);  // reads still work

    // Space returns: the centre takes the same batch, once, with nothing done by hand.
    if (mode == "tmpfs") {
        REQUIRE(unlink(filler.c_str()) == 0);
    } else {
        rlimit limit{RLIM_INFINITY, RLIM_INFINITY};
        REQUIRE(prlimit(pid, RLIMIT_FSIZE, &limit, nullptr) == 0);
    }
    Posted retried = post_batch(f, refused);
    INFO(retried.body.dump());
    REQUIRE(retried.status == 200);
    CHECK(retried.body["counts"]["stored"] == 100);
    remember(acknowledged, refused);
    CHECK(wait_for_health(f, "ok")["status"] == "ok");
    check_all_stored(f, acknowledged);
}

TEST_CASE("a read-only database answers 503 with Retry-After, and is written again once writable",
          "[http][faults]") {
    CentralFixture f;
    std::set<std::string> acknowledged;
    std::vector<Signup> first = batch_of(20);
    REQUIRE(post_batch(f, first).status == 200);
    remember(acknowledged, first);

    const std::vector<std::string> files = {f.db, f.db + "-wal"};
    struct Restore {
        std::vector<std::string> files;
        ~Restore() {
            for (const std::string& p : files)
                set_immutable(p, false);
        }
    } restore{files};
    for (const std::string& p : files) {
        INFO("making " << p << " immutable needs CAP_LINUX_IMMUTABLE (root), which CI has");
        REQUIRE(set_immutable(p, true));
    }

    std::vector<Signup> refused = batch_of(20);
    Posted answer = post_batch(f, refused);
    check_unavailable(answer, "read-only");
    json degraded = wait_for_health(f, "degraded");
    INFO(degraded.dump());
    CHECK(degraded["status"] == "degraded");
    CHECK(has_problem(degraded, "read_only"));
    CHECK(f.get("/v1/catalog", f.device.token)->status == 200);

    for (const std::string& p : files)
        REQUIRE(set_immutable(p, false));
    Posted retried = post_batch(f, refused);
    INFO(retried.body.dump());
    REQUIRE(retried.status == 200);
    CHECK(retried.body["counts"]["stored"] == 20);
    remember(acknowledged, refused);
    CHECK(wait_for_health(f, "ok")["status"] == "ok");
    check_all_stored(f, acknowledged);
}

TEST_CASE("a database locked by another process answers 503 with Retry-After, then recovers",
          "[http][faults]") {
    CentralFixture f;
    std::set<std::string> acknowledged;
    std::vector<Signup> first = batch_of(10);
    REQUIRE(post_batch(f, first).status == 200);
    remember(acknowledged, first);

    std::vector<Signup> refused = batch_of(10);
    {
        sqlite::Database other(f.db);
        other.exec("BEGIN IMMEDIATE");  // the write lock, held past the centre's 5 s of patience
        Posted answer = post_batch(f, refused);
        check_unavailable(answer, "busy");
        json degraded = health_of(f);
        INFO(degraded.dump());
        CHECK(degraded["status"] == "degraded");
        CHECK(has_problem(degraded, "locked"));
        CHECK(f.get("/v1/catalog", f.device.token)->status == 200);
        other.exec("ROLLBACK");
    }
    Posted retried = post_batch(f, refused);
    REQUIRE(retried.status == 200);
    CHECK(retried.body["counts"]["stored"] == 10);
    remember(acknowledged, refused);
    CHECK(wait_for_health(f, "ok")["status"] == "ok");
    check_all_stored(f, acknowledged);
}
