// See handover_file.hpp; the format is specified in docs/handover.md.
#include "sync/handover/handover_file.hpp"

#include <sodium.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

#include "core/clock.hpp"
#include "core/durable_file.hpp"
#include "core/seal.hpp"

namespace talkoo::handover {
namespace {

// No stand writes a file near this; a reader refuses anything larger before reading it.
constexpr uintmax_t kMaxFileBytes = 1024ull * 1024 * 1024;

std::string to_hex(const unsigned char* bytes, size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (size_t i = 0; i < n; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 15];
    }
    return out;
}

std::string read_whole(const std::filesystem::path& file, std::string_view what) {
    std::error_code ec;
    uintmax_t size = std::filesystem::file_size(file, ec);
    if (ec)
        throw HandoverError(
            HandoverError::Code::unreadable,
            "Cannot read " + file.string() + " (" + ec.message() + "): is the stick still in?");
    if (size > kMaxFileBytes)
        throw HandoverError(HandoverError::Code::not_handover,
                            file.filename().string() + " is far larger than any " +
                                std::string(what) + ": it is not one.");
    std::ifstream in(file, std::ios::binary);
    std::string bytes(static_cast<size_t>(size), '\0');
    if (!in || !in.read(bytes.data(), static_cast<std::streamsize>(size)))
        throw HandoverError(HandoverError::Code::unreadable,
                            "Cannot read " + file.string() + ": is the stick still in?");
    return bytes;
}

// Splits `bytes` into the magic line, the lines the MAC covers and the MAC, checking the magic
// and version first. What is returned in `lines` excludes the magic line.
struct Framed {
    std::vector<std::string_view> lines;
    std::string_view mac_hex;
    std::string_view signed_bytes;
};

Framed frame(std::string_view bytes, std::string_view magic, std::string_view what,
             const std::string& name) {
    size_t eol = bytes.find('\n');
    std::string_view first = bytes.substr(0, eol == std::string_view::npos ? bytes.size() : eol);
    std::string prefix = std::string(magic) + " ";
    if (!first.starts_with(prefix))
        throw HandoverError(HandoverError::Code::not_handover,
                            name + " is not a Talkoo " + std::string(what) +
                                " (it does not start with \"" + std::string(magic) + "\").");
    std::string_view version = first.substr(prefix.size());
    if (version != std::to_string(kFormatVersion)) {
        bool digits = !version.empty() && version.size() < 6 &&
                      version.find_first_not_of("0123456789") == std::string_view::npos;
        if (digits && std::stoi(std::string(version)) > kFormatVersion)
            throw HandoverError(HandoverError::Code::newer_version,
                                name + " was made by a newer version of Talkoo (format " +
                                    std::string(version) + "; this one reads format " +
                                    std::to_string(kFormatVersion) +
                                    "): update this Talkoo first.");
        throw HandoverError(HandoverError::Code::not_handover,
                            name + " is not a Talkoo " + std::string(what) + " (unknown format \"" +
                                std::string(version) + "\").");
    }
    // The MAC line ends the file: "mac " + 64 hex digits + "\n".
    constexpr size_t kMacLine = 4 + 64 + 1;
    size_t mac_at = bytes.size() >= kMacLine ? bytes.size() - kMacLine : std::string_view::npos;
    bool has_mac = mac_at != std::string_view::npos && mac_at > eol && bytes[mac_at - 1] == '\n' &&
                   bytes.substr(mac_at, 4) == "mac " && bytes.back() == '\n' &&
                   bytes.substr(mac_at + 4, 64).find_first_not_of("0123456789abcdef") ==
                       std::string_view::npos;
    if (!has_mac)
        throw HandoverError(HandoverError::Code::truncated,
                            name +
                                " is cut short (it does not end with its check line): the "
                                "stick was pulled or the copy stopped before the end. Write "
                                "it again.");
    Framed f;
    f.signed_bytes = bytes.substr(0, mac_at);
    f.mac_hex = bytes.substr(mac_at + 4, 64);
    std::string_view body = bytes.substr(eol + 1, mac_at - eol - 1);
    while (!body.empty()) {
        size_t nl = body.find('\n');
        if (nl == std::string_view::npos) nl = body.size();  // cannot happen: mac_at-1 is '\n'
        f.lines.push_back(body.substr(0, nl));
        body.remove_prefix(std::min(body.size(), nl + 1));
    }
    return f;
}

[[noreturn]] void altered(const std::string& name, const std::string& detail) {
    throw HandoverError(HandoverError::Code::altered,
                        name + " was changed after it was written (" + detail +
                            "): it cannot be trusted. Write it again from the kiosk.");
}

nlohmann::json parse_line(std::string_view line, const std::string& name, size_t number) {
    nlohmann::json j = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
        altered(name, "line " + std::to_string(number) + " is not a JSON object");
    return j;
}

std::string text_field(const nlohmann::json& j, const char* key, const std::string& name) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) altered(name, std::string("no \"") + key + "\"");
    return it->get<std::string>();
}

