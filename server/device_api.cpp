// The calls a kiosk makes: the catalogue by cursor, signup batches and usage counters (health is
// health_api.cpp's).
//
// The catalogue cursor is "<epoch>.<revision>": opaque to the kiosk, which only stores it and
// sends it back. The epoch names this database's revision sequence, so a cursor from another
// database (a restored backup, a fresh install) is not misread as "nothing new": the answer then
// starts over with "reset": true and the kiosk replaces its catalogue. An idle sync costs one
// small request and an answer of about 250 bytes.
//
// Every catalogue answer names the network's current public key (network_key), so a kiosk
// learns it with its first sync and a rotation with its next. Signups arrive sealed
// (docs/protocol.md): each is opened with the key ring to be validated, then sealed again at
// rest by the vault. The plain form is taken only from kiosks of a version before sealing.
// Batches are made durable by group commit (signup_committer.hpp): the worker that opened and
// checked a batch hands it on and is free; the answer follows the commit of its group.
#include <charconv>

#include "core/clock.hpp"
#include "core/validation.hpp"
#include "server/api.hpp"
#include "server/signup_committer.hpp"
#include "server/signup_intake.hpp"
#include "sync/wire/catalog_json.hpp"
#include "sync/wire/protocol.hpp"
#include "sync/wire/signup_json.hpp"
#include "sync/wire/stats_json.hpp"

namespace talkoo::central {
namespace {

struct Cursor {
    std::string epoch;
    int64_t revision = 0;
};

std::optional<Cursor> parse_cursor(std::string_view text) {
    size_t dot = text.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot > 32) return std::nullopt;
    Cursor c;
    c.epoch = std::string(text.substr(0, dot));
    for (char ch : c.epoch)
        if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return std::nullopt;
    std::string_view digits = text.substr(dot + 1);
    if (digits.empty() || digits.size() > 18) return std::nullopt;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), c.revision);
    if (ec != std::errc() || end != digits.data() + digits.size() || c.revision < 0)
        return std::nullopt;
    return c;
}

int parse_limit(const std::optional<std::string>& text) {
    if (!text) return wire::kDefaultCatalogPageLimit;
    int value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || value < 1 ||
        value > wire::kMaxCatalogPageLimit)
        throw ApiError(400, wire::error_code::bad_query,
                       "limit must be a whole number from 1 to " +
                           std::to_string(wire::kMaxCatalogPageLimit) + ".");
    return value;
}

}  // namespace

void get_catalog(Call& call, CentralStore& store, SignupVault& vault) {
    call.allow_only_query({"since", "limit"});
    int limit = parse_limit(call.query("limit"));
    std::string epoch = store.catalog_epoch();
    int64_t since = 0;
    bool reset = true;
    if (auto text = call.query("since"); text && !text->empty()) {
        std::optional<Cursor> cursor = parse_cursor(*text);
        if (!cursor)
            throw ApiError(400, wire::error_code::invalid_cursor,
                           "since must be a cursor exactly as an earlier answer gave it; leave it"
                           " out to fetch the whole catalogue.");
        // A cursor of another database, or from beyond this one's history (a restored backup),
        // cannot be trusted to mean "everything up to here": start over.
        if (cursor->epoch == epoch && cursor->revision <= store.catalog_revision()) {
            since = cursor->revision;
            reset = false;
        }
    }
    CatalogPage page = store.catalog_changes(since, limit);
    const CatalogDelta& d = page.delta;
    nlohmann::json organisations = nlohmann::json::array();
    nlohmann::json info_points = nlohmann::json::array();
    nlohmann::json tasks = nlohmann::json::array();
    for (const Organisation& o : d.upserts.organisations)
        organisations.push_back(wire::to_json(o));
    for (const InfoPoint& p : d.upserts.info_points)
        info_points.push_back(wire::to_json(p));
    for (const Task& t : d.upserts.tasks)
        tasks.push_back(wire::to_json(t));
    current_request_notes().items =
        static_cast<int64_t>(organisations.size() + info_points.size() + tasks.size() +
                             d.deleted_organisation_ids.size() + d.deleted_info_point_ids.size() +
                             d.deleted_task_ids.size());
    send_json(call.response, 200,
              {{"cursor", epoch + "." + std::to_string(page.revision)},
               {"more", page.more},
               {"reset", reset},
               {"organisations", std::move(organisations)},
               {"info_points", std::move(info_points)},
               {"tasks", std::move(tasks)},
               {"deleted",
                {{"organisations", d.deleted_organisation_ids},
                 {"info_points", d.deleted_info_point_ids},
                 {"tasks", d.deleted_task_ids}}},
               {"network_key", seal::to_text(vault.current_public_key())}});
}

