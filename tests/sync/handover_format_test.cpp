// The handover file's and receipt's format against the test vectors of docs/handover.md
// (tests/sync/data/handover-vector.json and receipt-vector.json, made by an independent script
// with Python's hashlib): the MAC key is SHA-256 of the device token, the MAC keyed BLAKE2b-256
// over every byte before the "mac" line; and the receipt this code writes is byte for byte the
// vector's. Then every way a damaged file can be wrong says which.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "support/temp_dir.hpp"
#include "sync/handover/handover_file.hpp"

using namespace talkoo;
using namespace talkoo::handover;

namespace {

const std::filesystem::path kData = std::filesystem::path(TALKOO_TEST_DATA_DIR) / "data";
constexpr std::string_view kToken = "tkd_VectorToken-0123456789abcdefghijklmnopqrstuv";

std::string bytes_of(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string hex(const MacKey& k) {
    static const char* d = "0123456789abcdef";
    std::string out;
    for (unsigned char b : k) {
        out += d[b >> 4];
        out += d[b & 15];
    }
    return out;
}

HandoverError::Code read_error(const std::string& bytes) {
    test::TempDir dir;
    std::ofstream(dir / "f.json", std::ios::binary) << bytes;
    try {
        read_handover(dir / "f.json");
    } catch (const HandoverError& e) {
        return e.code;
    }
    FAIL("read");
    return HandoverError::Code::nothing;
}

}  // namespace

TEST_CASE("the handover test vector reads and its MAC checks with the device token's key",
          "[handover]") {
    const MacKey key = mac_key_for_token(kToken);
    CHECK(hex(key) == "3e47447657e5bc476b7a400725fffd7c46a0b5f47a3e13c79107dbcb5b45c632");
    HandoverContents c = read_handover(kData / "handover-vector.json");
    CHECK(c.header.file_id == "0197746c-8f00-7000-8000-0000000000f1");
    CHECK(c.header.device_id == "0197746c-8f00-7000-8000-000000000001");
    CHECK(c.header.count == 1);
    CHECK(c.header.created_ms == 1749988800000);
    REQUIRE(c.signups.size() == 1);
    CHECK(c.signups[0].at("id") == "0197746c-8af0-7000-8000-000000000a01");
    CHECK(c.mac_hex == "f6b95fd3278abc990dc86dc38f15dd04322769ab9e3866a51a1eca30f1374593");
    CHECK(mac_matches(c.signed_bytes, c.mac_hex, key));
    CHECK_FALSE(mac_matches(c.signed_bytes, c.mac_hex, mac_key_for_token("tkd_other")));
}

TEST_CASE("the receipt this code writes is the receipt test vector, byte for byte", "[handover]") {
    Receipt r;
    r.device_id = "0197746c-8f00-7000-8000-000000000001";
    r.file_id = "0197746c-8f00-7000-8000-0000000000f1";
    r.handover_file = "talkoo-handover-2025-06-15-150000-0197746c.json";
    r.imported_ms = 1750060800000;
    wire::SignupResult stored;
    stored.id = "0197746c-8af0-7000-8000-000000000a01";
    stored.result = wire::SignupResultKind::stored;
    r.results = {stored};
    const std::string vector = bytes_of(kData / "receipt-vector.json");
    CHECK(receipt_bytes(r, mac_key_for_token(kToken)) == vector);
    ReceiptContents back = read_receipt(kData / "receipt-vector.json");
    CHECK(back.receipt.device_id == r.device_id);
    CHECK(back.receipt.results.size() == 1);
    CHECK(mac_matches(back.signed_bytes, back.mac_hex, mac_key_for_token(kToken)));
}

TEST_CASE("a damaged handover file says how it is damaged", "[handover]") {
    const std::string good = bytes_of(kData / "handover-vector.json");
    CHECK(read_error("PK\3\4 a zip file") == HandoverError::Code::not_handover);
    CHECK(read_error("") == HandoverError::Code::not_handover);
    CHECK(read_error("talkoo-handover 2\n{}\n") == HandoverError::Code::newer_version);
    CHECK(read_error(good.substr(0, good.size() - 10)) == HandoverError::Code::truncated);
    CHECK(read_error(good.substr(0, good.find("mac "))) == HandoverError::Code::truncated);
    std::string miscounted = good;
    miscounted.replace(miscounted.find("\"count\":1"), 9, "\"count\":2");
    CHECK(read_error(miscounted) == HandoverError::Code::altered);
    std::string broken = good;
    broken.replace(broken.find("{\"consent_ms"), 1, "[");
    CHECK(read_error(broken) == HandoverError::Code::altered);
    // A change the shape does not show is the MAC's to find.
    std::string changed = good;
    changed.replace(changed.find("task-a1"), 7, "task-b1");
    test::TempDir dir;
    std::ofstream(dir / "c.json", std::ios::binary) << changed;
    HandoverContents c = read_handover(dir / "c.json");
    CHECK_FALSE(mac_matches(c.signed_bytes, c.mac_hex, mac_key_for_token(kToken)));
}
