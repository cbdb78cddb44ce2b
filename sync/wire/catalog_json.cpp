// The catalogue's JSON wire format: reading (see catalog_json.hpp for the promises,
// docs/catalog-format.md for the format itself). Writing is in catalog_json_write.cpp.
//
// Index:
//   [SECTION] FormatError
//   [SECTION] Reading fields: one checked accessor per JSON type, each naming its path on error
//   [SECTION] Records from JSON
//   [SECTION] Whole documents and files
//
// Why everything goes through the small read_* accessors: nlohmann's own get<T>() would report a
// wrong type as "type must be string, but is number" with no place, which nobody can act on in a
// file of a hundred tasks. Each accessor knows its path and says what it expected and found.
#include "sync/wire/catalog_json.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>

#include "core/validation.hpp"

namespace talkoo::wire {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// [SECTION] FormatError
// ---------------------------------------------------------------------------------------------

namespace {

std::string compose_what(const std::string& where, const std::string& message,
                         const std::filesystem::path& file) {
    std::string place = file.empty() ? std::string() : file.string();
    if (!where.empty()) place += place.empty() ? where : ", " + where;
    return place.empty() ? message : place + ": " + message;
}

}  // namespace

FormatError::FormatError(std::string where, const std::string& message)
    : FormatError(std::move(where), message, std::filesystem::path()) {}

FormatError::FormatError(std::string where, const std::string& message,
                         const std::filesystem::path& file)
    : std::runtime_error(compose_what(where, message, file)),
      where_(std::move(where)),
      message_(message),
      file_(file) {}

// ---------------------------------------------------------------------------------------------
// [SECTION] Reading fields
// ---------------------------------------------------------------------------------------------

namespace {

std::string path_of(const std::string& where, std::string_view key) {
    return where.empty() ? std::string(key) : where + "." + std::string(key);
}

std::string index_path(const std::string& where, size_t i) {
    return where + "[" + std::to_string(i) + "]";
}

// A value from the document, in quotes, for a message. Shortened, so that a wrong file with a
// megabyte in one field does not give a megabyte of message, and with control characters shown
// as '?', so that the message prints safely on a terminal or in a log.
std::string shown_value(std::string_view value) {
    constexpr size_t kMaxShown = 60;
    size_t end = value.size();
    if (utf8_length(value) > kMaxShown) {
        end = 0;
        for (size_t shown = 0; shown < kMaxShown && end < value.size(); ++shown) {
            ++end;  // past the lead byte, then past any continuation bytes
            while (end < value.size() && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80)
                ++end;
        }
    }
    std::string out = "\"" + std::string(value.substr(0, end));
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
    return out + (end < value.size() ? "…\"" : "\"");
}

std::string found(const json& j) {
    switch (j.type()) {
        case json::value_t::null:
            return "null";
        case json::value_t::object:
            return "an object";
        case json::value_t::array:
            return "a list";
        case json::value_t::string:
            return "a text";
        case json::value_t::boolean:
            return "true/false";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
            return "a number";
        case json::value_t::number_float:
            return "a decimal number";
        default:
            return "something else";
    }
}

[[noreturn]] void wrong_type(const json& j, const std::string& where, std::string_view expected) {
    throw FormatError(where, "expected " + std::string(expected) + ", found " + found(j) + ".");
}

void require_object(const json& j, const std::string& where) {
    if (!j.is_object()) wrong_type(j, where, "an object {...}");
}

// The value under `key`, or nullptr when it is absent or null (both mean "not given", so that
// tools which write null for an empty column produce readable files). A required field that is
// not given is an error.
const json* field(const json& obj, std::string_view key, const std::string& where, bool required) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
        if (required) throw FormatError(path_of(where, key), "this required field is missing.");
        return nullptr;
    }
    return &*it;
}

std::string read_string(const json& obj, std::string_view key, const std::string& where,
                        bool required) {
    const json* v = field(obj, key, where, required);
    if (!v) return {};
    if (!v->is_string()) wrong_type(*v, path_of(where, key), "a text in double quotes");
    return v->get<std::string>();
}

std::string read_date(const json& obj, std::string_view key, const std::string& where) {
    std::string date = read_string(obj, key, where, false);
    if (!date.empty() && !is_valid_iso_date(date)) {
        throw FormatError(path_of(where, key), shown_value(date) +
                                                   " is not a date: write a real calendar day "
                                                   "as YYYY-MM-DD, or leave the field out.");
    }
    return date;
}

bool read_bool(const json& obj, std::string_view key, const std::string& where, bool required) {
    const json* v = field(obj, key, where, required);
    if (!v) return false;
    if (!v->is_boolean()) wrong_type(*v, path_of(where, key), "true or false (without quotes)");
    return v->get<bool>();
}

