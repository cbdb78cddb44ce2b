// "Help me choose" (issue 18, point 9), driven headlessly: answers in, the expected tasks out,
// in order, from the catalogue's own fields.
#include <catch2/catch.hpp>

#include "core/task_match.hpp"

namespace talkoo {
namespace {

Task task(std::string id, std::string category, Commitment c, std::string time_fi,
          std::string municipality = "Pori", std::string region = "Satakunta") {
    Task t;
    t.id = std::move(id);
    t.organisation_id = "org";
    t.title.fi = t.id;
    t.summary.fi = "...";
    t.categories = {std::move(category)};
    t.target_groups = {TargetGroup::everyone};
    t.commitment = c;
    t.time_needed.fi = std::move(time_fi);
    t.municipality = std::move(municipality);
    t.region = std::move(region);
    t.languages = {Lang::fi};
    return t;
}

std::vector<Task> catalogue() {
    std::vector<Task> tasks = {
        task("dogs-weekly", "animals", Commitment::recurring, "2 h viikossa"),
        task("dogs-monthly", "animals", Commitment::recurring, "3 h kuukaudessa", "Ulvila"),
        task("cats-once", "animals", Commitment::one_off, "3 h"),
        task("food-weekly", "food-aid", Commitment::recurring, ""),
        task("youth-ongoing", "children-youth", Commitment::ongoing, ""),
        task("far-away", "animals", Commitment::recurring, "2 h viikossa", "Joensuu",
             "Pohjois-Karjala"),
        task("ended", "animals", Commitment::recurring, "2 h viikossa"),
    };
    tasks[1].benefits = {Benefit::certificate};
    tasks[3].time_needed.en = "2 h a week";  // said in English only
    tasks[3].benefits = {Benefit::training};
    tasks[4].target_groups = {TargetGroup::under18};
    tasks[6].end_date = "2020-01-31";
    return tasks;
}

InfoPoint pori() {
    InfoPoint p;
    p.id = "pori-library";
    p.region = "Satakunta";
    p.municipality = "Pori";
    return p;
}

std::vector<std::string> ids(const std::vector<TaskMatch>& matches) {
    std::vector<std::string> out;
    for (const TaskMatch& m : matches)
        out.push_back(m.task_id);
    return out;
}

}  // namespace

TEST_CASE("help me choose puts the tasks that fit the answers first, with their reasons") {
    ChooserAnswers a;
    a.interests = {"animals"};
    a.time = TimeChoice::weekly;
    a.wishes = {Wish::certificate};
    std::vector<TaskMatch> m = match_tasks(catalogue(), a, pori(), "2026-06-01");
    CHECK(ids(m) == std::vector<std::string>{"dogs-weekly", "dogs-monthly"});
    CHECK(m[0].reasons == std::vector<std::string>{"chooser.reason.near", "chooser.time.weekly",
                                                   "category.animals"});
    CHECK(m[1].reasons == std::vector<std::string>{"chooser.wish.certificate", "category.animals"});
}

TEST_CASE("help me choose widens step by step when few tasks match") {
    ChooserAnswers a;
    a.interests = {"animals"};
    a.time = TimeChoice::weekly;
    // Any time: the one-off task of the same interest follows.
    CHECK(ids(match_tasks(catalogue(), a, pori(), "2026-06-01", 1)) ==
          std::vector<std::string>{"dogs-weekly", "dogs-monthly", "cats-once"});
    // Any interest: the rest of the region, ranked; never another region or an ended task.
    CHECK(ids(match_tasks(catalogue(), a, pori(), "2026-06-01", 2)) ==
          std::vector<std::string>{"dogs-weekly", "dogs-monthly", "cats-once", "food-weekly",
                                   "youth-ongoing"});
}

TEST_CASE("help me choose reads the time a task takes in any of its languages") {
    CHECK(task_rhythm(catalogue()[0]) == TimeChoice::weekly);
    CHECK(task_rhythm(catalogue()[1]) == TimeChoice::monthly);
    CHECK(task_rhythm(catalogue()[2]) == TimeChoice::once);
    CHECK(task_rhythm(catalogue()[3]) == TimeChoice::weekly);  // "2 h a week"
    Task sv = catalogue()[4];
    sv.time_needed.sv = "2 h i månaden";
    CHECK(task_rhythm(sv) == TimeChoice::monthly);
    CHECK_FALSE(task_rhythm(catalogue()[4]).has_value());
}

TEST_CASE("help me choose with no interest and a wish to help nearby finds the stand's tasks") {
    ChooserAnswers a;
    a.time = TimeChoice::once;
    a.wishes = {Wish::help_nearby};
    std::vector<TaskMatch> m = match_tasks(catalogue(), a, pori(), "2026-06-01");
    CHECK(ids(m) == std::vector<std::string>{"cats-once"});
    // Without a stand nothing is "near", and every region is in.
    a.wishes.clear();
    a.time.reset();
    a.interests = {"animals"};
    CHECK(ids(match_tasks(catalogue(), a, std::nullopt, "2026-06-01")) ==
          std::vector<std::string>{"dogs-weekly", "dogs-monthly", "cats-once", "far-away"});
}

}  // namespace talkoo
