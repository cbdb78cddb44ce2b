// The v1 API's calls, registered on a Router. docs/protocol.md describes each with an example.
//   device_api.cpp       GET /v1/health, GET /v1/catalog, POST /v1/signups, POST /v1/stats
//   device_info_api.cpp  GET /v1/device
//   coordinator_api.cpp  catalogue records, signups (list, export, follow-up, erase), devices
#pragma once

#include "server/http_router.hpp"
#include "server/storage.hpp"

namespace talkoo::central {

void add_device_api(Router& router, CentralStore& store);
// device_info_api.cpp: GET /v1/device, the asking kiosk's registration (its info point).
void add_device_info_api(Router& router);
void add_coordinator_api(Router& router, CentralStore& store);

}  // namespace talkoo::central
