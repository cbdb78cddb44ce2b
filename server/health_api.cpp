// GET /v1/health: whether the centre and its storage work, its version and clock (a kiosk can
// warn staff when its own clock is far off). No token. Answered on the network thread from
// StorageHealth's report (storage_health.hpp), so that it answers at once even when every worker
// is busy or the database is locked:
//   200 {"status": "ok", ...}
//   200 {"status": "degraded", "problems": [{"code": "disk_full", "message": "..."}], ...}
//       (reads work, writes are refused with 503 until the problem is gone)
//   503 {"status": "unavailable", "problems": [...], "error": {...}} (the database does not
//       answer at all)
#include "core/clock.hpp"
#include "server/api.hpp"
#include "server/storage_health.hpp"
#include "sync/wire/protocol.hpp"
#include "talkoo_build_id.hpp"

namespace talkoo::central {
namespace {

void get_health(Call& call, StorageHealth& health) {
    call.allow_only_query({});
    HealthReport report = health.report();
    nlohmann::json problems = nlohmann::json::array();
    for (const HealthProblem& p : report.problems)
        problems.push_back({{"code", p.code}, {"message", p.message}});
    const int64_t now = now_ms();
    nlohmann::json body = {{"status", !report.answering         ? "unavailable"
                                      : report.problems.empty() ? "ok"
                                                                : "degraded"},
                           {"version", TALKOO_VERSION},
                           {"build", TALKOO_BUILD_ID},
                           {"time", iso_timestamp_utc(now)},
                           {"time_ms", now}};
    if (!report.problems.empty()) body["problems"] = std::move(problems);
    if (!report.answering) {
        current_request_notes().error_code = wire::error_code::unavailable;
        body["error"] = {{"code", wire::error_code::unavailable},
                         {"message", "The centre's database is not answering; try again later."}};
        call.response.set_header("Retry-After", "5");
        send_json(call.response, 503, std::move(body));
        return;
    }
    send_json(call.response, 200, std::move(body));
}

}  // namespace

void add_health_api(Router& router, StorageHealth& health) {
    RouteOptions immediate;
    immediate.immediate = true;
    router.add(
        "GET", std::string(wire::kHealthPath), Access::anyone,
        [&health](Call& c) { get_health(c, health); }, immediate);
}

}  // namespace talkoo::central
