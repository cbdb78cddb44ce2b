// FetchTransport: the web app's AsyncTransport (sync_stepper.hpp), the browser's own HTTP through
// emscripten's fetch API (an XMLHttpRequest underneath, in emscripten 3.1.6). Compiled in the web
// build only; the kiosk has HttpTransport (libcurl) in its place.
//
// The browser decides what libcurl's options decide on the kiosk: TLS (the page's origin is
// https in production, and the centre is the same origin: docs/web.md), proxies, compression
// (it sends Accept-Encoding and undoes gzip itself), keep-alive. What stays ours: a timeout for
// the whole request, and the translation of a request that got no answer into a TransportError
// whose words staff can act on. The captive-portal rule is CentralClient's, as on the kiosk.
#pragma once

#include <string>

#include "sync/client/sync_stepper.hpp"

namespace talkoo::sync {

class FetchTransport : public AsyncTransport {
  public:
    explicit FetchTransport(TransportConfig config) : config_(std::move(config)) {}
    void start(const HttpRequest& request, std::function<void(HttpResult)> done) override;

  private:
    TransportConfig config_;
};

}  // namespace talkoo::sync
