// CentralClient: the kiosk's side of the talkoo/1 protocol (docs/protocol.md), without a
// network of its own: it makes each call's request and reads the answer to it, whichever
// transport carried them (the kiosk's libcurl, the browser's fetch: http_exchange.hpp). A sync
// pass (sync_pass.hpp) asks it for a request, has a transport send it, and hands it the result.
//
// It is also the gate that decides what counts as the centre's answer. A reply is accepted only
// when it is JSON with "protocol": "talkoo/1"; anything else (a captive portal's login page with
// 200, a proxy's 502 page, a truncated body, a look-alike JSON service) throws SyncError and is
// never taken for a success. Status codes become SyncError kinds with messages for staff.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/local_store.hpp"
#include "sync/client/sync_config.hpp"
#include "sync/client/sync_error.hpp"
#include "sync/wire/signup_json.hpp"

namespace talkoo::sync {

// One page of GET /v1/catalog.
struct CatalogPage {
    CatalogDelta delta;
    std::string cursor;
    bool more = false;
    bool reset = false;  // the page starts from the beginning: replace, do not merge
    // The network's current public key ("network_key"), on every page of a centre that seals;
    // nullopt from a centre too old to send one.
    std::optional<seal::PublicKey> network_key;
};

// GET /v1/device: the centre's record of this kiosk.
struct DeviceRegistration {
    std::string id;
    std::string name;
    std::string info_point_id;  // "" when it was enrolled without --point
};

// What the conversation has cost so far, for the status and the benchmarks.
struct WireTally {
    int requests = 0;
    uint64_t bytes = 0;  // request and answer on the wire, as the transport saw them
};

// Each call is a pair: its request, and the reading of its result, which throws SyncError for
// anything that is not the centre's successful answer (no answer, not the centre, a refusal, a
// page this version cannot read). On the public channel (SyncConfig::channel) the catalogue and
// signups go to the public paths with the installation's id instead of a token.
class CentralClient {
  public:
    explicit CentralClient(const SyncConfig& config);

    // GET /v1/catalog?since=cursor&limit=limit (no since when the cursor is empty).
    HttpRequest catalog_request(const std::string& since, int limit) const;
    CatalogPage catalog_page(const HttpResult& result);
    // POST /v1/signups; the results as the centre gave them (the caller checks every id).
    HttpRequest signups_request(const std::vector<SealedSignup>& batch) const;
    std::vector<wire::SignupResult> signup_results(const HttpResult& result);
    // POST /v1/stats; the reading is how many counters the centre reported as rejected.
    HttpRequest stats_request(const std::vector<UsageCounter>& counters) const;
    int stats_rejected(const HttpResult& result);
    // GET /v1/device.
    HttpRequest registration_request() const;
    DeviceRegistration registration(const HttpResult& result);

    bool public_channel() const { return public_; }
    const WireTally& tally() const { return tally_; }

  private:
    HttpRequest request(const std::string& method, const std::string& path_and_query,
                        const std::string& body) const;
    // The centre's JSON answer of a 2xx; throws SyncError for anything else. Counts the tally.
    nlohmann::json judge(const HttpResult& result);

    std::string base_url_;
    std::string host_;  // for messages
    std::string token_;
    std::string app_version_;
    bool public_ = false;
    std::string installation_id_;
    WireTally tally_;
};

// "https://central.example.fi/" -> "https://central.example.fi"; the host part alone for
// messages. Exposed for the tests of centre_link.
std::string base_url_of(const std::string& server_url);
std::string host_of_url(const std::string& url);

}  // namespace talkoo::sync
