// See paths.hpp.
#include "platform/paths.hpp"

#include <cstdlib>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace talkoo::platform {

std::filesystem::path default_data_dir() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "talkoo";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".local" / "share" / "talkoo";
    // No home at all (a bare service account): the working directory is the only sane place.
    return std::filesystem::current_path() / "talkoo-data";
}

std::filesystem::path installed_asset_dir() {
    // The binary's own place, not the working directory: /usr/bin/talkoo-kiosk finds
    // /usr/share/talkoo, and so does a tree unpacked anywhere (dpkg-deb -x, CI's check).
    std::error_code ec;
    std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty()) return {};
    return exe.parent_path().parent_path() / "share" / "talkoo";
}

std::filesystem::path find_asset_dir(const std::filesystem::path& override_dir,
                                     const std::filesystem::path& compiled_in) {
    std::vector<std::filesystem::path> candidates;
    if (!override_dir.empty()) {
        candidates.push_back(override_dir);
    } else {
        if (const char* env = std::getenv("TALKOO_ASSETS"); env && *env)
            candidates.emplace_back(env);
        // Installed first: a packaged binary must never pick up the build machine's source tree.
        if (std::filesystem::path installed = installed_asset_dir(); !installed.empty())
            candidates.push_back(std::move(installed));
        candidates.push_back(compiled_in);
    }
    std::string tried;
    for (const auto& c : candidates) {
        std::error_code ec;
        if (std::filesystem::is_directory(c / "i18n", ec)) return c;
        tried += (tried.empty() ? "" : ", ") + c.string();
    }
    throw std::runtime_error(
        "Cannot find the kiosk's assets (translations) in " + tried +
        ": reinstall the package (its assets live in share/talkoo beside bin/) or pass --assets "
        "DIR pointing at the repository's assets/ folder.");
}

}  // namespace talkoo::platform
