// See usage_figures.hpp.
#include "core/usage_figures.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "core/validation.hpp"

namespace talkoo {
namespace {

std::vector<TaskCount> top(const std::map<std::string, int64_t>& counts, size_t n) {
    std::vector<TaskCount> all;
    for (const auto& [id, count] : counts)
        if (count > 0) all.push_back({id, count});
    std::stable_sort(all.begin(), all.end(),
                     [](const TaskCount& a, const TaskCount& b) { return a.count > b.count; });
    if (all.size() > n) all.resize(n);
    return all;
}

// Days since 1970-01-01 of a civil date, and back (Howard Hinnant's algorithms): calendar
// arithmetic without time zones or the C library's mktime.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string civil_from_days(int64_t z) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    char text[48];
    std::snprintf(text, sizeof text, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    return text;
}

}  // namespace

void Figures::add(const UsageCounter& c) {
    const std::string_view name = c.name;
    if (name == kSessionCounter) {
        sessions += c.value;
    } else if (name == kSignupCounter) {
        signups += c.value;
    } else if (name.starts_with(kSessionLangPrefix)) {
        languages[std::string(name.substr(kSessionLangPrefix.size()))] += c.value;
    } else if (name.starts_with(kTaskViewedPrefix)) {
        viewed[std::string(name.substr(kTaskViewedPrefix.size()))] += c.value;
        task_views += c.value;
    } else if (name.starts_with(kTaskSignupPrefix)) {
        signed_up[std::string(name.substr(kTaskSignupPrefix.size()))] += c.value;
    }
}

void Figures::add(const Figures& o) {
    sessions += o.sessions;
    signups += o.signups;
    task_views += o.task_views;
    for (const auto& [k, v] : o.languages)
        languages[k] += v;
    for (const auto& [k, v] : o.viewed)
        viewed[k] += v;
    for (const auto& [k, v] : o.signed_up)
        signed_up[k] += v;
}

std::vector<TaskCount> Figures::top_viewed(size_t n) const {
    return top(viewed, n);
}

std::vector<TaskCount> Figures::top_signed_up(size_t n) const {
    return top(signed_up, n);
}

std::optional<double> Figures::signups_per_100_sessions() const {
    if (sessions <= 0) return std::nullopt;
    return std::round(static_cast<double>(signups) * 1000.0 / static_cast<double>(sessions)) / 10.0;
}

std::optional<std::string> task_of_counter(std::string_view name) {
    for (std::string_view prefix : {kTaskViewedPrefix, kTaskSignupPrefix})
        if (name.starts_with(prefix) && name.size() > prefix.size())
            return std::string(name.substr(prefix.size()));
    return std::nullopt;
}

std::string add_days(std::string_view day, int delta) {
    if (!is_valid_iso_date(day))
        throw std::invalid_argument("not a calendar day written YYYY-MM-DD: " + std::string(day));
    int y = 0;
    unsigned m = 0, d = 0;
    std::from_chars(day.data(), day.data() + 4, y);
    std::from_chars(day.data() + 5, day.data() + 7, m);
    std::from_chars(day.data() + 8, day.data() + 10, d);
    return civil_from_days(days_from_civil(y, m, d) + delta);
}

StandFigures stand_figures(const std::vector<UsageCounter>& counters, std::string_view today,
                           std::string_view point_id, std::string_view visit_since) {
    StandFigures f;
    const std::string week_start = add_days(today, -6);
    for (const UsageCounter& c : counters) {
        if (c.day > today) continue;  // a clock that was ahead: not "today" nor "this week"
        if (c.day == today) f.today.add(c);
        if (!point_id.empty() && c.info_point_id == point_id && c.day >= visit_since)
            f.visit.add(c);
        if (c.day >= week_start) f.week_by_point[c.info_point_id].add(c);
    }
    return f;
}

}  // namespace talkoo
