// TLS as the kiosk's transport does it: verification always on. A centre whose certificate the
// kiosk cannot verify (a self-signed one, or a network intercepting traffic) is refused in
// words; the same centre is trusted once the private network's CA file is configured. The
// certificate is made here with OpenSSL, for 127.0.0.1, and served by cpp-httplib's SSLServer.
#include <catch2/catch.hpp>

#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <thread>

#include "support/temp_dir.hpp"
#include "sync/client/http_transport.hpp"

using namespace talkoo::sync;
using talkoo::test::TempDir;

namespace {

void add_extension(X509* cert, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    REQUIRE(ext);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

// A self-signed certificate for 127.0.0.1 (its own CA), written as PEM to cert and key files.
void make_certificate(const std::string& cert_file, const std::string& key_file) {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    REQUIRE(key);
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("Talkoo test centre"), -1, -1,
                               0);
    X509_set_issuer_name(cert, name);
    add_extension(cert, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert, NID_subject_alt_name, "IP:127.0.0.1");
    REQUIRE(X509_sign(cert, key, EVP_sha256()) > 0);
    FILE* f = std::fopen(cert_file.c_str(), "w");
    PEM_write_X509(f, cert);
    std::fclose(f);
    f = std::fopen(key_file.c_str(), "w");
    PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
    X509_free(cert);
    EVP_PKEY_free(key);
}

struct TlsCentre {
    TempDir dir;
    std::string cert = (dir / "centre.pem").string();
    std::string key = (dir / "centre.key").string();
    std::unique_ptr<httplib::SSLServer> server;
    std::thread thread;
    int port = 0;

    TlsCentre() {
        make_certificate(cert, key);
        server = std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str());
        REQUIRE(server->is_valid());
        server->Get("/v1/health", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"protocol":"talkoo/1","status":"ok"})", "application/json");
        });
        port = server->bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server->listen_after_bind(); });
        while (!server->is_running())
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~TlsCentre() {
        server->stop();
        thread.join();
    }
    std::string url() const { return "https://127.0.0.1:" + std::to_string(port) + "/v1/health"; }
};

}  // namespace

TEST_CASE("a centre whose certificate cannot be verified is refused, in words") {
    TlsCentre centre;
    HttpTransport transport({});
    HttpResult result = transport.send({"GET", centre.url(), {}, ""});
    REQUIRE(std::holds_alternative<TransportError>(result));
    const TransportError& e = std::get<TransportError>(result);
    CHECK(e.kind == TransportError::Kind::tls);
    CHECK_THAT(e.message, Catch::Contains("secure connection"));
    CHECK_THAT(e.message, Catch::Contains("CA file"));
}

TEST_CASE("with the private network's CA file the same centre is trusted") {
    TlsCentre centre;
    TransportConfig config;
    config.ca_file = centre.cert;
    HttpResult result;
    {
        HttpTransport transport(config);
        result = transport.send({"GET", centre.url(), {}, ""});
    }
    REQUIRE(std::holds_alternative<HttpResponse>(result));
    CHECK(std::get<HttpResponse>(result).status == 200);
    CHECK_THAT(std::get<HttpResponse>(result).body, Catch::Contains("talkoo/1"));
}
