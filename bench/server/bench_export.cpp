// bench-server-export: the centre's memory while it exports every signup (issue 16, point 3), at
// any number of signups. Fills a new database with N sealed signups (in-process, through the
// SignupVault, as the service stores them), then runs the real talkoo-central binary twice:
//   - `export-signups --format csv` to /dev/null: its peak resident memory (ru_maxrss);
//   - `serve`, and GET /v1/signups/export (CSV) read to the end over loopback: the server's
//     peak resident memory (VmHWM) before and after, and the time.
// Memory that stays flat from 10 000 to a million signups is the promise; the export before
// issue 16 built every record in memory (about 1.8 GB at a million).
//
//   bench-server-export [--signups 1000000]
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_setup.hpp"
#include "core/clock.hpp"
#include "core/uuid.hpp"
#include "server/key_ring_file.hpp"
#include "server/signup_vault.hpp"
#include "server/storage.hpp"

using namespace talkoo;
using namespace talkoo::central;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

long status_kb(pid_t pid, const char* field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    const std::string prefix = std::string(field) + ":";
    while (std::getline(in, line))
        if (line.starts_with(prefix)) return std::stol(line.substr(prefix.size()));
    return -1;
}

// N signups at one info point, a task each, sealed at rest; batches of 5 000 sealed on two
// threads and stored by one writer.
void fill(const std::string& db, const std::filesystem::path& keys_file, int count) {
    auto store = open_central_store(db, true);
    Catalog catalog;
    Organisation org;
    org.id = "org-0";
    org.name.fi = "Yhdistys";
    org.municipality = "Pori";
    catalog.organisations.push_back(org);
    InfoPoint point;
    point.id = "point-0";
    point.name.fi = "Porin kirjasto";
    point.region = "Satakunta";
    point.municipality = "Pori";
    catalog.info_points.push_back(point);
    catalog.tasks.push_back(talkoo::bench::bench_task(0, "org-0"));
    CatalogDelta delta;
    delta.upserts = catalog;
    store->apply_catalog(delta, now_ms());
    KeyRingFile keys(keys_file);
    SignupVault vault(*store, keys);
    const int kBatch = 5000;
    for (int done = 0; done < count;) {
        std::vector<SignupBatch> batches(2);
        std::vector<std::thread> sealers;
        for (int t = 0; t < 2; ++t) {
            const int n = std::min(kBatch, count - done - t * kBatch);
            if (n <= 0) break;
            sealers.emplace_back([&, t, n] {
                std::vector<SignupVault::Received> received;
                for (int i = 0; i < n; ++i) {
                    Signup s = talkoo::bench::bench_signup(catalog.tasks[0].id);
                    s.info_point_id = "point-0";
                    s.device_id = "device-0";
                    received.push_back({s, ""});
                }
                batches[t] = {vault.seal_for_storage(received), now_ms()};
            });
        }
        for (std::thread& s : sealers)
            s.join();
        std::vector<const SignupBatch*> group;
        for (const SignupBatch& b : batches)
            if (!b.signups.empty()) group.push_back(&b);
        store->store_signup_batches(group);
        for (const SignupBatch* b : group)
            done += static_cast<int>(b->signups.size());
        if (done % 100'000 < 2 * kBatch) std::fprintf(stderr, "  %d stored\n", done);
    }
}

}  // namespace

int main(int argc, char** argv) {
    signal(SIGPIPE, SIG_IGN);
    int count = 1'000'000;
    for (int i = 1; i + 1 < argc; i += 2)
        if (std::string(argv[i]) == "--signups") count = std::atoi(argv[i + 1]);
    const std::string central =
        (std::filesystem::canonical("/proc/self/exe").parent_path() / "talkoo-central").string();
    std::string pattern = (std::filesystem::temp_directory_path() / "bench-export-XXXXXX").string();
    if (!mkdtemp(pattern.data())) return 1;
    const std::filesystem::path dir = pattern;
    const std::string db = (dir / "central.db").string();
    seal::write_key_ring_file(dir / "central.keys", seal::make_key_ring(now_ms()), false);

    auto t0 = Clock::now();
    fill(db, dir / "central.keys", count);
    std::printf("signups: %d (stored in %.0f s), database %.0f MB\n", count, seconds_since(t0),
                static_cast<double>(std::filesystem::file_size(db)) / 1e6);

    {  // the CLI export, to /dev/null
        t0 = Clock::now();
        std::fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            freopen("/dev/null", "w", stdout);
            freopen("/dev/null", "w", stderr);
            execl(central.c_str(), central.c_str(), "export-signups", "--format", "csv", "--db",
                  db.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        int status = 0;
        rusage usage{};
        wait4(pid, &status, 0, &usage);
        std::printf("export-signups --format csv: exit %d, %.1f s, peak RSS %.1f MB\n",
                    WEXITSTATUS(status), seconds_since(t0),
                    static_cast<double>(usage.ru_maxrss) / 1024.0);
    }

    {  // the HTTP export from the running service
        std::string token_line;
        {
            std::string command =
                "'" + central + "' coordinator add --name Bench --db '" + db + "'";
            FILE* p = popen(command.c_str(), "r");
            char buffer[512];
            while (p && fgets(buffer, sizeof buffer, p))
                if (std::string(buffer).starts_with("token:")) token_line = buffer;
            if (p) pclose(p);
        }
        std::string token = token_line.substr(token_line.find(':') + 1);
        token.erase(0, token.find_first_not_of(' '));
        token.erase(token.find_last_not_of(" \n") + 1);
        int out[2];
        if (pipe(out) != 0) return 1;
        std::fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            dup2(out[1], 1);
            freopen("/dev/null", "w", stderr);
            execl(central.c_str(), central.c_str(), "serve", "--db", db.c_str(), "--listen",
                  "127.0.0.1:0", static_cast<char*>(nullptr));
            _exit(127);
        }
        close(out[1]);
        std::string line;
        char ch;
        while (line.find('\n') == std::string::npos && read(out[0], &ch, 1) == 1)
            line.push_back(ch);
        const int port = std::atoi(line.c_str() + line.find_last_of(':') + 1);
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        const long before = status_kb(pid, "VmHWM");
        httplib::Client client("127.0.0.1", port);
        client.set_read_timeout(600, 0);
        size_t bytes = 0, lines = 0;
        t0 = Clock::now();
        auto r = client.Get("/v1/signups/export", {{"Authorization", "Bearer " + token}},
                            [&](const char* data, size_t n) {
                                bytes += n;
                                lines += static_cast<size_t>(std::count(data, data + n, '\n'));
                                return true;
                            });
        std::printf(
            "GET /v1/signups/export: status %d, %zu rows, %.0f MB in %.1f s; server peak "
            "RSS %.1f MB before, %.1f MB after\n",
            r ? r->status : 0, lines ? lines - 1 : 0, static_cast<double>(bytes) / 1e6,
            seconds_since(t0), static_cast<double>(before) / 1024.0,
            static_cast<double>(status_kb(pid, "VmHWM")) / 1024.0);
        kill(pid, SIGTERM);
        waitpid(pid, nullptr, 0);
        close(out[0]);
    }
    std::filesystem::remove_all(dir);
}
