// bench-sync-catalog: a kiosk's first catalogue sync from a centre of 10 000 tasks (a large
// network's size), to a store the browse screen can read: every page fetched, parsed, checked
// and applied with its cursor, search index included. Measured through the FaultProxy (passing
// everything), whose counters give the bytes on the wire in each direction, headers included,
// as compressed by the centre (gzip).
//
// Each run starts from an empty kiosk store against the same centre; the figure is the median.
// Run: build/bin/bench-sync-catalog [runs] [tasks]
#include <algorithm>
#include <cstdio>
#include <vector>

#include "bench/server/bench_setup.hpp"
#include "support/fault_proxy.hpp"
#include "sync/client/sync_session.hpp"
#include "sync_bench.hpp"

using namespace talkoo;
using namespace talkoo::bench;

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    const int tasks = argc > 2 ? std::max(1, std::atoi(argv[2])) : 10'000;
    try {
        RunningCentral centre(tasks, 1);
        talkoo::test::FaultProxy proxy(centre.port());
        for (int limit : {500, 1000}) {
            std::vector<double> ms;
            talkoo::test::ProxyCounters wire;
            sync::SyncReport report;
            for (int run = 0; run < runs; ++run) {
                BenchKiosk kiosk(proxy.port(), centre.device_tokens[0]);
                kiosk.config.catalog_page_limit = limit;
                proxy.reset_counters();
                auto start = BenchClock::now();
                {
                    sync::SyncSession session(*kiosk.store, kiosk.config);
                    report = session.run_pass();
                }
                ms.push_back(ms_since(start));
                wire = proxy.counters();
                if (!report.complete || kiosk.store->catalog_stats().tasks != tasks)
                    throw std::runtime_error(
                        std::string("the sync failed: ") +
                        (report.error ? report.error->what() : "tasks missing"));
            }
            std::sort(ms.begin(), ms.end());
            std::printf(
                "first catalogue sync, %d tasks, pages of %d: p50 %.0f ms, max %.0f ms, %d runs\n",
                tasks, limit, ms[ms.size() / 2], ms.back(), runs);
            std::printf("  %llu requests, %.2f MB to the kiosk, %.1f KB from it (FaultProxy)\n",
                        static_cast<unsigned long long>(wire.requests), wire.bytes_to_client / 1e6,
                        wire.bytes_from_client / 1e3);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench-sync-catalog: %s\n", e.what());
        return 1;
    }
    return 0;
}
