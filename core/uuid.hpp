// UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Signup ids are made on the
// device with no coordination, sort by creation time, and let the centre store each signup once.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace talkoo {

// A new UUIDv7 for now, in canonical lowercase form "xxxxxxxx-xxxx-7xxx-[89ab]xxx-xxxxxxxxxxxx".
// Ids made in the same millisecond by one process still sort in creation order.
std::string new_uuid_v7();
std::string uuid_v7_at(int64_t unix_ms);
// Canonical lowercase form of any version; is_uuid_v7 also checks the version and variant.
bool is_uuid(std::string_view text);
bool is_uuid_v7(std::string_view text);
// The millisecond timestamp inside a UUIDv7.
int64_t uuid_v7_time_ms(std::string_view uuid);

}  // namespace talkoo
