// bench-server-signups: how many signups talkoo-central stores per second when 50 kiosks post
// batches of 100 at once, and how long each batch takes (p50/p99), in two ways:
//
//   closed loop  each device posts its next batch as soon as the last one is answered: the
//                service's capacity; latency here is mostly queueing behind the other 49;
//   paced        each device posts one batch a second (5 000 signups/s offered in all), starts
//                staggered over the first second: latency at the target load; then two a
//                second (10 000 signups/s) for headroom.
//
// Every signup is new (a fresh UUIDv7), sealed to the network's key as a kiosk sends it (the
// centre opens each, validates it, seals it again at rest and digests it), and every batch is
// durable when answered (SQLite WAL, synchronous=FULL). Request bodies are made before timing
// starts, so the clients' own JSON work does not compete for the two cores while measuring. The
// service runs in this process on a loopback port (bench_setup.hpp); clients are cpp-httplib with
// keep-alive, one per device.
//
//   bench-server-signups [--devices N] [--batch N] [--seconds S]
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "bench_setup.hpp"
#include "sync/wire/signup_json.hpp"

using namespace talkoo;
using Clock = std::chrono::steady_clock;

namespace {

struct Result {
    std::vector<double> latencies_ms;
    int64_t stored = 0;
    int64_t failed_batches = 0;
    double seconds = 0;
};

std::vector<std::vector<std::string>> make_bodies(const seal::PublicKey& key, int devices,
                                                  int batches, int batch_size) {
    std::vector<std::vector<std::string>> bodies(devices);
    for (int d = 0; d < devices; ++d) {
        for (int b = 0; b < batches; ++b) {
            std::vector<SealedSignup> batch;
            for (int i = 0; i < batch_size; ++i)
                batch.push_back(seal_signup(
                    bench::bench_signup("task-" + std::to_string((d * 7 + i) % 100)), key));
            bodies[d].push_back(wire::signup_batch_to_json(batch).dump());
        }
    }
    return bodies;
}

// Runs one device per thread; `pace` 0 means back to back.
Result run(bench::RunningCentral& central, const std::vector<std::vector<std::string>>& bodies,
           double seconds, std::chrono::milliseconds pace) {
    Result result;
    std::mutex mutex;
    auto start = Clock::now();
    // Paced runs end when every device has posted its bodies; closed loops when time is up.
    auto end = start + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(pace.count() > 0 ? seconds + 2 : seconds));
    std::vector<std::thread> devices;
    for (size_t d = 0; d < bodies.size(); ++d) {
        devices.emplace_back([&, d] {
            httplib::Client client("127.0.0.1", central.port());
            client.set_keep_alive(true);
            // As libcurl in the kiosk does; without it Nagle holds the body back for the
            // server's delayed ACK and every batch waits ~40 ms for nothing.
            client.set_tcp_nodelay(true);
            client.set_read_timeout(60);
            httplib::Headers auth = {{"Authorization", "Bearer " + central.device_tokens[d]}};
            std::vector<double> mine;
            int64_t stored = 0, failed = 0;
            // Paced devices start spread over the first period, as real kiosks would be.
            auto next =
                start + pace * static_cast<int64_t>(d) / static_cast<int64_t>(bodies.size());
            for (const std::string& body : bodies[d]) {
                if (pace.count() > 0) {
                    std::this_thread::sleep_until(next);
                    next += pace;
                }
                if (Clock::now() >= end) break;
                auto t0 = Clock::now();
                auto r = client.Post("/v1/signups", auth, body, "application/json");
                auto t1 = Clock::now();
                if (!r || r->status != 200) {
                    ++failed;
                    std::lock_guard lock(mutex);
                    std::fprintf(stderr, "    a batch failed at %.1f s: %s\n",
                                 std::chrono::duration<double>(Clock::now() - start).count(),
                                 r ? (std::to_string(r->status) + " " + r->body).c_str()
                                   : httplib::to_string(r.error()).c_str());
                    continue;
                }
                mine.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
                stored += nlohmann::json::parse(r->body)["counts"]["stored"].get<int64_t>();
            }
            std::lock_guard lock(mutex);
            result.latencies_ms.insert(result.latencies_ms.end(), mine.begin(), mine.end());
            result.stored += stored;
            result.failed_batches += failed;
        });
    }
    for (std::thread& t : devices)
        t.join();
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return result;
}

void report(const char* title, const Result& r, double seconds) {
    std::printf("  %s, %.1f s:\n", title, seconds);
    std::printf("    signups stored/s: %.0f   batches answered: %zu   failed batches: %lld\n",
                r.stored / seconds, r.latencies_ms.size(),
                static_cast<long long>(r.failed_batches));
    std::printf("    batch latency ms: p50 %.1f   p99 %.1f   max %.1f\n",
                bench::percentile(r.latencies_ms, 50), bench::percentile(r.latencies_ms, 99),
                bench::percentile(r.latencies_ms, 100));
}

}  // namespace

int main(int argc, char** argv) {
    int devices = 50, batch = 100;
    double seconds = 10;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--devices")) devices = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--batch")) batch = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--seconds")) seconds = std::atof(argv[i + 1]);
    }
    bench::RunningCentral central(100, devices);
    std::printf(
        "bench-server-signups: %d devices, batches of %d new sealed signups, SQLite WAL "
        "synchronous=FULL\n",
        devices, batch);
    std::fflush(stdout);

    // Enough bodies for a fast machine to keep posting for the whole run.
    auto closed_bodies =
        make_bodies(central.public_key(), devices, static_cast<int>(seconds * 12), batch);
    Result closed = run(central, closed_bodies, seconds, std::chrono::milliseconds(0));
    closed_bodies.clear();
    report("closed loop (next batch as soon as the last is answered)", closed, closed.seconds);
    std::fflush(stdout);

    int64_t stored = closed.stored;
    // The target load (one batch a second per device), then twice that.
    for (int per_second : {1, 2}) {
        auto paced_bodies = make_bodies(central.public_key(), devices,
                                        static_cast<int>(seconds) * per_second, batch);
        Result paced =
            run(central, paced_bodies, seconds, std::chrono::milliseconds(1000 / per_second));
        char title[128];
        std::snprintf(title, sizeof title,
                      "paced (%d batch%s a second per device: %d signups/s offered)", per_second,
                      per_second == 1 ? "" : "es", devices * batch * per_second);
        // Each device posts `seconds` x per_second batches at its pace: the rate is per
        // configured second (staggered starts add up to one period of wall time at the end).
        report(title, paced, seconds);
        std::fflush(stdout);
        stored += paced.stored;
    }

    size_t total = central.store().signups({}).size();
    std::printf("  signups in the database afterwards: %zu (answers said stored: %lld)\n", total,
                static_cast<long long>(stored));
    return total == static_cast<size_t>(stored) ? 0 : 1;
}
