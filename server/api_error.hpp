// How the centre answers: every answer is a JSON object that carries "protocol": "talkoo/1" (so a
// kiosk can tell it from a captive portal's page), and every refusal has the same shape,
//   {"protocol": "talkoo/1", "error": {"code": "bad_json", "message": "..."}},
// with a stable code for programs and a sentence for people. Messages never contain a request's
// values (they may be personal data), SQL, file paths or stack traces.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/http_message.hpp"

namespace talkoo::central {

// Thrown by handlers for anything the client should be told; the router answers it.
class ApiError : public std::runtime_error {
  public:
    ApiError(int status, std::string_view code, const std::string& message)
        : std::runtime_error(message), status(status), code(code) {}
    ApiError& with_header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
    int status;
    std::string code;
    std::vector<std::pair<std::string, std::string>> headers;
};

// Sets status and a JSON body with the protocol field added.
void send_json(HttpResponse& response, int status, nlohmann::json body);
void send_error(HttpResponse& response, int status, std::string_view code,
                const std::string& message);
void send_error(HttpResponse& response, const ApiError& error);

}  // namespace talkoo::central
