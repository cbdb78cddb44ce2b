// The coordinator's command line, run as the real binary: importing catalogues (a bad file
// changes nothing and says where it is wrong), devices and coordinators (tokens shown once),
// and exporting signups.
#include <catch2/catch.hpp>
#include <fstream>

#include "server/storage.hpp"
#include "support/central_fixture.hpp"
#include "sync/wire/catalog_json.hpp"

using namespace talkoo;
using namespace talkoo::test;
using nlohmann::json;

namespace {

std::string write_file(const TempDir& dir, const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
}

}  // namespace

TEST_CASE("import of a bad catalogue says where it is wrong and changes nothing", "[cli]") {
    TempDir dir;
    std::string db = (dir / "c.db").string();
    std::string good =
        write_file(dir, "good.json", wire::catalog_to_json_text(test_catalog(), false));
    REQUIRE(run_central({"import", good, "--db", db}).exit_code == 0);
    int64_t revision = central::open_central_store(db, false)->catalog_revision();

    json doc = json::parse(wire::catalog_to_json_text(test_catalog(), false));
    doc["tasks"][0]["title"]["fi"] = "Muutettu";  // a valid change...
    doc["tasks"][2]["commitment"] = "sometimes";  // ...and a mistake further on
    std::string bad = write_file(dir, "bad.json", doc.dump(2));
    CommandResult r = run_central({"import", bad, "--db", db});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("tasks[2].commitment") != std::string::npos);
    CHECK(r.err.find("Nothing was imported") != std::string::npos);

    std::string broken =
        write_file(dir, "broken.json", "{\"format\": \"talkoo-catalog\",\n  \"version\": 1,,}");
    CommandResult syntax = run_central({"import", broken, "--db", db});
    CHECK(syntax.exit_code == 1);
    CHECK(syntax.err.find("line 2") != std::string::npos);
    CHECK(run_central({"import", (dir / "missing.json").string(), "--db", db}).exit_code == 1);

    auto store = central::open_central_store(db, false);
    CHECK(store->catalog_revision() == revision);
    CHECK(store->task("task-a1")->title.fi == "Tehtävä task-a1");
}

TEST_CASE("importing the same catalogue again changes nothing, a changed one only what changed",
          "[cli]") {
    TempDir dir;
    std::string db = (dir / "c.db").string();
    std::string file = write_file(dir, "c.json", wire::catalog_to_json_text(test_catalog(), false));
    CommandResult first = run_central({"import", file, "--db", db});
    CHECK(first.out.find("7 new or changed, 0 unchanged") != std::string::npos);
    CommandResult again = run_central({"import", file, "--db", db});
    CHECK(again.out.find("0 new or changed, 7 unchanged") != std::string::npos);
    Catalog changed = test_catalog();
    changed.tasks[1].summary.sv = "Kort beskrivning.";
    write_file(dir, "c.json", wire::catalog_to_json_text(changed, false));
    CHECK(run_central({"import", file, "--db", db}).out.find("1 new or changed, 6 unchanged") !=
          std::string::npos);
}

TEST_CASE("device add prints a token once, list shows the device without it, revoke marks it",
          "[cli]") {
    TempDir dir;
    std::string db = (dir / "c.db").string();
    std::string file = write_file(dir, "c.json", wire::catalog_to_json_text(test_catalog(), false));
    REQUIRE(run_central({"import", file, "--db", db}).exit_code == 0);
    Identity d = parse_identity(run_central(
        {"device", "add", "--name", "Kirjaston kioski", "--point", "point-2", "--db", db}));
    CHECK(d.token.starts_with("tkd_"));
    CHECK(d.token.size() == 4 + 43);  // 256 bits in base64url

    CommandResult list = run_central({"device", "list", "--db", db});
    CHECK(list.out.find(d.id) != std::string::npos);
    CHECK(list.out.find("Kirjaston kioski") != std::string::npos);
    CHECK(list.out.find("active") != std::string::npos);
    CHECK(list.out.find(d.token) == std::string::npos);
    REQUIRE(run_central({"device", "revoke", d.id, "--db", db}).exit_code == 0);
    CHECK(run_central({"device", "list", "--db", db}).out.find("revoked") != std::string::npos);
    CHECK(run_central({"device", "revoke", "no-such-device", "--db", db}).exit_code == 1);

    CommandResult unknown_point =
        run_central({"device", "add", "--name", "X", "--point", "nowhere", "--db", db});
    CHECK(unknown_point.exit_code == 1);
    CHECK(unknown_point.err.find("nowhere") != std::string::npos);
    CHECK(run_central({"device", "add", "--name", "X", "--db", db}).exit_code == 2);
}

