// The parts of an end-to-end sync test: the real talkoo-central on loopback (CentralFixture),
// the FaultProxy in front of it, and kiosks with their own store files whose SyncConfig points
// at the proxy, with short timeouts and backoff so the suite stays quick. And the two checks
// every fault test ends with: the centre holds each signup made on the kiosk exactly once, with
// its content, and the kiosk's catalogue equals the centre's.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/local_store.hpp"
#include "support/central_fixture.hpp"
#include "support/fault_proxy.hpp"
#include "support/temp_dir.hpp"
#include "sync/client/sync_config.hpp"
#include "sync/client/sync_session.hpp"

namespace talkoo::test {

// Timeouts that a sanitizer build still meets on a busy machine, and backoff in milliseconds.
sync::SyncConfig quick_sync_config(const std::string& server_url, const std::string& token);

class TestKiosk {
  public:
    // A new store holding the test catalogue under an empty cursor and the network's public key
    // (as a kiosk fresh from its bundled catalogue, which has never reached the centre).
    TestKiosk(const std::string& server_url, const Identity& device,
              const seal::PublicKey& network_key);

    // Commits `n` signups for `task_ids`, sealed, as visitors do with no network; remembers them
    // in `made` with their personal data, to compare with the centre later.
    std::vector<Signup> make_signups(int n, const std::vector<std::string>& task_ids = {"task-a1"},
                                     const std::string& name = "Testi Henkilö");
    // One sync pass on a new session.
    sync::SyncReport sync();

    TempDir dir;
    std::filesystem::path store_file;
    Identity device;  // as the centre knows this kiosk
    std::unique_ptr<LocalStore> store;
    sync::SyncConfig config;
    std::vector<Signup> made;
};

// A centre (rate limit off: tests sync far faster than kiosks do), a proxy in front of it and
// one kiosk syncing through the proxy.
struct SyncWorld {
    explicit SyncWorld(const std::vector<std::string>& serve_args = {"--rate-limit", "0"});
    CentralFixture centre;
    std::unique_ptr<FaultProxy> proxy;
    std::unique_ptr<TestKiosk> kiosk;

    // Kills the centre with SIGKILL and starts it again on the same database (on a new port,
    // which the proxy then forwards to).
    void kill_and_restart_centre();
};

// Each signup of `kiosk.made` is at the centre exactly once, from the kiosk's device, with the
// content the visitor gave; and the centre holds no other signup from that device.
void require_delivered_exactly_once(const CentralFixture& centre, const TestKiosk& kiosk);
// The kiosk's catalogue equals the centre's, record for record.
void require_same_catalog(const CentralFixture& centre, LocalStore& store);
// The centre's catalogue, read page by page through the coordinator API.
Catalog centre_catalog(const CentralFixture& centre);

// Polls `done` every 10 ms until it holds or `limit` passes; returns whether it held. Tests use
// it to wait for a worker's progress, never to check how fast something was.
bool wait_until(const std::function<bool()>& done,
                std::chrono::milliseconds limit = std::chrono::seconds(60));

}  // namespace talkoo::test
