// bench-sync-idle: what a sync costs when nothing is new (the worker's timer firing every
// minute all day): requests and bytes on the wire, measured by the FaultProxy's counters
// (headers included), and its time. The kiosk has delivered its signups, pulled the catalogue
// and sent its usage counters before. Target: under 2 KB.
//
// Run: build/bin/bench-sync-idle [passes]
#include <algorithm>
#include <cstdio>
#include <vector>

#include "bench/server/bench_setup.hpp"
#include "core/clock.hpp"
#include "support/fault_proxy.hpp"
#include "sync/client/sync_session.hpp"
#include "sync_bench.hpp"

using namespace talkoo;
using namespace talkoo::bench;

int main(int argc, char** argv) {
    const int passes = argc > 1 ? std::max(1, std::atoi(argv[1])) : 101;
    try {
        RunningCentral centre(200, 1);
        talkoo::test::FaultProxy proxy(centre.port());
        BenchKiosk kiosk(proxy.port(), centre.device_tokens[0]);
        sync::SyncSession session(*kiosk.store, kiosk.config);
        if (!session.run_pass().complete) throw std::runtime_error("the first sync failed");
        kiosk.commit_sealed_signups(20);
        kiosk.store->count_usage(local_date(now_ms()), "bench-point", "screen.browse", 40);
        kiosk.store->count_usage(local_date(now_ms()), "bench-point", "task.view", 12);
        if (!session.run_pass().complete) throw std::runtime_error("the second sync failed");

        std::vector<double> ms;
        proxy.reset_counters();
        for (int i = 0; i < passes; ++i) {
            auto start = BenchClock::now();
            sync::SyncReport idle = session.run_pass();
            ms.push_back(ms_since(start));
            if (!idle.complete) throw std::runtime_error("an idle sync failed");
        }
        talkoo::test::ProxyCounters wire = proxy.counters();
        std::sort(ms.begin(), ms.end());
        std::printf("idle sync (nothing new), %d passes on one kept-alive connection:\n", passes);
        std::printf("  %.1f requests, %.0f bytes to the kiosk + %.0f from it = %.0f bytes a pass\n",
                    static_cast<double>(wire.requests) / passes,
                    static_cast<double>(wire.bytes_to_client) / passes,
                    static_cast<double>(wire.bytes_from_client) / passes,
                    static_cast<double>(wire.bytes_to_client + wire.bytes_from_client) / passes);
        std::printf(
            "  p50 %.2f ms, max %.2f ms; %llu new TCP connections (the earlier syncs' one "
            "was kept alive)\n",
            ms[ms.size() / 2], ms.back(), static_cast<unsigned long long>(wire.connections));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench-sync-idle: %s\n", e.what());
        return 1;
    }
    return 0;
}
