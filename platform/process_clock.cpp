// See process_clock.hpp.
#include "platform/process_clock.hpp"

#include <time.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace talkoo::platform {

std::optional<double> process_age_seconds() {
    std::ifstream in("/proc/self/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), {});
    // Field 22 (starttime, clock ticks after boot); fields are counted after the command name,
    // which is in parentheses and may itself hold spaces.
    size_t close = stat.rfind(')');
    if (close == std::string::npos) return std::nullopt;
    std::istringstream fields(stat.substr(close + 2));
    std::string field;
    unsigned long long start_ticks = 0;
    for (int i = 3; i <= 22 && fields >> field; ++i)
        if (i == 22) start_ticks = std::stoull(field);
    long ticks_per_second = sysconf(_SC_CLK_TCK);
    timespec now{};
    if (start_ticks == 0 || ticks_per_second <= 0 || clock_gettime(CLOCK_BOOTTIME, &now) != 0)
        return std::nullopt;
    double uptime = static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
    return uptime - static_cast<double>(start_ticks) / static_cast<double>(ticks_per_second);
}

}  // namespace talkoo::platform
