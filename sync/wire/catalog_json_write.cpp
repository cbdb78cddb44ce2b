// The catalogue's JSON wire format: writing (see catalog_json.hpp for the promises,
// docs/catalog-format.md for the format itself). Reading is in catalog_json.cpp.
//
// The record writers are templates over the JSON type: to_json() gives nlohmann::json, the type
// the rest of the code composes documents with, while a catalogue file is written with
// nlohmann::ordered_json so that fields appear in the documented order and a person reading the
// file finds "id" and "title" first rather than in alphabetical order.
#include "sync/wire/catalog_json.hpp"

namespace talkoo::wire {

using nlohmann::json;

namespace {

// Only written languages appear: a missing key is how the format says "not translated".
template <class J>
J text_to(const LocalizedText& text) {
    J out = J::object();
    for (Lang lang : kAllLangs) {
        if (!text[lang].empty()) out[std::string(lang_code(lang))] = text[lang];
    }
    return out;
}

template <class J, class T>
J names_to(const std::vector<T>& values) {
    J out = J::array();
    for (const T& v : values)
        out.push_back(std::string(to_string(v)));
    return out;
}

template <class J>
J organisation_to(const Organisation& org) {
    J j = J::object();
    j["id"] = org.id;
    j["name"] = text_to<J>(org.name);
    j["municipality"] = org.municipality;
    j["web"] = org.web;
    j["email"] = org.email;
    j["phone"] = org.phone;
    return j;
}

template <class J>
J info_point_to(const InfoPoint& point) {
    J j = J::object();
    j["id"] = point.id;
    j["name"] = text_to<J>(point.name);
    j["region"] = point.region;
    j["municipality"] = point.municipality;
    j["address"] = point.address;
    j["kind"] = std::string(to_string(point.kind));
    if (!point.active_from.empty()) j["active_from"] = point.active_from;
    if (!point.active_until.empty()) j["active_until"] = point.active_until;
    return j;
}

template <class J>
J task_to(const Task& task) {
    J j = J::object();
    j["id"] = task.id;
    j["organisation"] = task.organisation_id;
    j["title"] = text_to<J>(task.title);
    j["summary"] = text_to<J>(task.summary);
    j["description"] = text_to<J>(task.description);
    j["time_needed"] = text_to<J>(task.time_needed);
    j["place"] = text_to<J>(task.place);
    j["categories"] = task.categories;
    j["target_groups"] = names_to<J>(task.target_groups);
    j["commitment"] = std::string(to_string(task.commitment));
    j["region"] = task.region;
    j["municipality"] = task.municipality;
    j["remote_possible"] = task.remote_possible;
    J languages = J::array();
    for (Lang lang : task.languages)
        languages.push_back(std::string(lang_code(lang)));
    j["languages"] = languages;
    if (!task.start_date.empty()) j["start_date"] = task.start_date;
    if (!task.end_date.empty()) j["end_date"] = task.end_date;
    J contact = J::object();
    contact["name"] = task.contact.name;
    contact["phone"] = task.contact.phone;
    contact["email"] = task.contact.email;
    j["contact"] = contact;
    j["url"] = task.url;
    j["benefits"] = names_to<J>(task.benefits);
    return j;
}

}  // namespace

json to_json(const Organisation& org) {
    return organisation_to<json>(org);
}
json to_json(const InfoPoint& point) {
    return info_point_to<json>(point);
}
json to_json(const Task& task) {
    return task_to<json>(task);
}

std::string catalog_to_json_text(const CatalogDocument& document) {
    using ordered = nlohmann::ordered_json;
    ordered doc = ordered::object();
    doc["format"] = std::string(kCatalogFormatName);
    doc["version"] = kCatalogFormatVersion;
    doc["demo"] = document.demo;
    if (!document.note.empty()) doc["note"] = document.note;
    if (document.network_key) doc["network_key"] = seal::to_text(*document.network_key);
    const Catalog& catalog = document.catalog;
    ordered organisations = ordered::array();
    for (const auto& org : catalog.organisations)
        organisations.push_back(organisation_to<ordered>(org));
    ordered info_points = ordered::array();
    for (const auto& point : catalog.info_points)
        info_points.push_back(info_point_to<ordered>(point));
    ordered tasks = ordered::array();
    for (const auto& task : catalog.tasks)
        tasks.push_back(task_to<ordered>(task));
    doc["organisations"] = std::move(organisations);
    doc["info_points"] = std::move(info_points);
    doc["tasks"] = std::move(tasks);
    try {
        return doc.dump(2) + "\n";
    } catch (const nlohmann::json::type_error& e) {
        // Only reachable with records that never passed validation (which requires UTF-8).
        throw FormatError(
            "", std::string("cannot write the catalogue: a text is not valid UTF-8 (") + e.what() +
                    ").");
    }
}

std::string catalog_to_json_text(const Catalog& catalog, bool demo) {
    CatalogDocument document;
    document.catalog = catalog;
    document.demo = demo;
    return catalog_to_json_text(document);
}

}  // namespace talkoo::wire
