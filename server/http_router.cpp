// See http_router.hpp.
//
// Index: paths and templates · Call (query, body) · Router::add · match · plan (network thread)
// · handle and run (the order of checks; answers given later; errors to answers) · unrouted
// (404/405) · refuse · finish (headers, compression, the log line) · answer (no network)
#include "server/http_router.hpp"

#include <algorithm>
#include <atomic>
#include <future>
#include <set>

#include "server/answer_compression.hpp"
#include "server/json_limits.hpp"
#include "server/request_body.hpp"
#include "server/storage.hpp"
#include "server/storage_health.hpp"

namespace talkoo::central {
namespace {

// "/v1/tasks/x" -> {"v1", "tasks", "x"}; "/" -> {""}.
std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> out;
    if (!path.empty() && path.front() == '/') path.remove_prefix(1);
    while (true) {
        size_t slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) return out;
        path.remove_prefix(slash + 1);
    }
}

bool is_parameter(std::string_view segment) {
    return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

// "{*name}": the last segment of a template that takes the rest of the path.
bool is_tail(std::string_view segment) {
    return is_parameter(segment) && segment.size() > 2 && segment[1] == '*';
}

bool takes_body(std::string_view method) {
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

bool writes(std::string_view method) {
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

const std::string kFailedMessage =
    "The centre could not complete the request because of a problem of its own; it has been"
    " logged. Try again later.";

}  // namespace

// -- Call ----------------------------------------------------------------------------------------

std::string Call::path_param(size_t n) const {
    return n >= 1 && n <= request.path_params.size() ? request.path_params[n - 1] : std::string();
}

std::optional<std::string> Call::query(const std::string& name) const {
    size_t count = request.query_count(name);
    if (count == 0) return std::nullopt;
    if (count > 1)
        throw ApiError(400, wire::error_code::bad_query,
                       "The query parameter \"" + name + "\" is given more than once.");
    return request.query_value(name);
}

void Call::allow_only_query(std::initializer_list<std::string_view> allowed) const {
    for (const auto& [name, value] : request.query_params) {
        if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
        std::string list;
        for (std::string_view a : allowed)
            list += (list.empty() ? "" : ", ") + std::string(a);
        // The unknown name is not echoed: it is client text of any length and content.
        throw ApiError(400, wire::error_code::bad_query,
                       list.empty()
                           ? "This call takes no query parameters."
                           : "Unknown query parameter: this call takes only " + list + ".");
    }
}

nlohmann::json Call::json_object() const {
    if (body.empty())
        throw ApiError(400, wire::error_code::bad_request,
                       "The request has no body: send a JSON object.");
    JsonLimits limits;
    limits.max_depth = wire::kMaxJsonDepth;
    if (auto problem = json_limit_problem(body, limits))
        throw ApiError(400, wire::error_code::bad_json, *problem);
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(body);
    } catch (const nlohmann::json::parse_error& e) {
        // nlohmann's own message quotes the bytes it read; only the position is passed on.
        bool utf8 = std::string_view(e.what()).find("UTF-8") != std::string_view::npos;
        throw ApiError(
            400, wire::error_code::bad_json,
            std::string(utf8 ? "The body is not valid UTF-8" : "The body is not valid JSON") +
                " (at byte " + std::to_string(e.byte) + "). Send UTF-8 encoded JSON.");
    } catch (const nlohmann::json::exception&) {
        // out_of_range: a number the limits above let through but the parser cannot hold.
        throw ApiError(400, wire::error_code::bad_json, "A JSON number is out of range.");
    }
    if (!j.is_object())
        throw ApiError(400, wire::error_code::bad_request,
                       "The body must be a JSON object ({...}).");
    return j;
}

// -- Router: the table ---------------------------------------------------------------------------

Router::Router(Authenticator& auth, RateLimiter& limiter, RequestLog& log,
               std::ostream& diagnostics, StorageHealth* health)
    : auth_(auth), limiter_(limiter), log_(log), diagnostics_(diagnostics), health_(health) {}

void Router::add(const std::string& method, const std::string& path_template, Access access,
                 CallHandler handler, RouteOptions options) {
    Route route{method, {}, path_template, access, std::move(handler), options};
    for (std::string_view segment : split_path(path_template))
        route.segments.emplace_back(segment);
    if (!takes_body(method)) route.options.max_body = 0;
    routes_.push_back(std::move(route));
}

void Router::add(const std::string& method, const std::string&, const std::string& display,
                 Access access, CallHandler handler, RouteOptions options) {
    add(method, display, access, std::move(handler), options);
}

bool Router::path_matches(const Route& route, const std::vector<std::string_view>& segments,
                          std::vector<std::string>* params) {
    const bool tail = !route.segments.empty() && is_tail(route.segments.back());
    if (tail ? segments.size() < route.segments.size() : segments.size() != route.segments.size())
        return false;
    auto decoded = [](std::string_view segment) -> std::optional<std::string> {
        std::optional<std::string> value = percent_decode(segment, false);
        if (!value || *value == "." || *value == ".." || value->find('/') != std::string::npos)
            return std::nullopt;
        return value;
    };
    std::vector<std::string> found;
    for (size_t i = 0; i < route.segments.size(); ++i) {
        const std::string& want = route.segments[i];
        if (tail && i + 1 == route.segments.size()) {
            // {*name}: the rest of the path, each segment decoded, none of them "." or "..".
            std::string rest;
            for (size_t k = i; k < segments.size(); ++k) {
                std::optional<std::string> value = decoded(segments[k]);
                if (!value) return false;
                rest += (k == i ? "" : "/") + *value;
            }
            found.push_back(std::move(rest));
            break;
        }
        if (!is_parameter(want)) {
            if (segments[i] != want) return false;
            continue;
        }
        std::optional<std::string> value = decoded(segments[i]);
        if (!value || value->empty()) return false;
        found.push_back(std::move(*value));
    }
    if (params) *params = std::move(found);
    return true;
}

const Router::Route* Router::match(std::string_view method, std::string_view path,
                                   std::vector<std::string>* params) const {
    const std::vector<std::string_view> segments = split_path(path);
    for (const Route& route : routes_) {
        if (route.method != method && !(method == "HEAD" && route.method == "GET")) continue;
        if (path_matches(route, segments, params)) return &route;
    }
    return nullptr;
}

HttpApplication Router::application() {
    return {
        [this](const HttpRequest& head) { return plan(head); },
        [this](HttpRequest request, Reply reply) { handle(std::move(request), std::move(reply)); },
        [this](const HttpRefusal& refusal, const HttpRequest* head) {
            return refuse(refusal, head);
        }};
}

// -- the network thread's part -------------------------------------------------------------------

RequestPlan Router::plan(const HttpRequest& head) {
    RequestPlan plan;
    std::vector<std::string> params;
    const Route* route = match(head.method, head.path, &params);
    if (!route) {
        plan.answer = unrouted(head);
        return plan;
    }
    if (route->options.immediate && route->access == Access::anyone) {
        HttpRequest request = head;
        request.path_params = std::move(params);
        HttpResponse response;
        RequestNotes notes;
        notes.started = head.started;
        notes.method = known_method(head.method);
        Call call(request, response);
        run(*route, call, notes);
        finish(request, response, notes);
        plan.answer = std::move(response);
        return plan;
    }
    plan.max_body = route->options.max_body;
    return plan;
}

// -- a worker's part -----------------------------------------------------------------------------

// One request from the moment a worker takes it until its answer is sent: on the worker's stack
// no longer than the handler runs, here for as long as a deferred answer needs it.
struct RouterExchange {
    RouterExchange(Router& router, HttpRequest request, Reply reply)
        : router(router), request(std::move(request)), reply(std::move(reply)) {}
    Router& router;
    HttpRequest request;
    HttpResponse response;
    Reply reply;
    RequestNotes notes;
    const void* route = nullptr;  // the Router::Route (private to Router)
    Call call{request, response};
    std::atomic<bool> answered{false};
};

void Router::handle(HttpRequest request, Reply reply) {
    auto exchange = std::make_shared<RouterExchange>(*this, std::move(request), std::move(reply));
    RouterExchange& x = *exchange;
    x.notes.started = x.request.started;
    x.notes.method = known_method(x.request.method);
    const Route* route = match(x.request.method, x.request.path, &x.request.path_params);
    if (!route) {
        x.answered = true;
        x.reply(unrouted(x.request));
        return;
    }
    x.route = route;
    x.call.exchange_ = exchange;
    if (!run(*route, x.call, x.notes)) return;  // the handler answers later
    if (x.answered.exchange(true)) return;
    finish(x.request, x.response, x.notes);
    x.reply(std::move(x.response));
}

LaterAnswer Call::defer() {
    std::shared_ptr<RouterExchange> exchange = exchange_.lock();
    if (!exchange) throw std::logic_error("this route cannot answer later");
    deferred_ = true;
    return LaterAnswer(std::move(exchange));
}

void LaterAnswer::give(const std::function<void(HttpResponse&)>& fill) const {
    RouterExchange& x = *exchange_;
    if (x.answered.exchange(true)) return;
    Router& router = x.router;
    const auto& route = *static_cast<const Router::Route*>(x.route);
    {
        NotesScope scope(x.notes);
        try {
            fill(x.response);
            router.note_success(route, x.response);
        } catch (...) {
            router.answer_failure(std::current_exception(), route, x.response);
        }
    }
    router.finish(x.request, x.response, x.notes);
    x.reply(std::move(x.response));
}

bool Router::run(const Route& route, Call& call, RequestNotes& notes) {
    NotesScope scope(notes);
    notes.route = route.display;
    notes.bytes_in = static_cast<int64_t>(call.request.body.size());
    try {
        if (!call.request.body.empty() || takes_body(route.method)) {
            call.body = decoded_request_body(call.request, route.options.max_body);
            if (route.options.json_body && !call.body.empty() &&
                !is_json_content_type(call.request.header("Content-Type")))
                throw ApiError(415, wire::error_code::unsupported_media_type,
                               "Send the body as \"Content-Type: application/json\" (UTF-8).");
        }
        if (route.access != Access::anyone) {
            call.who = auth_.authenticate(call.request);
            notes.who = call.who->name();
            const Access access = route.access;
            bool allowed = access == Access::device_or_coordinator ||
                           (access == Access::device && call.who->is_device()) ||
                           (access == Access::coordinator && call.who->is_coordinator());
            if (!allowed)
                throw ApiError(403, wire::error_code::forbidden,
                               access == Access::device
                                   ? "Only a kiosk's device token may make this call."
                                   : "This call needs a coordinator token; a device token may"
                                     " not make it.");
            if (int64_t wait = limiter_.admit(notes.who); wait > 0)
                throw ApiError(429, wire::error_code::rate_limited,
                               "Too many requests with this token: wait " + std::to_string(wait) +
                                   " s and try again.")
                    .with_header("Retry-After", std::to_string(wait));
        }
        route.handler(call);
        if (call.deferred()) return false;
        note_success(route, call.response);
    } catch (...) {
        answer_failure(std::current_exception(), route, call.response);
    }
    return true;
}

void Router::note_success(const Route& route, const HttpResponse& response) {
    if (health_ && writes(route.method) && response.status < 300) health_->note_write_succeeded();
}

void Router::answer_failure(std::exception_ptr failure, const Route& route,
                            HttpResponse& response) {
    try {
        std::rethrow_exception(failure);
    } catch (const ApiError& e) {
        send_error(response, e);
    } catch (const CentralStoreError& e) {
        using Code = CentralStoreError::Code;
        // Failures of the storage itself: the request is refused whole with 503, so a kiosk
        // keeps its signups and retries (as on any 5xx); /v1/health says what is wrong. The
        // store's own message names files and goes to the operator's log only.
        auto unavailable = [&](const std::string& message, int retry_after_s) {
            diagnostics_ << "talkoo-central: storage failure on " << route.display << ": "
                         << e.what() << std::endl;
            if (health_) health_->note_failure(e.code);
            response.set_header("Retry-After", std::to_string(retry_after_s));
            send_error(response, 503, wire::error_code::unavailable, message);
        };
        switch (e.code) {
            case Code::invalid:
                send_error(response, 422, wire::error_code::validation_failed, e.what());
                break;
            case Code::conflict:
                send_error(response, 409, wire::error_code::conflict, e.what());
                break;
            case Code::not_found:
                send_error(response, 404, wire::error_code::not_found, e.what());
                break;
            case Code::busy:
                unavailable(
                    "The centre's database is busy: nothing was changed. Try again in a few"
                    " seconds.",
                    2);
                break;
            case Code::disk_full:
                unavailable(
                    "The centre cannot store anything now: its disk is full. Nothing was"
                    " changed; keep the data and try again later.",
                    30);
                break;
            case Code::read_only:
                unavailable(
                    "The centre cannot store anything now: its database is read-only."
                    " Nothing was changed; keep the data and try again later.",
                    30);
                break;
            case Code::io:
                unavailable("The centre's storage failed: nothing was changed. Try again later.",
                            30);
                break;
        }
    } catch (const std::exception& e) {
        diagnostics_ << "talkoo-central: unexpected failure on " << route.display << ": "
                     << e.what() << std::endl;
        send_error(response, 500, wire::error_code::internal, kFailedMessage);
    } catch (...) {
        diagnostics_ << "talkoo-central: unexpected failure on " << route.display << std::endl;
        send_error(response, 500, wire::error_code::internal, kFailedMessage);
    }
}

// -- answers without a handler -------------------------------------------------------------------

HttpResponse Router::unrouted(const HttpRequest& head) {
    HttpResponse response;
    RequestNotes notes;
    notes.started = head.started;
    notes.method = known_method(head.method);
    {
        NotesScope scope(notes);
        std::set<std::string> allowed;
        std::string display;
        const std::vector<std::string_view> segments = split_path(head.path);
        for (const Route& r : routes_) {
            if (!path_matches(r, segments, nullptr)) continue;
            allowed.insert(r.method);
            display = r.display;
        }
        if (!allowed.empty()) {
            if (allowed.count("GET")) allowed.insert("HEAD");
            std::string list;
            for (const std::string& m : allowed)
                list += (list.empty() ? "" : ", ") + m;
            notes.route = display;
            response.set_header("Allow", list);
            send_error(response, 405, wire::error_code::method_not_allowed,
                       "This path does not take that method; it takes " + list + ".");
        } else {
            send_error(response, 404, wire::error_code::not_found,
                       "There is no such path in the talkoo/1 API: see docs/protocol.md.");
        }
    }
    finish(HttpRequest{}, response, notes);
    return response;
}

HttpResponse Router::refuse(const HttpRefusal& refusal, const HttpRequest* head) {
    HttpResponse response;
    RequestNotes notes;
    notes.started = head ? head->started : std::chrono::steady_clock::now();
    notes.method = head ? known_method(head->method) : "(other)";
    if (head) {
        if (const Route* route = match(head->method, head->path, nullptr))
            notes.route = route->display;
        notes.bytes_in = static_cast<int64_t>(head->body.size());
    }
    {
        NotesScope scope(notes);
        send_error(response, refusal.status, refusal.code, refusal.message);
    }
    finish(HttpRequest{}, response, notes);
    return response;
}

void Router::finish(const HttpRequest& request, HttpResponse& response, const RequestNotes& notes) {
    if (!response.has_header(wire::kProtocolHeader))
        response.set_header(wire::kProtocolHeader, std::string(wire::kProtocol));
    if (!response.has_header("Cache-Control")) response.set_header("Cache-Control", "no-store");
    compress_answer(request, response);
    const int status = response.status;
    RequestLog* log = &log_;
    response.on_sent = [log, notes, status](uint64_t bytes_sent, bool complete) {
        log->write(notes, status, bytes_sent, complete);
    };
}

// -- without a network ---------------------------------------------------------------------------

HttpResponse Router::answer(HttpRequest request) {
    RequestPlan p = plan(request);
    if (p.answer) return std::move(*p.answer);
    if (request.body.size() > p.max_body)
        return refuse({413, std::string(wire::error_code::payload_too_large),
                       "The body is larger than this call accepts."},
                      &request);
    auto promise = std::make_shared<std::promise<HttpResponse>>();
    std::future<HttpResponse> future = promise->get_future();
    handle(std::move(request),
           Reply([promise](HttpResponse r) { promise->set_value(std::move(r)); },
                 [this] {
                     return refuse({500, std::string(wire::error_code::internal), kFailedMessage},
                                   nullptr);
                 }));
    return future.get();
}

}  // namespace talkoo::central
