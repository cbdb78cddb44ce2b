// The promise the thank-you screen rests on: a signup whose commit returned is on disk. A child
// process (test-core-crash-writer) commits signups in a loop and reports each id after its
// commit returns; the test SIGKILLs it at random moments, round after round on the same file,
// and after every round checks that each reported signup is there, none twice, and that
// SQLite's integrity_check says ok. Kills land during opening and WAL recovery too, since some
// rounds kill before the child has committed anything.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <random>
#include <set>

#include "core/local_store.hpp"
#include "core/sqlite.hpp"
#include "store_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace talkoo;
using talkoo::test::TempDir;

namespace {

struct Round {
    std::vector<std::string> reported;  // ids whose commit had returned before the kill
    bool killed_by_sigkill = false;
    int exit_code = -1;
};

// Starts the writer, lets it run until `kill_after` (counted from its first report when
// `after_first_report`), kills it and collects every complete line it wrote.
Round run_round(const std::filesystem::path& store_file, std::chrono::milliseconds kill_after,
                bool after_first_report) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execl(TALKOO_CRASH_WRITER, TALKOO_CRASH_WRITER, store_file.c_str(), nullptr);
        _exit(127);
    }
    close(fds[1]);

    using Clock = std::chrono::steady_clock;
    std::string out;
    auto deadline = after_first_report ? Clock::time_point::max() : Clock::now() + kill_after;
    char buf[4096];
    bool eof = false;
    while (!eof && Clock::now() < deadline) {
        auto left = deadline - Clock::now();
        int wait_ms =
            deadline == Clock::time_point::max()
                ? 1000
                : static_cast<int>(
                      std::chrono::duration_cast<std::chrono::milliseconds>(left).count());
        pollfd p{fds[0], POLLIN, 0};
        if (poll(&p, 1, std::max(wait_ms, 0)) <= 0) continue;
        ssize_t n = read(fds[0], buf, sizeof buf);
        if (n <= 0) {
            eof = n == 0;
            continue;
        }
        out.append(buf, static_cast<size_t>(n));
        if (deadline == Clock::time_point::max() && out.find('\n') != std::string::npos)
            deadline = Clock::now() + kill_after;
    }
    kill(pid, SIGKILL);
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);

    Round round;
    round.killed_by_sigkill = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    round.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    for (size_t start = 0, end; (end = out.find('\n', start)) != std::string::npos; start = end + 1)
        round.reported.push_back(out.substr(start, end - start));
    return round;
}

int stored_signups(LocalStore& store) {
    OutboxSummary s = store.outbox_summary();
    return s.pending + s.needs_attention + s.acknowledged;
}

}  // namespace

TEST_CASE("a signup reported committed before SIGKILL is still there after restart (25 rounds)") {
    TempDir dir;
    const auto file = dir / "store.sqlite";
    {
        LocalStore store(file);
        store.replace_catalog(test::sample_catalog(), "c1");
    }
    const unsigned seed = std::random_device{}();
    INFO("random seed " << seed);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> delay_ms(0, 40);

    std::set<std::string> reported;
    const int rounds = 25;
    for (int r = 0; r < rounds; ++r) {
        // Odd rounds kill after the first commit: at least one signup per such round.
        const bool after_first = r % 2 == 1;
        Round round = run_round(file, std::chrono::milliseconds(delay_ms(rng)), after_first);
        INFO("round " << r << ", " << round.reported.size() << " signups reported");
        REQUIRE(round.killed_by_sigkill);  // not an exit of its own (exit code below)
        CHECK(round.exit_code == -1);
        for (const std::string& id : round.reported) {
            CHECK(is_uuid_v7(id));
            CHECK(reported.insert(id).second);  // each id reported once
        }

        LocalStore store(file);  // what the kiosk does after a restart
        for (const std::string& id : reported) {
            INFO("signup " << id);
            REQUIRE(store.outbox_entry(id).has_value());
        }
        // A commit may have landed just before the kill, unreported: at most one per round.
        const int stored = stored_signups(store);
        CHECK(stored >= static_cast<int>(reported.size()));
        CHECK(stored <= static_cast<int>(reported.size()) + r + 1);
        sqlite::Database check(file);
        CHECK(check.pragma_text("integrity_check") == "ok");
    }
    CHECK(reported.size() >= static_cast<size_t>(rounds / 2));
}
