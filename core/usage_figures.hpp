// Figures from the anonymous usage counters: visitor sessions, signups, the tasks viewed and
// signed up for most, and the languages used. The staff panel shows them for today, this stop's
// visit and the last 7 days per stop (issue 13, point 3); talkoo-central's `report` and
// GET /v1/reports read the same counters back, summed over devices. No personal data: the
// counters are numbers under fixed names, per day and info point.
//
// The counters these figures read, as KioskApp keeps them:
//   session.start          a visitor left the attract screen (one session)
//   session.lang.<fi|sv|en>  a session showed in that language (once per language per session)
//   signup.sent            a signup was committed (thanked)
//   task.viewed.<task id>  the task page of that task was opened
//   task.signup.<task id>  a committed signup named that task
// (Others, e.g. screen.browse or filter.category, are counted too and ignored here.)
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/local_store.hpp"  // UsageCounter

namespace talkoo {

inline constexpr std::string_view kSessionCounter = "session.start";
inline constexpr std::string_view kSessionLangPrefix = "session.lang.";
inline constexpr std::string_view kSignupCounter = "signup.sent";
inline constexpr std::string_view kTaskViewedPrefix = "task.viewed.";
inline constexpr std::string_view kTaskSignupPrefix = "task.signup.";

struct TaskCount {
    std::string task_id;
    int64_t count = 0;
    bool operator==(const TaskCount&) const = default;
};

struct Figures {
    int64_t sessions = 0;
    int64_t signups = 0;
    int64_t task_views = 0;
    std::map<std::string, int64_t> languages;  // language code → sessions that used it
    std::map<std::string, int64_t> viewed;     // task id → task page views
    std::map<std::string, int64_t> signed_up;  // task id → signups naming it

    // Adds one counter (one that none of the names above matches adds nothing).
    void add(const UsageCounter& counter);
    void add(const Figures& other);
    bool empty() const { return sessions == 0 && signups == 0 && task_views == 0; }
    // The `n` tasks with the most views / signups, most first (ties by id).
    std::vector<TaskCount> top_viewed(size_t n) const;
    std::vector<TaskCount> top_signed_up(size_t n) const;
    // Signups per 100 sessions, rounded to one decimal; nullopt without sessions.
    std::optional<double> signups_per_100_sessions() const;
};

// The task a task.viewed.* or task.signup.* counter is about, else nullopt.
std::optional<std::string> task_of_counter(std::string_view name);

// `day` ("YYYY-MM-DD") moved by `delta` calendar days. Throws std::invalid_argument for a day
// that is not a real date.
std::string add_days(std::string_view day, int delta);

// The panel's three views of the counters (the kiosk's own, from LocalStore::usage_counters).
struct StandFigures {
    Figures today;  // every point, today
    Figures visit;  // this stop since its visit began (`visit_since`), all days up to today
    // The last 7 days (today and the 6 before) per info point, by point id ("" = no point).
    std::map<std::string, Figures> week_by_point;
};
StandFigures stand_figures(const std::vector<UsageCounter>& counters, std::string_view today,
                           std::string_view point_id, std::string_view visit_since);

}  // namespace talkoo
