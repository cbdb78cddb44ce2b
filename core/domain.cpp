// Wire names of the domain's enumerations and the fixed list of task categories. These names
// appear in JSON, in SQLite rows and in translation keys, so they never change once released.
#include "core/domain.hpp"

#include <algorithm>
#include <array>

namespace talkoo {
namespace {

template <typename E, size_t N>
std::optional<E> parse_by_name(std::string_view s, const std::array<E, N>& all) {
    for (E e : all)
        if (to_string(e) == s) return e;
    return std::nullopt;
}

constexpr std::array kInfoPointKinds = {InfoPointKind::permanent, InfoPointKind::popup};
constexpr std::array kCommitments = {Commitment::one_off, Commitment::recurring,
                                     Commitment::ongoing};
constexpr std::array kTargetGroups = {
    TargetGroup::under18, TargetGroup::students, TargetGroup::working_age, TargetGroup::unemployed,
    TargetGroup::seniors, TargetGroup::families, TargetGroup::newcomers,   TargetGroup::everyone};
constexpr std::array kBenefits = {Benefit::certificate, Benefit::study_credits, Benefit::training};
constexpr std::array kAgeGroups = {AgeGroup::under18, AgeGroup::age18_29, AgeGroup::age30_64,
                                   AgeGroup::age65_plus};

// The order is the order of the category tiles on the browse screen.
constexpr std::array<std::string_view, 13> kCategories = {
    "social", "children-youth", "elderly",       "environment", "animals", "sports",  "culture",
    "events", "crafts",         "multicultural", "first-aid",   "digital", "food-aid"};

}  // namespace

std::string_view to_string(InfoPointKind v) {
    return v == InfoPointKind::popup ? "popup" : "permanent";
}

std::string_view to_string(Commitment v) {
    switch (v) {
        case Commitment::one_off:
            return "one-off";
        case Commitment::recurring:
            return "recurring";
        case Commitment::ongoing:
            return "ongoing";
    }
    return "one-off";
}

std::string_view to_string(TargetGroup v) {
    switch (v) {
        case TargetGroup::under18:
            return "under18";
        case TargetGroup::students:
            return "students";
        case TargetGroup::working_age:
            return "working-age";
        case TargetGroup::unemployed:
            return "unemployed";
        case TargetGroup::seniors:
            return "seniors";
        case TargetGroup::families:
            return "families";
        case TargetGroup::newcomers:
            return "newcomers";
        case TargetGroup::everyone:
            return "everyone";
    }
    return "everyone";
}

std::string_view to_string(Benefit v) {
    switch (v) {
        case Benefit::certificate:
            return "certificate";
        case Benefit::study_credits:
            return "study-credits";
        case Benefit::training:
            return "training";
    }
    return "certificate";
}

std::string_view to_string(AgeGroup v) {
    switch (v) {
        case AgeGroup::under18:
            return "under18";
        case AgeGroup::age18_29:
            return "18-29";
        case AgeGroup::age30_64:
            return "30-64";
        case AgeGroup::age65_plus:
            return "65+";
    }
    return "under18";
}

std::optional<InfoPointKind> parse_info_point_kind(std::string_view s) {
    return parse_by_name(s, kInfoPointKinds);
}
std::optional<Commitment> parse_commitment(std::string_view s) {
    return parse_by_name(s, kCommitments);
}
std::optional<TargetGroup> parse_target_group(std::string_view s) {
    return parse_by_name(s, kTargetGroups);
}
std::optional<Benefit> parse_benefit(std::string_view s) {
    return parse_by_name(s, kBenefits);
}
std::optional<AgeGroup> parse_age_group(std::string_view s) {
    return parse_by_name(s, kAgeGroups);
}

std::span<const TargetGroup> all_target_groups() {
    return kTargetGroups;
}
std::span<const Commitment> all_commitments() {
    return kCommitments;
}
std::span<const Benefit> all_benefits() {
    return kBenefits;
}
std::span<const AgeGroup> all_age_groups() {
    return kAgeGroups;
}
std::span<const std::string_view> all_categories() {
    return kCategories;
}

bool is_known_category(std::string_view id) {
    return std::find(kCategories.begin(), kCategories.end(), id) != kCategories.end();
}

}  // namespace talkoo
