// Reports of what the stops brought in, read from the anonymous usage counters that kiosks
// send (POST /v1/stats), summed over devices: per info point (a stop of the tour), per day, per
// organisation or per task, over a range of days. The staff panel shows the same figures from
// the kiosk's own counters (core/usage_figures.hpp has the counter names and the arithmetic);
// `talkoo-central report` prints them and GET /v1/reports answers them (docs/protocol.md).
// They hold no personal data, so they stay whole after signups' personal data is erased.
//
//   by point, by day: visitor sessions, signups, signups per 100 sessions, task page views, the
//                     sessions per language, the tasks signed up for and viewed most;
//   by organisation:  its tasks' views and the signups naming them, its tasks signed up for
//                     and viewed most (sessions and languages belong to no organisation);
//   by task:          its views and the signups naming it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/usage_figures.hpp"
#include "server/storage.hpp"

namespace talkoo::central {

enum class ReportBy { point, day, org, task };
std::optional<ReportBy> parse_report_by(std::string_view text);  // point, day, org, task
std::string_view to_string(ReportBy by);

struct ReportRow {
    std::string key;              // the point's, organisation's or task's id, or the day
    std::string name;             // its name (Finnish) where the catalogue knows it
    std::string organisation_id;  // by task: its organisation
    Figures figures;
};

struct Report {
    ReportBy by = ReportBy::point;
    UsageQuery query;
    std::optional<std::string> organisation;  // only this organisation's rows (a scoped reader)
    std::vector<ReportRow> rows;              // by key (days in order)
    Figures total;
};

// How many tasks the "most" lists name.
inline constexpr size_t kReportTopTasks = 3;

// `organisation`: by org or task, keep only that organisation's rows.
Report build_report(CentralStore& store, ReportBy by, const UsageQuery& query,
                    const std::optional<std::string>& organisation = std::nullopt);

nlohmann::json report_json(const Report& report);
// One header row, then a row per key and a "total" row; CRLF line ends, as the signup CSV.
std::string report_csv(const Report& report);
// Aligned columns for a terminal.
std::string report_table(const Report& report);

}  // namespace talkoo::central
