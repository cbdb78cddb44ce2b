// The signup batches bench-http-compare posts: plain ones in the form of kiosks before sealing,
// sealed ones as kiosks since 0.2.0 send them (made before a timed run), and the yardstick's.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/seal.hpp"
#include "core/sealed_signup.hpp"
#include "core/uuid.hpp"
#include "sync/wire/signup_json.hpp"

namespace talkoo::bench {

// Signups in each batch.
inline constexpr int kBatchSignups = 10;

// A batch of `size` new signups (about 500 bytes each) in the plain form of kiosks before
// sealing. Fresh ids every time, so that every batch is stored, never a duplicate.
inline std::string signup_batch_body(int size) {
    static std::atomic<uint64_t> next{1};
    nlohmann::json list = nlohmann::json::array();
    for (int i = 0; i < size; ++i) {
        char id[64];
        std::snprintf(id, sizeof id, "01903f2e-8a4b-7c1d-9e2f-%012llx",
                      static_cast<unsigned long long>(next++));
        list.push_back({{"id", id},
                        {"task_ids", {"demo-junior-football-coach"}},
                        {"name", "Maija Meikäläinen"},
                        {"phone", "040 123 4567"},
                        {"email", "maija@example.fi"},
                        {"message", std::string(300, 'm')},
                        {"lang", "fi"},
                        {"consent_version", "consent-2024-1"},
                        {"consent_ms", talkoo::now_ms()},
                        {"created_ms", talkoo::now_ms()}});
    }
    return nlohmann::json({{"signups", list}}).dump();
}

// Sealed batches as kiosks since 0.2.0 send them, made before a timed run: sealing costs the
// client what opening costs the centre, and made during the run it would share the two cores
// with the server under test. A run that uses them all seals more on the fly.
struct SealedBodies {
    talkoo::seal::PublicKey key;
    std::vector<std::string> bodies;
    std::atomic<size_t> next{0};

    static talkoo::Signup fresh_signup() {
        talkoo::Signup s;
        s.id = talkoo::new_uuid_v7();
        s.task_ids = {"demo-junior-football-coach"};
        s.name = "Maija Meikäläinen";
        s.phone = "040 123 4567";
        s.email = "maija@example.fi";
        s.message = std::string(300, 'm');
        s.lang = talkoo::Lang::fi;
        s.consent_version = "consent-2024-1";
        s.consent_ms = s.created_ms = talkoo::now_ms();
        return s;
    }
    std::string make(int size) const {
        std::vector<talkoo::SealedSignup> batch;
        for (int i = 0; i < size; ++i)
            batch.push_back(talkoo::seal_signup(fresh_signup(), key));
        return talkoo::wire::signup_batch_to_json(batch).dump();
    }
    void refill(size_t count) {
        next = 0;
        bodies.clear();
        for (size_t i = 0; i < count; ++i)
            bodies.push_back(make(kBatchSignups));
    }
    std::string take() {
        size_t i = next++;
        return i < bodies.size() ? bodies[i] : make(kBatchSignups);
    }
};

// The same shape for the yardstick, which does not open them: fresh ids, one sealed blob.
inline std::string yardstick_sealed_body() {
    static const talkoo::SealedSignup model = talkoo::seal_signup(
        SealedBodies::fresh_signup(), talkoo::seal::make_key_ring(1).current().public_key);
    std::vector<talkoo::SealedSignup> batch;
    for (int i = 0; i < kBatchSignups; ++i) {
        talkoo::SealedSignup s = model;
        s.signup.id = talkoo::new_uuid_v7();
        batch.push_back(s);
    }
    return talkoo::wire::signup_batch_to_json(batch).dump();
}

}  // namespace talkoo::bench
