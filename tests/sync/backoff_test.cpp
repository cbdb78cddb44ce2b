// Backoff after failed syncs: exponential, jittered, capped, reset by a success.
#include <catch2/catch.hpp>

#include <set>

#include "sync/client/backoff.hpp"

using namespace talkoo::sync;
using std::chrono::milliseconds;

TEST_CASE("backoff waits grow twofold within their jitter and never pass the cap") {
    Backoff backoff({milliseconds(1000), milliseconds(30'000)}, 7);
    int64_t step = 1000;
    for (int failure = 1; failure <= 12; ++failure) {
        const int64_t wait = backoff.after_failure().count();
        INFO("failure " << failure << ", step " << step << ", wait " << wait);
        CHECK(wait >= step / 2);
        CHECK(wait <= step);
        step = std::min<int64_t>(step * 2, 30'000);
    }
    CHECK(backoff.failures() == 12);
}

TEST_CASE("backoff starts over from the first wait after a success") {
    Backoff backoff({milliseconds(1000), milliseconds(300'000)}, 7);
    for (int i = 0; i < 8; ++i)
        backoff.after_failure();
    CHECK(backoff.after_failure().count() >= 128'000);
    backoff.reset();
    CHECK(backoff.failures() == 0);
    CHECK(backoff.after_failure().count() <= 1000);
}

TEST_CASE("backoff jitter spreads kiosks that failed together") {
    // Twenty kiosks that lost the centre at the same moment do not all return at once.
    std::set<int64_t> waits;
    for (uint64_t kiosk = 0; kiosk < 20; ++kiosk) {
        Backoff backoff({milliseconds(5000), milliseconds(300'000)}, kiosk);
        for (int i = 0; i < 4; ++i)
            backoff.after_failure();
        waits.insert(backoff.after_failure().count());
    }
    CHECK(waits.size() >= 15);
}

TEST_CASE("backoff survives a week of failures without overflowing its wait") {
    Backoff backoff({milliseconds(5000), milliseconds(300'000)}, 1);
    int64_t last = 0;
    for (int i = 0; i < 10'000; ++i)
        last = backoff.after_failure().count();
    CHECK(last >= 150'000);
    CHECK(last <= 300'000);
}
