// CentralClient (see central_client.hpp). The judging of answers is here, in two steps: is this
// the centre speaking (JSON, "protocol": "talkoo/1")? Then what does its status say? Each
// outcome that is not a success gets a message naming the cause and what staff can do.
#include "sync/client/central_client.hpp"

#include <algorithm>
#include <cctype>

#include "sync/wire/catalog_json.hpp"
#include "sync/wire/protocol.hpp"
#include "sync/wire/stats_json.hpp"

namespace talkoo::sync {
namespace {

using Kind = SyncError::Kind;

// Percent-encodes a query value. Cursors are opaque: never trust them to be URL-safe.
std::string url_encode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// Text from an answer that goes into a staff message: printable ASCII only, and short.
std::string quoted_safely(const std::string& text, size_t max = 200) {
    std::string out;
    for (unsigned char c : text) {
        if (out.size() >= max) {
            out += "...";
            break;
        }
        out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
    }
    return out;
}

std::string wait_words(std::optional<long> seconds) {
    if (!seconds) return "a little while";
    if (*seconds < 120) return std::to_string(*seconds) + " s";
    return std::to_string((*seconds + 59) / 60) + " min";
}

// The answer's JSON object when it is one; nullopt for anything else (HTML, text, broken JSON).
std::optional<nlohmann::json> json_object_of(const HttpResponse& answer) {
    if (!answer.content_type.starts_with(wire::kJsonContentType)) return std::nullopt;
    nlohmann::json j = nlohmann::json::parse(answer.body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    return j;
}

// The answer did not come from a Talkoo centre (or not from this protocol version).
SyncError not_centre(const HttpResponse& answer, const std::optional<nlohmann::json>& json,
                     const std::string& host) {
    const long status = answer.status;
    const std::string code = "HTTP " + std::to_string(status);
    if (json) {
        auto it = json->find(wire::kProtocolField);
        if (it != json->end() && it->is_string())
            return {Kind::not_centre,
                    "The server at " + host + " speaks protocol '" +
                        quoted_safely(it->get<std::string>(), 40) + "', not " +
                        std::string(wire::kProtocol) +
                        ": it is not a Talkoo centre, or one this kiosk's version cannot talk "
                        "to. Check the server address, or update the kiosk."};
        return {Kind::not_centre,
                "The server at " + host + " answered (" + code +
                    ") with JSON that is not a Talkoo centre's: check the server address."};
    }
    if (answer.content_type.starts_with(wire::kJsonContentType))
        return {Kind::not_centre, "The answer from " + host + " (" + code +
                                      ") was damaged or incomplete: it is not readable JSON. The "
                                      "kiosk will try again."};
    if (status >= 200 && status < 300 && answer.content_type.starts_with("text/html"))
        return {Kind::not_centre,
                "The network answered with a web page instead of the centre: this Wi-Fi probably "
                "wants someone to log in or accept its terms first. Open a browser on this "
                "network and do so, or use another connection."};
    if (status >= 300 && status < 400)
        return {Kind::not_centre, "The server at " + host + " sent the kiosk elsewhere (" + code +
                                      "): a Wi-Fi login page may be in the way, or the centre's "
                                      "address has changed. Check the server address."};
    if (status == 407)
        return {Kind::not_centre,
                "The network's proxy wants a login (HTTP 407): put the proxy's user and password "
                "in the https_proxy setting, or ask the network's administrator."};
    if (status >= 500)
        return {Kind::not_centre,
                "A proxy or gateway between this kiosk and the centre answered " + code +
                    " instead of the centre: the centre may be down or out of its reach. The "
                    "kiosk keeps trying.",
                answer.retry_after_s};
    return {Kind::not_centre, "The server at " + host + " answered " + code +
                                  " but it is not a Talkoo centre (no Talkoo protocol in the "
                                  "answer): check the server address."};
}

// The centre itself refused or failed; `json` is its error answer.
SyncError centre_refusal(const HttpResponse& answer, const nlohmann::json& json,
                         const std::string& host) {
    std::string code, message;
    if (auto e = json.find("error"); e != json.end() && e->is_object()) {
        if (auto c = e->find("code"); c != e->end() && c->is_string())
            code = quoted_safely(c->get<std::string>(), 40);
        if (auto m = e->find("message"); m != e->end() && m->is_string())
            message = quoted_safely(m->get<std::string>());
    }
    const long status = answer.status;
    const auto retry = answer.retry_after_s;
    if (code == wire::error_code::public_channel_off)
        return {Kind::forbidden,
                "This network's centre does not take signups from phones (its public channel is "
                "off): the signups stay on this phone. Ask the coordinator, or sign up at the "
                "stand.",
                retry, code};
    switch (status) {
        case 401:
            return {Kind::unauthorized,
                    "The centre does not recognise this device: ask the coordinator for a new "
                    "token (talkoo-central device add) and give it to the kiosk with --token.",
                    retry, code};
        case 403:
            return {Kind::forbidden,
                    "The centre does not accept this token from a kiosk (it may be a "
                    "coordinator's token): ask the coordinator for a device token.",
                    retry, code};
        case 429:
            return {Kind::rate_limited,
                    "The centre asked this kiosk to slow down; the next try is in " +
                        wait_words(retry) + ".",
                    retry, code};
        case 503:
            return {Kind::centre_busy,
                    "The centre is busy or its database is not answering; the next try is in " +
                        wait_words(retry) + ".",
                    retry, code};
        default:
            break;
    }
    const std::string what = "HTTP " + std::to_string(status) + (code.empty() ? "" : ", " + code) +
                             (message.empty() ? "" : ": " + message);
    if (status >= 500)
        return {Kind::centre_failed,
                "The centre had a problem of its own (" + what +
                    "). The kiosk keeps trying; if this lasts, tell the coordinator.",
                retry, code};
    if (status == 404)
        return {Kind::refused,
                "The centre at " + host + " does not know this call (" + what +
                    "): the server address may have a wrong path after the host name.",
                retry, code};
    return {Kind::refused,
            "The centre refused this kiosk's request (" + what +
                "). Update the kiosk, or tell the technician.",
            retry, code};
}

}  // namespace

std::string base_url_of(const std::string& server_url) {
    std::string base = server_url;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    return base;
}

std::string host_of_url(const std::string& url) {
    size_t start = url.find("://");
    start = start == std::string::npos ? 0 : start + 3;
    size_t end = url.find_first_of("/?#", start);
    std::string authority =
        url.substr(start, end == std::string::npos ? std::string::npos : end - start);
    // Never show a user:password@ part.
    if (size_t at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
    return authority;
}

CentralClient::CentralClient(const SyncConfig& config)
    : base_url_(base_url_of(config.server_url)),
      host_(host_of_url(config.server_url)),
      token_(config.device_token),
      app_version_(config.app_version),
      public_(config.channel == SyncChannel::public_web),
      installation_id_(config.installation_id) {}

HttpRequest CentralClient::request(const std::string& method, const std::string& path_and_query,
                                   const std::string& body) const {
    HttpRequest request;
    request.method = method;
    request.url = base_url_ + path_and_query;
    if (public_)
        request.headers = {{std::string(wire::kInstallationHeader), installation_id_}};
    else
        request.headers = {{"Authorization", "Bearer " + token_}};
    request.headers.emplace_back("Accept", std::string(wire::kJsonContentType));
    request.headers.emplace_back(std::string(wire::kAppVersionHeader), app_version_);
    if (!body.empty()) {
        request.headers.emplace_back("Content-Type", std::string(wire::kJsonContentType));
        request.body = body;
    }
    return request;
}

nlohmann::json CentralClient::judge(const HttpResult& result) {
    tally_.requests++;
    if (const auto* error = std::get_if<TransportError>(&result))
        throw SyncError(
            error->kind == TransportError::Kind::cancelled ? Kind::cancelled : Kind::network,
            error->message);
    const HttpResponse& answer = std::get<HttpResponse>(result);
    tally_.bytes += answer.wire_bytes;

    std::optional<nlohmann::json> json = json_object_of(answer);
    const bool from_centre = json && json->value(wire::kProtocolField, "") == wire::kProtocol;
    if (!from_centre) throw not_centre(answer, json, host_);
    if (answer.status >= 200 && answer.status < 300) return std::move(*json);
    throw centre_refusal(answer, *json, host_);
}

namespace {

// Reads a list of records of one kind with `read` (a wire::*_from_json function).
template <class Record, class Read>
void read_records(const nlohmann::json& page, const char* key, std::vector<Record>& out,
                  Read read) {
    auto it = page.find(key);
    if (it == page.end() || !it->is_array())
        throw wire::FormatError(std::string("catalog.") + key, "expected a list");
    out.reserve(it->size());
    for (size_t i = 0; i < it->size(); ++i)
        out.push_back(
            read((*it)[i], std::string("catalog.") + key + "[" + std::to_string(i) + "]"));
}

std::vector<std::string> read_ids(const nlohmann::json& deleted, const char* key) {
    std::vector<std::string> ids;
    auto it = deleted.find(key);
    if (it == deleted.end()) return ids;  // a pull without since has no tombstones
    if (!it->is_array())
        throw wire::FormatError(std::string("catalog.deleted.") + key, "expected a list of ids");
    for (const auto& id : *it) {
        if (!id.is_string())
            throw wire::FormatError(std::string("catalog.deleted.") + key, "expected ids");
        ids.push_back(id.get<std::string>());
    }
    return ids;
}

bool required_bool(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_boolean())
        throw wire::FormatError(std::string("catalog.") + key, "expected true or false");
    return it->get<bool>();
}

}  // namespace

HttpRequest CentralClient::catalog_request(const std::string& since, int limit) const {
    std::string path = std::string(public_ ? wire::kPublicCatalogPath : wire::kCatalogPath) +
                       "?limit=" + std::to_string(limit);
    if (!since.empty()) path += "&since=" + url_encode(since);
    return request("GET", path, "");
}

CatalogPage CentralClient::catalog_page(const HttpResult& result) {
    nlohmann::json j = judge(result);
    CatalogPage page;
    try {
        auto cursor = j.find("cursor");
        if (cursor == j.end() || !cursor->is_string() || cursor->get<std::string>().empty())
            throw wire::FormatError("catalog.cursor", "expected the cursor");
        page.cursor = cursor->get<std::string>();
        page.more = required_bool(j, "more");
        page.reset = required_bool(j, "reset");
        read_records(j, "organisations", page.delta.upserts.organisations,
                     wire::organisation_from_json);
        read_records(j, "info_points", page.delta.upserts.info_points, wire::info_point_from_json);
        read_records(j, "tasks", page.delta.upserts.tasks, wire::task_from_json);
        if (auto d = j.find("deleted"); d != j.end()) {
            if (!d->is_object()) throw wire::FormatError("catalog.deleted", "expected an object");
            page.delta.deleted_organisation_ids = read_ids(*d, "organisations");
            page.delta.deleted_info_point_ids = read_ids(*d, "info_points");
            page.delta.deleted_task_ids = read_ids(*d, "tasks");
        }
        if (auto key = j.find("network_key"); key != j.end() && !key->is_null()) {
            if (!key->is_string())
                throw wire::FormatError("catalog.network_key", "expected a public key");
            try {
                page.network_key = seal::parse_public_key(key->get<std::string>());
            } catch (const seal::SealError&) {
                throw wire::FormatError("catalog.network_key", "expected a public key");
            }
        }
    } catch (const wire::FormatError& e) {
        throw SyncError(Kind::bad_answer,
                        "The centre sent a catalogue page this kiosk cannot read (" +
                            quoted_safely(e.what(), 300) +
                            "); nothing of it was applied. Update the kiosk, or tell the "
                            "coordinator.");
    }
    return page;
}

HttpRequest CentralClient::signups_request(const std::vector<SealedSignup>& batch) const {
    return request("POST", std::string(public_ ? wire::kPublicSignupsPath : wire::kSignupsPath),
                   wire::signup_batch_to_json(batch).dump());
}

std::vector<wire::SignupResult> CentralClient::signup_results(const HttpResult& result) {
    nlohmann::json j = judge(result);
    try {
        return wire::parse_signup_results(j);
    } catch (const wire::FormatError& e) {
        // FormatError names places and expectations, never values: safe to show.
        throw SyncError(Kind::bad_answer, "The centre's answer to the signups could not be read (" +
                                              quoted_safely(e.what(), 300) +
                                              "); the signups stay queued and are sent again.");
    }
}

HttpRequest CentralClient::stats_request(const std::vector<UsageCounter>& counters) const {
    return request("POST", std::string(wire::kStatsPath),
                   wire::stats_batch_to_json(counters).dump());
}

int CentralClient::stats_rejected(const HttpResult& result) {
    nlohmann::json j = judge(result);
    auto rejected = j.find("rejected");
    if (rejected != j.end() && rejected->is_array()) return static_cast<int>(rejected->size());
    return 0;
}

HttpRequest CentralClient::registration_request() const {
    return request("GET", std::string(wire::kDevicePath), "");
}

DeviceRegistration CentralClient::registration(const HttpResult& result) {
    nlohmann::json j = judge(result);
    auto device = j.find("device");
    auto text = [&](const char* key) -> std::string {
        auto it = device->find(key);
        if (it == device->end() || it->is_null()) return {};
        if (!it->is_string())
            throw SyncError(Kind::bad_answer, std::string("The centre's answer about this device "
                                                          "has a wrong device.") +
                                                  key + "; update the kiosk.");
        return it->get<std::string>();
    };
    if (device == j.end() || !device->is_object())
        throw SyncError(Kind::bad_answer,
                        "The centre's answer about this device has no \"device\"; update the "
                        "kiosk.");
    DeviceRegistration r;
    r.id = text("id");
    r.name = text("name");
    r.info_point_id = text("info_point_id");
    return r;
}

}  // namespace talkoo::sync
