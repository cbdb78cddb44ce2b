// UUIDv7 generation (RFC 9562, section 5.7), with the optional monotonic counter of section
// 6.2 "method 1": within one millisecond the 12-bit rand_a field counts up from a random start,
// so ids made by this process sort in creation order. The 62 bits of rand_b come from the
// kernel's CSPRNG: they alone make collisions between devices negligible.
#include "core/uuid.hpp"

#include <unistd.h>  // getentropy: glibc and emscripten (the browser's crypto) alike

#include <cstdio>
#include <mutex>
#include <stdexcept>

#include "core/clock.hpp"

namespace talkoo {
namespace {

uint64_t random_u64() {
    uint64_t v = 0;
    if (getentropy(&v, sizeof v) != 0)
        throw std::runtime_error("the system's random number source failed");
    return v;
}

std::string format_uuid(int64_t unix_ms, uint16_t rand_a, uint64_t rand_b) {
    uint64_t hi = (static_cast<uint64_t>(unix_ms) & 0xFFFFFFFFFFFFull) << 16;
    hi |= 0x7000u | (rand_a & 0x0FFFu);
    uint64_t lo = (rand_b & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;
    char buf[37];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                  static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                  static_cast<unsigned>(lo >> 48),
                  static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
    return buf;
}

bool is_lower_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

}  // namespace

std::string uuid_v7_at(int64_t unix_ms) {
    uint64_t r = random_u64();
    return format_uuid(unix_ms, static_cast<uint16_t>(r >> 52), random_u64());
}

std::string new_uuid_v7() {
    static std::mutex mutex;
    static int64_t last_ms = 0;
    static uint16_t counter = 0;

    std::lock_guard lock(mutex);
    int64_t ms = now_ms();
    if (ms <= last_ms) {
        // Same millisecond, or the clock stepped back: keep counting from the last id so that
        // order is kept. On counter overflow, borrow the next millisecond.
        ms = last_ms;
        if (++counter > 0x0FFF) {
            ++ms;
            counter = 0;
        }
    } else {
        // Start each millisecond's counter low and random, leaving room to count up.
        counter = static_cast<uint16_t>(random_u64() & 0x01FF);
    }
    last_ms = ms;
    return format_uuid(ms, counter, random_u64());
}

bool is_uuid(std::string_view t) {
    if (t.size() != 36) return false;
    for (size_t i = 0; i < t.size(); ++i) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? t[i] != '-' : !is_lower_hex(t[i])) return false;
    }
    return true;
}

bool is_uuid_v7(std::string_view t) {
    return is_uuid(t) && t[14] == '7' &&
           (t[19] == '8' || t[19] == '9' || t[19] == 'a' || t[19] == 'b');
}

int64_t uuid_v7_time_ms(std::string_view uuid) {
    if (!is_uuid_v7(uuid)) return 0;
    int64_t ms = 0;
    for (size_t i = 0; i < 13; ++i) {
        if (i == 8) continue;  // the dash
        char c = uuid[i];
        ms = ms * 16 + (c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return ms;
}

}  // namespace talkoo
