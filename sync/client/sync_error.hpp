// SyncError: why a sync stopped, as one exception type with a kind for code (the worker's choice
// of backoff, the status line's online/offline) and a message for people. Every message says
// what happened and what a staff member can do about it, e.g. "The centre does not recognise
// this device: ask the coordinator for a new token." Messages never hold a visitor's personal
// data: they are built from status codes, ids, field names and the centre's own messages, which
// the protocol keeps free of request values.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

namespace talkoo::sync {

class SyncError : public std::runtime_error {
  public:
    enum class Kind {
        network,        // no answer at all: refused, reset, timed out, name or TLS failure, cut off
        not_centre,     // an answer, but not the centre's: captive portal, proxy page, look-alike
        unauthorized,   // 401: the device token is unknown or revoked
        forbidden,      // 403: the token is not a device token, or not allowed this call
        rate_limited,   // 429: wait Retry-After
        centre_busy,    // 503 from the centre: wait Retry-After
        centre_failed,  // 500 or another 5xx from the centre itself
        refused,        // another 4xx: the centre refused the request as this kiosk sent it
        bad_answer,     // the centre's JSON, but not what the protocol says it should hold
        store,          // the device's own store failed (disk full, read-only, ...)
        cancelled,      // the kiosk is shutting down
    };

    SyncError(Kind kind, const std::string& message, std::optional<long> retry_after_s = {},
              std::string centre_code = {})
        : std::runtime_error(message),
          kind(kind),
          retry_after_s(retry_after_s),
          centre_code(std::move(centre_code)) {}

    // True when the centre itself answered (so the network works): the status shows "online".
    bool centre_answered() const {
        return kind == Kind::unauthorized || kind == Kind::forbidden ||
               kind == Kind::rate_limited || kind == Kind::centre_busy ||
               kind == Kind::centre_failed || kind == Kind::refused || kind == Kind::bad_answer;
    }

    Kind kind;
    std::optional<long> retry_after_s;  // the centre's Retry-After, in seconds
    std::string centre_code;            // the centre's error code, e.g. "invalid_cursor"
};

}  // namespace talkoo::sync
