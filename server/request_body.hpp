// A request's body as the router hands it to a handler: a gzip Content-Encoding undone, with the
// route's size limit applied to the decoded bytes too (a gzip bomb stops at the limit, never in
// memory), and only JSON in UTF-8 admitted where a route takes JSON.
#pragma once

#include <cstddef>
#include <string>

#include "server/http_message.hpp"

namespace talkoo::central {

// The decoded body. Throws ApiError: 415 for an encoding other than gzip (or identity), 413 when
// the decoded body is over `max_bytes`, 400 for gzip data that does not decode.
std::string decoded_request_body(const HttpRequest& request, size_t max_bytes);

// "application/json" or "application/json; charset=utf-8" (any case, any spacing).
bool is_json_content_type(const std::string& value);

}  // namespace talkoo::central