// {"fi": "...", "sv": "...", "en": "..."}: a missing language is "not translated". Keys of other
// languages are ignored, so that a later Talkoo may add one without breaking this one.
LocalizedText read_text(const json& obj, std::string_view key, const std::string& where,
                        bool required) {
    LocalizedText text;
    const json* v = field(obj, key, where, required);
    if (!v) return text;
    std::string path = path_of(where, key);
    if (!v->is_object())
        wrong_type(*v, path, "an object such as {\"fi\": \"...\", \"en\": \"...\"}");
    for (Lang lang : kAllLangs)
        text[lang] = read_string(*v, lang_code(lang), path, false);
    return text;
}

// An enum name (or category) this Talkoo does not know: list the ones it does, since the
// usual cause is a typo or a name from an older draft of the format.
template <class Names>
[[noreturn]] void unknown_name(const std::string& name, const std::string& where,
                               const Names& names, std::string_view what) {
    std::string known;
    for (const auto& n : names)
        known += (known.empty() ? "\"" : ", \"") + std::string(n) + "\"";
    throw FormatError(where, shown_value(name) + " is not a known " + std::string(what) +
                                 "; use one of " + known + ".");
}

// A list of names, each turned into a value by `parse`; `what` names the kind in messages.
template <class T, class Parse, class Names>
std::vector<T> read_names(const json& obj, std::string_view key, const std::string& where,
                          bool required, Parse parse, const Names& names, std::string_view what) {
    std::vector<T> out;
    const json* v = field(obj, key, where, required);
    if (!v) return out;
    std::string path = path_of(where, key);
    if (!v->is_array()) wrong_type(*v, path, "a list [...]");
    for (size_t i = 0; i < v->size(); ++i) {
        const json& item = (*v)[i];
        std::string item_path = index_path(path, i);
        if (!item.is_string()) wrong_type(item, item_path, "a text in double quotes");
        const std::string& name = item.get_ref<const std::string&>();
        std::optional<T> value = parse(name);
        if (!value) {
            unknown_name(name, item_path, names, what);
        }
        out.push_back(*value);
    }
    return out;
}

template <class T, class Parse, class Names>
T read_name(const json& obj, std::string_view key, const std::string& where, Parse parse,
            const Names& names, std::string_view what) {
    const json* v = field(obj, key, where, true);
    std::string path = path_of(where, key);
    if (!v->is_string()) wrong_type(*v, path, "a text in double quotes");
    std::optional<T> value = parse(v->get_ref<const std::string&>());
    if (!value) unknown_name(v->get<std::string>(), path, names, what);
    return *value;
}

template <class Enum>
std::vector<std::string_view> wire_names(std::span<const Enum> values) {
    std::vector<std::string_view> names;
    for (Enum v : values)
        names.push_back(to_string(v));
    return names;
}

std::vector<std::string_view> lang_names() {
    std::vector<std::string_view> names;
    for (Lang lang : kAllLangs)
        names.push_back(lang_code(lang));
    return names;
}

