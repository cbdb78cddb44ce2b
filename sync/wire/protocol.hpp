// The sync protocol's fixed points, shared by the kiosk's client and talkoo-central: the protocol
// name every answer carries, the paths, the limits and the stable error codes. docs/protocol.md
// describes each call with an example; this header is what both ends compile against, so a
// change here is a protocol change (bump kProtocol when old clients could misread an answer).
//
// Why a protocol field in every answer: a kiosk in a library lobby often sits behind a captive
// portal that answers any request with "200 OK" and an HTML login page. A client accepts an
// answer only if it is JSON and carries "protocol": "talkoo/1".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace talkoo::wire {

inline constexpr std::string_view kProtocolField = "protocol";
inline constexpr std::string_view kProtocol = "talkoo/1";
// Also sent as a header on every answer, so that non-JSON answers (CSV export) are recognisable.
inline constexpr std::string_view kProtocolHeader = "X-Talkoo-Protocol";
// Sent by the kiosk with every request; the centre shows it in the device list.
inline constexpr std::string_view kAppVersionHeader = "X-Talkoo-App-Version";
inline constexpr std::string_view kJsonContentType = "application/json";

// -- paths -------------------------------------------------------------------------------------
inline constexpr std::string_view kHealthPath = "/v1/health";
inline constexpr std::string_view kCatalogPath = "/v1/catalog";  // GET, device or coordinator
inline constexpr std::string_view kSignupsPath = "/v1/signups";  // POST device, GET coordinator
inline constexpr std::string_view kStatsPath = "/v1/stats";      // POST device
inline constexpr std::string_view kDevicePath = "/v1/device";    // GET device: its registration
inline constexpr std::string_view kTasksPath = "/v1/tasks";      // coordinator: /v1/tasks/{id}
inline constexpr std::string_view kOrganisationsPath = "/v1/organisations";
inline constexpr std::string_view kInfoPointsPath = "/v1/info-points";
inline constexpr std::string_view kDevicesPath = "/v1/devices";  // GET coordinator
// The public channel for visitors' phones (off unless `serve --public-channel`): the catalogue
// and signups with no token, limited per address and per installation (docs/protocol.md).
inline constexpr std::string_view kPublicCatalogPath = "/v1/public/catalog";  // GET anyone
inline constexpr std::string_view kPublicSignupsPath = "/v1/public/signups";  // POST anyone
// A staff tablet trades its one-time enrolment code (a QR link) for a device token.
inline constexpr std::string_view kEnrolPath = "/v1/enrol";  // POST anyone
// The public channel's callers name their installation (the web app's store id): a per-
// installation limit, and nothing else (it names no person).
inline constexpr std::string_view kInstallationHeader = "X-Talkoo-Installation";

// -- limits ------------------------------------------------------------------------------------
inline constexpr size_t kMaxBodyBytes = 1024 * 1024;  // after gzip decoding, too
inline constexpr size_t kMaxSignupsPerBatch = 500;
inline constexpr size_t kMaxPublicSignupsPerBatch = 20;  // a phone's, on the public channel
inline constexpr size_t kMaxPublicBodyBytes = 64 * 1024;
inline constexpr size_t kMaxCountersPerPost = 5000;
inline constexpr int kMaxCatalogPageLimit = 1000;
inline constexpr int kDefaultCatalogPageLimit = 500;
inline constexpr int kMaxJsonDepth = 32;  // deeper documents are refused before parsing
// Pages of the coordinators' lists (GET /v1/signups, GET /v1/devices): `limit` 1 to the maximum,
// the default when it is left out; exports stream the whole selection instead.
inline constexpr int kMaxListPageLimit = 1000;
inline constexpr int kDefaultListPageLimit = 100;
// A signup's created_ms (and consent_ms) must lie within this window of the centre's clock when
// it arrives: a kiosk's clock may run a little ahead, and a kiosk may keep signups offline for a
// long time, but a time outside the window is a clock gone wrong (a dead clock battery reads
// 1970 or 2000), and the signup is rejected (`invalid`, field created_ms) for staff to see.
inline constexpr int64_t kMaxSignupAheadMs = 24LL * 3600 * 1000;          // one day ahead
inline constexpr int64_t kMaxSignupAgeMs = 3LL * 366 * 24 * 3600 * 1000;  // three years behind

// Kiosks from this version on seal personal fields; the centre accepts the plain form only from
// app versions before it (X-Talkoo-App-Version), and logs each plain signup it takes.
inline constexpr std::string_view kFirstSealingVersion = "0.2.0";
// True when `app_version` ("MAJOR.MINOR.PATCH...") is a version before kFirstSealingVersion.
bool sends_plain_signups(std::string_view app_version);

// -- per-signup results of POST /v1/signups ----------------------------------------------------
// "stored" and "duplicate" both mean "the centre has it": the kiosk may forget the signup.
inline constexpr std::string_view kResultStored = "stored";
inline constexpr std::string_view kResultDuplicate = "duplicate";
inline constexpr std::string_view kResultConflict = "conflict";  // same id, other content
inline constexpr std::string_view kResultRejected = "rejected";  // failed validation

// -- error codes: {"protocol":"talkoo/1","error":{"code":"...","message":"..."}} ---------------
namespace error_code {
inline constexpr std::string_view bad_json = "bad_json";              // 400
inline constexpr std::string_view bad_request = "bad_request";        // 400 wrong shape/types
inline constexpr std::string_view bad_query = "bad_query";            // 400 query parameter
inline constexpr std::string_view invalid_cursor = "invalid_cursor";  // 400
inline constexpr std::string_view too_many_items = "too_many_items";  // 400 batch too large
inline constexpr std::string_view unauthorized = "unauthorized";      // 401 no/unknown token
inline constexpr std::string_view forbidden = "forbidden";            // 403 wrong kind/scope
inline constexpr std::string_view public_channel_off = "public_channel_off";  // 403 (see above)
inline constexpr std::string_view enrolment_unknown = "enrolment_unknown";    // 404
inline constexpr std::string_view enrolment_used = "enrolment_used";          // 410
inline constexpr std::string_view enrolment_expired = "enrolment_expired";    // 410
inline constexpr std::string_view not_found = "not_found";                    // 404
inline constexpr std::string_view method_not_allowed = "method_not_allowed";  // 405
inline constexpr std::string_view request_timeout = "request_timeout";      // 408 too slow to send
inline constexpr std::string_view conflict = "conflict";                    // 409
inline constexpr std::string_view payload_too_large = "payload_too_large";  // 413
inline constexpr std::string_view uri_too_long = "uri_too_long";            // 414
inline constexpr std::string_view unsupported_media_type = "unsupported_media_type";  // 415
inline constexpr std::string_view expectation_failed = "expectation_failed";          // 417
inline constexpr std::string_view validation_failed = "validation_failed";            // 422
inline constexpr std::string_view rate_limited = "rate_limited";                      // 429
inline constexpr std::string_view too_many_connections = "too_many_connections";      // 429
inline constexpr std::string_view header_too_large = "header_too_large";              // 431
inline constexpr std::string_view internal = "internal";        // 500: our bug, never yours
inline constexpr std::string_view unavailable = "unavailable";  // 503: busy, retry later
}  // namespace error_code

}  // namespace talkoo::wire
