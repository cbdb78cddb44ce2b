// What the centre's answers cost on the wire: gzip for any client that accepts it, also when the
// client prefers brotli (httplib's own brotli runs at its slowest quality: see
// server/answer_compression.hpp), and never encoded twice.
#include <zlib.h>

#include <catch2/catch.hpp>

#include "server/answer_compression.hpp"
#include "support/central_fixture.hpp"
#include "sync/wire/signup_json.hpp"

using namespace talkoo;
using namespace talkoo::test;

namespace {

std::string gunzip(const std::string& in) {
    z_stream z{};
    REQUIRE(inflateInit2(&z, 15 + 16) == Z_OK);
    std::string out;
    char buf[65536];
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = sizeof buf;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buf, sizeof buf - z.avail_out);
    }
    inflateEnd(&z);
    REQUIRE(rc == Z_STREAM_END);
    return out;
}

// GETs `path` without decompressing, offering `accept` as Accept-Encoding.
httplib::Result raw_get(CentralFixture& f, const std::string& path, const std::string& token,
                        const std::string& accept) {
    httplib::Client c = f.server->client();
    c.set_decompress(false);
    return c.Get(path.c_str(), {{"Authorization", "Bearer " + token}, {"Accept-Encoding", accept}});
}

}  // namespace

TEST_CASE("Accept-Encoding is read by name and quality", "[http]") {
    using central::accepts_gzip;
    CHECK(accepts_gzip("gzip"));
    CHECK(accepts_gzip("br, gzip, deflate"));
    CHECK(accepts_gzip("GZIP;q=0.5"));
    CHECK(accepts_gzip("*"));
    CHECK_FALSE(accepts_gzip(""));
    CHECK_FALSE(accepts_gzip("br"));
    CHECK_FALSE(accepts_gzip("gzip;q=0"));
    CHECK_FALSE(accepts_gzip("deflate, gzip;q=0.0"));
}

TEST_CASE("a client offering brotli and gzip gets the catalogue gzip-encoded once", "[http]") {
    CentralFixture f;
    auto plain = raw_get(f, "/v1/catalog", f.device.token, "identity");
    auto packed = raw_get(f, "/v1/catalog", f.device.token, "br, gzip, deflate");
    REQUIRE(plain);
    REQUIRE(packed);
    REQUIRE(plain->body.size() >= 1024);
    CHECK(plain->get_header_value_count("Content-Encoding") == 0);
    CHECK(packed->get_header_value_count("Content-Encoding") == 1);
    CHECK(packed->get_header_value("Content-Encoding") == "gzip");
    CHECK(packed->get_header_value("Content-Type") == "application/json; charset=utf-8");
    CHECK(packed->body.size() < plain->body.size());
    // Same document either way (the server time inside may differ, so compare the tasks).
    auto a = nlohmann::json::parse(plain->body);
    auto b = nlohmann::json::parse(gunzip(packed->body));
    CHECK(a["tasks"] == b["tasks"]);
    CHECK(b["protocol"] == "talkoo/1");
}

TEST_CASE("a client offering only brotli gets plain JSON", "[http]") {
    CentralFixture f;
    auto r = raw_get(f, "/v1/catalog", f.device.token, "br");
    REQUIRE(r);
    CHECK(r->get_header_value_count("Content-Encoding") == 0);
    CHECK(nlohmann::json::parse(r->body)["protocol"] == "talkoo/1");
}

TEST_CASE("a CSV export is gzip-encoded once for a client offering brotli and gzip", "[http]") {
    CentralFixture f;
    std::vector<Signup> batch;
    for (int i = 0; i < 40; ++i)
        batch.push_back(test_signup({"task-a1"}));
    httplib::Client c = f.server->client();
    auto posted = c.Post("/v1/signups", {{"Authorization", "Bearer " + f.device.token}},
                         f.sealed_batch(batch), "application/json");
    REQUIRE(posted);
    REQUIRE(posted->status == 200);

    auto plain = raw_get(f, "/v1/signups?format=csv", f.network.token, "identity");
    auto packed = raw_get(f, "/v1/signups?format=csv", f.network.token, "br, gzip");
    REQUIRE(plain);
    REQUIRE(packed);
    REQUIRE(plain->body.size() >= 1024);
    CHECK(packed->get_header_value_count("Content-Encoding") == 1);
    CHECK(packed->get_header_value("Content-Encoding") == "gzip");
    CHECK(gunzip(packed->body) == plain->body);
}
