// The USB handover end to end (issue 13, point 5): a kiosk store that never reached the centre
// writes its signups to a "removable" folder, the real talkoo-central imports the file exactly
// once (a second import stores nothing) and writes a receipt beside it, and the kiosk takes the
// receipt back as the acknowledgement and erases the personal data. Every way a stick goes wrong
// gets a clear message and loses or duplicates nothing: a kill during the write, a full drive, a
// truncated, altered or foreign file, a receipt for another kiosk.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "sync/handover/kiosk_handover.hpp"
#include "sync/handover/removable_drives.hpp"
#include "sync_fixture.hpp"

namespace talkoo::test {
namespace {

using handover::HandoverError;

std::string bytes_of(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

std::vector<std::filesystem::path> files_in(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> out;
    for (const auto& e : std::filesystem::directory_iterator(folder))
        out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

// A centre that is never started (the stand never reaches it) and a kiosk enrolled with it.
struct Tour {
    CentralFixture centre{{}, false};
    TestKiosk kiosk{"http://127.0.0.1:9", centre.device, centre.keys.current().public_key};
    TempDir stick;

    CommandResult import(const std::vector<std::filesystem::path>& files) {
        std::vector<std::string> args = {"import-signups"};
        for (const auto& f : files)
            args.push_back(f.string());
        args.insert(args.end(), {"--db", centre.db});
        return run_central(args);
    }
    size_t signups_at_centre() {
        CommandResult r = run_central({"export-signups", "--format", "json", "--db", centre.db});
        REQUIRE(r.exit_code == 0);
        return nlohmann::json::parse(r.out).at("signups").size();
    }
};

HandoverError::Code error_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const HandoverError& e) {
        INFO(e.what());
        CHECK(std::string(e.what()).size() > 40);  // a sentence, not a code
        return e.code;
    }
    FAIL("no HandoverError");
    return HandoverError::Code::nothing;
}

// Runs `action` in a child process (its own store connection) and returns its exit status.
int in_child(const std::function<void()>& action) {
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        try {
            action();
            ::_exit(0);
        } catch (const HandoverError& e) {
            ::_exit(10 + static_cast<int>(e.code));
        } catch (...) {
            ::_exit(99);
        }
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return status;
}

}  // namespace

TEST_CASE(
    "a USB handover reaches the centre exactly once, and the receipt taken back acknowledges "
    "the signups and erases their personal data",
    "[e2e][handover]") {
    Tour t;
    t.kiosk.make_signups(4, {"task-a1"}, "Tikku Toimittaja");
    t.kiosk.make_signups(2, {"task-b1", "task-a2"}, "Tikku Toinen");

    handover::HandoverWritten written =
        handover::export_handover(*t.kiosk.store, t.stick.path(), t.kiosk.device.token);
    CHECK(written.signups == 6);
    CHECK(written.file.filename().string().starts_with("talkoo-handover-"));
    // Nothing left the outbox: still waiting, now marked, and sync would still send them.
    OutboxSummary before = t.kiosk.store->outbox_summary();
    CHECK(before.pending == 6);
    CHECK(before.handed_over == 6);
    // A lost stick leaks nothing: no personal field is in the file's bytes.
    const std::string bytes = bytes_of(written.file);
    for (const Signup& s : t.kiosk.made)
        for (const std::string& p : {s.name, s.email, s.message})
            CHECK(bytes.find(p) == std::string::npos);

    CommandResult first = t.import({written.file});
    INFO(first.out << first.err);
    REQUIRE(first.exit_code == 0);
    CHECK(first.out.find("6 signups: 6 stored, 0 duplicate, 0 conflict, 0 rejected") !=
          std::string::npos);
    require_delivered_exactly_once(t.centre, t.kiosk);

    // The same file again: nothing stored twice, and the receipt written again.
    CommandResult second = t.import({written.file});
    REQUIRE(second.exit_code == 0);
    CHECK(second.out.find("0 stored, 6 duplicate") != std::string::npos);
    require_delivered_exactly_once(t.centre, t.kiosk);

    std::vector<std::filesystem::path> receipts = handover::receipts_in(t.stick.path());
    REQUIRE(receipts.size() == 1);
    CHECK(receipts[0] == handover::receipt_path_for(written.file));
    handover::ReceiptTaken taken =
        handover::take_receipt(*t.kiosk.store, receipts[0], t.kiosk.device.token);
    CHECK(taken.acknowledged == 6);
    CHECK(taken.erased == 6);
    CHECK(t.kiosk.store->outbox_summary().acknowledged == 6);
    CHECK(t.kiosk.store->outbox_summary().pending == 0);
    for (const Signup& s : t.kiosk.made)
        CHECK(t.kiosk.store->outbox_entry(s.id)->sealed.empty());
    // Taken twice: nothing changes.
    handover::ReceiptTaken again =
        handover::take_receipt(*t.kiosk.store, receipts[0], t.kiosk.device.token);
    CHECK(again.acknowledged == 0);
    CHECK(again.already == 6);
    // With everything acknowledged there is nothing to hand over.
    CHECK(error_of([&] {
              handover::export_handover(*t.kiosk.store, t.stick.path(), t.kiosk.device.token);
          }) == HandoverError::Code::nothing);
}

TEST_CASE("a handed-over signup is acknowledged by the next sync's duplicate answer too",
          "[e2e][handover]") {
    SyncWorld world;
    TestKiosk& kiosk = *world.kiosk;
    REQUIRE(kiosk.sync().complete);
    kiosk.make_signups(3);
    TempDir stick;
    handover::HandoverWritten w =
        handover::export_handover(*kiosk.store, stick.path(), kiosk.device.token);
    CommandResult imported =
        run_central({"import-signups", w.file.string(), "--db", world.centre.db});
    INFO(imported.err);
    REQUIRE(imported.exit_code == 0);
    // The receipt never comes back; the stand reaches the network instead.
    REQUIRE(kiosk.sync().complete);
    CHECK(kiosk.store->outbox_summary().acknowledged == 3);
    require_delivered_exactly_once(world.centre, kiosk);
}

TEST_CASE(
    "a truncated, altered, foreign or unrelated file is refused whole, with a message, and "
    "nothing is stored",
    "[e2e][handover]") {
    Tour t;
    t.kiosk.make_signups(3);
    handover::HandoverWritten w =
        handover::export_handover(*t.kiosk.store, t.stick.path(), t.kiosk.device.token);
    const std::string good = bytes_of(w.file);
    const auto bad = t.stick / "talkoo-handover-bad.json";

    SECTION("truncated") {
        write_bytes(bad, good.substr(0, good.size() / 2));
        CommandResult r = t.import({bad});
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("cut short") != std::string::npos);
    }
    SECTION("altered: one character of a signup changed") {
        std::string changed = good;
        size_t at = changed.find("\"sealed\":\"") + 20;
        changed[at] = changed[at] == 'A' ? 'B' : 'A';
        write_bytes(bad, changed);
        CommandResult r = t.import({bad});
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("changed after") != std::string::npos);
    }
    SECTION("altered: a signup line removed and the count kept") {
        size_t first = good.find('\n', good.find('\n') + 1) + 1;
        size_t end = good.find('\n', first) + 1;
        write_bytes(bad, good.substr(0, first) + good.substr(end));
        CommandResult r = t.import({bad});
        CHECK(r.exit_code == 1);
        CHECK_FALSE(r.err.empty());
    }
    SECTION("foreign: another network's kiosk") {
        CentralFixture other{{}, false};
        TestKiosk stranger("http://127.0.0.1:9", other.device, other.keys.current().public_key);
        stranger.make_signups(2);
        handover::HandoverWritten f =
            handover::export_handover(*stranger.store, t.stick.path(), stranger.device.token);
        CommandResult r = t.import({f.file});
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("another network") != std::string::npos);
    }
    SECTION("foreign: a device token this centre never issued") {
        TestKiosk stranger("http://127.0.0.1:9", {"dev-x", "tkd_not_issued_here_0123456789"},
                           t.centre.keys.current().public_key);
        stranger.make_signups(2);
        handover::HandoverWritten f =
            handover::export_handover(*stranger.store, t.stick.path(), stranger.device.token);
        CommandResult r = t.import({f.file});
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("never issued") != std::string::npos);
    }
    SECTION("not a handover file at all") {
        write_bytes(bad, "holiday photos\n");
        CommandResult r = t.import({bad});
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("not a Talkoo handover") != std::string::npos);
    }
    SECTION("a file that is not there") {
        CommandResult r = t.import({t.stick / "nothing.json"});
        CHECK(r.exit_code == 1);
        CHECK_FALSE(r.err.empty());
    }
    CHECK(t.signups_at_centre() == 0);
    // The good file still imports afterwards, whole.
    CommandResult ok = t.import({w.file});
    INFO(ok.err);
    CHECK(ok.exit_code == 0);
    require_delivered_exactly_once(t.centre, t.kiosk);
}

