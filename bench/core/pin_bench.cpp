// bench-core-pin: how long the staff PIN's check takes on this machine (issue 13: aim 0.3 to
// 1 s, no more). Argon2id at default_pin_cost() (core/staff_pin.hpp): setting the PIN (one hash),
// a right PIN and a wrong one through StaffPin::check (the hash plus the durable writes of the
// try count), 10 of each; the median and the slowest.
//
//   bench-core-pin [RUNS]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/local_store.hpp"
#include "core/staff_pin.hpp"

using namespace talkoo;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void print(const char* what, std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    std::printf("%-30s %3zu  median %6.0f ms  min %6.0f ms  max %6.0f ms\n", what, ms.size(),
                ms[ms.size() / 2], ms.front(), ms.back());
}

}  // namespace

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 10;
    std::string pattern = (std::filesystem::temp_directory_path() / "talkoo-pin-XXXXXX").string();
    if (!mkdtemp(pattern.data())) return 1;
    const std::filesystem::path dir = pattern;
    const PinCost cost = default_pin_cost();
    std::printf("Argon2id: opslimit %llu, memlimit %zu MiB\n", cost.opslimit,
                cost.memlimit / (1024 * 1024));
    {
        LocalStore store(dir / "talkoo.db");
        StaffPin pin(store, cost);
        std::vector<double> set, right, wrong;
        int64_t t = now_ms();
        for (int i = 0; i < runs; ++i) {
            auto start = Clock::now();
            pin.set("24681357");
            set.push_back(ms_since(start));
            start = Clock::now();
            if (pin.check("24681357", t).result != StaffPin::Check::Result::ok) return 1;
            right.push_back(ms_since(start));
            start = Clock::now();
            pin.check("11112222", t);  // one wrong try: four left, no lock
            wrong.push_back(ms_since(start));
        }
        print("set the PIN (hash)", set);
        print("check, right PIN", right);
        print("check, wrong PIN", wrong);
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return 0;
}
