// See list_page.hpp.
#include "server/list_page.hpp"

#include <charconv>

#include "core/uuid.hpp"
#include "core/validation.hpp"
#include "sync/wire/protocol.hpp"

namespace talkoo::central {

std::string page_cursor_text(const PageCursor& cursor) {
    return std::to_string(cursor.ms) + "_" + cursor.id;
}

std::optional<PageCursor> parse_page_cursor(std::string_view text) {
    size_t cut = text.find('_');
    if (cut == std::string_view::npos || cut == 0 || cut > 19) return std::nullopt;
    PageCursor c;
    auto [end, ec] = std::from_chars(text.data(), text.data() + cut, c.ms);
    if (ec != std::errc() || end != text.data() + cut || c.ms < 0) return std::nullopt;
    c.id = std::string(text.substr(cut + 1));
    if (!is_uuid(c.id) && !is_valid_id(c.id)) return std::nullopt;
    return c;
}

int64_t list_page_limit(const Call& call) {
    std::optional<std::string> text = call.query("limit");
    if (!text) return wire::kDefaultListPageLimit;
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || value < 1 ||
        value > wire::kMaxListPageLimit)
        throw ApiError(400, wire::error_code::bad_query,
                       "limit must be a whole number from 1 to " +
                           std::to_string(wire::kMaxListPageLimit) +
                           "; follow `cursor` for the next page, or use the export for all.");
    return value;
}

std::optional<PageCursor> list_page_cursor(const Call& call) {
    std::optional<std::string> text = call.query("cursor");
    if (!text) return std::nullopt;
    std::optional<PageCursor> cursor = parse_page_cursor(*text);
    if (!cursor)
        throw ApiError(400, wire::error_code::invalid_cursor,
                       "cursor must be exactly as an earlier answer gave it; leave it out for the"
                       " first page.");
    return cursor;
}

}  // namespace talkoo::central
