// A running talkoo-central for one test, set up as a real network would be: a catalogue imported
// with the CLI (two organisations, two info points, three tasks), a registered device, a
// coordinator of the whole network and one of each organisation. Requests go over real HTTP.
//
// fresh_database_spec() is the one place that says which back end the HTTP tests run against:
// a SQLite file in the test's temporary folder, unless TALKOO_CENTRAL_TEST_DB names another
// (a second back end sets it to a fresh database's address).
#pragma once

#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/domain.hpp"
#include "core/seal.hpp"
#include "core/sealed_signup.hpp"
#include "support/central_process.hpp"
#include "support/temp_dir.hpp"

namespace talkoo::test {

std::string fresh_database_spec(const TempDir& dir);

// Records of the test catalogue: org-a (tasks task-a1, task-a2), org-b (task-b1),
// info points point-1 and point-2.
Organisation test_organisation(const std::string& id);
InfoPoint test_info_point(const std::string& id);
Task test_task(const std::string& id, const std::string& organisation_id);
Catalog test_catalog();
// A valid signup made now, with a fresh UUIDv7; `name` lets tests find it (or not) in logs.
Signup test_signup(std::vector<std::string> task_ids, const std::string& name = "Testi Henkilö");

struct Identity {
    std::string id;
    std::string token;
};
// Parses the "id:" and "token:" lines that `device add` and `coordinator add` print.
Identity parse_identity(const CommandResult& result);

class CentralFixture {
  public:
    // Sets the database up and, if `start`, starts the service on it.
    explicit CentralFixture(const std::vector<std::string>& serve_args = {}, bool start = true);

    TempDir dir;
    std::string db;
    std::filesystem::path log_file;
    Identity device;     // at point-1
    Identity network;    // coordinator of the whole network
    Identity coord_a;    // coordinator of org-a
    Identity coord_b;    // coordinator of org-b
    seal::KeyRing keys;  // the network's key ring (keys init), as the centre has it
    std::unique_ptr<CentralProcess> server;

    Identity add_device(const std::string& name, const std::string& point);
    void restart(const std::vector<std::string>& serve_args = {});
    std::string log() const;  // everything the service wrote to stderr so far

    httplib::Result get(const std::string& path, const std::string& token) const;
    httplib::Result post(const std::string& path, const std::string& body, const std::string& token,
                         const std::string& content_type = "application/json") const;
    httplib::Result put(const std::string& path, const std::string& body,
                        const std::string& token) const;
    httplib::Result del(const std::string& path, const std::string& token) const;

    // A signup as a kiosk sends it: sealed to the network's current key.
    SealedSignup sealed(const Signup& signup) const;
    // The body of POST /v1/signups for these signups, sealed as a kiosk seals them.
    std::string sealed_batch(const std::vector<Signup>& signups) const;
    // Reads the key ring again (after `keys rotate`).
    void reload_keys();

    // POST /v1/signups with these signups, sealed, from `token`; returns the parsed answer
    // (REQUIREs 200).
    nlohmann::json post_signups(const std::vector<Signup>& signups, const std::string& token) const;
    // The same in the plain form, as a kiosk of `app_version` (before sealing: 0.1.0) sends it.
    nlohmann::json post_plain_signups(const std::vector<Signup>& signups, const std::string& token,
                                      const std::string& app_version = "0.1.0") const;
};

// The parsed JSON body of an answer (REQUIREs a JSON content type and the protocol field).
nlohmann::json body_of(const httplib::Result& result);
// REQUIREs the answer to be this status with {"error":{"code": code, "message": non-empty}}.
void require_error(const httplib::Result& result, int status, const std::string& code);

}  // namespace talkoo::test
