// The public channel for visitors' phones (issue 14): the web app opened from a stand's QR code
// has no device token, so it reads the catalogue and sends signups here, with no token:
//
//   GET  /v1/public/catalog    as GET /v1/catalog
//   POST /v1/public/signups    as POST /v1/signups: sealed only, at most 20 a batch and 64 KiB,
//                              stored with device "web" (the mark coordinators see) and the
//                              stand the signup names (the QR code's info point)
//
// Off unless `serve --public-channel`: then 403 public_channel_off, which the app shows as
// "signups stay on this phone". Each request names its installation (X-Talkoo-Installation, the
// app's own random id: no person) and is limited per address and per installation
// (public_limits.hpp: 429 with Retry-After). Validation and idempotency (the client's id) are
// the device API's own code.
#include <algorithm>

#include "server/api.hpp"
#include "server/public_limits.hpp"
#include "sync/wire/protocol.hpp"

namespace talkoo::central {
namespace {

bool is_installation_id(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    return true;
}

// The phone's address: the peer's, or behind a trusted reverse proxy (serve --trusted-proxy)
// the one the proxy saw, the last of X-Forwarded-For (earlier ones are the client's to invent).
std::string client_address(const HttpRequest& request, const std::vector<std::string>& proxies) {
    if (std::find(proxies.begin(), proxies.end(), request.client_address) == proxies.end())
        return request.client_address;
    std::string forwarded = request.header("X-Forwarded-For");
    size_t comma = forwarded.rfind(',');
    std::string last = comma == std::string::npos ? forwarded : forwarded.substr(comma + 1);
    size_t b = last.find_first_not_of(" \t");
    size_t e = last.find_last_not_of(" \t");
    return b == std::string::npos ? request.client_address : last.substr(b, e - b + 1);
}

// The gate every public call passes: on, named, within its limits.
void admit(Call& call, const PublicChannel& channel) {
    const bool enabled = channel.enabled;
    PublicLimits& limits = channel.limits;
    if (!enabled)
        throw ApiError(403, wire::error_code::public_channel_off,
                       "This centre takes no calls from phones: its public channel is off "
                       "(talkoo-central serve --public-channel turns it on).");
    const std::string installation = call.request.header(wire::kInstallationHeader);
    if (!is_installation_id(installation))
        throw ApiError(400, wire::error_code::bad_request,
                       std::string("Name the installation in the ") +
                           std::string(wire::kInstallationHeader) +
                           " header: 1 to 64 letters, digits, '-' or '_' (the web app's id).");
    current_request_notes().who = "web";
    const std::string address = client_address(call.request, channel.trusted_proxies);
    if (int64_t wait = limits.admit(address, installation); wait > 0)
        throw ApiError(429, wire::error_code::rate_limited,
                       "Too many requests from this phone or its network: wait " +
                           std::to_string(wait) + " s and try again.")
            .with_header("Retry-After", std::to_string(wait));
}

}  // namespace

void add_public_api(Router& router, CentralStore& store, SignupVault& vault,
                    SignupCommitter& committer, PublicChannel channel) {
    router.add("GET", std::string(wire::kPublicCatalogPath), Access::anyone,
               [&store, &vault, channel](Call& c) {
                   admit(c, channel);
                   get_catalog(c, store, vault);
               });
    RouteOptions signups;
    signups.max_body = wire::kMaxPublicBodyBytes;
    router.add(
        "POST", std::string(wire::kPublicSignupsPath), Access::anyone,
        [&vault, &committer, channel](Call& c) {
            admit(c, channel);
            post_signups(c, vault, committer,
                         {std::string(kWebDeviceId), "", false, wire::kMaxPublicSignupsPerBatch});
        },
        signups);
}

}  // namespace talkoo::central
