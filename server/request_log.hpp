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
// The line is written when the answer has left (HttpResponse::on_sent): "ms" is the whole
// exchange from the first byte of the request head, "bytes_out" what was written, headers
// included. Handlers add what they know (who asked, the error code, how many items) to the notes
// of the request they serve: current_request_notes() while the handler runs on its thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <ostream>
#include <string>

namespace talkoo::central {

struct RequestNotes {
    std::chrono::steady_clock::time_point started{};
    std::string method;  // a known method, or "(other)"
    std::string route;   // the matched route's pattern
    int64_t bytes_in = 0;
    std::string who;         // "device:<id>", "coordinator:<id>", or empty
    std::string error_code;  // of an error answer
    int64_t items = -1;      // signups or counters in the request, when it has them
    // Signups that came with their personal fields in plain text (kiosks before sealing):
    // logged as "plain_signups" with a note, so that staff find and update those kiosks.
    int64_t plain_signups = 0;
};

// The notes of the request this thread is serving (a scratch value when it serves none).
RequestNotes& current_request_notes();

// Makes current_request_notes() name `notes` on this thread for the guard's lifetime.
class NotesScope {
  public:
    explicit NotesScope(RequestNotes& notes);
    ~NotesScope();
    NotesScope(const NotesScope&) = delete;
    NotesScope& operator=(const NotesScope&) = delete;

  private:
    RequestNotes* previous_;
};

class RequestLog {
  public:
    explicit RequestLog(std::ostream& out) : out_(out) {}
    // Writes the line for a finished exchange.
    void write(const RequestNotes& notes, int status, uint64_t bytes_out, bool complete);

  private:
    std::mutex mutex_;
    std::ostream& out_;
};

// "GET", "POST", ... for methods the centre knows; "(other)" for anything a client made up.
std::string known_method(const std::string& method);

}  // namespace talkoo::central
