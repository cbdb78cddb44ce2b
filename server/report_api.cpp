// GET /v1/reports: what the stops brought in, from the anonymous usage counters
// (server/usage_report.hpp; docs/protocol.md has an example). Coordinator token. A network
// coordinator may ask by point, day, organisation or task; an organisation's coordinator only
// by organisation or task, and gets only its own organisation's rows (visitor sessions and
// languages belong to a stop, not to an organisation).
#include "core/validation.hpp"
#include "server/api.hpp"
#include "server/usage_report.hpp"
#include "sync/wire/protocol.hpp"

namespace talkoo::central {
namespace {

std::optional<std::string> day_query(const Call& call, const std::string& name) {
    auto v = call.query(name);
    if (v && !is_valid_iso_date(*v))
        throw ApiError(400, wire::error_code::bad_query,
                       name + " must be a calendar day written YYYY-MM-DD.");
    return v;
}

void get_reports(Call& call, CentralStore& store) {
    call.allow_only_query({"by", "since", "until", "format"});
    std::optional<ReportBy> by = parse_report_by(call.query("by").value_or("point"));
    if (!by)
        throw ApiError(400, wire::error_code::bad_query, "by must be point, day, org or task.");
    UsageQuery q;
    q.since_day = day_query(call, "since");
    q.until_day = day_query(call, "until");
    std::string format = call.query("format").value_or("json");
    if (format != "json" && format != "csv")
        throw ApiError(400, wire::error_code::bad_query, "format must be json or csv.");
    std::optional<std::string> scope;
    if (!call.principal().network_wide()) {
        scope = call.principal().coordinator.organisation_id;
        if (*by == ReportBy::point || *by == ReportBy::day)
            throw ApiError(403, wire::error_code::forbidden,
                           "Your token is for organisation \"" + *scope +
                               "\": ask by=org or by=task, which show its own tasks; reports by "
                               "point or day cover every organisation.");
    }
    Report report = build_report(store, *by, q, scope);
    current_request_notes().items = static_cast<int64_t>(report.rows.size());
    if (format == "csv") {
        call.response.status = 200;
        call.response.set_header("Content-Disposition", "attachment; filename=\"report-" +
                                                            std::string(to_string(*by)) + ".csv\"");
        call.response.set_content(report_csv(report), "text/csv; charset=utf-8");
        return;
    }
    nlohmann::json body = report_json(report);
    body.erase(std::string(wire::kProtocolField));  // send_json adds it
    send_json(call.response, 200, std::move(body));
}

}  // namespace

void add_report_api(Router& router, CentralStore& store) {
    router.add("GET", "/v1/reports", "/v1/reports", Access::coordinator,
               [&store](Call& c) { get_reports(c, store); });
}

}  // namespace talkoo::central
