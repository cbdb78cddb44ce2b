// Which centre a kiosk syncs with and its device token: checked before they are kept, remembered
// across starts, and the token readable by the kiosk's own user only.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "core/local_store.hpp"
#include "support/temp_dir.hpp"
#include "sync/client/centre_link.hpp"

using namespace talkoo;
using namespace talkoo::sync;
using talkoo::test::TempDir;

namespace {
const std::string kToken = "tkd_4FdRh_CAsBUaRV9w40KPdm8WiUQ2hRJ_LGo53KgzwDM";
const std::string kOtherToken = "tkd_BUk6v3EQl5RqGMDg5XHj45_kYBsN9jxRQanT3QTuZGE";
}  // namespace

TEST_CASE("a server address and token given once are remembered for the next start") {
    TempDir dir;
    {
        LocalStore store(dir / "talkoo.db");
        CHECK_FALSE(resolve_centre_link(store, dir.path(), std::nullopt, std::nullopt));
        auto link = resolve_centre_link(store, dir.path(), "https://central.example.fi", kToken);
        REQUIRE(link);
        CHECK(link->server_url == "https://central.example.fi");
        CHECK(link->token == kToken);
    }
    LocalStore store(dir / "talkoo.db");
    auto link = resolve_centre_link(store, dir.path(), std::nullopt, std::nullopt);
    REQUIRE(link);
    CHECK(link->server_url == "https://central.example.fi");
    CHECK(link->token == kToken);
    // A new token alone replaces the old one and keeps the address.
    link = resolve_centre_link(store, dir.path(), std::nullopt, kOtherToken);
    REQUIRE(link);
    CHECK(link->token == kOtherToken);
    CHECK(link->server_url == "https://central.example.fi");
}

TEST_CASE("the device token file is readable and writable by its owner only") {
    TempDir dir;
    LocalStore store(dir / "talkoo.db");
    ::umask(022);
    resolve_centre_link(store, dir.path(), "https://central.example.fi", kToken);
    struct stat st {};
    REQUIRE(::stat((dir / "device-token").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    // A copy made by hand with wider rights is made private again when read.
    ::chmod((dir / "device-token").c_str(), 0644);
    resolve_centre_link(store, dir.path(), std::nullopt, std::nullopt);
    REQUIRE(::stat((dir / "device-token").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("a coordinator's token is refused with advice and nothing is remembered") {
    TempDir dir;
    LocalStore store(dir / "talkoo.db");
    try {
        resolve_centre_link(store, dir.path(), "https://central.example.fi",
                            "tkc_BUk6v3EQl5RqGMDg5XHj45_kYBsN9jxRQanT3QTuZGE");
        FAIL("a coordinator token was accepted");
    } catch (const std::invalid_argument& e) {
        CHECK_THAT(e.what(), Catch::Contains("device token"));
        CHECK_THAT(e.what(), Catch::Contains("talkoo-central device add"));
    }
    // The good address given with the bad token was not remembered either.
    CHECK_FALSE(store.setting(kServerUrlSetting));
    CHECK_FALSE(std::filesystem::exists(dir / "device-token"));
}

TEST_CASE("plain http to another machine is refused; https, and http to this machine, are taken") {
    CHECK_THROWS_WITH(checked_server_url("http://central.example.fi"),
                      Catch::Contains("must travel encrypted"));
    CHECK_THROWS_WITH(checked_server_url("ftp://central.example.fi"), Catch::Contains("https://"));
    CHECK_THROWS_WITH(checked_server_url("https://"), Catch::Contains("no host"));
    CHECK_THROWS_WITH(checked_server_url("https://user:pw@central.example.fi"),
                      Catch::Contains("password"));
    CHECK_THROWS_WITH(checked_server_url("https://central.example.fi/?x=1"),
                      Catch::Contains("query"));
    CHECK(checked_server_url("https://central.example.fi:8443/talkoo/") ==
          "https://central.example.fi:8443/talkoo/");
    CHECK_NOTHROW(checked_server_url("http://127.0.0.1:8480"));
    CHECK_NOTHROW(checked_server_url("http://localhost:8480"));
    CHECK_NOTHROW(checked_server_url("http://[::1]:8480"));
}

TEST_CASE("a token that is not a device token's shape is refused with advice") {
    CHECK_THROWS_WITH(checked_device_token("tkd_short"), Catch::Contains("tkd_"));
    CHECK_THROWS_WITH(checked_device_token("hello world"), Catch::Contains("device add"));
    CHECK_THROWS_WITH(checked_device_token(kToken + " "), Catch::Contains("tkd_"));
    CHECK(checked_device_token(kToken) == kToken);
}
