// See http_router.hpp.
//
// Index: content types and JSON depth · Call (query, body) · Router::add (one httplib handler
// per route) · read_body · run (the order of checks, errors to answers) · answer_unrouted
// (404/405 and httplib's own errors) · install (headers, error handler, logger)
#include "server/http_router.hpp"

#include <algorithm>
#include <cctype>

#include "server/answer_compression.hpp"
#include "sync/wire/protocol.hpp"

namespace talkoo::central {
namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// "application/json" or "application/json; charset=utf-8" (any case, any spacing).
bool is_json_content_type(const std::string& value) {
    std::string_view v = value;
    v = v.substr(0, v.find(';'));
    while (!v.empty() && v.back() == ' ')
        v.remove_suffix(1);
    if (!equals_ignoring_case(v, wire::kJsonContentType)) return false;
    size_t semicolon = value.find(';');
    if (semicolon == std::string::npos) return true;
    std::string params = value.substr(semicolon + 1);
    std::string lower;
    for (char c : params)
        if (c != ' ')
            lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return lower == "charset=utf-8";
}

const char* status_code_name(int status) {
    switch (status) {
        case 400:
            return "bad_request";
        case 404:
            return "not_found";
        case 405:
            return "method_not_allowed";
        case 413:
            return "payload_too_large";
        case 414:
            return "uri_too_long";
        case 415:
            return "unsupported_media_type";
        default:
            return status >= 500 ? "internal" : "bad_request";
    }
}

}  // namespace

bool json_depth_within(std::string_view text, int max_depth) {
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) return false;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return true;
}

std::string Call::path_param(size_t n) const {
    return n < request.matches.size() ? request.matches[n].str() : std::string();
}

std::optional<std::string> Call::query(const std::string& name) const {
    size_t count = request.get_param_value_count(name.c_str());
    if (count == 0) return std::nullopt;
    if (count > 1)
        throw ApiError(400, wire::error_code::bad_query,
                       "The query parameter \"" + name + "\" is given more than once.");
    return request.get_param_value(name.c_str());
}

void Call::allow_only_query(std::initializer_list<std::string_view> allowed) const {
    for (const auto& [name, value] : request.params) {
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
    if (!json_depth_within(body, wire::kMaxJsonDepth))
        throw ApiError(
            400, wire::error_code::bad_json,
            "The JSON nests deeper than " + std::to_string(wire::kMaxJsonDepth) + " levels.");
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
    }
    if (!j.is_object())
        throw ApiError(400, wire::error_code::bad_request,
                       "The body must be a JSON object ({...}).");
    return j;
}

Router::Router(httplib::Server& server, Authenticator& auth, RateLimiter& limiter, RequestLog& log,
               std::ostream& diagnostics)
    : server_(server), auth_(auth), limiter_(limiter), log_(log), diagnostics_(diagnostics) {}

void Router::add(const std::string& method, const std::string& pattern, const std::string& display,
                 Access access, CallHandler handler) {
    routes_.push_back({method, std::regex(pattern), display});
    Route route = routes_.back();
    if (method == "POST" || method == "PUT") {
        auto with_body = [this, route, access, handler](const httplib::Request& req,
                                                        httplib::Response& res,
                                                        const httplib::ContentReader& reader) {
            run(route, access, handler, req, res, &reader);
        };
        if (method == "POST")
            server_.Post(pattern, with_body);
        else
            server_.Put(pattern, with_body);
        return;
    }
    auto without_body = [this, route, access, handler](const httplib::Request& req,
                                                       httplib::Response& res) {
        run(route, access, handler, req, res, nullptr);
    };
    if (method == "GET")
        server_.Get(pattern, without_body);
    else if (method == "DELETE")
        server_.Delete(pattern, without_body);
}

void Router::read_body(Call& call, const httplib::ContentReader& reader) {
    bool too_large = false;
    bool ok = reader([&](const char* data, size_t size) {
        if (call.body.size() + size > wire::kMaxBodyBytes) {
            too_large = true;
            return false;
        }
        call.body.append(data, size);
        return true;
    });
    current_request_notes().bytes_in = static_cast<int64_t>(call.body.size());
    if (too_large || call.response.status == 413)
        throw ApiError(413, wire::error_code::payload_too_large,
                       "The body is larger than 1 MiB (after decompression): send fewer items"
                       " per request.");
    if (!ok && call.body.empty() && !call.request.has_header("Content-Length") &&
        !call.request.has_header("Transfer-Encoding")) {
        call.response.status = -1;  // httplib's reader marked it failed; the handler decides
        return;                     // no body at all: the handler says what it needed
    }
    if (!ok)
        throw ApiError(400, wire::error_code::bad_request,
                       "The body could not be read completely (truncated, or bad gzip data).");
}

