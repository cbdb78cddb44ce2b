// SyncStatus's words (see sync_status.hpp).
#include "sync/client/sync_status.hpp"

#include "core/clock.hpp"

namespace talkoo::sync {

std::string_view to_string(SyncStatus::Connection connection) {
    switch (connection) {
        case SyncStatus::Connection::online:
            return "online";
        case SyncStatus::Connection::offline:
            return "offline";
        case SyncStatus::Connection::unknown:
            break;
    }
    return "not tried yet";
}

std::string describe(const SyncStatus& s) {
    std::string line = std::string(to_string(s.connection)) + ", " + std::to_string(s.waiting) +
                       " waiting, " + std::to_string(s.needs_attention) + " need attention, ";
    line += s.last_success_ms ? "last sync " + iso_timestamp_utc(s.last_success_ms)
                              : std::string("never synced");
    if (!s.last_error.empty()) line += "; last error: " + s.last_error;
    return line;
}

}  // namespace talkoo::sync
