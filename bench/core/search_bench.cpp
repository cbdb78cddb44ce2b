// bench-core-search: how fast the browse screen answers, over generated catalogues of 10 000
// and 100 000 tasks in Finnish, Swedish and English (generated_catalog.hpp). For typical
// queries (one word, a prefix, two words, with filters, no text at all) it prints the number of
// matches and the p50/p99 latency of one browse() call: the total count plus a page of 50
// cards, as the screen asks for them. Also the time to load the catalogue, the file size, and
// the first search after opening, which builds the word index (core/store_word_index.hpp), with
// its size.
//
//   bench-core-search [TASKS ...]   (default: 10000 100000)
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <functional>

#include "bench/cpu_loop.hpp"
#include "core/local_store.hpp"
#include "core/store_word_index.hpp"
#include "generated_catalog.hpp"
#include "latency.hpp"

using namespace talkoo;

namespace {

struct Query {
    std::string name;
    TaskFilter filter;
    Lang lang = Lang::fi;
    bool counts = false;  // category_counts() instead of browse()
};

TaskFilter text(std::string q) {
    TaskFilter f;
    f.query = std::move(q);
    return f;
}

std::vector<Query> typical_queries() {
    std::vector<Query> q;
    q.push_back({"one word: koira", text("koira")});
    q.push_back({"one word: kirjasto", text("kirjasto")});
    q.push_back({"one word, Swedish: bibliotek", text("bibliotek"), Lang::sv});
    q.push_back({"one word, folded: kasitoita", text("kasitoita")});
    q.push_back({"prefix: ulko", text("ulko")});
    q.push_back({"prefix: käsi", text("käsi")});
    q.push_back({"prefix, 2 letters: ko", text("ko")});
    q.push_back({"prefix, 1 letter: k", text("k")});
    q.push_back({"two words: lapset kerho", text("lapset kerho")});
    q.push_back({"two words: ruoka jakelu", text("ruoka jakelu")});
    q.push_back({"common word: vapaaehtoinen", text("vapaaehtoinen")});
    {
        TaskFilter f = text("koira");
        f.municipality = "Pori";
        q.push_back({"filters: koira + Pori", f});
    }
    {
        TaskFilter f = text("ulko");
        f.category = "elderly";
        f.target_group = TargetGroup::seniors;
        f.today = "2025-06-15";
        q.push_back({"filters: ulko + elderly + seniors + today", f});
    }
    q.push_back({"no text: first page", TaskFilter{}});
    {
        TaskFilter f;
        f.offset = 1000;
        q.push_back({"no text: page at 1000, Swedish", f, Lang::sv});
    }
    {
        TaskFilter f;
        f.category = "environment";
        f.municipality = "Joensuu";
        q.push_back({"no text: environment + Joensuu", f});
    }
    {
        TaskFilter f;
        f.region = "Satakunta";
        f.commitments = {Commitment::one_off, Commitment::recurring};
        f.today = "2025-06-15";
        q.push_back({"no text: Satakunta + 2 commitments + today", f});
    }
    q.push_back({"category counts: no text", TaskFilter{}, Lang::fi, true});
    q.push_back({"category counts: hund", text("hund"), Lang::fi, true});
    return q;
}

// Resident memory of this process, from /proc/self/statm.
double resident_mib() {
    long pages = 0, resident = 0;
    if (FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1 << 20);
}

// What the word index of `file` holds, built on a connection of its own.
void print_word_index(const std::filesystem::path& file) {
    sqlite::Database db(file);
    sqlite::Transaction tx(db, "read the catalogue", sqlite::Transaction::Kind::read);
    store::BrowseIndex browse;
    store::WordIndex words;
    browse.refresh(db);
    words.refresh(db, browse);
    const store::WordIndex::Stats s = words.stats();
    std::printf("  word index: %zu terms, %zu postings, %zu precomputed ranges: %.1f MiB\n",
                s.terms, s.postings, s.precomputed_ranges,
                static_cast<double>(s.bytes) / (1 << 20));
}

void run(int tasks, const std::filesystem::path& folder) {
    const auto file = folder / ("store-" + std::to_string(tasks) + ".sqlite");
    const Catalog catalog = bench::CatalogGenerator(1).make(tasks);
    bench::Latencies load;
    {
        LocalStore store(file);
        bench::timed(load, [&] { store.replace_catalog(catalog, "bench"); });
    }
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec) +
                      std::filesystem::file_size(file.string() + "-wal", ec);
    std::printf("\n%d tasks: replace_catalog %.0f ms, store file %.1f MiB\n", tasks,
                load.percentile(50), static_cast<double>(size) / (1 << 20));

