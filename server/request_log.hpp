// One structured log line per request, as a JSON object on its own line (stderr by default):
//   {"time":"2024-05-04T10:15:02.120Z","method":"POST","route":"/v1/signups","status":200,
//    "ms":3.2,"bytes_in":41250,"bytes_out":5120,"who":"device:0190...","items":100}
// and, when a kiosk of a version before sealing sent plain personal fields,
//    ...,"plain_signups":3,"note":"personal fields came in plain text: update this kiosk"}
// What is deliberately left out: request bodies, query strings, tokens, client addresses, and the
// literal path (the route's pattern is logged instead, e.g. "/v1/signups/{id}", and "(unknown)"
// for paths that match no route, since a client can put anything in a path), so that no
// visitor's name, phone, e-mail or message can reach a log.
//
// Handlers add what they know (who asked, the error code, how many items) to the notes of the
// request their thread is serving; the logger reads and clears them when the answer is written.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <ostream>
#include <string>

namespace talkoo::central {

struct RequestNotes {
    std::chrono::steady_clock::time_point started{};
    std::string route;  // the matched route's pattern
    int64_t bytes_in = 0;
    std::string who;         // "device:<id>", "coordinator:<id>", or empty
    std::string error_code;  // of an error answer
    int64_t items = -1;      // signups or counters in the request, when it has them
    // Signups that came with their personal fields in plain text (kiosks before sealing):
    // logged as "plain_signups" with a note, so that staff find and update those kiosks.
    int64_t plain_signups = 0;
};

// The notes of the request this thread is serving.
RequestNotes& current_request_notes();

class RequestLog {
  public:
    explicit RequestLog(std::ostream& out) : out_(out) {}
    // Writes the line for a finished request and clears this thread's notes.
    void write(const httplib::Request& request, const httplib::Response& response);

  private:
    std::mutex mutex_;
    std::ostream& out_;
};

}  // namespace talkoo::central