// The record's own rules (core/validation.hpp), reported at the first broken field.
void check_valid(const ValidationErrors& errors, const std::string& where) {
    if (errors.empty()) return;
    const FieldError& first = errors.front();
    throw FormatError(first.field.empty() ? where : path_of(where, first.field), first.message);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Records from JSON
// ---------------------------------------------------------------------------------------------

Organisation organisation_from_json(const json& j, const std::string& where) {
    require_object(j, where);
    Organisation org;
    org.id = read_string(j, "id", where, true);
    org.name = read_text(j, "name", where, true);
    org.municipality = read_string(j, "municipality", where, false);
    org.web = read_string(j, "web", where, false);
    org.email = read_string(j, "email", where, false);
    org.phone = read_string(j, "phone", where, false);
    check_valid(validate_organisation(org), where);
    return org;
}

InfoPoint info_point_from_json(const json& j, const std::string& where) {
    require_object(j, where);
    static const std::array<std::string_view, 2> kind_names = {to_string(InfoPointKind::permanent),
                                                               to_string(InfoPointKind::popup)};
    InfoPoint point;
    point.id = read_string(j, "id", where, true);
    point.name = read_text(j, "name", where, true);
    point.region = read_string(j, "region", where, true);
    point.municipality = read_string(j, "municipality", where, true);
    point.address = read_string(j, "address", where, false);
    point.kind = read_name<InfoPointKind>(j, "kind", where, parse_info_point_kind, kind_names,
                                          "kind of info point");
    point.active_from = read_date(j, "active_from", where);
    point.active_until = read_date(j, "active_until", where);
    check_valid(validate_info_point(point), where);
    return point;
}

Task task_from_json(const json& j, const std::string& where) {
    require_object(j, where);
    Task task;
    task.id = read_string(j, "id", where, true);
    task.organisation_id = read_string(j, "organisation", where, true);
    task.title = read_text(j, "title", where, true);
    task.summary = read_text(j, "summary", where, true);
    task.description = read_text(j, "description", where, false);
    task.time_needed = read_text(j, "time_needed", where, false);
    task.place = read_text(j, "place", where, false);
    auto known_category = [](std::string_view id) -> std::optional<std::string> {
        if (!is_known_category(id)) return std::nullopt;
        return std::string(id);
    };
    task.categories = read_names<std::string>(j, "categories", where, true, known_category,
                                              all_categories(), "category");
    task.target_groups =
        read_names<TargetGroup>(j, "target_groups", where, false, parse_target_group,
                                wire_names(all_target_groups()), "target group");
    task.commitment = read_name<Commitment>(j, "commitment", where, parse_commitment,
                                            wire_names(all_commitments()), "commitment");
    task.region = read_string(j, "region", where, true);
    task.municipality = read_string(j, "municipality", where, true);
    task.remote_possible = read_bool(j, "remote_possible", where, false);
    task.languages =
        read_names<Lang>(j, "languages", where, false, parse_lang, lang_names(), "language");
    task.start_date = read_date(j, "start_date", where);
    task.end_date = read_date(j, "end_date", where);
    if (const json* contact = field(j, "contact", where, false)) {
        std::string path = path_of(where, "contact");
        require_object(*contact, path);
        task.contact.name = read_string(*contact, "name", path, false);
        task.contact.phone = read_string(*contact, "phone", path, false);
        task.contact.email = read_string(*contact, "email", path, false);
    }
    task.url = read_string(j, "url", where, false);
    task.benefits = read_names<Benefit>(j, "benefits", where, false, parse_benefit,
                                        wire_names(all_benefits()), "benefit");
    check_valid(validate_task(task), where);
    return task;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Whole documents and files
// ---------------------------------------------------------------------------------------------

namespace {

// nlohmann reports where parsing stopped as a byte offset; people count lines and columns.
FormatError syntax_error(std::string_view text, const json::parse_error& e) {
    size_t offset = e.byte == 0 ? 0 : std::min<size_t>(e.byte - 1, text.size());
    size_t line = 1, line_start = 0;
    for (size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    // what() reads "[json.exception.parse_error.101] parse error at line 1, column 5: <detail>";
    // keep only the detail, since the place is ours.
    std::string detail = e.what();
    size_t at = detail.find("parse error");
    size_t colon = at == std::string::npos ? std::string::npos : detail.find(": ", at);
    if (colon != std::string::npos) detail = detail.substr(colon + 2);
    // nlohmann quotes the bytes it last read; when those are the broken UTF-8 or control
    // characters themselves, repeating them would make this message itself unprintable.
    if (!is_clean_text(detail, false)) detail = detail.substr(0, detail.find("; last read"));
    std::string where =
        "line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1);
    std::string message = text.find_first_not_of(" \t\r\n") == std::string_view::npos
                              ? "the catalogue is empty: expected a JSON document."
                              : "this is not valid JSON (" + detail +
                                    "). Check the file is a complete catalogue saved as UTF-8.";
    return FormatError(where, message);
}

const json& read_array(const json& doc, std::string_view key) {
    const json* v = field(doc, key, "", true);
    if (!v->is_array()) wrong_type(*v, std::string(key), "a list [...]");
    return *v;
}

// Ids are unique within each kind of record; the message points at both places.
void check_unique(std::unordered_map<std::string, size_t>& seen, const std::string& id,
                  const std::string& kind, size_t index) {
    auto [it, inserted] = seen.emplace(id, index);
    if (!inserted) {
        throw FormatError(kind + "[" + std::to_string(index) + "].id",
                          "the id " + shown_value(id) + " is already used by " + kind + "[" +
                              std::to_string(it->second) + "]; every record needs its own id.");
    }
}

}  // namespace

CatalogDocument parse_catalog_document(std::string_view json_text) {
    json doc;
    try {
        doc = json::parse(json_text.begin(), json_text.end());
    } catch (const json::parse_error& e) {
        throw syntax_error(json_text, e);
    }
    if (!doc.is_object()) {
        throw FormatError("", "a catalogue is a JSON object starting with {\"format\": \"" +
                                  std::string(kCatalogFormatName) + "\", ...}, but this is " +
                                  found(doc) + ".");
    }
    std::string format = read_string(doc, "format", "", true);
    if (format != kCatalogFormatName) {
        throw FormatError("format", "this is not a Talkoo catalogue: \"format\" is " +
                                        shown_value(format) + ", expected \"" +
                                        std::string(kCatalogFormatName) + "\".");
    }
    const json* version = field(doc, "version", "", true);
    if (!version->is_number_integer()) wrong_type(*version, "version", "a whole number");
    if (*version != kCatalogFormatVersion) {
        // dump() rather than get<int64_t>(): a huge unsigned number must not print as negative.
        throw FormatError("version", "this catalogue is in format version " + version->dump() +
                                         ", but this Talkoo reads version " +
                                         std::to_string(kCatalogFormatVersion) +
                                         ": update Talkoo, or export the catalogue as version " +
                                         std::to_string(kCatalogFormatVersion) + ".");
    }

    CatalogDocument out;
    out.demo = read_bool(doc, "demo", "", true);
    out.note = read_string(doc, "note", "", false);
    if (std::string key = read_string(doc, "network_key", "", false); !key.empty()) {
        try {
            out.network_key = seal::parse_public_key(key);
        } catch (const seal::SealError& e) {
            throw FormatError("network_key", e.what());
        }
    }
    Catalog& catalog = out.catalog;

    const json& organisations = read_array(doc, "organisations");
    std::unordered_map<std::string, size_t> organisation_ids;
    catalog.organisations.reserve(organisations.size());
    for (size_t i = 0; i < organisations.size(); ++i) {
        catalog.organisations.push_back(
            organisation_from_json(organisations[i], index_path("organisations", i)));
        check_unique(organisation_ids, catalog.organisations.back().id, "organisations", i);
    }

    const json& info_points = read_array(doc, "info_points");
    std::unordered_map<std::string, size_t> info_point_ids;
    catalog.info_points.reserve(info_points.size());
    for (size_t i = 0; i < info_points.size(); ++i) {
        catalog.info_points.push_back(
            info_point_from_json(info_points[i], index_path("info_points", i)));
        check_unique(info_point_ids, catalog.info_points.back().id, "info_points", i);
    }

    const json& tasks = read_array(doc, "tasks");
    std::unordered_map<std::string, size_t> task_ids;
    catalog.tasks.reserve(tasks.size());
    for (size_t i = 0; i < tasks.size(); ++i) {
        std::string where = index_path("tasks", i);
        catalog.tasks.push_back(task_from_json(tasks[i], where));
        const Task& task = catalog.tasks.back();
        check_unique(task_ids, task.id, "tasks", i);
        if (!organisation_ids.count(task.organisation_id)) {
            throw FormatError(where + ".organisation",
                              "no organisation has the id " + shown_value(task.organisation_id) +
                                  ": add it to \"organisations\" or correct the id.");
        }
    }
    return out;
}

Catalog parse_catalog(std::string_view json_text) {
    return std::move(parse_catalog_document(json_text).catalog);
}

CatalogDocument load_catalog_document(const std::filesystem::path& file) {
    std::error_code ec;
    auto status = std::filesystem::status(file, ec);
    if (ec && ec != std::errc::no_such_file_or_directory) {
        // E.g. a folder on the way that we may not enter: "no such file" would mislead.
        throw FormatError("", "the file cannot be reached (" + ec.message() + "). Check the path.",
                          file);
    }
    if (!std::filesystem::exists(status)) {
        throw FormatError("", "there is no such file. Check the path and the file name.", file);
    }
    if (std::filesystem::is_directory(status)) {
        throw FormatError(
            "", "this is a folder; give the path of the catalogue file (.json) in it.", file);
    }
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(file.c_str(), "rb"), &std::fclose);
    if (!f) {
        throw FormatError("",
                          std::string("the file cannot be opened (") + std::strerror(errno) +
                              "). Check that it is readable.",
                          file);
    }
    // Read at most one byte past the limit, so that a file that grows or lies about its size (a
    // pipe, /dev/zero) is still refused without reading it all.
    std::string text;
    char buffer[1 << 16];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, f.get())) > 0) {
        text.append(buffer, n);
        if (text.size() > kMaxCatalogFileBytes) {
            throw FormatError("",
                              "the file is larger than " +
                                  std::to_string(kMaxCatalogFileBytes / (1024 * 1024)) +
                                  " MiB, far more than any catalogue: is it the right file?",
                              file);
        }
    }
    if (std::ferror(f.get())) {
        throw FormatError(
            "", std::string("reading the file failed (") + std::strerror(errno) + ").", file);
    }
    try {
        return parse_catalog_document(text);
    } catch (const FormatError& e) {
        throw FormatError(e.where(), e.message(), file);
    }
}

Catalog load_catalog_file(const std::filesystem::path& file) {
    return std::move(load_catalog_document(file).catalog);
}

}  // namespace talkoo::wire
