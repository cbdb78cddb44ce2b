// See sync_fixture.hpp.
#include "sync_fixture.hpp"

#include <signal.h>

#include <catch2/catch.hpp>
#include <map>
#include <thread>

#include "sync/wire/catalog_json.hpp"

namespace talkoo::test {

sync::SyncConfig quick_sync_config(const std::string& server_url, const std::string& token) {
    sync::SyncConfig c;
    c.server_url = server_url;
    c.device_token = token;
    c.transport.connect_timeout_ms = 5'000;
    c.transport.request_timeout_ms = 20'000;
    c.interval = std::chrono::hours(1);  // tests wake the worker themselves
    c.backoff.initial = std::chrono::milliseconds(20);
    c.backoff.cap = std::chrono::milliseconds(200);
    return c;
}

TestKiosk::TestKiosk(const std::string& server_url, const Identity& device,
                     const seal::PublicKey& network_key)
    : store_file(dir / "talkoo.db"),
      device(device),
      store(std::make_unique<LocalStore>(store_file)),
      config(quick_sync_config(server_url, device.token)) {
    store->replace_catalog(test_catalog(), "");
    store->set_network_key({network_key, NetworkKeySource::file, 1});
}

std::vector<Signup> TestKiosk::make_signups(int n, const std::vector<std::string>& task_ids,
                                            const std::string& name) {
    std::vector<Signup> signups;
    const std::string device_id = store->device_id();
    const seal::PublicKey key = store->network_key().value().key;
    for (int i = 0; i < n; ++i) {
        Signup s = test_signup(task_ids, name);
        s.device_id = device_id;
        s.message = "Viesti " + std::to_string(made.size());
        store->commit_signup(seal_signup(s, key));
        signups.push_back(s);
        made.push_back(s);
    }
    return signups;
}

sync::SyncReport TestKiosk::sync() {
    sync::SyncSession session(*store, config);
    return session.run_pass();
}

SyncWorld::SyncWorld(const std::vector<std::string>& serve_args)
    : centre(serve_args),
      proxy(std::make_unique<FaultProxy>(centre.server->port())),
      kiosk(std::make_unique<TestKiosk>(proxy->url(), centre.device,
                                        centre.keys.current().public_key)) {}

void SyncWorld::kill_and_restart_centre() {
    ::kill(centre.server->pid(), SIGKILL);
    centre.server.reset();  // reaps the killed process
    centre.server = std::make_unique<CentralProcess>(centre.db, centre.log_file,
                                                     std::vector<std::string>{"--rate-limit", "0"});
    proxy->set_upstream_port(centre.server->port());
}

void require_delivered_exactly_once(const CentralFixture& centre, const TestKiosk& kiosk) {
    CommandResult exported = run_central({"export-signups", "--format", "json", "--db", centre.db});
    INFO(exported.err);
    REQUIRE(exported.exit_code == 0);
    nlohmann::json doc = nlohmann::json::parse(exported.out);
    std::map<std::string, std::vector<nlohmann::json>> by_id;
    size_t from_device = 0;
    for (const auto& s : doc.at("signups")) {
        by_id[s.at("id").get<std::string>()].push_back(s);
        if (s.value("device_id", "") == kiosk.device.id) from_device++;
    }
    size_t missing = 0, repeated = 0, changed = 0;
    for (const Signup& made : kiosk.made) {
        auto it = by_id.find(made.id);
        if (it == by_id.end()) {
            missing++;
            continue;
        }
        if (it->second.size() != 1) repeated++;
        const nlohmann::json& c = it->second.front();
        if (c.value("name", "") != made.name || c.value("phone", "") != made.phone ||
            c.value("email", "") != made.email || c.value("message", "") != made.message ||
            c.at("task_ids").get<std::vector<std::string>>() != made.task_ids ||
            c.value("device_id", "") != kiosk.device.id)
            changed++;
    }
    INFO("made on the kiosk: " << kiosk.made.size()
                               << ", at the centre from its device: " << from_device);
    CHECK(missing == 0);
    CHECK(repeated == 0);
    CHECK(changed == 0);
    CHECK(from_device == kiosk.made.size());
}

Catalog centre_catalog(const CentralFixture& centre) {
    std::map<std::string, Organisation> orgs;
    std::map<std::string, InfoPoint> points;
    std::map<std::string, Task> tasks;
    std::string cursor;
    bool more = true;
    while (more) {
        std::string path = "/v1/catalog?limit=1000" + (cursor.empty() ? "" : "&since=" + cursor);
        nlohmann::json page = body_of(centre.get(path, centre.network.token));
        for (const auto& j : page.at("organisations")) {
            Organisation o = wire::organisation_from_json(j, "organisation");
            orgs[o.id] = o;
        }
        for (const auto& j : page.at("info_points")) {
            InfoPoint p = wire::info_point_from_json(j, "info_point");
            points[p.id] = p;
        }
        for (const auto& j : page.at("tasks")) {
            Task t = wire::task_from_json(j, "task");
            tasks[t.id] = t;
        }
        for (const auto& id : page.at("deleted").at("organisations"))
            orgs.erase(id.get<std::string>());
        for (const auto& id : page.at("deleted").at("info_points"))
            points.erase(id.get<std::string>());
        for (const auto& id : page.at("deleted").at("tasks"))
            tasks.erase(id.get<std::string>());
        cursor = page.at("cursor").get<std::string>();
        more = page.at("more").get<bool>();
    }
    Catalog c;
    for (auto& [id, o] : orgs)
        c.organisations.push_back(o);
    for (auto& [id, p] : points)
        c.info_points.push_back(p);
    for (auto& [id, t] : tasks)
        c.tasks.push_back(t);
    return c;
}

void require_same_catalog(const CentralFixture& centre, LocalStore& store) {
    Catalog expected = centre_catalog(centre);
    CatalogStats stats = store.catalog_stats();
    CHECK(stats.organisations == static_cast<int>(expected.organisations.size()));
    CHECK(stats.info_points == static_cast<int>(expected.info_points.size()));
    CHECK(stats.tasks == static_cast<int>(expected.tasks.size()));
    size_t different = 0;
    for (const Organisation& o : expected.organisations)
        if (store.organisation(o.id) != o) different++;
    for (const InfoPoint& p : expected.info_points)
        if (store.info_point(p.id) != p) different++;
    for (const Task& t : expected.tasks) {
        std::optional<Task> local = store.task(t.id);
        if (local != t) {
            UNSCOPED_INFO("task " << t.id << (local ? " differs" : " is missing"));
            different++;
        }
    }
    CHECK(different == 0);
}

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

}  // namespace talkoo::test
