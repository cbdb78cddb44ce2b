// The calls a coordinator makes: catalogue records, signups and devices.
//
// Scope: a coordinator token belongs to one organisation or to the whole network. An
// organisation's coordinator edits only that organisation and its tasks, and sees only signups
// naming one of its tasks (with the other organisations' tasks left out of each record); asking
// for another organisation's signups is refused with 403, and a single signup outside the scope
// answers 404 as if it did not exist. Info points and other organisations are the network's.
//
// Lists answer a page at a time with a cursor (list_page.hpp); exports stream
// (signup_export_stream.hpp), so neither holds more than a page of records in memory.
//
// Index: helpers · organisations · info points · tasks · signups (list, export, one, follow-up,
// erase) · devices · add_coordinator_api (the route table)
#include <charconv>

#include "core/clock.hpp"
#include "core/sealed_signup.hpp"
#include "core/uuid.hpp"
#include "core/validation.hpp"
#include "server/api.hpp"
#include "server/list_page.hpp"
#include "server/signup_export.hpp"
#include "server/signup_export_stream.hpp"
#include "sync/wire/catalog_json.hpp"
#include "sync/wire/protocol.hpp"

namespace talkoo::central {
namespace {

constexpr const char* kIdPattern = "([^/]+)";

[[noreturn]] void no_such(std::string_view what) {
    throw ApiError(404, wire::error_code::not_found, "There is no such " + std::string(what) + ".");
}

[[noreturn]] void forbid(const std::string& message) {
    throw ApiError(403, wire::error_code::forbidden, message);
}

const std::string& scope(const Call& call) {
    return call.principal().coordinator.organisation_id;
}

void require_network_wide(const Call& call, std::string_view what) {
    if (!call.principal().network_wide())
        forbid("Only a coordinator of the whole network may change " + std::string(what) +
               "; your token is for organisation \"" + scope(call) + "\".");
}

// The record's body with its id checked against (or taken from) the path.
nlohmann::json record_body(const Call& call, const std::string& id) {
    nlohmann::json j = call.json_object();
    auto it = j.find("id");
    if (it == j.end() || it->is_null()) {
        j["id"] = id;
    } else if (!it->is_string() || it->get<std::string>() != id) {
        throw ApiError(400, wire::error_code::bad_request,
                       "The \"id\" in the body differs from the id in the path.");
    }
    return j;
}

template <class Record, class Parse>
Record parse_record(const nlohmann::json& j, Parse parse, std::string_view what) {
    try {
        return parse(j, std::string(what));
    } catch (const wire::FormatError& e) {
        throw ApiError(422, wire::error_code::validation_failed, e.what());
    }
}

void answer_record(Call& call, bool existed, const CatalogWriteSummary& summary,
                   CentralStore& store, std::string_view key, nlohmann::json record) {
    send_json(call.response, existed ? 200 : 201,
              {{key, std::move(record)},
               {"changed", summary.changed > 0},
               {"revision", store.catalog_revision()}});
}

void answer_deleted(Call& call, std::string_view kind, const std::string& id) {
    send_json(call.response, 200, {{"deleted", {{"kind", kind}, {"id", id}}}});
}

std::string valid_id_or_404(const Call& call, std::string_view what) {
    std::string id = call.path_param(1);
    if (!is_valid_id(id)) no_such(what);
    return id;
}

// -- organisations -------------------------------------------------------------------------------

void get_organisation(Call& call, CentralStore& store) {
    call.allow_only_query({});
    auto o = store.organisation(valid_id_or_404(call, "organisation"));
    if (!o) no_such("organisation");
    send_json(call.response, 200, {{"organisation", wire::to_json(*o)}});
}

void put_organisation(Call& call, CentralStore& store) {
    call.allow_only_query({});
    std::string id = valid_id_or_404(call, "organisation");
    if (!call.principal().network_wide() && id != scope(call))
        forbid("Your token is for organisation \"" + scope(call) + "\" and may change only it.");
    Organisation o = parse_record<Organisation>(record_body(call, id), wire::organisation_from_json,
                                                "organisation");
    bool existed = store.organisation(id).has_value();
    CatalogDelta delta;
    delta.upserts.organisations.push_back(o);
    CatalogWriteSummary summary = store.apply_catalog(delta, now_ms());
    answer_record(call, existed, summary, store, "organisation", wire::to_json(o));
}

void delete_organisation(Call& call, CentralStore& store) {
    call.allow_only_query({});
    std::string id = valid_id_or_404(call, "organisation");
    require_network_wide(call, "organisations");
    if (!store.organisation(id)) no_such("organisation");
    CatalogDelta delta;
    delta.deleted_organisation_ids.push_back(id);
    store.apply_catalog(delta, now_ms());
    answer_deleted(call, "organisation", id);
}

// -- info points ---------------------------------------------------------------------------------

void get_info_point(Call& call, CentralStore& store) {
    call.allow_only_query({});
    auto p = store.info_point(valid_id_or_404(call, "info point"));
    if (!p) no_such("info point");
    send_json(call.response, 200, {{"info_point", wire::to_json(*p)}});
}

void put_info_point(Call& call, CentralStore& store) {
    call.allow_only_query({});
    std::string id = valid_id_or_404(call, "info point");
    require_network_wide(call, "info points");
    InfoPoint p =
        parse_record<InfoPoint>(record_body(call, id), wire::info_point_from_json, "info_point");
    bool existed = store.info_point(id).has_value();
    CatalogDelta delta;
    delta.upserts.info_points.push_back(p);
    CatalogWriteSummary summary = store.apply_catalog(delta, now_ms());
    answer_record(call, existed, summary, store, "info_point", wire::to_json(p));
}

void delete_info_point(Call& call, CentralStore& store) {
    call.allow_only_query({});
    std::string id = valid_id_or_404(call, "info point");
    require_network_wide(call, "info points");
    if (!store.info_point(id)) no_such("info point");
    CatalogDelta delta;
    delta.deleted_info_point_ids.push_back(id);
    store.apply_catalog(delta, now_ms());
    answer_deleted(call, "info_point", id);
}

// -- tasks ---------------------------------------------------------------------------------------

void get_task(Call& call, CentralStore& store) {
    call.allow_only_query({});
    auto t = store.task(valid_id_or_404(call, "task"));
    if (!t) no_such("task");
    send_json(call.response, 200, {{"task", wire::to_json(*t)}});
}

void put_task(Call& call, CentralStore& store) {
    call.allow_only_query({});
    std::string id = valid_id_or_404(call, "task");
    Task t = parse_record<Task>(record_body(call, id), wire::task_from_json, "task");
    std::optional<Task> old = store.task(id);
    if (!call.principal().network_wide()) {
        if (t.organisation_id != scope(call) || (old && old->organisation_id != scope(call)))
            forbid("Your token is for organisation \"" + scope(call) +
                   "\" and may change only its tasks.");
    }
    CatalogDelta delta;
    delta.upserts.tasks.push_back(t);
    CatalogWriteSummary summary = store.apply_catalog(delta, now_ms());
    answer_record(call, old.has_value(), summary, store, "task", wire::to_json(t));
}

void delete_task(Call& call, CentralStore& store) {
    call.allow_only_query({});
    std::string id = valid_id_or_404(call, "task");
    std::optional<Task> old = store.task(id);
    if (!old) no_such("task");
    if (!call.principal().network_wide() && old->organisation_id != scope(call))
        forbid("Your token is for organisation \"" + scope(call) +
               "\" and may delete only its tasks.");
    CatalogDelta delta;
    delta.deleted_task_ids.push_back(id);
    store.apply_catalog(delta, now_ms());
    answer_deleted(call, "task", id);
}

// -- signups -------------------------------------------------------------------------------------

int64_t parse_count(const std::optional<std::string>& text, std::string_view name, int64_t fallback,
                    int64_t min, int64_t max) {
    if (!text) return fallback;
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max)
        throw ApiError(400, wire::error_code::bad_query,
                       std::string(name) + " must be a whole number from " + std::to_string(min) +
                           " to " + std::to_string(max) + ".");
    return value;
}

std::optional<std::string> checked_id(const Call& call, const std::string& name) {
    auto v = call.query(name);
    if (v && !is_valid_id(*v))
        throw ApiError(400, wire::error_code::bad_query,
                       name + " must be an id: 1 to 64 characters a-z, 0-9, '-' or '_'.");
    return v;
}

std::optional<std::string> checked_day(const Call& call, const std::string& name) {
    auto v = call.query(name);
    if (v && !is_valid_iso_date(*v))
        throw ApiError(400, wire::error_code::bad_query,
                       name + " must be a calendar day written YYYY-MM-DD.");
    return v;
}

// The signup named in the path, if this coordinator may see it (404 otherwise), opened.
SignupRecord visible_signup(const Call& call, SignupVault& vault) {
    std::string id = call.path_param(1);
    if (!is_uuid(id)) no_such("signup");
    std::optional<SignupRecord> r = vault.signup(id);
    if (!r) no_such("signup");
    if (call.principal().network_wide()) return *r;
    SignupRecord mine = restrict_to_organisation(*r, scope(call));
    if (mine.tasks.empty()) no_such("signup");
    return mine;
}

// The filters of the signup list and exports, with the coordinator's scope applied.
SignupQuery signup_filters(const Call& call) {
    SignupQuery q;
    q.organisation_id = checked_id(call, "org");
    q.info_point_id = checked_id(call, "point");
    q.since_day = checked_day(call, "since");
    q.until_day = checked_day(call, "until");
    if (auto status = call.query("status")) {
        q.follow_up = parse_follow_up(*status);
        if (!q.follow_up)
            throw ApiError(400, wire::error_code::bad_query,
                           "status must be new, contacted, joined or not-suitable.");
    }
    if (!call.principal().network_wide()) {
        if (q.organisation_id && *q.organisation_id != scope(call))
            forbid("Your token is for organisation \"" + scope(call) +
                   "\": you may see only its signups.");
        q.organisation_id = scope(call);
    }
    return q;
}

// An export, streamed a page at a time (signup_export_stream.hpp): the centre's memory stays
// flat whatever the number of signups.
void stream_signups(Call& call, SignupVault& vault, SignupQuery q,
                    SignupExportStream::Format format) {
    const bool csv = format == SignupExportStream::Format::csv;
    auto stream = std::make_shared<SignupExportStream>(
        vault, std::move(q), format, call.principal().network_wide() ? std::string() : scope(call));
    call.response.status = 200;
    call.response.set_header("Content-Type",
                             csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8");
    call.response.set_header("Content-Disposition", csv ? "attachment; filename=\"signups.csv\""
                                                        : "attachment; filename=\"signups.json\"");
    call.response.stream = [stream](std::string& out) { return stream->next(out); };
}

// GET /v1/signups: a page (JSON), or with format=csv the whole selection streamed as CSV.
void list_signups(Call& call, CentralStore&, SignupVault& vault) {
    call.allow_only_query(
        {"org", "point", "since", "until", "status", "format", "limit", "offset", "cursor"});
    std::string format = call.query("format").value_or("json");
    if (format != "json" && format != "csv")
        throw ApiError(400, wire::error_code::bad_query, "format must be json or csv.");
    SignupQuery q = signup_filters(call);
    q.after = list_page_cursor(call);
    q.offset = parse_count(call.query("offset"), "offset", 0, 0, INT64_MAX / 2);
    if (format == "csv") {
        // The CSV has always been the whole selection: an export, streamed.
        q.limit = parse_count(call.query("limit"), "limit", -1, 1, INT64_MAX / 2);
        q.offset = 0;
        return stream_signups(call, vault, std::move(q), SignupExportStream::Format::csv);
    }
    const int64_t limit = list_page_limit(call);
    q.limit = limit + 1;  // one more tells whether another page follows
    std::vector<SignupRecord> records = vault.signups(q);
    const bool more = static_cast<int64_t>(records.size()) > limit;
    if (more) records.resize(static_cast<size_t>(limit));
    nlohmann::json cursor;  // null: this page is the last
    if (more)
        cursor = page_cursor_text({records.back().signup.created_ms, records.back().signup.id});
    if (!call.principal().network_wide())
        for (SignupRecord& r : records)
            r = restrict_to_organisation(std::move(r), scope(call));
    current_request_notes().items = static_cast<int64_t>(records.size());
    nlohmann::json list = signup_records_json(records);
    for (SignupRecord& r : records)
        clear_personal_fields(r.signup);
    send_json(call.response, 200,
              {{"signups", std::move(list)},
               {"count", records.size()},
               {"more", more},
               {"cursor", std::move(cursor)}});
}

// GET /v1/signups/export: the whole selection, streamed, as CSV (the default) or JSON.
void export_signups(Call& call, CentralStore&, SignupVault& vault) {
    call.allow_only_query({"org", "point", "since", "until", "status", "format"});
    std::string format = call.query("format").value_or("csv");
    if (format != "json" && format != "csv")
        throw ApiError(400, wire::error_code::bad_query, "format must be csv or json.");
    stream_signups(
        call, vault, signup_filters(call),
        format == "csv" ? SignupExportStream::Format::csv : SignupExportStream::Format::json);
}

void get_signup(Call& call, CentralStore&, SignupVault& vault) {
    call.allow_only_query({});
    send_json(call.response, 200, {{"signup", signup_record_json(visible_signup(call, vault))}});
}

void put_follow_up(Call& call, CentralStore& store, SignupVault& vault) {
    call.allow_only_query({});
    SignupRecord r = visible_signup(call, vault);
    nlohmann::json body = call.json_object();
    auto status = body.find("status");
    std::optional<FollowUp> f;
    if (status != body.end() && status->is_string())
        f = parse_follow_up(status->get<std::string>());
    if (!f)
        throw ApiError(400, wire::error_code::bad_request,
                       "The body must be {\"status\": \"new\" | \"contacted\" | \"joined\" |"
                       " \"not-suitable\"}.");
    store.set_follow_up(r.signup.id, *f);
    r.follow_up = *f;
    send_json(call.response, 200, {{"signup", signup_record_json(r)}});
}

void post_erase(Call& call, CentralStore&, SignupVault& vault) {
    call.allow_only_query({});
    SignupRecord r = visible_signup(call, vault);
    vault.erase(r.signup.id, now_ms());
    std::optional<SignupRecord> after = vault.signup(r.signup.id);
    if (!after) no_such("signup");
    SignupRecord shown =
        call.principal().network_wide() ? *after : restrict_to_organisation(*after, scope(call));
    send_json(call.response, 200, {{"signup", signup_record_json(shown)}});
}

// -- devices -------------------------------------------------------------------------------------

void list_devices(Call& call, CentralStore& store) {
    call.allow_only_query({"limit", "cursor"});
    const int64_t limit = list_page_limit(call);
    std::vector<DeviceRecord> devices = store.devices(list_page_cursor(call), limit + 1);
    const bool more = static_cast<int64_t>(devices.size()) > limit;
    if (more) devices.resize(static_cast<size_t>(limit));
    nlohmann::json list = nlohmann::json::array();
    for (const DeviceRecord& d : devices) {
        list.push_back({
            {"id", d.id},
            {"name", d.name},
            {"info_point_id", d.info_point_id},
            {"created", iso_timestamp_utc(d.created_ms)},
            {"last_seen",
             d.last_seen_ms ? nlohmann::json(iso_timestamp_utc(d.last_seen_ms)) : nlohmann::json()},
            {"last_seen_ms", d.last_seen_ms},
            {"app_version", d.app_version},
            {"revoked", d.revoked_ms != 0},
        });
    }
    nlohmann::json cursor;
    if (more) cursor = page_cursor_text({devices.back().created_ms, devices.back().id});
    send_json(call.response, 200,
              {{"devices", std::move(list)}, {"more", more}, {"cursor", std::move(cursor)}});
}

}  // namespace

void add_coordinator_api(Router& router, CentralStore& store, SignupVault& vault) {
    auto add = [&](const char* method, const std::string& pattern, const std::string& display,
                   void (*fn)(Call&, CentralStore&)) {
        router.add(method, pattern, display, Access::coordinator,
                   [&store, fn](Call& c) { fn(c, store); });
    };
    // The signup calls, which read and erase personal data through the vault.
    auto add_signups = [&](const char* method, const std::string& pattern,
                           const std::string& display,
                           void (*fn)(Call&, CentralStore&, SignupVault&)) {
        router.add(method, pattern, display, Access::coordinator,
                   [&store, &vault, fn](Call& c) { fn(c, store, vault); });
    };
    const std::string id = kIdPattern;
    add("GET", "/v1/organisations/" + id, "/v1/organisations/{id}", get_organisation);
    add("PUT", "/v1/organisations/" + id, "/v1/organisations/{id}", put_organisation);
    add("DELETE", "/v1/organisations/" + id, "/v1/organisations/{id}", delete_organisation);
    add("GET", "/v1/info-points/" + id, "/v1/info-points/{id}", get_info_point);
    add("PUT", "/v1/info-points/" + id, "/v1/info-points/{id}", put_info_point);
    add("DELETE", "/v1/info-points/" + id, "/v1/info-points/{id}", delete_info_point);
    add("GET", "/v1/tasks/" + id, "/v1/tasks/{id}", get_task);
    add("PUT", "/v1/tasks/" + id, "/v1/tasks/{id}", put_task);
    add("DELETE", "/v1/tasks/" + id, "/v1/tasks/{id}", delete_task);
    add_signups("GET", "/v1/signups", "/v1/signups", list_signups);
    add_signups("GET", "/v1/signups/export", "/v1/signups/export", export_signups);
    add_signups("GET", "/v1/signups/" + id, "/v1/signups/{id}", get_signup);
    add_signups("PUT", "/v1/signups/" + id + "/follow-up", "/v1/signups/{id}/follow-up",
                put_follow_up);
    add_signups("POST", "/v1/signups/" + id + "/erase", "/v1/signups/{id}/erase", post_erase);
    add("GET", "/v1/devices", "/v1/devices", list_devices);
}

}  // namespace talkoo::central
