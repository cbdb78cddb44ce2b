// What both server benchmarks need: a temporary database with a catalogue and devices, and the
// service running on a free loopback port in this process.
#pragma once

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/domain.hpp"
#include "server/central_service.hpp"
#include "server/key_ring_file.hpp"
#include "server/signup_vault.hpp"
#include "server/storage.hpp"

namespace talkoo::bench {

Task bench_task(int n, const std::string& organisation_id);
Signup bench_signup(const std::string& task_id);

class RunningCentral {
  public:
    // A new database in a temporary folder holding `tasks` tasks of 10 organisations, one info
    // point, and `devices` devices whose tokens are in device_tokens; a new key ring beside it.
    RunningCentral(int tasks, int devices);
    ~RunningCentral();

    int port() const { return port_; }
    central::CentralStore& store() { return *store_; }
    // The network's public key, which kiosks seal signups to.
    seal::PublicKey public_key() { return vault_->current_public_key(); }
    // For work done in-process beside the service (bench-sync-handover's import).
    central::SignupVault& vault() { return *vault_; }
    central::KeyRingFile& keys() { return *keys_; }
    std::vector<std::string> device_tokens;

  private:
    std::filesystem::path dir_;
    std::unique_ptr<central::CentralStore> store_;
    std::unique_ptr<central::KeyRingFile> keys_;
    std::unique_ptr<central::SignupVault> vault_;
    std::ofstream log_;  // request lines go to /dev/null: formatted and written, like in service
    std::unique_ptr<central::CentralService> service_;
    std::thread thread_;
    int port_ = 0;
};

// p-th percentile (0..100) of unsorted samples.
double percentile(std::vector<double> samples, double p);

}  // namespace talkoo::bench
