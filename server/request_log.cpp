// See request_log.hpp.
#include "server/request_log.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace talkoo::central {

namespace {

// A malformed request's "method" is whatever the client sent; log only real ones.
std::string known_method(const std::string& method) {
    for (const char* m : {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"})
        if (method == m) return method;
    return "(other)";
}

}  // namespace

RequestNotes& current_request_notes() {
    thread_local RequestNotes notes;
    return notes;
}

void RequestLog::write(const httplib::Request& request, const httplib::Response& response) {
    RequestNotes& notes = current_request_notes();
    nlohmann::ordered_json line = {
        {"time", iso_timestamp_utc(now_ms())},
        {"method", known_method(request.method)},
        {"route", notes.route.empty() ? std::string("(unknown)") : notes.route},
        {"status", response.status},
        {"bytes_in", std::max<int64_t>(notes.bytes_in, request.body.size())},
        {"bytes_out", response.body.size()},
    };
    if (notes.started != std::chrono::steady_clock::time_point{}) {
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                              notes.started)
                        .count();
        line["ms"] = std::round(ms * 10) / 10;
    }
    if (!notes.who.empty()) line["who"] = notes.who;
    if (!notes.error_code.empty()) line["error"] = notes.error_code;
    if (notes.items >= 0) line["items"] = notes.items;
    if (notes.plain_signups > 0) {
        line["plain_signups"] = notes.plain_signups;
        line["note"] = "personal fields came in plain text: update this kiosk";
    }
    std::string text = line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    notes = RequestNotes{};
    std::lock_guard lock(mutex_);
    out_ << text << '\n';
    out_.flush();
}

}  // namespace talkoo::central
