// See api_error.hpp.
#include "server/api_error.hpp"

#include "server/answer_compression.hpp"
#include "server/request_log.hpp"
#include "sync/wire/protocol.hpp"

namespace talkoo::central {

void send_json(HttpResponse& response, int status, nlohmann::json body) {
    body[std::string(wire::kProtocolField)] = wire::kProtocol;
    response.status = status;
    // Replacement characters rather than an exception: a stored string is valid UTF-8 by
    // validation, so this only guards against our own mistakes.
    response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                         kJsonAnswerType);
}

void send_error(HttpResponse& response, int status, std::string_view code,
                const std::string& message) {
    current_request_notes().error_code = code;
    send_json(response, status, {{"error", {{"code", code}, {"message", message}}}});
}

void send_error(HttpResponse& response, const ApiError& error) {
    for (const auto& [name, value] : error.headers)
        response.set_header(name, value);
    send_error(response, error.status, error.code, error.what());
}

}  // namespace talkoo::central
