// See request_log.hpp.
#include "server/request_log.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace talkoo::central {
namespace {

thread_local RequestNotes* current_notes = nullptr;

}  // namespace

std::string known_method(const std::string& method) {
    for (const char* m : {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"})
        if (method == m) return method;
    return "(other)";
}

RequestNotes& current_request_notes() {
    thread_local RequestNotes scratch;
    return current_notes ? *current_notes : scratch;
}

NotesScope::NotesScope(RequestNotes& notes) : previous_(current_notes) {
    current_notes = &notes;
}

NotesScope::~NotesScope() {
    current_notes = previous_;
}

void RequestLog::write(const RequestNotes& notes, int status, uint64_t bytes_out, bool complete) {
    nlohmann::ordered_json line = {
        {"time", iso_timestamp_utc(now_ms())},
        {"method", notes.method.empty() ? std::string("(other)") : notes.method},
        {"route", notes.route.empty() ? std::string("(unknown)") : notes.route},
        {"status", status},
        {"bytes_in", notes.bytes_in},
        {"bytes_out", bytes_out},
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
    if (!complete) line["cut"] = true;  // the client went away before the whole answer
    std::string text = line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    std::lock_guard lock(mutex_);
    out_ << text << '\n';
    out_.flush();
}

}  // namespace talkoo::central
