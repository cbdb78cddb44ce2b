// fuzz-http: libFuzzer over the centre's request parser and router, without sockets. Each input
// is what a client could send on one connection; it is fed to the very parser the server uses
// (server/http_parser.hpp), cut into pieces as a network would cut it, and each request it yields
// goes through the real router with the real API handlers, on a real SQLite store (in /dev/shm
// where there is one) holding the demo catalogue, a device and a coordinator whose tokens the
// seed corpus uses, so that inputs reach the handlers and not only the 401.
//
// Failures, besides the sanitizers' own (clang's -fsanitize=fuzzer,address,undefined): any
// answer of 500 or more, and any refusal of the parser outside 4xx. A client can never make the
// centre fail; it can only be told what it did wrong.
//
//   fuzz-http [libFuzzer options] CORPUS...    (tests/fuzz/run.sh runs it as CI does)
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "server/api.hpp"
#include "server/http_parser.hpp"
#include "server/http_router.hpp"
#include "server/key_ring_file.hpp"
#include "server/signup_committer.hpp"
#include "server/signup_vault.hpp"
#include "server/storage.hpp"
#include "server/storage_health.hpp"
#include "server/tokens.hpp"
#include "sync/wire/catalog_json.hpp"

using namespace talkoo;
using namespace talkoo::central;

namespace {

// The tokens of the seed corpus (tests/fuzz/corpus/*.http).
constexpr std::string_view kDeviceToken = "tkd_fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuz";
constexpr std::string_view kCoordinatorToken = "tkc_fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuz";
constexpr size_t kMaxRequestsPerInput = 8;

class NullBuffer : public std::streambuf {
  protected:
    int overflow(int c) override { return c; }
};

// The centre as the service puts it together, minus the network.
struct Centre {
    Centre() {
        std::filesystem::path base = std::filesystem::exists("/dev/shm")
                                         ? std::filesystem::path("/dev/shm")
                                         : std::filesystem::temp_directory_path();
        std::string pattern = (base / "fuzz-http-XXXXXX").string();
        if (!mkdtemp(pattern.data())) std::abort();
        dir = pattern;
        const std::filesystem::path file = dir / "central.db";
        store = open_central_store(file.string(), true);
        CatalogDelta delta;
        delta.upserts = wire::load_catalog_file(std::filesystem::path(TALKOO_ASSET_DIR) / "demo" /
                                                "catalog.json");
        store->apply_catalog(delta, now_ms());
        store->add_device({"0190a6f2-0000-7000-8000-00000000f022",
                           "Fuzz kiosk",
                           "demo-ip-pori-library",
                           now_ms(),
                           0,
                           0,
                           "",
                           {}},
                          hash_token(kDeviceToken));
        store->add_coordinator(
            {"0190a6f2-0000-7000-8000-00000000c022", "Fuzz coordinator", "", now_ms(), 0, {}},
            hash_token(kCoordinatorToken));
        // The network's key ring beside the database, as `keys init` makes it: signups reach
        // the vault and the group committer as they do in the service.
        seal::write_key_ring_file(dir / "central.keys", seal::make_key_ring(now_ms()), false);
        keys = std::make_unique<KeyRingFile>(dir / "central.keys");
        vault = std::make_unique<SignupVault>(*store, *keys);
        committer = std::make_unique<SignupCommitter>(*store);
        auth = std::make_unique<Authenticator>(*store);
        limiter = std::make_unique<RateLimiter>(0, 1);  // one very busy client: no rate limit
        log = std::make_unique<RequestLog>(quiet);
        health = std::make_unique<StorageHealth>(*store, file);
        router = std::make_unique<Router>(*auth, *limiter, *log, quiet, health.get());
        add_health_api(*router, *health);
        add_device_api(*router, *store, *vault, *committer);
        add_coordinator_api(*router, *store, *vault);
    }

