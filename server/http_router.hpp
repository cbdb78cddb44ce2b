// The centre's routing layer over cpp-httplib: every API call goes through Router::add, which
// gives it the same treatment, in this order:
//   1. read the body (POST/PUT), at most 1 MiB even after gzip decoding (413 beyond);
//   2. refuse a body that is not JSON (415), or an encoding other than gzip (415);
//   3. find who is asking from the bearer token (401), check the route allows them (403);
//   4. apply their rate limit (429 with Retry-After);
//   5. run the handler, turning whatever it throws into a JSON error answer: ApiError as given,
//      CentralStoreError by its code, anything else as 500 with a generic message (and the
//      reason, which never holds personal data, in the log).
// Paths no route knows get 404, known paths with another method 405 with Allow, and every answer
// of httplib's own (bad request line, URI too long) the same JSON error shape.
#pragma once

#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "server/api_error.hpp"
#include "server/auth.hpp"
#include "server/rate_limit.hpp"
#include "server/request_log.hpp"

namespace talkoo::central {

enum class Access { anyone, device, coordinator, device_or_coordinator };

// One request as a handler sees it.
class Call {
  public:
    Call(const httplib::Request& request, httplib::Response& response)
        : request(request), response(response) {}

    const httplib::Request& request;
    httplib::Response& response;
    std::string body;              // decoded request body (POST/PUT)
    std::optional<Principal> who;  // set unless the route is open to anyone

    const Principal& principal() const { return *who; }
    // The n-th capture of the route's pattern (1-based), e.g. the {id} of /v1/tasks/{id}.
    std::string path_param(size_t n) const;
    // A query parameter; throws ApiError 400 if given more than once.
    std::optional<std::string> query(const std::string& name) const;
    // Throws ApiError 400 for any query parameter not in `allowed` (catches typos like "sinse").
    void allow_only_query(std::initializer_list<std::string_view> allowed) const;
    // The body as a JSON object; ApiError 400 (bad_json / bad_request) otherwise.
    nlohmann::json json_object() const;
};

using CallHandler = std::function<void(Call&)>;

class Router {
  public:
    Router(httplib::Server& server, Authenticator& auth, RateLimiter& limiter, RequestLog& log,
           std::ostream& diagnostics);

    // `pattern` is a regular expression over the path; `display` is how logs and 405 answers
    // name the route, e.g. "/v1/tasks/{id}".
    void add(const std::string& method, const std::string& pattern, const std::string& display,
             Access access, CallHandler handler);
    // Installs the error handler, the logger and the per-request bookkeeping. Call once, after
    // every add().
    void install();

  private:
    struct Route {
        std::string method;
        std::regex pattern;
        std::string display;
    };
    void run(const Route& route, Access access, const CallHandler& handler,
             const httplib::Request& request, httplib::Response& response,
             const httplib::ContentReader* reader);
    void read_body(Call& call, const httplib::ContentReader& reader);
    void answer_unrouted(const httplib::Request& request, httplib::Response& response);

    httplib::Server& server_;
    Authenticator& auth_;
    RateLimiter& limiter_;
    RequestLog& log_;
    std::ostream& diagnostics_;
    std::vector<Route> routes_;
};

// True if no array or object in `text` nests deeper than `max_depth` (strings are skipped), so
// that a hostile document cannot exhaust the parser's memory or stack.
bool json_depth_within(std::string_view text, int max_depth);

}  // namespace talkoo::central
