// Bad input, as raw bytes on real connections: every case must get a 4xx (never 5xx) with the
// error body {"protocol":"talkoo/1","error":{"code","message"}}, and the service must keep
// answering everyone afterwards. Per-signup mistakes inside a well-formed batch are answered per
// item instead; the last tests cover those.
#include <zlib.h>

#include <catch2/catch.hpp>

#include "raw_http.hpp"
#include "support/central_fixture.hpp"
#include "sync/wire/catalog_json.hpp"
#include "sync/wire/signup_json.hpp"

using namespace talkoo;
using namespace talkoo::test;
using nlohmann::json;

namespace {

std::string request(const std::string& method, const std::string& target, const std::string& token,
                    const std::string& body = "",
                    const std::string& content_type = "application/json",
                    const std::string& extra_headers = "") {
    std::string r = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!token.empty()) r += "Authorization: Bearer " + token + "\r\n";
    if (!content_type.empty() && (!body.empty() || method == "POST" || method == "PUT"))
        r += "Content-Type: " + content_type + "\r\n";
    if (extra_headers.find("Transfer-Encoding") == std::string::npos &&
        extra_headers.find("Content-Length") == std::string::npos &&
        (method == "POST" || method == "PUT" || !body.empty()))
        r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    return r + extra_headers + "\r\n" + body;
}

std::string gzip(const std::string& data) {
    z_stream z{};
    deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, data.size()) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

std::string chunked(const std::string& data, size_t chunk) {
    std::string out;
    char size[32];
    for (size_t at = 0; at < data.size(); at += chunk) {
        size_t n = std::min(chunk, data.size() - at);
        snprintf(size, sizeof size, "%zx\r\n", n);
        out += size + data.substr(at, n) + "\r\n";
    }
    return out + "0\r\n\r\n";
}

std::string signups_with(size_t count) {
    json list = json::array();
    for (size_t i = 0; i < count; ++i)
        list.push_back(wire::plain_signup_to_json(test_signup({"task-a1"})));
    return json({{"signups", list}}).dump();
}

struct Case {
    std::string name;
    std::string bytes;
    int status;
    std::string code;
};

}  // namespace

