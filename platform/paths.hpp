// Where the kiosk keeps its data and finds its assets.
//
// Data: one folder per device (the store file, the settings file). Default is the per-user data
// directory of the XDG spec, $XDG_DATA_HOME/talkoo or ~/.local/share/talkoo; a kiosk install
// passes --data-dir /var/lib/talkoo instead.
// Assets (translations, demo catalogue): --assets DIR, else $TALKOO_ASSETS, else the installed
// place beside the binary (BIN/../share/talkoo: /usr/share/talkoo for /usr/bin/talkoo-kiosk),
// else the source tree's assets/ folder that the build recorded (developers' builds).
#pragma once

#include <filesystem>
#include <string>

namespace talkoo::platform {

std::filesystem::path default_data_dir();

// BIN/../share/talkoo for the running binary (empty where /proc/self/exe cannot be read).
std::filesystem::path installed_asset_dir();

// `compiled_in` is the build's idea of the assets folder; `override_dir` comes from a flag.
// Throws std::runtime_error naming what it looked for when no candidate has i18n/ in it.
std::filesystem::path find_asset_dir(const std::filesystem::path& override_dir,
                                     const std::filesystem::path& compiled_in);

}  // namespace talkoo::platform
