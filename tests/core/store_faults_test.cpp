// A read-only data folder and a full disk give a StoreError with the right code and a message
// staff can act on: never a crash, never a silent loss, never a half-written change.
//
// The faults are real, made in a forked child so the rest of the test binary is unaffected:
// - read-only: as root (CI), the child drops to uid 65534, since permission bits do not stop
//   root (or, where that is not permitted, bind-mounts the folder read-only); as another user,
//   the folder's 0555 mode does it.
// - full disk: the child mounts a 1 MiB tmpfs in a private mount namespace where it may (root
//   with CAP_SYS_ADMIN); elsewhere it lowers RLIMIT_FSIZE, so that writes past the limit fail
//   with EFBIG as they would with ENOSPC. The test reports which one ran;
//   TALKOO_TEST_FULL_DISK=rlimit forces the second, to check it where the first would run.
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "core/clock.hpp"
#include "core/local_store.hpp"
#include "core/sqlite.hpp"
#include "forked_child.hpp"
#include "store_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace talkoo;
using talkoo::test::ChildOutcome;
using talkoo::test::ChildReport;
using talkoo::test::TempDir;

namespace {

constexpr int64_t kT0 = 1'750'000'000'000;

std::string code_name(StoreError::Code code) {
    switch (code) {
        case StoreError::Code::cannot_open:
            return "cannot_open";
        case StoreError::Code::read_only:
            return "read_only";
        case StoreError::Code::disk_full:
            return "disk_full";
        case StoreError::Code::corrupt:
            return "corrupt";
        case StoreError::Code::too_new:
            return "too_new";
        case StoreError::Code::invalid:
            return "invalid";
        case StoreError::Code::duplicate:
            return "duplicate";
        case StoreError::Code::busy:
            return "busy";
        case StoreError::Code::io:
            return "io";
    }
    return "?";
}

// In the child: from here on this process cannot write into `folder`. Returns how. As root,
// by becoming uid 65534, or where that is not permitted (a rootless container) by a read-only
// bind mount in a private mount namespace; TALKOO_TEST_READ_ONLY=mount forces the second.
std::string drop_write_rights(const std::filesystem::path& folder) {
    if (geteuid() != 0) return "mode 0555";  // the folder's mode already stops us
    const char* forced = std::getenv("TALKOO_TEST_READ_ONLY");
    const bool may_setuid = !forced || std::string(forced) != "mount";
    if (may_setuid && setgroups(0, nullptr) == 0 && setgid(65534) == 0 && setuid(65534) == 0)
        return "uid 65534";
    if (unshare(CLONE_NEWNS) == 0 &&
        mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0 &&
        mount(folder.c_str(), folder.c_str(), nullptr, MS_BIND, nullptr) == 0 &&
        mount(nullptr, folder.c_str(), nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY, nullptr) == 0)
        return "read-only bind mount";
    throw std::runtime_error(
        "running as root, but neither setuid(65534) nor a read-only bind mount is permitted "
        "here, so no folder can be made read-only for this test");
}

// Opens the store in a child without write rights to `folder` and reports what happened.
ChildOutcome open_without_write_rights(const std::filesystem::path& folder,
                                       const std::filesystem::path& file) {
    return test::run_in_child([&](ChildReport& report) {
        report("read_only_by", drop_write_rights(folder));
        try {
            LocalStore store(file);
            report("opened", "yes");
            store.commit_signup(test::sealed(test::make_signup({"dogs-1"}, kT0 + 99)));
            report("committed", "yes");
        } catch (const StoreError& e) {
            report("code", code_name(e.code));
            report("message", e.what());
        }
    });
}

// A folder that the child cannot write but can enter: its parents open to all, itself 0555.
std::filesystem::path read_only_folder(const TempDir& dir) {
    chmod(dir.path().c_str(), 0755);
    auto folder = dir / "data";
    std::filesystem::create_directories(folder);
    return folder;
}

}  // namespace

TEST_CASE("a store in a read-only folder is refused as read_only, not created, no crash") {
    TempDir dir;
    auto folder = read_only_folder(dir);
    chmod(folder.c_str(), 0555);
    ChildOutcome child = open_without_write_rights(folder, folder / "s.sqlite");
    INFO("read-only by " << child.report["read_only_by"] << "; " << child.report["exception"]);
    REQUIRE(child.exited);
    CHECK(child.exit_code == 0);
    CHECK(child.report["code"] == "read_only");
    CHECK_THAT(child.report["message"], Catch::Contains(folder.string()));
    CHECK_THAT(child.report["message"], Catch::Contains("read-only"));
    CHECK(child.report.count("opened") == 0);
    chmod(folder.c_str(), 0755);
    CHECK_FALSE(std::filesystem::exists(folder / "s.sqlite"));
}

TEST_CASE("a data folder that cannot be created under a read-only one is refused as read_only") {
    TempDir dir;
    auto folder = read_only_folder(dir);
    chmod(folder.c_str(), 0555);
    ChildOutcome child = open_without_write_rights(folder, folder / "kiosk" / "s.sqlite");
    REQUIRE(child.exited);
    CHECK(child.report["code"] == "read_only");
    CHECK_THAT(child.report["message"], Catch::Contains("kiosk"));
    chmod(folder.c_str(), 0755);
}

