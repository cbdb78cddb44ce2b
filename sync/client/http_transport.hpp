// HttpTransport: the only place in Talkoo that talks libcurl. The sync worker hands it a request
// and gets back either the server's answer (any status) or a TransportError saying, in words a
// staff member can act on, why no answer came (http_exchange.hpp). The browser's build has
// FetchTransport (fetch_transport.hpp) in its place.
//
// Fixed policy, not options: TLS peer and host verification are always on (a private network
// may add its own CA file); proxies come from the usual environment variables (http_proxy,
// https_proxy, no_proxy), which libcurl reads itself; answers come gzip-compressed (the
// protocol's encoding; see the .cpp for why not brotli). One transport keeps its connection alive
// between requests, so a sync of several calls costs one TCP (and TLS) handshake.
#pragma once

#include <memory>

#include "sync/client/http_exchange.hpp"

namespace talkoo::sync {

class HttpTransport {
  public:
    explicit HttpTransport(TransportConfig config);
    ~HttpTransport();
    HttpTransport(const HttpTransport&) = delete;
    HttpTransport& operator=(const HttpTransport&) = delete;

    HttpResult send(const HttpRequest& request);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace talkoo::sync
