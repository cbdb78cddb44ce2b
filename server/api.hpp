// The v1 API's calls, registered on a Router. docs/protocol.md describes each with an example.
//   health_api.cpp       GET /v1/health
//   device_api.cpp       GET /v1/catalog, POST /v1/signups, POST /v1/stats
//   device_info_api.cpp  GET /v1/device
//   coordinator_api.cpp  catalogue records, signups (list, export, follow-up, erase), devices
//   report_api.cpp       GET /v1/reports (usage counters per point, day, organisation, task)
#pragma once

#include "server/http_router.hpp"
#include "server/signup_vault.hpp"
#include "server/storage.hpp"

namespace talkoo::central {

class StorageHealth;
class SignupCommitter;

void add_health_api(Router& router, StorageHealth& health);
// Signups go through `vault` (sealed at rest, opened for coordinators) and are made durable by
// `committer` (group commit); everything else through `store`.
void add_device_api(Router& router, CentralStore& store, SignupVault& vault,
                    SignupCommitter& committer);
// device_info_api.cpp: GET /v1/device, the asking kiosk's registration (its info point).
void add_device_info_api(Router& router);
void add_coordinator_api(Router& router, CentralStore& store, SignupVault& vault);
void add_report_api(Router& router, CentralStore& store);

}  // namespace talkoo::central