TEST_CASE("an existing store in a folder made read-only is refused as read_only, data intact") {
    TempDir dir;
    auto folder = read_only_folder(dir);
    auto file = folder / "s.sqlite";
    Signup kept = test::make_signup({"dogs-1"}, kT0);
    {
        LocalStore store(file);
        store.replace_catalog(test::sample_catalog(), "c1");
        store.commit_signup(test::sealed(kept));
    }
    SECTION("the file read-only too") {
        chmod(file.c_str(), 0444);
    }
    SECTION("the file writable, but no WAL can be made beside it") {
        chmod(file.c_str(), 0666);
    }
    chmod(folder.c_str(), 0555);
    ChildOutcome child = open_without_write_rights(folder, file);
    INFO("read-only by " << child.report["read_only_by"] << "; " << child.report["exception"]);
    REQUIRE(child.exited);
    CHECK(child.exit_code == 0);
    CHECK(child.report["code"] == "read_only");
    CHECK(child.report.count("committed") == 0);

    chmod(folder.c_str(), 0755);
    chmod(file.c_str(), 0644);
    LocalStore store(file);
    CHECK(test::opened(*store.outbox_entry(kept.id)) == kept);
    CHECK(store.outbox_summary().pending == 1);
    sqlite::Database check(file);
    CHECK(check.pragma_text("integrity_check") == "ok");
}

namespace {

// In the child: limits the space for files in `folder` to about `bytes`. Returns how: "tmpfs"
// (a real full file system) or "rlimit" (RLIMIT_FSIZE: each file may grow to `bytes`).
std::string limit_space(const std::filesystem::path& folder, size_t bytes) {
    const std::string options = "size=" + std::to_string(bytes) + ",mode=0755";
    const char* forced = std::getenv("TALKOO_TEST_FULL_DISK");
    const bool may_mount = !forced || std::string(forced) != "rlimit";
    if (may_mount && unshare(CLONE_NEWNS) == 0 &&
        mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0 &&
        mount("tmpfs", folder.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0)
        return "tmpfs";
    signal(SIGXFSZ, SIG_IGN);  // a write past the limit must fail with EFBIG, not kill us
    rlimit limit{};
    getrlimit(RLIMIT_FSIZE, &limit);
    limit.rlim_cur = bytes;
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) throw std::runtime_error("setrlimit failed");
    return "rlimit";
}

void give_space_back(const std::string& mode, const std::filesystem::path& filler) {
    if (mode == "tmpfs") {
        std::filesystem::remove(filler);
        return;
    }
    rlimit limit{};
    getrlimit(RLIMIT_FSIZE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_FSIZE, &limit);
}

Catalog big_catalog() {
    Catalog c = test::sample_catalog();
    for (int i = 0; i < 300; ++i) {
        Task t = test::make_task("extra-" + std::to_string(i), "spr-pori", "Lisätehtävä");
        t.description.fi = std::string(3000, 'x');
        c.tasks.push_back(t);
    }
    return c;
}

}  // namespace

TEST_CASE("a full disk gives disk_full, keeps every committed signup, half-writes nothing") {
    TempDir dir;
    auto folder = dir / "small-disk";
    std::filesystem::create_directories(folder);
    ChildOutcome child = test::run_in_child([&](ChildReport& report) {
        const std::string mode = limit_space(folder, 1 << 20);
        report("mode", mode);
        const auto file = folder / "s.sqlite";
        const auto filler = folder / "filler";
        std::vector<std::string> committed;
        {
            LocalStore store(file);
            store.replace_catalog(test::sample_catalog(), "c1");
            if (mode == "tmpfs") std::ofstream(filler) << std::string(128 * 1024, 'f');

            // Commit until the disk is full; every commit that returned must survive.
            Signup failed;
            for (int i = 0; i < 100000; ++i) {
                Signup s = test::make_signup({"dogs-1"}, kT0 + i);
                s.message = std::string(900, 'm');
                try {
                    store.commit_signup(test::sealed(s));
                    committed.push_back(s.id);
                } catch (const StoreError& e) {
                    report("signup_code", code_name(e.code));
                    report("signup_message", e.what());
                    failed = s;
                    break;
                }
            }
            report("committed", std::to_string(committed.size()));
            report("failed_signup_stored", store.outbox_entry(failed.id) ? "yes" : "no");

            try {
                store.replace_catalog(big_catalog(), "c2");
                report("catalog_code", "none");
            } catch (const StoreError& e) {
                report("catalog_code", code_name(e.code));
            }
            report("cursor_after", store.catalog_cursor());
            report("tasks_after", std::to_string(store.catalog_stats().tasks));
        }
        {
            LocalStore store(file);  // reopened, as after a restart
            size_t present = 0;
            for (const std::string& id : committed)
                present += store.outbox_entry(id) ? 1 : 0;
            report("present_after_reopen", std::to_string(present));
            report("integrity", sqlite::Database(file).pragma_text("integrity_check"));

            give_space_back(mode, filler);
            store.commit_signup(test::sealed(test::make_signup({"dogs-1"}, kT0 + 200000)));
            report("commit_after_space_freed", "ok");
        }
    });
    auto& r = child.report;
    INFO("full disk made by: " << r["mode"] << "; exception: " << r["exception"]);
    WARN("full disk made by " << r["mode"]);
    REQUIRE(child.exited);
    CHECK(child.exit_code == 0);
    CHECK(r["signup_code"] == "disk_full");
    CHECK_THAT(r["signup_message"], Catch::Contains("full"));
    CHECK(std::stoi(r["committed"]) > 0);
    CHECK(r["failed_signup_stored"] == "no");
    CHECK(r["catalog_code"] == "disk_full");
    CHECK(r["cursor_after"] == "c1");
    CHECK(r["tasks_after"] == "5");
    CHECK(r["present_after_reopen"] == r["committed"]);
    CHECK(r["integrity"] == "ok");
    CHECK(r["commit_after_space_freed"] == "ok");
}
