// bench-sync-drain: how long a kiosk takes to deliver 10 000 signups queued while it was
// offline (a busy week at a pop-up stand with no network), over loopback to the real central
// service. One SyncSession pass from the first request to the last acknowledgement, including
// the store's work (marking sent, acknowledging, erasing the delivered personal data, each a
// durable commit). Target: under 5 s.
//
// Each run uses a new centre database and a new kiosk store; the figure is the median of the
// runs, with the slowest beside it. Run: build/bin/bench-sync-drain [runs] [signups]
#include <algorithm>
#include <cstdio>
#include <vector>

#include "bench/server/bench_setup.hpp"
#include "sync/client/sync_session.hpp"
#include "sync_bench.hpp"

using namespace talkoo;
using namespace talkoo::bench;

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    const int signups = argc > 2 ? std::max(1, std::atoi(argv[2])) : 10'000;
    try {
        std::vector<double> ms;
        sync::SyncReport last;
        for (int run = 0; run < runs; ++run) {
            RunningCentral centre(10, 1);
            BenchKiosk kiosk(centre.port(), centre.device_tokens[0]);
            sync::SyncSession session(*kiosk.store, kiosk.config);
            if (!session.run_pass().complete) throw std::runtime_error("the first sync failed");
            kiosk.commit_sealed_signups(signups);
            auto start = BenchClock::now();
            last = session.run_pass();
            ms.push_back(ms_since(start));
            if (!last.complete || last.delivered != signups)
                throw std::runtime_error(std::string("the drain failed: ") +
                                         (last.error ? last.error->what() : "not all delivered"));
        }
        std::sort(ms.begin(), ms.end());
        const double p50 = ms[ms.size() / 2];
        std::printf("drain %d queued signups (batches of %d): p50 %.0f ms, max %.0f ms, %d runs\n",
                    signups, 500, p50, ms.back(), runs);
        std::printf("  %.0f signups/s; %d requests, %.1f MB on the wire (libcurl's count)\n",
                    signups / (p50 / 1000.0), last.requests, last.wire_bytes / 1e6);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench-sync-drain: %s\n", e.what());
        return 1;
    }
    return 0;
}
