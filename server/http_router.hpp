// The centre's routing layer: every call goes through Router::add, which gives it the same
// treatment, in this order:
//   0. on the network thread, as soon as the head is read (plan): find the route (404, 405 with
//      Allow), and tell the server the route's body limit, so that a larger Content-Length is
//      refused before a byte of the body is read (413);
//   1. on a worker (handle): undo a gzip Content-Encoding within the same limit (413), refuse a
//      body that is not JSON where the route takes JSON (415);
//   2. find who is asking from the bearer token (401), check the route allows them (403);
//   3. apply their rate limit (429 with Retry-After);
//   4. run the handler, turning whatever it throws into a JSON error answer: ApiError as given,
//      CentralStoreError by its code (a full disk, a read-only or locked database: 503 with
//      Retry-After, reported to StorageHealth), anything else 500 with a generic message (and
//      the reason, which never holds personal data, in the log);
//   5. add the protocol header and Cache-Control, gzip the answer when the client accepts it.
// Refusals of the HTTP layer itself (malformed, too large, too slow) get the same JSON error
// shape through refuse().
//
// Routes are templates, "/v1/tasks/{id}": each {name} matches one path segment (percent-decoded;
// never "." or ".."), a last {*name} the rest of the path ("/app/{*file}": "app/js/main.js"
// gives "js/main.js", perhaps empty; no segment of it "." or ".."), and the template is also how
// logs and 405 answers name the route. A route
// may take any content type and set any header, and has its own body limit (RouteOptions), so
// static files, HTML pages and uploads fit the same table. Handlers see HttpRequest and
// HttpResponse only: Router::answer() runs the whole chain without a network (the fuzzer does).
#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "server/api_error.hpp"
#include "server/auth.hpp"
#include "server/http_message.hpp"
#include "server/http_server.hpp"
#include "server/rate_limit.hpp"
#include "server/request_log.hpp"
#include "sync/wire/protocol.hpp"

namespace talkoo::central {

class StorageHealth;

enum class Access { anyone, device, coordinator, device_or_coordinator };

struct RouteOptions {
    // The most body bytes the route takes, before and after gzip decoding; 0 for none.
    size_t max_body = wire::kMaxBodyBytes;
    // The body must be application/json in UTF-8 (415 otherwise).
    bool json_body = true;
    // Answer on the network thread, before any queue: only for handlers that never block and
    // are open to anyone (GET /v1/health, which must answer while the pool is busy).
    bool immediate = false;
};

class Router;
struct RouterExchange;  // one request in the router's hands (http_router.cpp)

// An answer a handler gives later, from any thread (Call::defer): the handler returns at once and
// its worker is free for other requests, e.g. while a signup batch waits for the group commit
// that makes it durable. Copies share one answer.
class LaterAnswer {
  public:
    // Fills the answer on the calling thread and sends it: `fill` sets it (send_json, ...) or
    // throws, and what it throws is answered as a handler's throw is (ApiError as given, a
    // storage failure 503 with Retry-After, ...). Then the usual headers, compression and log
    // line follow. The first call answers; later ones do nothing.
    void give(const std::function<void(HttpResponse&)>& fill) const;

  private:
    friend class Call;
    explicit LaterAnswer(std::shared_ptr<RouterExchange> exchange)
        : exchange_(std::move(exchange)) {}
    std::shared_ptr<RouterExchange> exchange_;
};

// One request as a handler sees it.
class Call {
  public:
    Call(HttpRequest& request, HttpResponse& response) : request(request), response(response) {}

    HttpRequest& request;
    HttpResponse& response;
    std::string body;              // the decoded request body
    std::optional<Principal> who;  // set unless the route is open to anyone

    const Principal& principal() const { return *who; }
    // The n-th {name} of the route's template (1-based), decoded: the {id} of /v1/tasks/{id}.
    std::string path_param(size_t n) const;
    // A query parameter; throws ApiError 400 if given more than once.
    std::optional<std::string> query(const std::string& name) const;
    // Throws ApiError 400 for any query parameter not in `allowed` (catches typos like "sinse").
    void allow_only_query(std::initializer_list<std::string_view> allowed) const;
    // The body as a JSON object within json_limits.hpp's limits; ApiError 400 (bad_json /
    // bad_request) otherwise.
    nlohmann::json json_object() const;

    // The handler will answer later, through the LaterAnswer (see there); once it has called
    // this it touches neither `response` nor the request's notes again. If the handler throws
    // after deferring, that is the answer and the LaterAnswer does nothing.
    LaterAnswer defer();
    bool deferred() const { return deferred_; }

  private:
    friend class Router;
    std::weak_ptr<RouterExchange> exchange_;  // set by Router::handle; empty on the network thread
    bool deferred_ = false;
};

using CallHandler = std::function<void(Call&)>;

class Router {
  public:
    // `health` (may be null) hears of storage failures and successful writes.
    Router(Authenticator& auth, RateLimiter& limiter, RequestLog& log, std::ostream& diagnostics,
           StorageHealth* health = nullptr);

    // `path_template` as "/v1/signups/{id}/follow-up".
    void add(const std::string& method, const std::string& path_template, Access access,
             CallHandler handler, RouteOptions options = {});
    // The form of the calls written before the router had templates: `pattern` (a regular
    // expression) is not used, `display` is the template.
    void add(const std::string& method, const std::string& pattern, const std::string& display,
             Access access, CallHandler handler, RouteOptions options = {});

    // The server's side (http_server.hpp).
    HttpApplication application();
    RequestPlan plan(const HttpRequest& head);
    void handle(HttpRequest request, Reply reply);
    HttpResponse refuse(const HttpRefusal& refusal, const HttpRequest* head);

    // The whole chain for a complete request, without a network: plan, then handle, on the
    // calling thread (an asynchronous handler's answer is waited for).
    HttpResponse answer(HttpRequest request);

  private:
    struct Route {
        std::string method;
        std::vector<std::string> segments;  // literal text, or "{name}"
        std::string display;
        Access access;
        CallHandler handler;
        RouteOptions options;
    };
    static bool path_matches(const Route& route, const std::vector<std::string_view>& segments,
                             std::vector<std::string>* params);
    // The route for this method and path, with its decoded parameters; HEAD finds GET routes.
    const Route* match(std::string_view method, std::string_view path,
                       std::vector<std::string>* params) const;
    HttpResponse unrouted(const HttpRequest& head);
    friend class LaterAnswer;
    // Runs the chain and the handler. False when the handler deferred its answer (and did not
    // fail after that): the answer comes through its LaterAnswer.
    bool run(const Route& route, Call& call, RequestNotes& notes);
    // What a handler's throw becomes (in `response`).
    void answer_failure(std::exception_ptr failure, const Route& route, HttpResponse& response);
    void note_success(const Route& route, const HttpResponse& response);
    void finish(const HttpRequest& request, HttpResponse& response, const RequestNotes& notes);

    Authenticator& auth_;
    RateLimiter& limiter_;
    RequestLog& log_;
    std::ostream& diagnostics_;
    StorageHealth* health_;
    std::vector<Route> routes_;
};

}  // namespace talkoo::central
