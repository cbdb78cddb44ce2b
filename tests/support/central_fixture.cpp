// See central_fixture.hpp.
#include "support/central_fixture.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/clock.hpp"
#include "core/uuid.hpp"
#include "sync/wire/catalog_json.hpp"
#include "sync/wire/signup_json.hpp"

namespace talkoo::test {

std::string fresh_database_spec(const TempDir& dir) {
    if (const char* spec = std::getenv("TALKOO_CENTRAL_TEST_DB"); spec && *spec) return spec;
    return (dir / "central.db").string();
}

Organisation test_organisation(const std::string& id) {
    Organisation o;
    o.id = id;
    o.name.fi = "Yhdistys " + id;
    o.name.en = "Association " + id;
    o.municipality = "Pori";
    o.web = "https://example.fi/" + id;
    o.email = "info@example.fi";
    o.phone = "02 123 4567";
    return o;
}

InfoPoint test_info_point(const std::string& id) {
    InfoPoint p;
    p.id = id;
    p.name.fi = "Infopiste " + id;
    p.region = "Satakunta";
    p.municipality = "Pori";
    p.address = "Kirjastokatu 1";
    return p;
}

Task test_task(const std::string& id, const std::string& organisation_id) {
    Task t;
    t.id = id;
    t.organisation_id = organisation_id;
    t.title.fi = "Tehtävä " + id;
    t.summary.fi = "Lyhyt kuvaus tehtävästä " + id + ".";
    t.categories = {"elderly"};
    t.target_groups = {TargetGroup::everyone};
    t.commitment = Commitment::recurring;
    t.region = "Satakunta";
    t.municipality = "Pori";
    t.languages = {Lang::fi};
    return t;
}

Catalog test_catalog() {
    Catalog c;
    c.organisations = {test_organisation("org-a"), test_organisation("org-b")};
    c.info_points = {test_info_point("point-1"), test_info_point("point-2")};
    c.tasks = {test_task("task-a1", "org-a"), test_task("task-a2", "org-a"),
               test_task("task-b1", "org-b")};
    return c;
}

Signup test_signup(std::vector<std::string> task_ids, const std::string& name) {
    Signup s;
    s.id = new_uuid_v7();
    s.task_ids = std::move(task_ids);
    s.name = name;
    s.phone = "040 123 4567";
    s.email = "testi@example.fi";
    s.message = "Voin auttaa viikonloppuisin.";
    s.age_group = AgeGroup::age30_64;
    s.lang = Lang::fi;
    s.consent_version = "consent-2024-1";
    s.consent_ms = now_ms();
    s.info_point_id = "point-1";
    s.created_ms = now_ms();
    return s;
}

Identity parse_identity(const CommandResult& result) {
    INFO(result.out << result.err);
    REQUIRE(result.exit_code == 0);
    Identity id;
    std::istringstream lines(result.out);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.starts_with("id:")) id.id = line.substr(line.find_first_not_of(' ', 3));
        if (line.starts_with("token:")) id.token = line.substr(line.find_first_not_of(' ', 6));
    }
    REQUIRE(!id.id.empty());
    REQUIRE(!id.token.empty());
    return id;
}

CentralFixture::CentralFixture(const std::vector<std::string>& serve_args, bool start)
    : db(fresh_database_spec(dir)), log_file(dir / "central.log") {
    std::filesystem::path catalog_file = dir / "catalog.json";
    std::ofstream(catalog_file) << wire::catalog_to_json_text(test_catalog(), false);
    CommandResult imported = run_central({"import", catalog_file.string(), "--db", db});
    INFO(imported.err);
    REQUIRE(imported.exit_code == 0);
    CommandResult keys_made = run_central({"keys", "init", "--db", db});
    INFO(keys_made.err);
    REQUIRE(keys_made.exit_code == 0);
    reload_keys();
    device = add_device("Kiosk at point-1", "point-1");
    network = parse_identity(run_central({"coordinator", "add", "--name", "Verkosto", "--db", db}));
    coord_a = parse_identity(
        run_central({"coordinator", "add", "--name", "A", "--org", "org-a", "--db", db}));
    coord_b = parse_identity(
        run_central({"coordinator", "add", "--name", "B", "--org", "org-b", "--db", db}));
    if (start) server = std::make_unique<CentralProcess>(db, log_file, serve_args);
}