namespace {

// The per-signup results, with the store's outcomes for the accepted ones, as the answer.
void answer_results(HttpResponse& response, std::vector<wire::SignupResult>& results,
                    const std::vector<size_t>& accepted_at,
                    const std::vector<SignupOutcome>& outcomes) {
    record_outcomes(results, accepted_at, outcomes);
    nlohmann::json out = nlohmann::json::array();
    std::map<std::string, int> counts = {
        {"stored", 0}, {"duplicate", 0}, {"conflict", 0}, {"rejected", 0}};
    for (const wire::SignupResult& r : results) {
        out.push_back(wire::to_json(r));
        ++counts[std::string(wire::to_string(r.result))];
    }
    send_json(response, 200, {{"results", std::move(out)}, {"counts", counts}});
}

// Opens, validates and seals each signup on this worker, then hands the batch to the group
// committer and answers once the group holding it is durable (signup_committer.hpp).
}  // namespace

void post_signups(Call& call, SignupVault& vault, SignupCommitter& committer,
                  const SignupSource& source) {
    call.allow_only_query({});
    nlohmann::json body = call.json_object();
    auto list = body.find("signups");
    if (list == body.end() || !list->is_array())
        throw ApiError(400, wire::error_code::bad_request,
                       "The body needs \"signups\": a list of signups (see docs/protocol.md).");
    if (list->size() > source.max_batch)
        throw ApiError(400, wire::error_code::too_many_items,
                       "At most " + std::to_string(source.max_batch) +
                           " signups per request; this one has " + std::to_string(list->size()) +
                           ". Send them in smaller batches.");
    current_request_notes().items = static_cast<int64_t>(list->size());
    // The judging is shared with the USB handover's import (signup_intake.hpp).
    std::vector<const nlohmann::json*> items;
    items.reserve(list->size());
    for (const nlohmann::json& item : *list)
        items.push_back(&item);
    const int64_t received_ms = now_ms();
    DeviceRecord device;
    device.id = source.device_id;
    device.info_point_id = source.info_point_id;
    JudgedSignups judged = judge_signups(items, device, source.plain_allowed, vault, received_ms);
    current_request_notes().plain_signups += judged.plain;
    std::vector<wire::SignupResult>& results = judged.results;
    std::vector<size_t>& accepted_at = judged.accepted_at;
    const std::vector<SignupVault::Received>& accepted = judged.accepted;
    if (accepted.empty()) {  // nothing to store: no need to wait for a commit
        answer_results(call.response, results, accepted_at, {});
        return;
    }

    SignupBatch batch{vault.seal_for_storage(accepted), received_ms};
    LaterAnswer later = call.defer();
    committer.submit(std::move(batch),
                     [later, results = std::move(results), accepted_at = std::move(accepted_at)](
                         std::vector<SignupOutcome> outcomes, std::exception_ptr failure) mutable {
                         later.give([&](HttpResponse& response) {
                             if (failure) std::rethrow_exception(failure);
                             answer_results(response, results, accepted_at, outcomes);
                         });
                     });
}

namespace {

void post_stats(Call& call, CentralStore& store) {
    call.allow_only_query({});
    nlohmann::json body = call.json_object();
    auto list = body.find("counters");
    if (list == body.end() || !list->is_array())
        throw ApiError(400, wire::error_code::bad_request,
                       "The body needs \"counters\": a list of usage counters.");
    if (list->size() > wire::kMaxCountersPerPost)
        throw ApiError(400, wire::error_code::too_many_items,
                       "At most " + std::to_string(wire::kMaxCountersPerPost) +
                           " counters per request. Send them in smaller batches.");
    current_request_notes().items = static_cast<int64_t>(list->size());
    std::vector<UsageCounter> counters;
    nlohmann::json rejected = nlohmann::json::array();
    for (size_t i = 0; i < list->size(); ++i) {
        try {
            counters.push_back(
                wire::usage_counter_from_json((*list)[i], "counters[" + std::to_string(i) + "]"));
        } catch (const wire::FormatError& e) {
            rejected.push_back({{"index", i}, {"message", e.what()}});
        }
    }
    store.store_usage(call.principal().device.id, counters, now_ms());
    send_json(call.response, 200, {{"stored", counters.size()}, {"rejected", std::move(rejected)}});
}

}  // namespace

void add_device_api(Router& router, CentralStore& store, SignupVault& vault,
                    SignupCommitter& committer) {
    router.add("GET", "/v1/catalog", "/v1/catalog", Access::device_or_coordinator,
               [&store, &vault](Call& c) { get_catalog(c, store, vault); });
    router.add("POST", "/v1/signups", "/v1/signups", Access::device, [&vault, &committer](Call& c) {
        const Principal& who = c.principal();
        post_signups(c, vault, committer,
                     {who.device.id, who.device.info_point_id,
                      wire::sends_plain_signups(who.app_version), wire::kMaxSignupsPerBatch});
    });
    router.add("POST", "/v1/stats", "/v1/stats", Access::device,
               [&store](Call& c) { post_stats(c, store); });
}

}  // namespace talkoo::central
