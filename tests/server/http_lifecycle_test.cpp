// Starting and stopping the service: a new database is created and migrated, a restart keeps
// everything, SIGTERM answers the request in flight before the service exits, and a database
// that is not ours is refused with a message instead of being touched.
#include <signal.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

#include "raw_http.hpp"
#include "server/storage.hpp"
#include "support/central_fixture.hpp"
#include "sync/wire/signup_json.hpp"

using namespace talkoo;
using namespace talkoo::test;
using nlohmann::json;

TEST_CASE("serve creates and migrates a new database file, and a restart keeps everything",
          "[http][lifecycle]") {
    TempDir dir;
    std::string db = fresh_database_spec(dir);
    {
        CentralProcess server(db, dir / "log.txt");
        auto r = server.client().Get("/v1/health");
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(server.stop() == 0);
    }
    CHECK(std::filesystem::exists(db));

    CentralFixture f;
    Signup s = test_signup({"task-a1"});
    f.post_signups({s}, f.device.token);
    f.restart();
    CHECK(body_of(f.get("/v1/signups/" + s.id, f.network.token))["signup"]["name"] == s.name);
    CHECK(f.post_signups({s}, f.device.token)["results"][0]["result"] == "duplicate");
}

TEST_CASE("SIGTERM lets the request in flight finish, then the service exits cleanly",
          "[http][lifecycle]") {
    CentralFixture f;
    std::vector<Signup> batch;
    for (int i = 0; i < 100; ++i)
        batch.push_back(test_signup({"task-a1"}));
    std::string body = f.sealed_batch(batch);
    std::string head =
        "POST /v1/signups HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + f.device.token +
        "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\n\r\n";
    RawConnection c(f.server->host(), f.server->port());
    // A first request on the connection proves a server thread has taken it.
    c.send("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    REQUIRE(raw_status(c.read_response()) == 200);
    // The second is in flight: its head and half its body are sent when SIGTERM arrives.
    c.send(head + body.substr(0, body.size() / 2));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    REQUIRE(kill(f.server->pid(), SIGTERM) == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    c.send(body.substr(body.size() / 2));
    std::string response = c.read_response();
    INFO(response);
    REQUIRE(raw_status(response) == 200);
    CHECK(json::parse(raw_body(response))["counts"]["stored"] == 100);
    CHECK(f.server->stop() == 0);
    CHECK(f.log().find("stopped") != std::string::npos);
    CHECK(central::open_central_store(f.db, false)->signups({}).size() == 100);
}

TEST_CASE("serve refuses a file that is not its database and leaves it untouched",
          "[http][lifecycle]") {
    TempDir dir;
    std::filesystem::path notes = dir / "notes.db";
    std::ofstream(notes) << "shopping list: coffee, bread\n";
    REQUIRE(run_central({"keys", "init", "--db", notes.string()}).exit_code == 0);
    CommandResult r = run_central({"serve", "--db", notes.string(), "--listen", "127.0.0.1:0"});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("notes.db") != std::string::npos);
    std::ifstream in(notes);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(content == "shopping list: coffee, bread\n");
}

TEST_CASE("serve refuses a --listen it cannot use, saying so", "[http][lifecycle]") {
    TempDir dir;
    std::string db = (dir / "c.db").string();
    CommandResult bad = run_central({"serve", "--db", db, "--listen", "nonsense"});
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("HOST:PORT") != std::string::npos);
    CentralProcess taken(db, dir / "log.txt");
    CommandResult busy =
        run_central({"serve", "--db", db, "--listen", "127.0.0.1:" + std::to_string(taken.port())});
    CHECK(busy.exit_code == 1);
    CHECK(busy.err.find("Cannot listen on 127.0.0.1:" + std::to_string(taken.port())) !=
          std::string::npos);
}