TEST_CASE("a coordinator is scoped to an existing organisation or to the whole network", "[cli]") {
    TempDir dir;
    std::string db = (dir / "c.db").string();
    std::string file = write_file(dir, "c.json", wire::catalog_to_json_text(test_catalog(), false));
    REQUIRE(run_central({"import", file, "--db", db}).exit_code == 0);
    CommandResult org =
        run_central({"coordinator", "add", "--name", "Aino", "--org", "org-a", "--db", db});
    CHECK(org.out.find("for organisation org-a") != std::string::npos);
    CHECK(parse_identity(org).token.starts_with("tkc_"));
    CommandResult all = run_central({"coordinator", "add", "--name", "Verkosto", "--db", db});
    CHECK(all.out.find("whole network") != std::string::npos);
    CHECK(run_central({"coordinator", "add", "--name", "X", "--org", "org-z", "--db", db})
              .exit_code == 1);
    CommandResult list = run_central({"coordinator", "list", "--db", db});
    CHECK(list.out.find("org org-a") != std::string::npos);
    CHECK(list.out.find("whole network") != std::string::npos);
}

TEST_CASE("export-signups writes CSV with a header row or JSON, filtered", "[cli]") {
    CentralFixture f;
    Signup a = test_signup({"task-a1"}, "Äijä Öhman");
    a.created_ms = 1717000000000;  // 2024-05-29
    Signup b = test_signup({"task-b1"});
    b.created_ms = 1719000000000;  // 2024-06-21
    f.post_signups({a, b}, f.device.token);
    REQUIRE(f.server->stop() == 0);

    CommandResult csv = run_central({"export-signups", "--format", "csv", "--db", f.db});
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.starts_with("id,created,day,received,"));
    CHECK(csv.out.find("Äijä Öhman") != std::string::npos);  // UTF-8 as is
    CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 3);
    CHECK(csv.err.find("Exported 2 signups") != std::string::npos);

    CommandResult org =
        run_central({"export-signups", "--format", "csv", "--org", "org-b", "--db", f.db});
    CHECK(org.out.find(b.id) != std::string::npos);
    CHECK(org.out.find(a.id) == std::string::npos);
    CHECK(org.err.find("Exported 1 signup.") != std::string::npos);  // not "1 signups"
    CommandResult since = run_central({"export-signups", "--format", "json", "--since",
                                       "2024-06-01", "--point", "point-1", "--db", f.db});
    json j = json::parse(since.out);
    CHECK(j["count"] == 1);
    CHECK(j["signups"][0]["id"] == b.id);

    CHECK(run_central({"export-signups", "--db", f.db}).exit_code == 2);
    CHECK(run_central({"export-signups", "--format", "xml", "--db", f.db}).exit_code == 2);
    CHECK(run_central({"export-signups", "--format", "csv", "--since", "June", "--db", f.db})
              .exit_code == 2);
}

TEST_CASE("commands say what is wrong with their command line or database", "[cli]") {
    TempDir dir;
    CommandResult missing = run_central({"device", "list", "--db", (dir / "none.db").string()});
    CHECK(missing.exit_code == 1);
    CHECK(missing.err.find("talkoo-central serve") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "none.db"));
    CHECK(run_central({"frobnicate"}).exit_code == 2);
    CHECK(run_central({"serve", "--colour", "blue"}).err.find("unknown option --colour") !=
          std::string::npos);
    CHECK(run_central({}).exit_code == 2);
    CommandResult help = run_central({"--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("export-signups") != std::string::npos);
}
