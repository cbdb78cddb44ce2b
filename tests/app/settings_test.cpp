// The settings file and the flags that override it.
#include <catch2/catch.hpp>

#include <fstream>

#include "app/kiosk_options.hpp"
#include "app/settings.hpp"
#include "support/temp_dir.hpp"

namespace talkoo::test {

TEST_CASE("settings come from the file and flags override them for one run") {
    TempDir dir;
    std::ofstream(dir / "kiosk.conf") << "# a stand\nlang = sv\npoint = pori-library\n"
                                         "size = 1080x1920   # portrait\nidle_seconds = 90\n"
                                         "theme = high-contrast\nrenderer = gpu\n";
    KioskSettings s = load_settings(dir / "kiosk.conf");
    CHECK(s.lang == Lang::sv);
    CHECK(s.point == "pori-library");
    CHECK(s.width == 1080);
    CHECK(s.height == 1920);
    CHECK(s.idle_seconds == 90);
    CHECK(s.high_contrast);
    CHECK(s.gpu);
    KioskOptions o = parse_options(
        {"--lang", "en", "--size", "390x844", "--windowed", "--renderer", "software"});
    apply_overrides(o, s);
    CHECK(s.lang == Lang::en);
    CHECK(s.width == 390);
    CHECK_FALSE(s.fullscreen);
    CHECK_FALSE(s.gpu);
    CHECK(s.point == "pori-library");
}

TEST_CASE("a missing settings file means the defaults, and a first start writes a commented one") {
    TempDir dir;
    KioskSettings s = load_settings(dir / "kiosk.conf");
    CHECK(s.lang == Lang::fi);
    CHECK(s.idle_seconds == 60);
    CHECK(write_default_settings(dir / "kiosk.conf"));
    CHECK(load_settings(dir / "kiosk.conf").idle_seconds == 60);  // all commented out
    CHECK_FALSE(write_default_settings(dir / "kiosk.conf"));      // never overwritten
}

TEST_CASE("a mistake in the settings file names the file, the line and what is allowed") {
    TempDir dir;
    std::ofstream(dir / "kiosk.conf") << "lang = fi\nlanguage = sv\n";
    try {
        load_settings(dir / "kiosk.conf");
        FAIL("accepted an unknown key");
    } catch (const std::runtime_error& e) {
        std::string what = e.what();
        CHECK(what.find("kiosk.conf line 2") != std::string::npos);
        CHECK(what.find("known: lang") != std::string::npos);
    }
    std::ofstream(dir / "kiosk.conf") << "idle_seconds = soon\n";
    CHECK_THROWS_WITH(load_settings(dir / "kiosk.conf"), Catch::Contains("whole number"));
}

TEST_CASE("bad flags are refused with the flag and a hint") {
    CHECK_THROWS_WITH(parse_options({"--size", "big"}), Catch::Contains("--size"));
    CHECK_THROWS_WITH(parse_options({"--lang", "de"}), Catch::Contains("fi, sv or en"));
    CHECK_THROWS_WITH(parse_options({"--screenshot", "x.png"}), Catch::Contains("--screen"));
    CHECK_THROWS_WITH(parse_options({"--screenshot", "x.png", "--screen", "nope"}),
                      Catch::Contains("no screen called"));
    CHECK_THROWS_WITH(parse_options({"--fast"}), Catch::Contains("unknown flag --fast"));
    CHECK_THROWS_WITH(parse_options({"--point"}), Catch::Contains("needs a value"));
}

}  // namespace talkoo::test
