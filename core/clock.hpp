// Time as the rest of core/ uses it: Unix milliseconds UTC for instants, local calendar days for
// what people see and count ("today's signups", usage counters per day).
#pragma once

#include <cstdint>
#include <string>

namespace talkoo {

int64_t now_ms();
// "YYYY-MM-DD" of an instant in the device's local time zone (the stand's day).
std::string local_date(int64_t unix_ms);
// "YYYY-MM-DDTHH:MM:SS.mmmZ"
std::string iso_timestamp_utc(int64_t unix_ms);

}  // namespace talkoo