Identity CentralFixture::add_device(const std::string& name, const std::string& point) {
    return parse_identity(
        run_central({"device", "add", "--name", name, "--point", point, "--db", db}));
}

void CentralFixture::restart(const std::vector<std::string>& serve_args) {
    REQUIRE(server->stop() == 0);
    server = std::make_unique<CentralProcess>(db, log_file, serve_args);
}

std::string CentralFixture::log() const {
    std::ifstream in(log_file);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

namespace {

httplib::Headers auth(const std::string& token) {
    if (token.empty()) return {};
    return {{"Authorization", "Bearer " + token}};
}

}  // namespace

httplib::Result CentralFixture::get(const std::string& path, const std::string& token) const {
    return server->client().Get(path.c_str(), auth(token));
}

httplib::Result CentralFixture::post(const std::string& path, const std::string& body,
                                     const std::string& token,
                                     const std::string& content_type) const {
    return server->client().Post(path.c_str(), auth(token), body, content_type.c_str());
}

httplib::Result CentralFixture::put(const std::string& path, const std::string& body,
                                    const std::string& token) const {
    return server->client().Put(path.c_str(), auth(token), body, "application/json");
}

httplib::Result CentralFixture::del(const std::string& path, const std::string& token) const {
    return server->client().Delete(path.c_str(), auth(token));
}

void CentralFixture::reload_keys() {
    keys = seal::read_key_ring_file(key_ring_beside(db));
}

SealedSignup CentralFixture::sealed(const Signup& signup) const {
    return seal_signup(signup, keys.current().public_key);
}

std::string CentralFixture::sealed_batch(const std::vector<Signup>& signups) const {
    std::vector<SealedSignup> batch;
    for (const Signup& s : signups)
        batch.push_back(sealed(s));
    return wire::signup_batch_to_json(batch).dump();
}

nlohmann::json CentralFixture::post_plain_signups(const std::vector<Signup>& signups,
                                                  const std::string& token,
                                                  const std::string& app_version) const {
    httplib::Headers headers = {{"Authorization", "Bearer " + token},
                                {"X-Talkoo-App-Version", app_version}};
    auto r =
        server->client().Post("/v1/signups", headers,
                              wire::plain_signup_batch_to_json(signups).dump(), "application/json");
    REQUIRE(r);
    INFO(r->body);
    REQUIRE(r->status == 200);
    return body_of(r);
}

nlohmann::json CentralFixture::post_signups(const std::vector<Signup>& signups,
                                            const std::string& token) const {
    auto r = post("/v1/signups", sealed_batch(signups), token);
    REQUIRE(r);
    INFO(r->body);
    REQUIRE(r->status == 200);
    return body_of(r);
}

nlohmann::json body_of(const httplib::Result& result) {
    REQUIRE(result);
    INFO("status " << result->status << ": " << result->body);
    REQUIRE(result->get_header_value("Content-Type").starts_with("application/json"));
    nlohmann::json j = nlohmann::json::parse(result->body);
    REQUIRE(j.value("protocol", "") == "talkoo/1");
    return j;
}

void require_error(const httplib::Result& result, int status, const std::string& code) {
    REQUIRE(result);
    INFO("status " << result->status << ": " << result->body);
    REQUIRE(result->status == status);
    nlohmann::json j = body_of(result);
    REQUIRE(j.contains("error"));
    CHECK(j["error"].value("code", "") == code);
    CHECK(!j["error"].value("message", "").empty());
}

}  // namespace talkoo::test
