// Who is asking: the bearer token of a request turned into a device or a coordinator.
//
// Every request looks its token up afresh (by hash, then a constant-time comparison), so a token
// revoked from the CLI is refused from the very next request, even by a running service. Devices'
// last-seen time and app version are written at most once a minute per device, so that a busy
// kiosk does not turn every read into a database write.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "server/http_message.hpp"
#include "server/storage.hpp"

namespace talkoo::central {

struct Principal {
    enum class Kind { device, coordinator };
    Kind kind = Kind::device;
    DeviceRecord device;            // when kind == device
    CoordinatorRecord coordinator;  // when kind == coordinator
    std::string app_version;        // this request's X-Talkoo-App-Version (cleaned), "" if none

    bool is_device() const { return kind == Kind::device; }
    bool is_coordinator() const { return kind == Kind::coordinator; }
    // A coordinator of the whole network (not of one organisation).
    bool network_wide() const { return is_coordinator() && coordinator.organisation_id.empty(); }
    // "device:<id>" or "coordinator:<id>", for logs and rate-limit buckets.
    std::string name() const;
};

class Authenticator {
  public:
    explicit Authenticator(CentralStore& store) : store_(store) {}
    // The principal behind the request's "Authorization: Bearer <token>"; throws ApiError 401
    // when the header is missing or malformed, or the token unknown or revoked.
    Principal authenticate(const HttpRequest& request);

  private:
    void note_device_seen(const DeviceRecord& device, const HttpRequest& request);

    CentralStore& store_;
    std::mutex seen_mutex_;
    struct Seen {
        int64_t written_ms = 0;
        std::string app_version;
    };
    std::unordered_map<std::string, Seen> seen_;
};

}  // namespace talkoo::central
