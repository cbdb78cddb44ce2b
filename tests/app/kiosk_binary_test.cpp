// The real talkoo-kiosk binary: its one-shot modes and its command line, run as a child process
// with SDL's dummy video driver (no display needed).
#include <catch2/catch.hpp>

#include <stb_image.h>

#include <cstring>
#include <fstream>

#include "app_fixture.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace talkoo::test {
namespace {

using Run = ProcessOutput;

Run run_kiosk(std::vector<std::string> args) {
    args.insert(args.begin(), TALKOO_KIOSK_BIN);
    return run_process(args);
}

}  // namespace

TEST_CASE("talkoo-kiosk --screenshot renders a screen headlessly to a PNG of the asked size") {
    TempDir dir;
    seed_fixture(dir / "data" / "talkoo.db");
    for (auto [size, w, h] :
         {std::tuple{"1920x1080", 1920, 1080}, std::tuple{"390x844", 390, 844}}) {
        std::string png = (dir / "shot.png").string();
        Run r =
            run_kiosk({"--data-dir", (dir / "data").string(), "--point", "pori-library",
                       "--screenshot", png, "--screen", "browse", "--size", size, "--lang", "sv"});
        INFO(r.output);
        REQUIRE(r.exit_code == 0);
        int iw = 0, ih = 0, channels = 0;
        unsigned char* pixels = stbi_load(png.c_str(), &iw, &ih, &channels, 4);
        REQUIRE(pixels != nullptr);
        CHECK(iw == w);
        CHECK(ih == h);
        // Something was drawn: more than one colour in the picture.
        bool varied = false;
        for (int i = 4; i < iw * ih * 4 && !varied; i += 4)
            varied = std::memcmp(pixels, pixels + i, 3) != 0;
        stbi_image_free(pixels);
        CHECK(varied);
    }
}

TEST_CASE("talkoo-kiosk seeds an empty store from the demo catalogue and --summary says so") {
    TempDir dir;
    Run r = run_kiosk({"--data-dir", (dir / "data").string(), "--summary"});
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK(r.output.find("loaded the demo catalogue") != std::string::npos);
    CHECK(r.output.find("catalogue: ") != std::string::npos);
    CHECK(r.output.find("outbox: 0 waiting") != std::string::npos);
    LocalStore store(dir / "data" / "talkoo.db");
    CHECK(store.catalog_stats().tasks > 0);
    // A second start finds it there and does not load it again.
    Run again = run_kiosk({"--data-dir", (dir / "data").string(), "--summary"});
    CHECK(again.output.find("loaded the demo catalogue") == std::string::npos);
}

TEST_CASE(
    "talkoo-kiosk --load-catalog with a bad file exits with a clear error and changes nothing") {
    TempDir dir;
    seed_fixture(dir / "data" / "talkoo.db");
    std::ofstream(dir / "bad.json") << "{ \"format\": \"talkoo-catalog\", ";
    Run r = run_kiosk(
        {"--data-dir", (dir / "data").string(), "--load-catalog", (dir / "bad.json").string()});
    INFO(r.output);
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("bad.json") != std::string::npos);
    LocalStore store(dir / "data" / "talkoo.db");
    CHECK(store.catalog_stats().tasks == static_cast<int>(fixture_catalog().tasks.size()));
}

TEST_CASE("talkoo-kiosk refuses an unknown flag with exit code 2 and a hint") {
    Run r = run_kiosk({"--sparkle"});
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("unknown flag --sparkle") != std::string::npos);
    Run help = run_kiosk({"--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.output.find("--screenshot OUT.png --screen NAME") != std::string::npos);
}

TEST_CASE("a mistake in kiosk.conf stops the kiosk with the file and line") {
    TempDir dir;
    std::filesystem::create_directories(dir / "data");
    std::ofstream(dir / "data" / "kiosk.conf") << "lang = fi\nidle_seconds = 2\n";
    Run r = run_kiosk({"--data-dir", (dir / "data").string(), "--summary"});
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("kiosk.conf line 2") != std::string::npos);
}

}  // namespace talkoo::test

namespace talkoo::test {

TEST_CASE(
    "talkoo-kiosk keeps its data folder and store private, and --summary names the key "
    "signups are sealed to, or why they are off") {
    TempDir dir;
    const std::filesystem::path data = dir / "data";
    std::filesystem::create_directories(data);
    std::filesystem::permissions(data, std::filesystem::perms::all);  // 0777 before
    Run r = run_kiosk({"--data-dir", data.string(), "--summary"});
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    auto mode = [](const std::filesystem::path& p) {
        return std::filesystem::status(p).permissions() & std::filesystem::perms::mask;
    };
    using std::filesystem::perms;
    CHECK(mode(data) == perms::owner_all);
    CHECK(mode(data / "talkoo.db") == (perms::owner_read | perms::owner_write));
    // The demo catalogue's key, used while the kiosk syncs with no centre.
    CHECK(r.output.find("from the demo file, demo only): signups are sealed to it") !=
          std::string::npos);

    // With a centre configured, the demo key is no key for real visitors' data.
    Run with_centre = run_kiosk({"--data-dir", data.string(), "--server", "http://127.0.0.1:9",
                                 "--token", "tkd_" + std::string(43, 'A'), "--summary"});
    INFO(with_centre.output);
    CHECK(with_centre.output.find("signups are OFF until the kiosk syncs with its centre") !=
          std::string::npos);
    REQUIRE(std::filesystem::exists(data / "device-token"));
    CHECK(mode(data / "device-token") == (perms::owner_read | perms::owner_write));
}

}  // namespace talkoo::test