TEST_CASE("a receipt for another kiosk, or changed, is refused and changes nothing",
          "[e2e][handover]") {
    Tour t;
    t.kiosk.make_signups(2);
    handover::HandoverWritten w =
        handover::export_handover(*t.kiosk.store, t.stick.path(), t.kiosk.device.token);
    REQUIRE(t.import({w.file}).exit_code == 0);
    const auto receipt = handover::receipt_path_for(w.file);

    Identity second_device = t.centre.add_device("Kiosk two", "point-2");
    TestKiosk other("http://127.0.0.1:9", second_device, t.centre.keys.current().public_key);
    other.make_signups(1);
    CHECK(error_of([&] { handover::take_receipt(*other.store, receipt, other.device.token); }) ==
          HandoverError::Code::wrong_device);
    CHECK(other.store->outbox_summary().pending == 1);

    std::string changed = bytes_of(receipt);
    size_t at = changed.find("\"stored\"");
    REQUIRE(at != std::string::npos);
    changed.replace(at, 8, "\"rejected\"");
    write_bytes(t.stick / "talkoo-receipt-changed.json", changed);
    CHECK(error_of([&] {
              handover::take_receipt(*t.kiosk.store, t.stick / "talkoo-receipt-changed.json",
                                     t.kiosk.device.token);
          }) == HandoverError::Code::altered);
    write_bytes(t.stick / "talkoo-receipt-cut.json", bytes_of(receipt).substr(0, 50));
    CHECK(error_of([&] {
              handover::take_receipt(*t.kiosk.store, t.stick / "talkoo-receipt-cut.json",
                                     t.kiosk.device.token);
          }) != HandoverError::Code::nothing);
    CHECK(t.kiosk.store->outbox_summary().pending == 2);
    CHECK(t.kiosk.store->outbox_summary().acknowledged == 0);
}

