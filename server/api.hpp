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

// The catalogue and signup calls' bodies, shared by the device API and the public channel for
// phones (public_api.cpp).
struct SignupSource {
    std::string device_id;       // stored with each signup: a device's id, or "web"
    std::string info_point_id;   // for signups that name none ("" for none)
    bool plain_allowed = false;  // kiosks older than sealing send personal fields plain
    size_t max_batch = 0;
};
void get_catalog(Call& call, CentralStore& store, SignupVault& vault);
// The device id stored with signups that came through the public channel (phones).
inline constexpr std::string_view kWebDeviceId = "web";
void post_signups(Call& call, SignupVault& vault, SignupCommitter& committer,
                  const SignupSource& source);

class PublicLimits;
struct PublicChannel {
    bool enabled = false;  // 403 public_channel_off otherwise
    PublicLimits& limits;
    // Reverse proxies whose X-Forwarded-For names the phone's address (serve --trusted-proxy).
    std::vector<std::string> trusted_proxies;
};
// public_api.cpp: GET /v1/public/catalog, POST /v1/public/signups.
void add_public_api(Router& router, CentralStore& store, SignupVault& vault,
                    SignupCommitter& committer, PublicChannel channel);

}  // namespace talkoo::central
