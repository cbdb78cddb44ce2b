// How long this process has existed: from the kernel's record of its start (exec), not from a
// point inside main(). The kiosk's first-frame report (TALKOO_REPORT_FIRST_FRAME) uses it, so
// that loading the program and its libraries, opening the store and reading the translations
// count too, as they do for a person looking at a stand that was just switched on.
//
// Linux only (/proc/self/stat's start time against CLOCK_BOOTTIME); its resolution is the
// kernel's clock tick, 10 ms on Debian. No SDL here.
#pragma once

#include <optional>

namespace talkoo::platform {

// Seconds since the process started, or nullopt where /proc cannot tell.
std::optional<double> process_age_seconds();

}  // namespace talkoo::platform
