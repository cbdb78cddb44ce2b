// See usage_report.hpp.
#include "server/usage_report.hpp"

#include <map>
#include <sstream>

#include "core/validation.hpp"
#include "sync/wire/protocol.hpp"

namespace talkoo::central {
namespace {

bool per_visitor(ReportBy by) {
    return by == ReportBy::point || by == ReportBy::day;
}

// Signups of a row: committed signups where visitors are counted; signups naming the row's
// tasks for an organisation or a task (a signup naming two of them counts for each).
int64_t signups_of(const Report& r, const Figures& f) {
    if (per_visitor(r.by)) return f.signups;
    int64_t n = 0;
    for (const auto& [id, count] : f.signed_up)
        n += count;
    return n;
}

std::string tops(const std::vector<TaskCount>& list) {
    std::string out;
    for (const TaskCount& t : list)
        out += (out.empty() ? "" : " ") + t.task_id + ":" + std::to_string(t.count);
    return out;
}

std::string per100(const Figures& f) {
    std::optional<double> v = f.signups_per_100_sessions();
    if (!v) return "";
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(1);
    s << *v;
    return s.str();
}

nlohmann::json tops_json(const std::vector<TaskCount>& list) {
    nlohmann::json a = nlohmann::json::array();
    for (const TaskCount& t : list)
        a.push_back({{"task_id", t.task_id}, {"count", t.count}});
    return a;
}

nlohmann::json figures_json(const Report& r, const Figures& f) {
    nlohmann::json j = {{"signups", signups_of(r, f)},
                        {"task_views", f.task_views},
                        {"most_signed_up", tops_json(f.top_signed_up(kReportTopTasks))},
                        {"most_viewed", tops_json(f.top_viewed(kReportTopTasks))}};
    if (per_visitor(r.by)) {
        j["sessions"] = f.sessions;
        std::optional<double> v = f.signups_per_100_sessions();
        j["signups_per_100_sessions"] = v ? nlohmann::json(*v) : nlohmann::json();
        nlohmann::json langs = nlohmann::json::object();
        for (Lang l : kAllLangs) {
            std::string code(lang_code(l));
            auto it = f.languages.find(code);
            langs[code] = it == f.languages.end() ? 0 : it->second;
        }
        j["languages"] = langs;
    }
    return j;
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string key_column(ReportBy by) {
    switch (by) {
        case ReportBy::point:
            return "info_point_id";
        case ReportBy::day:
            return "day";
        case ReportBy::org:
            return "organisation_id";
        case ReportBy::task:
            return "task_id";
    }
    return "key";
}

// One row of cells (header, a row, or the total) for the CSV and the table.
std::vector<std::string> cells(const Report& r, const ReportRow* row, const Figures& f) {
    std::vector<std::string> c;
    if (!row) {
        c = {"total", ""};
    } else {
        c = {row->key, row->name};
    }
    if (r.by == ReportBy::task) c.push_back(row ? row->organisation_id : "");
    if (per_visitor(r.by)) {
        c.push_back(std::to_string(f.sessions));
        c.push_back(std::to_string(signups_of(r, f)));
        c.push_back(per100(f));
    } else {
        c.push_back(std::to_string(signups_of(r, f)));
    }
    c.push_back(std::to_string(f.task_views));
    if (per_visitor(r.by))
        for (Lang l : kAllLangs) {
            auto it = f.languages.find(std::string(lang_code(l)));
            c.push_back(std::to_string(it == f.languages.end() ? 0 : it->second));
        }
    if (r.by != ReportBy::task) {
        c.push_back(tops(f.top_signed_up(kReportTopTasks)));
        c.push_back(tops(f.top_viewed(kReportTopTasks)));
    }
    return c;
}

std::vector<std::string> header(const Report& r) {
    std::vector<std::string> h = {key_column(r.by), r.by == ReportBy::day ? "" : "name"};
    if (r.by == ReportBy::day) h[1] = "weekday";
    if (r.by == ReportBy::task) h.push_back("organisation_id");
    if (per_visitor(r.by)) {
        h.insert(h.end(), {"sessions", "signups", "signups_per_100_sessions"});
    } else {
        h.push_back("signups");
    }
    h.push_back("task_views");
    if (per_visitor(r.by))
        for (Lang l : kAllLangs)
            h.push_back("sessions_" + std::string(lang_code(l)));
    if (r.by != ReportBy::task) h.insert(h.end(), {"most_signed_up", "most_viewed"});
    return h;
}

size_t display_width(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

// The day of the week of a valid "YYYY-MM-DD" (Zeller's congruence), for people reading by day.
std::string weekday(const std::string& day) {
    int y = std::stoi(day.substr(0, 4)), m = std::stoi(day.substr(5, 2)),
        d = std::stoi(day.substr(8, 2));
    if (m < 3) {
        m += 12;
        y -= 1;
    }
    int k = y % 100, j = y / 100;
    int h = (d + 13 * (m + 1) / 5 + k + k / 4 + j / 4 + 5 * j) % 7;  // 0 = Saturday
    static const char* names[] = {"Sat", "Sun", "Mon", "Tue", "Wed", "Thu", "Fri"};
    return names[h];
}

}  // namespace

std::optional<ReportBy> parse_report_by(std::string_view text) {
    if (text == "point") return ReportBy::point;
    if (text == "day") return ReportBy::day;
    if (text == "org") return ReportBy::org;
    if (text == "task") return ReportBy::task;
    return std::nullopt;
}

std::string_view to_string(ReportBy by) {
    switch (by) {
        case ReportBy::point:
            return "point";
        case ReportBy::day:
            return "day";
        case ReportBy::org:
            return "org";
        case ReportBy::task:
            return "task";
    }
    return "point";
}

Report build_report(CentralStore& store, ReportBy by, const UsageQuery& query,
                    const std::optional<std::string>& organisation) {
    Report report;
    report.by = by;
    report.query = query;
    report.organisation = organisation;
    std::map<std::string, Figures> groups;
    std::map<std::string, std::string> org_of_task;  // cache: a task's organisation
    auto org_of = [&](const std::string& task) -> const std::string& {
        auto it = org_of_task.find(task);
        if (it == org_of_task.end())
            it = org_of_task.emplace(task, store.task_organisation(task).value_or("")).first;
        return it->second;
    };
    for (const UsageCounter& c : store.usage_totals(query)) {
        switch (by) {
            case ReportBy::point:
                groups[c.info_point_id].add(c);
                break;
            case ReportBy::day:
                groups[c.day].add(c);
                break;
            case ReportBy::org:
            case ReportBy::task: {
                std::optional<std::string> task = task_of_counter(c.name);
                if (!task) break;
                const std::string& org = org_of(*task);
                if (organisation && org != *organisation) break;
                groups[by == ReportBy::org ? org : *task].add(c);
                break;
            }
        }
    }
    for (auto& [key, figures] : groups) {
        ReportRow row;
        row.key = key;
        row.figures = std::move(figures);
        switch (by) {
            case ReportBy::point:
                if (auto p = store.info_point(key)) row.name = p->name.show(Lang::fi);
                break;
            case ReportBy::day:
                if (is_valid_iso_date(key)) row.name = weekday(key);
                break;
            case ReportBy::org:
                if (auto o = store.organisation(key)) row.name = o->name.show(Lang::fi);
                break;
            case ReportBy::task:
                if (auto t = store.task(key)) row.name = t->title.show(Lang::fi);
                row.organisation_id = org_of(key);
                break;
        }
        report.total.add(row.figures);
        report.rows.push_back(std::move(row));
    }
    return report;
}

nlohmann::json report_json(const Report& r) {
    nlohmann::json rows = nlohmann::json::array();
    for (const ReportRow& row : r.rows) {
        nlohmann::json j = figures_json(r, row.figures);
        j[key_column(r.by)] = row.key;
        j[r.by == ReportBy::day ? "weekday" : "name"] = row.name;
        if (r.by == ReportBy::task) j["organisation_id"] = row.organisation_id;
        rows.push_back(std::move(j));
    }
    nlohmann::json out = {
        {std::string(wire::kProtocolField), wire::kProtocol},
        {"by", to_string(r.by)},
        {"since", r.query.since_day ? nlohmann::json(*r.query.since_day) : nlohmann::json()},
        {"until", r.query.until_day ? nlohmann::json(*r.query.until_day) : nlohmann::json()},
        {"rows", std::move(rows)},
        {"total", figures_json(r, r.total)}};
    if (r.organisation) out["organisation"] = *r.organisation;
    return out;
}

std::string report_csv(const Report& r) {
    std::string out;
    auto line = [&](const std::vector<std::string>& cells) {
        for (size_t i = 0; i < cells.size(); ++i)
            out += (i ? "," : "") + csv_field(cells[i]);
        out += "\r\n";
    };
    line(header(r));
    for (const ReportRow& row : r.rows)
        line(cells(r, &row, row.figures));
    line(cells(r, nullptr, r.total));
    return out;
}

std::string report_table(const Report& r) {
    std::vector<std::vector<std::string>> table;
    table.push_back(header(r));
    for (const ReportRow& row : r.rows)
        table.push_back(cells(r, &row, row.figures));
    table.push_back(cells(r, nullptr, r.total));
    // The names may be long: at most 32 characters in a terminal's table.
    for (auto& row : table)
        if (display_width(row[1]) > 32) {
            std::string cut;
            size_t n = 0;
            for (size_t i = 0; i < row[1].size(); ++i) {
                if ((static_cast<unsigned char>(row[1][i]) & 0xC0) != 0x80 && ++n > 31) break;
                cut += row[1][i];
            }
            row[1] = cut + "\xe2\x80\xa6";
        }
    std::vector<size_t> widths(table[0].size(), 0);
    for (const auto& row : table)
        for (size_t i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], display_width(row[i]));
    std::string out;
    for (size_t k = 0; k < table.size(); ++k) {
        std::string line;
        for (size_t i = 0; i < table[k].size(); ++i) {
            const std::string& cell = table[k][i];
            std::string pad(widths[i] - display_width(cell), ' ');
            // Numbers right-aligned, words left.
            bool number =
                !cell.empty() && cell.find_first_not_of("0123456789.") == std::string::npos;
            line += (i ? "  " : "") + (number && k > 0 ? pad + cell : cell + pad);
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out += line + "\n";
        if (k == 0 || k + 2 == table.size()) out += std::string(display_width(line), '-') + "\n";
    }
    if (r.rows.empty())
        out += "(no counters in this range: kiosks send them with each sync, or on a stick)\n";
    return out;
}

}  // namespace talkoo::central