    std::filesystem::path dir;
    NullBuffer nothing;
    std::ostream quiet{&nothing};
    std::unique_ptr<CentralStore> store;
    std::unique_ptr<KeyRingFile> keys;
    std::unique_ptr<SignupVault> vault;
    std::unique_ptr<SignupCommitter> committer;
    std::unique_ptr<Authenticator> auth;
    std::unique_ptr<RateLimiter> limiter;
    std::unique_ptr<RequestLog> log;
    std::unique_ptr<StorageHealth> health;
    std::unique_ptr<Router> router;
};

Centre& centre() {
    // Made once and kept for the whole run (never destroyed: libFuzzer exits without unwinding).
    static Centre* c = new Centre();
    return *c;
}

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "fuzz-http: %s\n", what.c_str());
    std::abort();
}

void check(const HttpResponse& r, const char* where) {
    if (r.status < 100 || r.status >= 500)
        fail(std::string(where) + " answered " + std::to_string(r.status) + ": " +
             r.body.substr(0, 300));
}

void check_refusal(const HttpRefusal& refusal, const char* where) {
    if (refusal.status < 400 || refusal.status >= 500 || refusal.code.empty() ||
        refusal.message.empty())
        fail(std::string(where) + " refused with " + std::to_string(refusal.status));
    check(centre().router->refuse(refusal, nullptr), where);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Centre& c = centre();
    if (size == 0) return 0;
    // The first byte says how the network cuts the rest: pieces of 1 to 64 bytes, or (0) none.
    const size_t piece = data[0] % 65;
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    const HttpLimits limits;

    std::string received;
    size_t offered = 0;
    auto offer_more = [&]() -> bool {
        if (offered >= input.size()) return false;
        const size_t n =
            piece == 0 ? input.size() - offered : std::min(piece, input.size() - offered);
        received.append(input.substr(offered, n));
        offered += n;
        return true;
    };

    for (size_t requests = 0; requests < kMaxRequestsPerInput; ++requests) {
        // The head, as Connection::advance reads it.
        RequestHeadParser parser(limits);
        RequestHeadParser::State state = parser.scan(received);
        while (state == RequestHeadParser::State::incomplete && offer_more())
            state = parser.scan(received);
        if (state == RequestHeadParser::State::incomplete) return 0;
        if (state == RequestHeadParser::State::refused) {
            check_refusal(parser.refusal(), "the head parser");
            return 0;
        }
        HttpRequest request = std::move(parser.request());
        request.client_address = "127.0.0.2";
        request.started = std::chrono::steady_clock::now();
        const BodyFraming framing = parser.framing();
        received.erase(0, parser.head_size());

        RequestPlan plan = c.router->plan(request);
        if (plan.answer) {
            check(*plan.answer, "plan");
            if (framing.kind != BodyFraming::Kind::none || !parser.keep_alive()) return 0;
            continue;
        }
        // The body.
        if (framing.kind == BodyFraming::Kind::length) {
            if (framing.length > plan.max_body) return 0;  // 413 at once; the connection closes
            while (received.size() < framing.length && offer_more()) {
            }
            if (received.size() < framing.length) return 0;
            request.body = received.substr(0, static_cast<size_t>(framing.length));
            received.erase(0, static_cast<size_t>(framing.length));
        } else if (framing.kind == BodyFraming::Kind::chunked) {
            ChunkedBodyDecoder decoder(plan.max_body, limits);
            ChunkedBodyDecoder::State body_state = ChunkedBodyDecoder::State::incomplete;
            while (true) {
                size_t consumed = 0;
                body_state = decoder.feed(received, request.body, consumed);
                received.erase(0, consumed);
                if (body_state != ChunkedBodyDecoder::State::incomplete || !offer_more()) break;
            }
            if (body_state == ChunkedBodyDecoder::State::refused) {
                check_refusal(decoder.refusal(), "the chunked decoder");
                return 0;
            }
            if (body_state == ChunkedBodyDecoder::State::incomplete) return 0;
        }
        check(c.router->answer(std::move(request)), "the router");
        if (!parser.keep_alive()) return 0;
    }
    return 0;
}