int64_t int_field(const nlohmann::json& j, const char* key, const std::string& name) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer())
        altered(name, std::string("no whole number \"") + key + "\"");
    return it->get<int64_t>();
}

}  // namespace

MacKey mac_key_for_token(std::string_view device_token) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not start.");
    MacKey key{};
    crypto_hash_sha256(key.data(), reinterpret_cast<const unsigned char*>(device_token.data()),
                       device_token.size());
    return key;
}

std::string mac_hex(std::string_view bytes, const MacKey& key) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not start.");
    unsigned char out[32];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(bytes.data()),
                       bytes.size(), key.data(), key.size());
    return to_hex(out, sizeof out);
}

bool mac_matches(std::string_view signed_bytes, std::string_view given, const MacKey& key) {
    std::string expected = mac_hex(signed_bytes, key);
    return given.size() == expected.size() &&
           sodium_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

std::string handover_file_name(std::string_view device_id, int64_t now_ms) {
    std::time_t t = static_cast<std::time_t>(now_ms / 1000);
    std::tm local{};
    localtime_r(&t, &local);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%d-%H%M%S", &local);
    std::string device(device_id.substr(0, 8));
    return std::string(kHandoverPrefix) + when + "-" + device + ".json";
}

std::filesystem::path receipt_path_for(const std::filesystem::path& handover_file) {
    std::string name = handover_file.filename().string();
    if (name.starts_with(kHandoverPrefix))
        name = std::string(kReceiptPrefix) + name.substr(kHandoverPrefix.size());
    else
        name += ".receipt.json";
    return handover_file.parent_path() / name;
}

std::filesystem::path write_handover(const std::filesystem::path& folder,
                                     const HandoverHeader& header,
                                     const std::vector<SealedSignup>& signups, const MacKey& key,
                                     const std::function<void(double)>& progress) {
    std::string name = handover_file_name(header.device_id, header.created_ms);
    std::filesystem::path file = folder / name;
    std::error_code ec;
    for (int n = 2; std::filesystem::exists(file, ec); ++n)  // two in one second
        file = folder / (name.substr(0, name.size() - 5) + "-" + std::to_string(n) + ".json");
    nlohmann::json head = {{"file_id", header.file_id},
                           {"device", {{"id", header.device_id}}},
                           {"created_ms", header.created_ms},
                           {"created", iso_timestamp_utc(header.created_ms)},
                           {"network_key_id", header.network_key_id},
                           {"count", signups.size()},
                           {"device_proof", seal::to_base64url(header.device_proof)},
                           {"app_version", header.app_version}};
    try {
        DurableFile out(file, 0644);
        // The MAC runs over the bytes as they are written, so nothing is held twice.
        crypto_generichash_state mac;
        crypto_generichash_init(&mac, key.data(), key.size(), 32);
        auto put = [&](const std::string& text) {
            crypto_generichash_update(&mac, reinterpret_cast<const unsigned char*>(text.data()),
                                      text.size());
            out.write(text);
        };
        put(std::string(kHandoverMagic) + " " + std::to_string(kFormatVersion) + "\n");
        put(head.dump() + "\n");
        std::string chunk;
        for (size_t i = 0; i < signups.size(); ++i) {
            chunk += wire::to_json(signups[i]).dump() + "\n";
            if (chunk.size() >= 64 * 1024 || i + 1 == signups.size()) {
                put(chunk);
                chunk.clear();
                if (progress) progress(0.95 * static_cast<double>(i + 1) / signups.size());
            }
        }
        unsigned char digest[32];
        crypto_generichash_final(&mac, digest, sizeof digest);
        out.write("mac " + to_hex(digest, sizeof digest) + "\n");
        out.commit();
    } catch (const FileWriteError& e) {
        throw HandoverError(HandoverError::Code::write_failed, e.what());
    }
    if (progress) progress(1.0);
    return file;
}

HandoverContents read_handover(const std::filesystem::path& file) {
    const std::string name = file.filename().string();
    HandoverContents c;
    std::string bytes = read_whole(file, "handover file");
    Framed f = frame(bytes, kHandoverMagic, "handover file", name);
    if (f.lines.empty()) altered(name, "it has no header");
    nlohmann::json head = parse_line(f.lines[0], name, 2);
    HandoverHeader& h = c.header;
    h.file_id = text_field(head, "file_id", name);
    auto device = head.find("device");
    if (device == head.end() || !device->is_object()) altered(name, "no \"device\"");
    h.device_id = text_field(*device, "id", name);
    h.created_ms = int_field(head, "created_ms", name);
    h.network_key_id = text_field(head, "network_key_id", name);
    int64_t count = int_field(head, "count", name);
    if (count < 0 || static_cast<uint64_t>(count) > kMaxSignupsPerFile)
        altered(name, "an impossible count");
    h.count = static_cast<size_t>(count);
    try {
        h.device_proof = seal::from_base64url(text_field(head, "device_proof", name));
    } catch (const seal::SealError&) {
        altered(name, "its device proof is not base64url");
    }
    if (auto v = head.find("app_version"); v != head.end() && v->is_string())
        h.app_version = v->get<std::string>();
    if (f.lines.size() - 1 != h.count)
        altered(name, "it says " + std::to_string(h.count) + " signups but holds " +
                          std::to_string(f.lines.size() - 1));
    c.signups.reserve(h.count);
    for (size_t i = 1; i < f.lines.size(); ++i)
        c.signups.push_back(parse_line(f.lines[i], name, i + 2));
    c.mac_hex = std::string(f.mac_hex);
    c.signed_bytes = std::string(f.signed_bytes);
    return c;
}

std::string receipt_bytes(const Receipt& r, const MacKey& key) {
    nlohmann::json results = nlohmann::json::array();
    std::map<std::string, int> counts = {
        {"stored", 0}, {"duplicate", 0}, {"conflict", 0}, {"rejected", 0}};
    for (const wire::SignupResult& s : r.results) {
        results.push_back(wire::to_json(s));
        ++counts[std::string(wire::to_string(s.result))];
    }
    nlohmann::json body = {{"device", {{"id", r.device_id}}},
                           {"file_id", r.file_id},
                           {"handover_file", r.handover_file},
                           {"imported_ms", r.imported_ms},
                           {"imported", iso_timestamp_utc(r.imported_ms)},
                           {"counts", counts},
                           {"results", std::move(results)}};
    std::string text = std::string(kReceiptMagic) + " " + std::to_string(kFormatVersion) + "\n" +
                       body.dump() + "\n";
    return text + "mac " + mac_hex(text, key) + "\n";
}

ReceiptContents read_receipt(const std::filesystem::path& file) {
    const std::string name = file.filename().string();
    std::string bytes = read_whole(file, "receipt");
    Framed f = frame(bytes, kReceiptMagic, "receipt", name);
    if (f.lines.size() != 1) altered(name, "a receipt has one line between its first and last");
    nlohmann::json body = parse_line(f.lines[0], name, 2);
    ReceiptContents c;
    Receipt& r = c.receipt;
    auto device = body.find("device");
    if (device == body.end() || !device->is_object()) altered(name, "no \"device\"");
    r.device_id = text_field(*device, "id", name);
    r.file_id = text_field(body, "file_id", name);
    r.handover_file = text_field(body, "handover_file", name);
    r.imported_ms = int_field(body, "imported_ms", name);
    auto results = body.find("results");
    if (results == body.end() || !results->is_array()) altered(name, "no \"results\"");
    try {
        for (size_t i = 0; i < results->size(); ++i)
            r.results.push_back(
                wire::signup_result_from_json((*results)[i], "results[" + std::to_string(i) + "]"));
    } catch (const wire::FormatError& e) {
        altered(name, e.what());
    }
    c.mac_hex = std::string(f.mac_hex);
    c.signed_bytes = std::string(f.signed_bytes);
    return c;
}

}  // namespace talkoo::handover