TEST_CASE(
    "a kill during the write leaves no handover file and marks nothing; the next write "
    "works",
    "[e2e][handover]") {
    Tour t;
    t.kiosk.make_signups(400);  // several 64 KiB chunks
    const std::filesystem::path store_file = t.kiosk.store_file;
    const std::string token = t.kiosk.device.token;
    const std::filesystem::path stick = t.stick.path();
    int status = in_child([&] {
        LocalStore store(store_file);
        handover::export_handover(store, stick, token, {}, [](double done) {
            if (done > 0.2) ::kill(::getpid(), SIGKILL);  // the stick is pulled, the power cut
        });
    });
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);
    for (const auto& f : files_in(stick))  // at most the temporary file, never a handover
        CHECK(f.filename().string().ends_with(".partial"));
    CHECK(t.kiosk.store->outbox_summary().handed_over == 0);
    // A half-written file handed to the centre anyway is refused.
    for (const auto& f : files_in(stick)) {
        CommandResult r = t.import({f});
        CHECK(r.exit_code == 1);
    }
    CHECK(t.signups_at_centre() == 0);

    handover::HandoverWritten w = handover::export_handover(*t.kiosk.store, stick, token);
    CHECK(w.signups == 400);
    REQUIRE(t.import({w.file}).exit_code == 0);
    require_delivered_exactly_once(t.centre, t.kiosk);
}

TEST_CASE("a full drive is said in words, leaves no file and marks nothing", "[e2e][handover]") {
    Tour t;
    t.kiosk.make_signups(50);
    const std::filesystem::path store_file = t.kiosk.store_file;
    const std::string token = t.kiosk.device.token;
    const std::filesystem::path stick = t.stick.path();
    int status = in_child([&] {
        // Past 8 KiB the file system refuses: what a full stick looks like to write().
        ::signal(SIGXFSZ, SIG_IGN);
        rlimit limit{8192, 8192};
        ::setrlimit(RLIMIT_FSIZE, &limit);
        LocalStore store(store_file);
        try {
            handover::export_handover(store, stick, token);
        } catch (const HandoverError& e) {
            if (std::string(e.what()).find("full") == std::string::npos) ::_exit(98);
            throw;
        }
    });
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 10 + static_cast<int>(HandoverError::Code::write_failed));
    CHECK(files_in(stick).empty());
    CHECK(t.kiosk.store->outbox_summary().handed_over == 0);
}

TEST_CASE("an unenrolled kiosk, or a missing folder, gets a clear message", "[e2e][handover]") {
    Tour t;
    t.kiosk.make_signups(1);
    CHECK(error_of([&] { handover::export_handover(*t.kiosk.store, t.stick.path(), ""); }) ==
          HandoverError::Code::no_token);
    CHECK(error_of([&] {
              handover::export_handover(*t.kiosk.store, t.stick / "not-mounted",
                                        t.kiosk.device.token);
          }) == HandoverError::Code::write_failed);
}

TEST_CASE("removable drives are the mounts under /media and /run/media", "[handover]") {
    TempDir dir;
    const auto info = dir / "mountinfo";
    write_bytes(
        info,
        "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
        "90 22 8:17 / /media/kiosk/STICK rw,nosuid,nodev shared:50 - vfat /dev/sdb1 rw\n"
        "91 22 8:33 / /run/media/kiosk/My\\040Drive ro,nosuid shared:51 - exfat /dev/sdc1 ro\n"
        "92 22 0:50 / /media rw shared:2 - tmpfs tmpfs rw\n");
    std::vector<handover::RemovableDrive> drives =
        handover::find_removable_drives({"/media", "/run/media"}, info);
    REQUIRE(drives.size() == 2);
    CHECK(drives[0].path == "/media/kiosk/STICK");
    CHECK(drives[0].label == "STICK");
    CHECK(drives[0].fs_type == "vfat");
    CHECK_FALSE(drives[0].read_only);
    CHECK(drives[1].path == "/run/media/kiosk/My Drive");
    CHECK(drives[1].read_only);
    handover::RemovableDrive folder = handover::describe_folder(dir.path());
    CHECK(folder.total_bytes > 0);
    CHECK_THROWS(handover::describe_folder(dir / "mountinfo"));
}

}  // namespace talkoo::test
