// See task_match.hpp. The scores are small whole numbers so that the order is easy to explain:
// an interest 3, a fitting time 2 (a roughly fitting one 1), each wish met 1, near the stand 1.
#include "core/task_match.hpp"

#include <algorithm>
#include <array>

namespace talkoo {
namespace {

constexpr std::array<TimeChoice, 3> kTimes = {TimeChoice::once, TimeChoice::monthly,
                                              TimeChoice::weekly};
constexpr std::array<Wish, 9> kWishes = {Wish::work_skills, Wish::certificate, Wish::study_credits,
                                         Wish::meet_people, Wish::help_nearby, Wish::families,
                                         Wish::young,       Wish::seniors,     Wish::newcomers};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool mentions(const std::string& text, std::initializer_list<std::string_view> words) {
    for (std::string_view w : words)
        if (text.find(w) != std::string::npos) return true;
    return false;
}

template <class T>
bool has(const std::vector<T>& v, const T& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

bool in_category(const Task& t, std::initializer_list<std::string_view> categories) {
    for (std::string_view c : categories)
        if (has(t.categories, std::string(c))) return true;
    return false;
}

bool wish_met(const Task& t, Wish w, const std::optional<InfoPoint>& stand) {
    switch (w) {
        case Wish::work_skills:
            return has(t.benefits, Benefit::training);
        case Wish::certificate:
            return has(t.benefits, Benefit::certificate);
        case Wish::study_credits:
            return has(t.benefits, Benefit::study_credits);
        case Wish::meet_people:
            return in_category(t, {"social", "events", "multicultural", "sports"});
        case Wish::help_nearby:
            return stand && t.municipality == stand->municipality;
        case Wish::families:
            return has(t.target_groups, TargetGroup::families);
        case Wish::young:
            return has(t.target_groups, TargetGroup::under18);
        case Wish::seniors:
            return has(t.target_groups, TargetGroup::seniors);
        case Wish::newcomers:
            return has(t.target_groups, TargetGroup::newcomers);
    }
    return false;
}

}  // namespace

std::string_view to_string(TimeChoice v) {
    switch (v) {
        case TimeChoice::once:
            return "once";
        case TimeChoice::monthly:
            return "monthly";
        case TimeChoice::weekly:
            return "weekly";
    }
    return "once";
}

std::string_view to_string(Wish v) {
    switch (v) {
        case Wish::work_skills:
            return "work-skills";
        case Wish::certificate:
            return "certificate";
        case Wish::study_credits:
            return "study-credits";
        case Wish::meet_people:
            return "meet-people";
        case Wish::help_nearby:
            return "help-nearby";
        case Wish::families:
            return "families";
        case Wish::young:
            return "young";
        case Wish::seniors:
            return "seniors";
        case Wish::newcomers:
            return "newcomers";
    }
    return "certificate";
}

std::span<const TimeChoice> all_time_choices() {
    return kTimes;
}

std::span<const Wish> all_wishes() {
    return kWishes;
}

std::optional<TimeChoice> task_rhythm(const Task& t) {
    if (t.commitment == Commitment::one_off) return TimeChoice::once;
    std::string text =
        lower(t.time_needed.fi + " | " + t.time_needed.sv + " | " + t.time_needed.en);
    if (mentions(text, {"viikossa", "viikoittain", "joka viikko", "i veckan", "per vecka",
                        "varje vecka", "a week", "per week", "weekly", "every week"}))
        return TimeChoice::weekly;
    if (mentions(text, {"kuukaudessa", "kuussa", "kuukausittain", "i månaden", "per månad",
                        "varje månad", "a month", "per month", "monthly", "every month"}))
        return TimeChoice::monthly;
    return std::nullopt;
}

std::vector<TaskMatch> match_tasks(const std::vector<Task>& tasks, const ChooserAnswers& answers,
                                   const std::optional<InfoPoint>& stand, std::string_view today,
                                   int widen) {
    std::vector<TaskMatch> out;
    for (const Task& t : tasks) {
        if (!today.empty() && !t.end_date.empty() && t.end_date < today) continue;
        if (stand && !stand->region.empty() && t.region != stand->region) continue;
        TaskMatch m;
        m.task_id = t.id;
        std::vector<std::string> wish_reasons, interest_reasons;
        std::string time_reason;
        bool near = stand && t.municipality == stand->municipality;

        bool interested = answers.interests.empty();
        for (const std::string& c : answers.interests)
            if (has(t.categories, c)) {
                interested = true;
                interest_reasons.push_back("category." + c);
                break;
            }
        if (!answers.interests.empty() && interested) m.score += 3;
        if (!interested && widen < 2) continue;

        bool time_fits = !answers.time.has_value();
        if (answers.time) {
            std::optional<TimeChoice> rhythm = task_rhythm(t);
            TimeChoice want = *answers.time;
            if (rhythm == want) {
                m.score += 2;
                time_fits = true;
                time_reason = "chooser.time." + std::string(to_string(want));
            } else if ((!rhythm && want != TimeChoice::once) ||
                       (want == TimeChoice::weekly && rhythm == TimeChoice::monthly)) {
                // Regular, rhythm not said; or someone with time every week for a monthly task.
                m.score += 1;
                time_fits = true;
            }
        }
        if (!time_fits && widen < 1) continue;

        for (Wish w : answers.wishes)
            if (wish_met(t, w, stand) && w != Wish::help_nearby) {
                m.score += 1;
                wish_reasons.push_back("chooser.wish." + std::string(to_string(w)));
            }
        if (near) m.score += has(answers.wishes, Wish::help_nearby) ? 2 : 1;

        if (near) m.reasons.push_back("chooser.reason.near");
        if (!time_reason.empty()) m.reasons.push_back(time_reason);
        for (std::string& r : wish_reasons)
            m.reasons.push_back(std::move(r));
        for (std::string& r : interest_reasons)
            m.reasons.push_back(std::move(r));
        out.push_back(std::move(m));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const TaskMatch& a, const TaskMatch& b) { return a.score > b.score; });
    return out;
}

}  // namespace talkoo