TEST_CASE("every bad request gets a 4xx with an error body and the service keeps answering",
          "[http][bad-input]") {
    CentralFixture f({"--rate-limit", "0"});
    const std::string dev = f.device.token;
    const std::string net = f.network.token;
    const std::string valid_task = wire::to_json(test_task("task-a1", "org-a")).dump();
    json wrong_types = json::parse(valid_task);
    wrong_types["title"] = 42;
    json long_title = json::parse(valid_task);
    long_title["title"]["fi"] = std::string(5'000, 'x');
    json huge_title = json::parse(valid_task);
    huge_title["title"]["fi"] = std::string(200'000, 'x');
    json other_id = json::parse(valid_task);
    other_id["id"] = "task-a2";
    std::string deep = std::string(200, '[') + std::string(200, ']');
    std::string big_json = "{\"signups\":[],\"pad\":\"" + std::string(1100 * 1024, 'a') + "\"}";
    std::string bomb =
        gzip("{\"signups\":[],\"pad\":\"" + std::string(8 * 1024 * 1024, 'a') + "\"}");
    std::string many_counters = [] {
        json list = json::array();
        for (int i = 0; i < 5001; ++i)
            list.push_back(
                {{"day", "2024-05-04"}, {"info_point_id", "p"}, {"name", "n"}, {"value", i}});
        return json({{"counters", list}}).dump();
    }();
    std::string some_uuid = test_signup({"task-a1"}).id;
    Signup stored = test_signup({"task-a1"});
    f.post_signups({stored}, dev);

    const std::vector<Case> cases = {
        // -- JSON itself ---------------------------------------------------------------------
        {"malformed JSON", request("POST", "/v1/signups", dev, "{\"signups\": [}"), 400,
         "bad_json"},
        {"truncated JSON", request("POST", "/v1/signups", dev, "{\"signups\": [{\"id\":"), 400,
         "bad_json"},
        {"trailing garbage", request("POST", "/v1/signups", dev, "{\"signups\": []} x"), 400,
         "bad_json"},
        {"NaN literal", request("POST", "/v1/stats", dev, "{\"counters\": [NaN]}"), 400,
         "bad_json"},
        {"single quotes", request("POST", "/v1/signups", dev, "{'signups': []}"), 400, "bad_json"},
        {"invalid UTF-8 byte", request("POST", "/v1/signups", dev, "{\"signups\": [\"\xff\"]}"),
         400, "bad_json"},
        {"overlong UTF-8", request("POST", "/v1/signups", dev, "{\"signups\": [\"\xc0\xaf\"]}"),
         400, "bad_json"},
        {"lone surrogate escape",
         request("POST", "/v1/signups", dev, "{\"signups\": [\"\\ud800\"]}"), 400, "bad_json"},
        {"nesting 200 deep", request("POST", "/v1/signups", dev, deep), 400, "bad_json"},
        {"array instead of object", request("POST", "/v1/signups", dev, "[1,2,3]"), 400,
         "bad_request"},
        {"string instead of object", request("POST", "/v1/stats", dev, "\"hello\""), 400,
         "bad_request"},
        {"empty body", request("POST", "/v1/signups", dev, ""), 400, "bad_request"},
        // -- shape of the batch ----------------------------------------------------------------
        {"signups missing", request("POST", "/v1/signups", dev, "{\"items\": []}"), 400,
         "bad_request"},
        {"signups not a list", request("POST", "/v1/signups", dev, "{\"signups\": {}}"), 400,
         "bad_request"},
        {"signups null", request("POST", "/v1/signups", dev, "{\"signups\": null}"), 400,
         "bad_request"},
        {"501 signups", request("POST", "/v1/signups", dev, signups_with(501)), 400,
         "too_many_items"},
        {"counters not a list", request("POST", "/v1/stats", dev, "{\"counters\": 5}"), 400,
         "bad_request"},
        {"5001 counters", request("POST", "/v1/stats", dev, many_counters), 400, "too_many_items"},
        // -- size and encoding -----------------------------------------------------------------
        {"body over 1 MiB", request("POST", "/v1/signups", dev, big_json), 413,
         "payload_too_large"},
        {"chunked body over 1 MiB",
         request("POST", "/v1/signups", dev, chunked(big_json, 65536), "application/json",
                 "Transfer-Encoding: chunked\r\n"),
         413, "payload_too_large"},
        {"gzip bomb",
         request("POST", "/v1/signups", dev, bomb, "application/json",
                 "Content-Encoding: gzip\r\n"),
         413, "payload_too_large"},
        {"broken gzip",
         request("POST", "/v1/signups", dev, "not gzip at all", "application/json",
                 "Content-Encoding: gzip\r\n"),
         400, "bad_request"},
        {"unknown content encoding",
         request("POST", "/v1/signups", dev, "{\"signups\":[]}", "application/json",
                 "Content-Encoding: zstd\r\n"),
         415, "unsupported_media_type"},
        // -- content type ----------------------------------------------------------------------
        {"text/plain body", request("POST", "/v1/signups", dev, "{\"signups\":[]}", "text/plain"),
         415, "unsupported_media_type"},
        {"no content type", request("POST", "/v1/signups", dev, "{\"signups\":[]}", ""), 415,
         "unsupported_media_type"},
        {"form encoding",
         request("POST", "/v1/stats", dev, "counters=1", "application/x-www-form-urlencoded"), 415,
         "unsupported_media_type"},
        {"JSON in latin-1",
         request("POST", "/v1/signups", dev, "{\"signups\":[]}",
                 "application/json; charset=iso-8859-1"),
         415, "unsupported_media_type"},
        // -- paths and methods -----------------------------------------------------------------
        {"unknown path", request("GET", "/v1/everything", dev), 404, "not_found"},
        {"other version", request("GET", "/v2/catalog", dev), 404, "not_found"},
        {"root", request("GET", "/", ""), 404, "not_found"},
        {"path traversal", request("GET", "/v1/../../etc/passwd", ""), 404, "not_found"},
        {"DELETE the catalogue", request("DELETE", "/v1/catalog", dev), 405, "method_not_allowed"},
        {"PUT signups", request("PUT", "/v1/signups", dev, "{}"), 405, "method_not_allowed"},
        {"GET stats", request("GET", "/v1/stats", dev), 405, "method_not_allowed"},
        {"POST health", request("POST", "/v1/health", "", "{}"), 405, "method_not_allowed"},
        {"GET erase", request("GET", "/v1/signups/" + some_uuid + "/erase", net), 405,
         "method_not_allowed"},
        {"PATCH a task", request("PATCH", "/v1/tasks/task-a1", net, valid_task), 405,
         "method_not_allowed"},
        {"OPTIONS", request("OPTIONS", "/v1/catalog", dev), 405, "method_not_allowed"},
        {"unknown method", request("BREW", "/v1/health", ""), 400, "bad_request"},
        {"not HTTP at all", "HELLO THERE\r\n\r\n", 400, "bad_request"},
        {"URI too long", request("GET", "/v1/catalog?since=" + std::string(10000, 'a'), dev), 414,
         "uri_too_long"},
        {"negative Content-Length",
         request("POST", "/v1/signups", dev, "", "application/json", "Content-Length: -5\r\n"), 400,
         "bad_request"},
        // -- query parameters ------------------------------------------------------------------
        {"cursor garbage", request("GET", "/v1/catalog?since=garbage", dev), 400, "invalid_cursor"},
        {"cursor bad number", request("GET", "/v1/catalog?since=abc.12x", dev), 400,
         "invalid_cursor"},
        {"cursor negative", request("GET", "/v1/catalog?since=abc.-1", dev), 400, "invalid_cursor"},
        {"limit 0", request("GET", "/v1/catalog?limit=0", dev), 400, "bad_query"},
        {"limit 1001", request("GET", "/v1/catalog?limit=1001", dev), 400, "bad_query"},
        {"limit not a number", request("GET", "/v1/catalog?limit=ten", dev), 400, "bad_query"},
        {"limit huge", request("GET", "/v1/catalog?limit=99999999999999999999", dev), 400,
         "bad_query"},
        {"unknown parameter", request("GET", "/v1/catalog?sinse=x", dev), 400, "bad_query"},
        {"repeated parameter", request("GET", "/v1/catalog?limit=5&limit=6", dev), 400,
         "bad_query"},
        {"impossible date", request("GET", "/v1/signups?since=2024-02-30", net), 400, "bad_query"},
        {"unknown format", request("GET", "/v1/signups?format=xlsx", net), 400, "bad_query"},
        {"unknown status", request("GET", "/v1/signups?status=maybe", net), 400, "bad_query"},
        {"bad organisation id", request("GET", "/v1/signups?org=Bad%20Id", net), 400, "bad_query"},
        {"negative offset", request("GET", "/v1/signups?offset=-1", net), 400, "bad_query"},
        // -- records of the coordinator API ----------------------------------------------------
        {"task with wrong types", request("PUT", "/v1/tasks/task-a1", net, wrong_types.dump()), 422,
         "validation_failed"},
        {"task with a 5 000 character title",
         request("PUT", "/v1/tasks/task-a1", net, long_title.dump()), 422, "validation_failed"},
        // Any JSON string over 64 KiB is refused before parsing (json_limits.hpp).
        {"task with a 200 000 character title",
         request("PUT", "/v1/tasks/task-a1", net, huge_title.dump()), 400, "bad_json"},
        {"empty task", request("PUT", "/v1/tasks/task-a1", net, "{}"), 422, "validation_failed"},
        {"task id differs from path", request("PUT", "/v1/tasks/task-a1", net, other_id.dump()),
         400, "bad_request"},
        {"invalid id in path", request("PUT", "/v1/tasks/Bad!Id", net, valid_task), 404,
         "not_found"},
        {"unknown organisation", request("GET", "/v1/organisations/nope", net), 404, "not_found"},
        {"signup id not a UUID", request("GET", "/v1/signups/not-a-uuid", net), 404, "not_found"},
        {"unknown signup", request("GET", "/v1/signups/" + some_uuid, net), 404, "not_found"},
        {"follow-up of an unknown signup",
         request("PUT", "/v1/signups/" + some_uuid + "/follow-up", net, "{\"status\":\"new\"}"),
         404, "not_found"},
        {"follow-up not an object",
         request("PUT", "/v1/signups/" + stored.id + "/follow-up", net, "[]"), 400, "bad_request"},
        {"follow-up status a number",
         request("PUT", "/v1/signups/" + stored.id + "/follow-up", net, "{\"status\": 3}"), 400,
         "bad_request"},
        // -- tokens ----------------------------------------------------------------------------
        {"Bearer without token",
         request("GET", "/v1/catalog", "", "", "", "Authorization: Bearer \r\n"), 401,
         "unauthorized"},
        {"8 KB token", request("GET", "/v1/catalog", std::string(8000, 'k')), 401, "unauthorized"},
        {"token with a NUL", request("GET", "/v1/catalog", "tkd_abc%00def"), 401, "unauthorized"},
    };
    REQUIRE(cases.size() >= 40);

    for (const Case& c : cases) {
        INFO("case: " << c.name);
        std::string response = raw_exchange(f.server->host(), f.server->port(), c.bytes);
        INFO(response.substr(0, 600));
        int status = raw_status(response);
        CHECK(status == c.status);
        CHECK(status >= 400);
        CHECK(status < 500);
        CHECK(response.find("Content-Type: application/json") != std::string::npos);
        json body = json::parse(raw_body(response), nullptr, false);
        REQUIRE(body.is_object());
        CHECK(body.value("protocol", "") == "talkoo/1");
        CHECK(body["error"].value("code", "") == c.code);
        CHECK(!body["error"].value("message", "").empty());
        // Nothing of the server's insides leaks into the message.
        std::string message = body["error"].value("message", "");
        for (const char* leak :
             {"sqlite", "SQLITE", "SELECT", "/tmp/", "json.exception", "what():"})
            CHECK(message.find(leak) == std::string::npos);
        // And it keeps answering everyone.
        auto health = f.get("/v1/health", "");
        REQUIRE(health);
        CHECK(health->status == 200);
    }
    CHECK(f.get("/v1/catalog", f.device.token)->status == 200);
    CHECK(f.log().find("unexpected failure") == std::string::npos);
}

// In the plain form of kiosks before sealing, where every field can be broken on the wire; the
// sealed form's own cases are in http_sealed_test.cpp.
TEST_CASE("each malformed signup in a batch is rejected with the place named, the rest stored",
          "[http][bad-input]") {
    CentralFixture f;
    json good = wire::plain_signup_to_json(test_signup({"task-a1"}));
    auto variant = [&](auto change) {
        json s = wire::plain_signup_to_json(test_signup({"task-a1"}));
        change(s);
        return s;
    };
    std::vector<std::pair<json, std::string>> bad = {
        {variant([](json& s) { s.erase("id"); }), "id"},
        {variant([](json& s) { s["id"] = 12; }), "id"},
        {variant([](json& s) { s["id"] = "not-a-uuid"; }), "id"},
        {variant([](json& s) { s["task_ids"] = "task-a1"; }), "task_ids"},
        {variant([](json& s) { s["task_ids"] = json::array({1}); }), "task_ids[0]"},
        {variant([](json& s) { s["task_ids"] = json::array(); }), "task_ids"},
        {variant([](json& s) { s["name"] = json(); }), "name"},
        {variant([](json& s) { s["name"] = std::string(5000, 'n'); }), "name"},
        {variant([](json& s) {
             s["phone"] = "";
             s["email"] = "";
         }),
         "contact"},
        {variant([](json& s) { s["email"] = "no-at-sign"; }), "email"},
        {variant([](json& s) { s["message"] = std::string(2000, 'm'); }), "message"},
        {variant([](json& s) { s["lang"] = "de"; }), "lang"},
        {variant([](json& s) { s["age_group"] = "old"; }), "age_group"},
        {variant([](json& s) { s["consent_ms"] = "yesterday"; }), "consent_ms"},
        {variant([](json& s) { s["consent_ms"] = 1.5; }), "consent_ms"},
        {variant([](json& s) { s["created_ms"] = 1e300; }), "created_ms"},
        {variant([](json& s) { s["created_ms"] = 18446744073709551615u; }), "created_ms"},
        {variant([](json& s) { s["name"] = "Bell\u0007"; }), "name"},
        {json("a string"), "signups[19]"},
        {json(), "signups[20]"},
    };
    json batch = {{"signups", json::array({good})}};
    for (const auto& [s, field] : bad)
        batch["signups"].push_back(s);
    auto posted = f.server->client().Post(
        "/v1/signups",
        {{"Authorization", "Bearer " + f.device.token}, {"X-Talkoo-App-Version", "0.1.0"}},
        batch.dump(), "application/json");
    json answer = body_of(posted);
    json results = answer["results"];
    REQUIRE(results.size() == bad.size() + 1);
    CHECK(results[0]["result"] == "stored");
    for (size_t i = 0; i < bad.size(); ++i) {
        const json& r = results[i + 1];
        INFO("item " << i + 1 << ": " << r.dump());
        CHECK(r["result"] == "rejected");
        std::string where = r.value("message", "");
        for (const json& e : r.value("errors", json::array()))
            where += " " + e["field"].get<std::string>();
        CHECK(where.find(bad[i].second) != std::string::npos);
    }
    CHECK(answer["counts"]["rejected"] == bad.size());
    CHECK(f.get("/v1/health", "")->status == 200);
}
