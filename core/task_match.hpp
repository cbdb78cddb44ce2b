// "Help me choose" (issue 18, point 9): matching what a visitor can give and wants to get with
// the tasks on offer, from the catalogue's own fields and nothing else, so that it works offline
// and in every language alike. Three answers come in; the tasks come out best first, each with
// the reasons it matched (translation keys, for a one-line "near this stand · every week ·
// certificate").
//
//   interests   categories (any of them)                      task.categories
//   time        once / a few hours a month / every week       task.commitment, task.time_needed
//   wishes      work-life skills, a certificate, study        task.benefits, task.categories,
//               credits, meeting people, helping nearby,      task.municipality (the stand's),
//               for families, young people, seniors,          task.target_groups
//               newcomers
//
// Widening (when few match): level 0 needs a chosen interest and a fitting time; level 1 lets
// any time through; level 2 any interest too (the whole region, ranked).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"

namespace talkoo {

enum class TimeChoice { once, monthly, weekly };
enum class Wish {
    work_skills,
    certificate,
    study_credits,
    meet_people,
    help_nearby,
    families,
    young,
    seniors,
    newcomers
};
std::string_view to_string(TimeChoice v);  // "once", "monthly", "weekly"
std::string_view to_string(Wish v);        // "work-skills", "certificate", ...
std::span<const TimeChoice> all_time_choices();
std::span<const Wish> all_wishes();

struct ChooserAnswers {
    std::vector<std::string> interests;  // category ids; empty = anything
    std::optional<TimeChoice> time;      // unset = any
    std::vector<Wish> wishes;
};

struct TaskMatch {
    std::string task_id;
    int score = 0;
    // Why, as translation keys, most telling first: "chooser.reason.near",
    // "chooser.time.weekly", "chooser.wish.certificate", "category.animals".
    std::vector<std::string> reasons;
};

// The rhythm a task asks for: one-off tasks are "once"; for the others the time-needed text in
// any of its languages says "a week" or "a month" (viikossa, i veckan, a week, ...); unknown
// where it says neither.
std::optional<TimeChoice> task_rhythm(const Task& task);

// The matching tasks, best first (ties in the order given, so pass them in title order).
// `stand`: the kiosk's info point, for "helping nearby" and the region (tasks of other regions
// never match); `today` ("YYYY-MM-DD") drops tasks that have ended. `widen`: 0, 1 or 2 (above).
std::vector<TaskMatch> match_tasks(const std::vector<Task>& tasks, const ChooserAnswers& answers,
                                   const std::optional<InfoPoint>& stand, std::string_view today,
                                   int widen = 0);

}  // namespace talkoo
