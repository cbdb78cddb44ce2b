// The v1 API's calls, registered on a Router. docs/protocol.md describes each with an example.
//   health_api.cpp       GET /v1/health
//   device_api.cpp       GET /v1/catalog, POST /v1/signups, POST /v1/stats
//   coordinator_api.cpp  catalogue records, signups (list, export, follow-up, erase), devices
#pragma once

#include "server/http_router.hpp"
#include "server/storage.hpp"

namespace talkoo::central {

class StorageHealth;

void add_health_api(Router& router, StorageHealth& health);
void add_device_api(Router& router, CentralStore& store);
void add_coordinator_api(Router& router, CentralStore& store);

}  // namespace talkoo::central
