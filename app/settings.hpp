// The kiosk's settings: a small text file in the data folder (kiosk.conf), one "key = value" a
// line, '#' starting a comment. Staff (and later the staff panel) edit it; command-line flags
// override it for one run. A first start writes a commented file listing every key, so that the
// file documents itself.
//
// A mistake in the file (unknown key, bad value) stops the kiosk with the file, line and a hint:
// running on silently with a setting ignored would leave staff guessing.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/lang.hpp"

namespace talkoo {

struct KioskSettings {
    Lang lang = Lang::fi;    // lang: a new visitor's language
    std::string point;       // point: this stand's info point id
    bool fullscreen = true;  // fullscreen / windowed
    int width = 1920;        // size = WxH: the window when not fullscreen
    int height = 1080;
    std::optional<float> dpi;      // dpi: the panel's real DPI when the display reports it wrong
    bool high_contrast = false;    // theme = light | high-contrast
    bool gpu = false;              // renderer = software | gpu
    int idle_seconds = 60;         // idle_seconds
    int thanks_idle_seconds = 20;  // thanks_idle_seconds
    int countdown_seconds = 20;    // countdown_seconds (WCAG 2.2.1 asks for at least 20)
    int idle_max_seconds = 600;    // idle_max_seconds: "I need more time" doubles up to this
    int text_size = 100;           // text_size = 100 | 150 | 200: a new visitor's text size, %
    // Sync with the centre (docs/sync.md). The server address and token are given once with
    // --server and --token and remembered in the data folder, not here.
    std::string ca_file;                 // ca_file: extra trusted CA for a private network
    int sync_interval_seconds = 60;      // sync_interval_seconds
    int sync_backoff_cap_seconds = 300;  // sync_backoff_cap_seconds: longest wait after failures
    int keep_delivered_hours = 0;        // keep_delivered_hours: personal data after delivery
};

// Reads `file` over the defaults. A missing file is not an error (defaults). Throws
// std::runtime_error "kiosk.conf line 4: ..." for anything it cannot use.
KioskSettings load_settings(const std::filesystem::path& file);
// Writes the commented default file if there is none. Failure is not fatal (returns false).
bool write_default_settings(const std::filesystem::path& file);

// Shared by the file and the flags, each throwing std::invalid_argument with advice.
Lang parse_lang_setting(const std::string& value);
void parse_size_setting(const std::string& value, int& width, int& height);
int parse_seconds_setting(const std::string& value, int min, int max);
int parse_text_size_setting(const std::string& value);  // 100, 150 or 200
int parse_int_setting(const std::string& value, const char* name, int min, int max);
float parse_dpi_setting(const std::string& value);
bool parse_theme_setting(const std::string& value);     // true = high contrast
bool parse_renderer_setting(const std::string& value);  // true = gpu

}  // namespace talkoo
