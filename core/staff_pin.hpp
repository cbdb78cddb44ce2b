// The staff PIN: what opens the staff panel (issue 13, point 1). 4 to 8 digits, set on first
// use or with `talkoo-kiosk --set-pin`, kept in the store's settings only as an Argon2id hash
// (libsodium's crypto_pwhash_str, whose string carries its own salt and cost), never itself.
//
// Guessing is slowed twice over: each check costs about half a second of Argon2id (the cost is
// measured in bench/, docs/benchmarks.md), and five wrong PINs in a row lock the pad for a
// minute, then two, four, ... (doubling up to a day) each time the lock comes back. The count
// and the lock live in the store (durable before the answer), so neither a restart nor a kill
// during a check gives a guesser more tries: each attempt is counted before it is checked.
//
// The lock is kept as a wall-clock time (it must survive a restart). A clock set back cannot
// lengthen it past its own duration from now, nor shorten it.
//
// Native only: the web build's libsodium holds no Argon2 (scripts/build-web-deps.sh), so the
// app reaches this through app/staff/staff_backend.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/local_store.hpp"

namespace talkoo {

// Argon2id's cost: passes over memory and the memory itself.
struct PinCost {
    unsigned long long opslimit = 0;
    size_t memlimit = 0;
};
// About 0.3 to 1 s on a kiosk's CPU (bench-core-pin); what --set-pin and the panel use.
PinCost default_pin_cost();
// libsodium's least: for tests that check many PINs (the same code, a cheaper hash).
PinCost fastest_pin_cost();

inline constexpr int kPinMinDigits = 4;
inline constexpr int kPinMaxDigits = 8;
inline constexpr int kPinTriesBeforeLock = 5;
inline constexpr int64_t kPinFirstLockMs = 60'000;
inline constexpr int64_t kPinLongestLockMs = 24 * 3600 * 1000;

// 4 to 8 ASCII digits.
bool is_valid_pin(std::string_view pin);

// The Argon2id hash string of `pin` (throws std::invalid_argument for a PIN that is not 4 to 8
// digits, std::runtime_error when libsodium fails, e.g. for lack of memory).
std::string hash_pin(std::string_view pin, PinCost cost);
// Whether `pin` matches `hash` (a hash_pin string); false for a malformed hash.
bool verify_pin(const std::string& hash, std::string_view pin);

// The store settings that keep the PIN's hash and its guard (no PIN itself).
inline constexpr std::string_view kPinHashSetting = "staff.pin_hash";
inline constexpr std::string_view kPinFailuresSetting = "staff.pin_failures";
inline constexpr std::string_view kPinLockedUntilSetting = "staff.pin_locked_until_ms";
inline constexpr std::string_view kPinLocksSetting = "staff.pin_locks";

class StaffPin {
  public:
    StaffPin(LocalStore& store, PinCost cost) : store_(store), cost_(cost) {}

    bool is_set();
    // Sets (or replaces) the PIN. Throws std::invalid_argument for one that is not 4 to 8
    // digits; a new PIN also lifts a lock and forgets failed tries.
    void set(std::string_view pin);

    struct Check {
        enum class Result { ok, wrong, locked, not_set } result = Result::wrong;
        int tries_left = 0;        // wrong: before the pad locks
        int64_t locked_until = 0;  // locked (also after the try that locked it): Unix ms
        int64_t lock_ms = 0;       // how long that lock lasts
    };
    // Checks a PIN at `now_ms`. While locked it is not even hashed. Wrong PINs are counted
    // before the check and durably, the fifth in a row locks.
    Check check(std::string_view pin, int64_t now_ms);
    // When the pad unlocks (Unix ms), or 0 when it is not locked at `now_ms`.
    int64_t locked_until(int64_t now_ms);

  private:
    int64_t setting_int(std::string_view key);

    LocalStore& store_;
    PinCost cost_;
};

}  // namespace talkoo
