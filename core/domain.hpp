// The domain: who offers volunteer work (Organisation), what the work is (Task), where the kiosk
// stands (InfoPoint) and what a visitor leaves behind (Signup). Plain structs, no behaviour
// beyond naming their enums; validation.hpp checks them and local_store.hpp keeps them.
//
// Dates are ISO "YYYY-MM-DD" strings (empty = open-ended); instants are Unix milliseconds UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/lang.hpp"

namespace talkoo {

// ---------------------------------------------------------------------------------------------
// Enumerations with their stable wire names (used in JSON, SQLite and translation keys).
// ---------------------------------------------------------------------------------------------

enum class InfoPointKind { permanent, popup };
enum class Commitment { one_off, recurring, ongoing };
enum class TargetGroup {
    under18,
    students,
    working_age,
    unemployed,
    seniors,
    families,
    newcomers,
    everyone
};
enum class Benefit { certificate, study_credits, training };
// The age group a visitor may choose to tell; optional on the form.
enum class AgeGroup { under18, age18_29, age30_64, age65_plus };

std::string_view to_string(InfoPointKind v);  // "permanent", "popup"
std::string_view to_string(Commitment v);     // "one-off", "recurring", "ongoing"
std::string_view to_string(TargetGroup v);    // "under18", "students", "working-age", ...
std::string_view to_string(Benefit v);        // "certificate", "study-credits", "training"
std::string_view to_string(AgeGroup v);       // "under18", "18-29", "30-64", "65+"

// Each parse_* accepts exactly the wire name given by to_string and nothing else.
std::optional<InfoPointKind> parse_info_point_kind(std::string_view s);
std::optional<Commitment> parse_commitment(std::string_view s);
std::optional<TargetGroup> parse_target_group(std::string_view s);
std::optional<Benefit> parse_benefit(std::string_view s);
std::optional<AgeGroup> parse_age_group(std::string_view s);

std::span<const TargetGroup> all_target_groups();
std::span<const Commitment> all_commitments();
std::span<const Benefit> all_benefits();
std::span<const AgeGroup> all_age_groups();

// Task categories are a fixed list so that each has its own tile, icon, colour and translation.
// Their ids are stable wire names, e.g. "environment", "elderly".
std::span<const std::string_view> all_categories();
bool is_known_category(std::string_view id);

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

struct Organisation {
    std::string id;  // stable, [a-z0-9-_], at most 64 characters
    LocalizedText name;
    std::string municipality;
    std::string web;  // https:// address, may be empty
    std::string email;
    std::string phone;
    bool operator==(const Organisation&) const = default;
};

// A place where a kiosk stands: a permanent stand (a library lobby) or one stop of a pop-up tour.
struct InfoPoint {
    std::string id;
    LocalizedText name;
    std::string region;  // e.g. "Satakunta", "Pohjois-Karjala": the network's area
    std::string municipality;
    std::string address;
    InfoPointKind kind = InfoPointKind::permanent;
    std::string active_from;   // first day active; empty = always
    std::string active_until;  // last day active; empty = open-ended
    bool operator==(const InfoPoint&) const = default;
};

struct Contact {  // the task's public contact person, shown on the task page
    std::string name;
    std::string phone;
    std::string email;
    bool operator==(const Contact&) const = default;
};

struct Task {
    std::string id;
    std::string organisation_id;
    LocalizedText title;                  // required in Finnish
    LocalizedText summary;                // one or two sentences for the card; required in Finnish
    LocalizedText description;            // the task page's text
    LocalizedText time_needed;            // e.g. "2–3 h a week"
    LocalizedText place;                  // e.g. "Pori city library, 2nd floor"
    std::vector<std::string> categories;  // at least one, each is_known_category
    std::vector<TargetGroup> target_groups;
    Commitment commitment = Commitment::one_off;
    std::string region;
    std::string municipality;
    bool remote_possible = false;
    std::vector<Lang> languages;  // languages in which one can take part
    std::string start_date;       // empty = already open
    std::string end_date;         // empty = open-ended
    Contact contact;
    std::string url;  // the task's web page; shown as a QR code on the kiosk
    std::vector<Benefit> benefits;
    bool operator==(const Task&) const = default;
};

// What a visitor leaves: "I am interested in these tasks, reach me like this".
// Made on the device, identified by a client-made UUIDv7 so that retries never duplicate it.
struct Signup {
    std::string id;                     // UUIDv7, lowercase canonical form
    std::vector<std::string> task_ids;  // one or more
    std::string name;
    std::string phone;  // phone and/or e-mail: at least one
    std::string email;
    std::string message;  // optional
    std::optional<AgeGroup> age_group;
    Lang lang = Lang::fi;         // the UI language the visitor used
    std::string consent_version;  // which consent text they accepted
    int64_t consent_ms = 0;       // when they accepted it
    std::string info_point_id;
    std::string device_id;
    int64_t created_ms = 0;
    bool operator==(const Signup&) const = default;
};

// The whole task catalogue as the centre publishes it.
struct Catalog {
    std::vector<Organisation> organisations;
    std::vector<InfoPoint> info_points;
    std::vector<Task> tasks;
};

// What changed since a cursor: records to insert or replace, and ids deleted (tombstones).
struct CatalogDelta {
    Catalog upserts;
    std::vector<std::string> deleted_organisation_ids;
    std::vector<std::string> deleted_info_point_ids;
    std::vector<std::string> deleted_task_ids;
};

}  // namespace talkoo
