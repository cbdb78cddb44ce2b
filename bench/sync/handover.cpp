// bench-sync-handover: a busy season's signups by USB stick (issue 13: write, verify, import,
// each under 5 s for 10 000). A kiosk store holding 10 000 sealed signups writes its handover
// file into a folder (export_handover: written durably, then read back and every signup checked
// against the outbox), the file is read and checked again alone (the read-back's share), the
// centre imports it in-process with the real import code and store (import_handover_file: device
// proof, MAC, every signup judged and stored sealed, the receipt written), and the kiosk takes
// the receipt (take_receipt: acknowledges and erases). The folder is on $TMPDIR's disk, not a
// USB stick: a stick's own write speed comes on top (10 000 signups are about 8 MB).
//
// Run: build/bin/bench-sync-handover [runs] [signups]
#include <algorithm>
#include <cstdio>
#include <vector>

#include "bench/server/bench_setup.hpp"
#include "core/clock.hpp"
#include "server/handover_import.hpp"
#include "sync/client/sync_session.hpp"
#include "sync/handover/kiosk_handover.hpp"
#include "sync_bench.hpp"

using namespace talkoo;
using namespace talkoo::bench;

namespace {

void print(const char* what, std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    std::printf("  %-44s p50 %6.0f ms  max %6.0f ms\n", what, ms[ms.size() / 2], ms.back());
}

}  // namespace

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
    const int signups = argc > 2 ? std::max(1, std::atoi(argv[2])) : 10'000;
    try {
        std::vector<double> write, verify, import, receipt;
        double megabytes = 0;
        for (int run = 0; run < runs; ++run) {
            RunningCentral centre(10, 1);
            BenchKiosk kiosk(centre.port(), centre.device_tokens[0]);
            sync::SyncSession session(*kiosk.store, kiosk.config);
            if (!session.run_pass().complete) throw std::runtime_error("the first sync failed");
            kiosk.commit_sealed_signups(signups);
            const std::filesystem::path stick = kiosk.dir() / "stick";
            std::filesystem::create_directory(stick);

            auto start = BenchClock::now();
            handover::HandoverWritten w =
                handover::export_handover(*kiosk.store, stick, centre.device_tokens[0]);
            write.push_back(ms_since(start));
            if (w.signups != signups) throw std::runtime_error("not every signup was written");
            megabytes = static_cast<double>(w.bytes) / 1e6;

            start = BenchClock::now();
            handover::HandoverContents c = handover::read_handover(w.file);
            if (!handover::mac_matches(c.signed_bytes, c.mac_hex,
                                       handover::mac_key_for_token(centre.device_tokens[0])))
                throw std::runtime_error("the file does not check");
            verify.push_back(ms_since(start));

            start = BenchClock::now();
            central::HandoverImport imported = central::import_handover_file(
                w.file, centre.store(), centre.vault(), centre.keys(), now_ms());
            import.push_back(ms_since(start));
            if (imported.counts["stored"] != signups || imported.receipt.empty())
                throw std::runtime_error("the import did not store every signup");

            start = BenchClock::now();
            handover::ReceiptTaken t =
                handover::take_receipt(*kiosk.store, imported.receipt, centre.device_tokens[0]);
            receipt.push_back(ms_since(start));
            if (t.acknowledged != signups) throw std::runtime_error("the receipt missed signups");
        }
        std::printf("handover of %d signups (%.1f MB file), %d runs:\n", signups, megabytes, runs);
        print("write + read back + verify (export_handover)", write);
        print("of which read back + MAC alone", verify);
        print("import at the centre (import-signups)", import);
        print("receipt taken back on the kiosk", receipt);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench-sync-handover: %s\n", e.what());
        return 1;
    }
}