    LocalStore store(file);
    bench::Latencies first;
    bench::timed(first, [&] { return store.browse(TaskFilter{}, Lang::fi); });
    std::printf("  first browse after opening: %.1f ms (builds the browse index)\n",
                first.percentile(50));
    const double resident_before = resident_mib();
    bench::Latencies first_search;
    bench::timed(first_search, [&] { return store.browse(text("koira"), Lang::fi); });
    std::printf(
        "  first search after opening: %.1f ms (builds the word index; resident memory "
        "+%.1f MiB)\n",
        first_search.percentile(50), resident_mib() - resident_before);
    print_word_index(file);
    {
        // What the kiosk does when it goes back to its attract screen: then a visitor's first
        // search after a catalogue change finds the index built.
        LocalStore prepared(file);
        bench::Latencies prepare, after;
        bench::timed(prepare, [&] { prepared.prepare_search(); });
        bench::timed(after, [&] { return prepared.browse(text("koira"), Lang::fi); });
        std::printf(
            "  prepare_search on another connection: %.1f ms; its first search then: "
            "%.2f ms\n",
            prepare.percentile(50), after.percentile(50));
    }
    std::printf("  %-44s %7s %9s %9s\n", "query", "matches", "p50 ms", "p99 ms");

    // Round-robin over the queries, so that no call finds the previous one's data in the
    // caches.
    const std::vector<Query> queries = typical_queries();
    std::vector<bench::Latencies> latency(queries.size());
    std::vector<int> matches(queries.size());
    // Timed in the same rounds, as the yardstick for the p99 column.
    bench::CpuLoop loop(1.0);
    bench::Latencies loop_latency;
    const int reps = 300;
    for (int rep = -2; rep < reps; ++rep) {  // two rounds to warm the page cache
        for (size_t i = 0; i < queries.size(); ++i) {
            const Query& q = queries[i];
            bench::Latencies scratch;
            bench::Latencies& into = rep < 0 ? scratch : latency[i];
            if (q.counts) {
                auto counts = bench::timed(into, [&] { return store.category_counts(q.filter); });
                matches[i] = 0;
                for (const CategoryCount& c : counts)
                    matches[i] += c.tasks;
            } else {
                matches[i] =
                    bench::timed(into, [&] { return store.browse(q.filter, q.lang); }).total;
            }
        }
        if (rep >= 0) bench::timed(loop_latency, [&] { loop.run(); });
    }
    std::printf("  %-44s %7s %9.2f %9.2f\n", "(yardstick: a CPU-only loop of 1 ms)", "-",
                loop_latency.percentile(50), loop_latency.percentile(99));
    for (size_t i = 0; i < queries.size(); ++i)
        std::printf("  %-44s %7d %9.2f %9.2f\n", queries[i].name.c_str(), matches[i],
                    latency[i].percentile(50), latency[i].percentile(99));
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<int> sizes;
    for (int i = 1; i < argc; ++i)
        sizes.push_back(std::atoi(argv[i]));
    if (sizes.empty()) sizes = {10000, 100000};
    std::string pattern =
        (std::filesystem::temp_directory_path() / "bench-core-search-XXXXXX").string();
    if (!mkdtemp(pattern.data())) return 1;
    const std::filesystem::path folder = pattern;
    std::printf("store files under %s (%s); each figure is one browse() call: count + 50 cards\n",
                folder.c_str(), bench::file_system_of(folder).c_str());
    int rc = 0;
    try {
        for (int tasks : sizes)
            run(tasks, folder);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench-core-search: %s\n", e.what());
        rc = 1;
    }
    std::filesystem::remove_all(folder);
    return rc;
}
