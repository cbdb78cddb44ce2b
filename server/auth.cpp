// See auth.hpp.
#include "server/auth.hpp"

#include "core/clock.hpp"
#include "server/api_error.hpp"
#include "server/tokens.hpp"
#include "sync/wire/protocol.hpp"

namespace talkoo::central {
namespace {

constexpr int64_t kSeenWriteInterval_ms = 60'000;

[[noreturn]] void refuse(const std::string& message) {
    throw ApiError(401, wire::error_code::unauthorized, message)
        .with_header("WWW-Authenticate", "Bearer realm=\"talkoo\"");
}

// The app version header as shown in the device list: printable ASCII, at most 64 characters.
std::string clean_app_version(const std::string& raw) {
    std::string out;
    for (char c : raw) {
        if (out.size() == 64) break;
        if (c >= 0x20 && c < 0x7f) out.push_back(c);
    }
    return out;
}

}  // namespace

std::string Principal::name() const {
    return is_device() ? "device:" + device.id : "coordinator:" + coordinator.id;
}

Principal Authenticator::authenticate(const HttpRequest& request) {
    if (!request.has_header("Authorization"))
        refuse("This call needs a token: send the header \"Authorization: Bearer <token>\".");
    const std::string header = request.header("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (!header.starts_with(kBearer))
        refuse("The Authorization header must read \"Bearer <token>\".");
    std::string_view token = std::string_view(header).substr(kBearer.size());
    std::optional<TokenKind> kind = token_kind(token);
    const std::string unknown =
        "The token is not valid here: it may have been revoked or mistyped. Ask a coordinator "
        "for a new one.";
    if (!kind) refuse(unknown);
    TokenHash hash = hash_token(token);
    Principal p;
    p.app_version = clean_app_version(request.header(wire::kAppVersionHeader));
    if (*kind == TokenKind::device) {
        std::optional<DeviceRecord> d = store_.device_by_token(hash);
        if (!d || !same_hash(d->token_hash, hash)) refuse(unknown);
        if (d->revoked_ms != 0)
            refuse(
                "This device's token was revoked: ask a coordinator to register the device"
                " again.");
        p.kind = Principal::Kind::device;
        p.device = std::move(*d);
        note_device_seen(p.device, request);
    } else {
        std::optional<CoordinatorRecord> k = store_.coordinator_by_token(hash);
        if (!k || !same_hash(k->token_hash, hash)) refuse(unknown);
        if (k->revoked_ms != 0) refuse("This coordinator token was revoked.");
        p.kind = Principal::Kind::coordinator;
        p.coordinator = std::move(*k);
    }
    return p;
}

void Authenticator::note_device_seen(const DeviceRecord& device, const HttpRequest& request) {
    std::string version = clean_app_version(request.header(wire::kAppVersionHeader));
    int64_t now = now_ms();
    {
        std::lock_guard lock(seen_mutex_);
        Seen& seen = seen_[device.id];
        bool due = now - std::max(seen.written_ms, device.last_seen_ms) >= kSeenWriteInterval_ms;
        bool new_version =
            !version.empty() && version != device.app_version && version != seen.app_version;
        if (!due && !new_version) return;
        seen.written_ms = now;
        if (!version.empty()) seen.app_version = version;
    }
    try {
        store_.record_device_seen(device.id, now, version);
    } catch (const CentralStoreError&) {
        // Best effort: a busy database must not turn a kiosk's request into an error. The next
        // request a minute later tries again.
    }
}

}  // namespace talkoo::central
