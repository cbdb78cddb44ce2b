// Paging of the coordinators' lists (GET /v1/signups, GET /v1/devices): every list answers at
// most a page, `limit` records (a default when it is left out, never more than the maximum:
// sync/wire/protocol.hpp), and names the place after its last record as `cursor`, which the
// next request passes back as `cursor=` to get the following page. A cursor is the last record's
// time and id ("<ms>_<id>"), so a page is found by an index walk from that place: the millionth
// record costs what the first does, and records added meanwhile never shift a page as an offset
// would. Clients treat the cursor as opaque.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "server/http_router.hpp"
#include "server/storage.hpp"

namespace talkoo::central {

// The query's `limit`: kDefaultListPageLimit when absent, 1 to kMaxListPageLimit; ApiError 400
// bad_query otherwise.
int64_t list_page_limit(const Call& call);
// The query's `cursor`, if given; ApiError 400 invalid_cursor when it is not one this service
// makes.
std::optional<PageCursor> list_page_cursor(const Call& call);
std::string page_cursor_text(const PageCursor& cursor);
std::optional<PageCursor> parse_page_cursor(std::string_view text);

}  // namespace talkoo::central
