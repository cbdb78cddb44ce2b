// HttpTransport over libcurl's easy interface (see http_transport.hpp for the policy).
#include "sync/client/http_transport.hpp"

#include <curl/curl.h>

#include <cctype>
#include <mutex>

namespace talkoo::sync {
namespace {

// curl_global_init is not thread-safe; do it once, before the first handle.
void init_curl_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t append_body(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

size_t read_header(char* data, size_t size, size_t count, void* user) {
    auto* response = static_cast<HttpResponse*>(user);
    std::string line(data, size * count);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (auto& c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(" \t"));
        while (!value.empty() &&
               (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
            value.pop_back();
        if (name == "retry-after" && !value.empty() &&
            value.find_first_not_of("0123456789") == std::string::npos)
            response->retry_after_s = std::stol(value.substr(0, 9));
    } else if (line.starts_with("HTTP/")) {
        // A new status line (after a 100 Continue or a redirect): forget earlier headers.
        response->retry_after_s.reset();
    }
    return size * count;
}

// libcurl calls this about once a second (and on every transfer event); non-zero aborts.
int check_cancel(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* cancel = static_cast<const std::atomic<bool>*>(user);
    return cancel->load() ? 1 : 0;
}

std::string host_of(const std::string& url) {
    size_t start = url.find("://");
    start = start == std::string::npos ? 0 : start + 3;
    size_t end = url.find_first_of(":/?", start);
    return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

TransportError to_error(CURLcode code, const std::string& url, const char* detail) {
    std::string host = host_of(url);
    using K = TransportError::Kind;
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
            return {K::resolve, "Cannot find the centre's address " + host +
                                    ": check the network connection and the server address."};
        case CURLE_COULDNT_RESOLVE_PROXY:
            return {K::resolve, "Cannot find the proxy server: check the proxy settings."};
        case CURLE_COULDNT_CONNECT:
            return {K::connect, "Cannot reach the centre at " + host +
                                    ": the connection was refused or the network is down."};
        case CURLE_OPERATION_TIMEDOUT:
            return {K::timeout,
                    "The centre at " + host + " did not answer in time: the network may be slow."};
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CERTPROBLEM:
            return {K::tls, "The secure connection to " + host + " failed (" + detail +
                                "): the network may be intercepting traffic, or the CA file is "
                                "wrong."};
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
            return {K::connection_lost,
                    "The connection to " + host + " broke off before the answer was complete."};
        case CURLE_ABORTED_BY_CALLBACK:
            return {K::cancelled, "The request to " + host +
                                      " was stopped because the kiosk is "
                                      "shutting down."};
        case CURLE_URL_MALFORMAT:
        case CURLE_UNSUPPORTED_PROTOCOL:
            return {K::bad_url,
                    "The server address '" + url + "' is not a valid http:// or https:// address."};
        default:
            return {K::other, "Talking to " + host + " failed: " + detail + "."};
    }
}

}  // namespace

struct HttpTransport::Impl {
    TransportConfig config;
    CURL* curl = nullptr;
};

HttpTransport::HttpTransport(TransportConfig config) : impl_(std::make_unique<Impl>()) {
    init_curl_once();
    impl_->config = std::move(config);
    impl_->curl = curl_easy_init();
}

HttpTransport::~HttpTransport() {
    if (impl_ && impl_->curl) curl_easy_cleanup(impl_->curl);
}

HttpResult HttpTransport::send(const HttpRequest& request) {
    CURL* curl = impl_->curl;
    const TransportConfig& cfg = impl_->config;
    // Reset per-request options but keep the connection cache of this handle.
    curl_easy_reset(curl);

    HttpResponse response;
    char error_detail[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // we run on a worker thread
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_detail);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, cfg.connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, cfg.request_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!cfg.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, cfg.ca_file.c_str());
    // gzip only, as docs/protocol.md says. Offered "br" too, cpp-httplib on the centre answers
    // with brotli at its slowest quality: a 10 000-task first sync took 23 s instead of 4 s,
    // 83 % of it in the centre's brotli encoder (perf), for a few per cent fewer bytes.
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "gzip");
    curl_easy_setopt(curl, CURLOPT_USERAGENT, cfg.user_agent.c_str());
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is an answer to judge
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, read_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
    if (cfg.cancel) {
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, check_cancel);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, cfg.cancel);
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    }

    curl_slist* headers = nullptr;
    for (const auto& [name, value] : request.headers)
        headers = curl_slist_append(headers, (name + ": " + value).c_str());
    // libcurl would otherwise send "Expect: 100-continue" for larger bodies and wait for it.
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (request.method == "POST") {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(request.body.size()));
    } else if (request.method != "GET") {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }

    CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (code != CURLE_OK)
        return to_error(code, request.url,
                        error_detail[0] ? error_detail : curl_easy_strerror(code));

    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    char* content_type = nullptr;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &content_type);
    if (content_type) response.content_type = content_type;
    curl_off_t down = 0, up = 0;
    long header_bytes = 0, request_bytes = 0;
    curl_easy_getinfo(curl, CURLINFO_SIZE_DOWNLOAD_T, &down);
    curl_easy_getinfo(curl, CURLINFO_SIZE_UPLOAD_T, &up);
    curl_easy_getinfo(curl, CURLINFO_HEADER_SIZE, &header_bytes);
    curl_easy_getinfo(curl, CURLINFO_REQUEST_SIZE, &request_bytes);
    response.wire_bytes = static_cast<uint64_t>(down + up + header_bytes + request_bytes);
    return response;
}

}  // namespace talkoo::sync