void Router::run(const Route& route, Access access, const CallHandler& handler,
                 const httplib::Request& request, httplib::Response& response,
                 const httplib::ContentReader* reader) {
    RequestNotes& notes = current_request_notes();
    notes.route = route.display;
    Call call(request, response);
    try {
        if (reader) {
            // The body is read before anything is refused, so that an unread body never stays
            // in a kept-alive connection to be misread as the next request.
            read_body(call, *reader);
            std::string encoding = request.get_header_value("Content-Encoding");
            if (!encoding.empty() && !equals_ignoring_case(encoding, "gzip") &&
                !equals_ignoring_case(encoding, "identity"))
                throw ApiError(415, wire::error_code::unsupported_media_type,
                               "Unsupported Content-Encoding: send the body plain or gzip.");
            if (!call.body.empty() &&
                !is_json_content_type(request.get_header_value("Content-Type")))
                throw ApiError(415, wire::error_code::unsupported_media_type,
                               "Send the body as \"Content-Type: application/json\" (UTF-8).");
        }
        if (access != Access::anyone) {
            call.who = auth_.authenticate(request);
            notes.who = call.who->name();
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
        handler(call);
    } catch (const ApiError& e) {
        send_error(response, e);
    } catch (const CentralStoreError& e) {
        using Code = CentralStoreError::Code;
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
                response.set_header("Retry-After", "2");
                send_error(response, 503, wire::error_code::unavailable,
                           "The centre is busy: try again in a few seconds.");
                break;
            case Code::io:
                diagnostics_ << "talkoo-central: storage failure on " << route.display << ": "
                             << e.what() << std::endl;
                send_error(response, 500, wire::error_code::internal,
                           "The centre could not complete the request because of a problem of"
                           " its own; it has been logged. Try again later.");
                break;
        }
    } catch (const std::exception& e) {
        diagnostics_ << "talkoo-central: unexpected failure on " << route.display << ": "
                     << e.what() << std::endl;
        send_error(response, 500, wire::error_code::internal,
                   "The centre could not complete the request because of a problem of its own;"
                   " it has been logged. Try again later.");
    }
    // Here rather than in httplib's post-routing hook, which runs after Content-Length is fixed.
    compress_answer(request, response);
}

void Router::answer_unrouted(const httplib::Request& request, httplib::Response& response) {
    if (response.status == 404) {
        std::set<std::string> allowed;
        std::string display;
        for (const Route& r : routes_) {
            if (std::regex_match(request.path, r.pattern)) {
                allowed.insert(r.method);
                display = r.display;
            }
        }
        if (!allowed.empty()) {
            if (allowed.count("GET")) allowed.insert("HEAD");
            std::string list;
            for (const std::string& m : allowed)
                list += (list.empty() ? "" : ", ") + m;
            current_request_notes().route = display;
            response.set_header("Allow", list);
            send_error(response, 405, wire::error_code::method_not_allowed,
                       "This path does not take that method; it takes " + list + ".");
            return;
        }
        send_error(response, 404, wire::error_code::not_found,
                   "There is no such path in the talkoo/1 API: see docs/protocol.md.");
        return;
    }
    int status = response.status;
    std::string message = status == 413   ? "The body is larger than 1 MiB."
                          : status == 414 ? "The address is too long."
                          : status >= 500 ? "The centre failed to answer; try again later."
                                          : "The request could not be read as HTTP.";
    send_error(response, status, status_code_name(status), message);
}

void Router::install() {
    server_.set_default_headers({{std::string(wire::kProtocolHeader), std::string(wire::kProtocol)},
                                 {"Cache-Control", "no-store"}});
    server_.set_pre_routing_handler(
        [](const httplib::Request& request, httplib::Response& response) {
            RequestNotes& notes = current_request_notes();
            notes = RequestNotes{};
            notes.started = std::chrono::steady_clock::now();
            // httplib reads "-5" as a huge length and waits for the bytes until its read timeout;
            // refuse it before any reading starts.
            if (request.has_header("Content-Length")) {
                const std::string& length = request.get_header_value("Content-Length");
                if (length.empty() || length.find_first_not_of("0123456789") != std::string::npos) {
                    send_error(response, 400, wire::error_code::bad_request,
                               "The Content-Length header must be a whole number of bytes.");
                    return httplib::Server::HandlerResponse::Handled;
                }
            }
            return httplib::Server::HandlerResponse::Unhandled;
        });
    // httplib calls this for every answer with status >= 400, ours included: only answers that
    // have no body yet (httplib's own) are filled in.
    httplib::Server::HandlerWithResponse on_error = [this](const httplib::Request& request,
                                                           httplib::Response& response) {
        if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        answer_unrouted(request, response);
        return httplib::Server::HandlerResponse::Handled;
    };
    server_.set_error_handler(on_error);
    server_.set_exception_handler(
        [this](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
            diagnostics_ << "talkoo-central: a handler let an exception escape" << std::endl;
            send_error(response, 500, wire::error_code::internal,
                       "The centre failed to answer; try again later.");
        });
    server_.set_logger([this](const httplib::Request& request, const httplib::Response& response) {
        log_.write(request, response);
    });
}

}  // namespace talkoo::central
