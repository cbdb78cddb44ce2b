// talkoo-catalog, run as the real binary: what a technician sees when checking or loading a
// catalogue file by hand, and that a refused file changes nothing in the store.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>

#include "core/local_store.hpp"
#include "support/temp_dir.hpp"
#include "sync/wire/catalog_json.hpp"

using namespace talkoo;
using Catch::Matchers::Contains;

namespace {

const std::filesystem::path kDemoFile =
    std::filesystem::path(TALKOO_ASSET_DIR) / "demo" / "catalog.json";

struct Run {
    int status = -1;
    std::string output;  // stdout and stderr together
};

// Paths here come from TempDir and the build tree: no spaces or quotes to escape.
Run run_tool(const std::string& args) {
    std::string command = std::string(TALKOO_CATALOG_TOOL) + " " + args + " 2>&1";
    Run run;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe);
    char buffer[4096];
    size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
        run.output.append(buffer, n);
    int status = pclose(pipe);
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

}  // namespace

TEST_CASE("talkoo-catalog check describes a good file and exits 0") {
    Run run = run_tool("check " + kDemoFile.string());
    CHECK(run.status == 0);
    size_t tasks = wire::load_catalog_file(kDemoFile).tasks.size();
    CHECK_THAT(run.output, Contains("a valid Talkoo catalogue (demo data)") &&
                               Contains(std::to_string(tasks) + " tasks") &&
                               Contains("Pohjois-Karjala, Satakunta"));
}

TEST_CASE("talkoo-catalog check names the first problem of a bad file and exits 1") {
    test::TempDir dir;
    std::ofstream(dir / "bad.json") << "{\"format\": \"talkoo-catalog\", \"version\": 2}";
    Run run = run_tool("check " + (dir / "bad.json").string());
    CHECK(run.status == 1);
    CHECK_THAT(run.output, Contains("bad.json, version: this catalogue is in format version 2"));
}

TEST_CASE("talkoo-catalog import loads a file into a store, and a refused file changes nothing") {
    test::TempDir dir;
    std::string store_file = (dir / "kiosk.db").string();
    Run run = run_tool("import " + kDemoFile.string() + " --store " + store_file);
    CHECK(run.status == 0);
    CHECK_THAT(run.output, Contains("Loaded") && Contains("cursor is cleared"));
    int tasks = LocalStore(store_file).catalog_stats().tasks;
    CHECK(tasks >= 80);

    std::ofstream(dir / "bad.json") << "[]";
    run = run_tool("import " + (dir / "bad.json").string() + " --store " + store_file);
    CHECK(run.status == 1);
    CHECK_THAT(run.output,
               Contains("a catalogue is a JSON object") && Contains("Nothing was changed."));
    CHECK(LocalStore(store_file).catalog_stats().tasks == tasks);
}

TEST_CASE("talkoo-catalog explains its usage when called wrongly") {
    Run run = run_tool("load something");
    CHECK(run.status == 2);
    CHECK_THAT(run.output, Contains("usage: talkoo-catalog check FILE"));
}
