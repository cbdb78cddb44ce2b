// bench-core-seal: what sealing costs a kiosk per signup (issue: aim under 1 ms), and what the
// centre pays to open one and seal it again at rest.
//
//   seal_signup                  the kiosk, on "Send": the personal fields sealed to the key
//   seal_signup + commit_signup  the kiosk's whole "Send" to durable (WAL, synchronous=FULL)
//   commit_signup alone          the same commit of an already sealed signup, for comparison
//   open_signup                  the centre, on receipt: opening with its key ring
//   open + seal again            the centre's sealing work per stored signup, digests included
//
// 2 000 signups each, on a store holding a 500-task catalogue.
//
//   bench-core-seal [FOLDER]   (default: a new folder under $TMPDIR, removed afterwards)
#include <unistd.h>

#include <cstdio>

#include "core/clock.hpp"
#include "core/local_store.hpp"
#include "core/sealed_signup.hpp"
#include "core/uuid.hpp"
#include "generated_catalog.hpp"
#include "latency.hpp"

using namespace talkoo;

namespace {

constexpr int kSignups = 2000;

Signup make_signup(int i, const Catalog& catalog) {
    Signup s;
    s.id = new_uuid_v7();
    for (int k = 0; k <= i % 3; ++k)
        s.task_ids.push_back(
            catalog.tasks[static_cast<size_t>(i * 7 + k * 13) % catalog.tasks.size()].id);
    s.name = "Maija Meikäläinen";
    s.phone = "+358401234567";
    s.email = "maija@example.fi";
    s.message = "Olen vapaa viikonloppuisin ja iltaisin.";
    s.age_group = AgeGroup::age30_64;
    s.lang = Lang::fi;
    s.consent_version = "2025-02";
    s.created_ms = s.consent_ms = now_ms();
    s.info_point_id = "pori-library";
    s.device_id = "0190a6f2-0000-7000-8000-000000000001";
    return s;
}

void print(const char* what, bench::Latencies& l) {
    std::printf("%-34s %6zu  p50 %7.3f ms  p90 %7.3f ms  p99 %7.3f ms  max %7.3f ms\n", what,
                l.count(), l.percentile(50), l.percentile(90), l.percentile(99), l.percentile(100));
}

}  // namespace

int main(int argc, char** argv) {
    std::filesystem::path folder;
    bool remove_after = false;
    if (argc > 1) {
        folder = argv[1];
        std::filesystem::create_directories(folder);
    } else {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "bench-core-seal-XXXXXX").string();
        if (!mkdtemp(pattern.data())) return 1;
        folder = pattern;
        remove_after = true;
    }
    const auto file = folder / "store.sqlite";
    std::printf("store file: %s (%s), synchronous=FULL, WAL\n", file.c_str(),
                bench::file_system_of(folder).c_str());
    try {
        const Catalog catalog = bench::CatalogGenerator(7).make(500, 50);
        const seal::KeyRing ring = seal::make_key_ring(now_ms());
        const seal::PublicKey& key = ring.current().public_key;

        bench::Latencies sealing, open, reseal;
        std::vector<SealedSignup> sealed;
        for (int i = 0; i < kSignups; ++i) {
            Signup s = make_signup(i, catalog);
            sealed.push_back(bench::timed(sealing, [&] { return seal_signup(s, key); }));
        }
        for (const SealedSignup& s : sealed) {
            Signup whole = bench::timed(open, [&] { return open_signup(s, ring); });
            bench::timed(reseal, [&] {
                Signup again = open_signup(s, ring);
                SealedSignup at_rest = seal_signup(again, key);
                seal::keyed_digest(ring, "content", at_rest.sealed);
                seal::keyed_digest(ring, "email", again.email);
                seal::keyed_digest(ring, "phone", again.phone);
                seal::keyed_digest(ring, "name", "maija");
                seal::keyed_digest(ring, "name", "meikäläinen");
            });
        }
        print("seal_signup", sealing);
        print("open_signup (centre)", open);
        print("open + seal again + 5 digests", reseal);

        for (bool with_seal : {false, true}) {
            std::filesystem::remove(file);
            LocalStore store(file);
            store.replace_catalog(catalog, "bench");
            bench::Latencies commit;
            for (int i = 0; i < kSignups; ++i) {
                Signup s = make_signup(i, catalog);
                if (with_seal) {
                    bench::timed(commit, [&] { store.commit_signup(seal_signup(s, key)); });
                } else {
                    SealedSignup ready = seal_signup(s, key);
                    bench::timed(commit, [&] { store.commit_signup(ready); });
                }
            }
            print(with_seal ? "seal_signup + commit_signup" : "commit_signup alone (sealed)",
                  commit);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench-core-seal: %s\n", e.what());
        return 1;
    }
    if (remove_after) std::filesystem::remove_all(folder);
    return 0;
}
