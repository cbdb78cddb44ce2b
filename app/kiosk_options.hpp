// talkoo-kiosk's command line. Flags override the settings file (settings.hpp) for one run;
// parse_options() reports a mistake as std::invalid_argument with the flag and a hint.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/settings.hpp"

namespace talkoo {

struct KioskOptions {
    std::filesystem::path data_dir;  // empty: the per-user default
    std::filesystem::path assets;    // empty: $TALKOO_ASSETS or the source tree's assets/
    // Overrides of the settings file.
    std::optional<Lang> lang;
    std::optional<std::string> point;
    std::optional<bool> fullscreen;
    std::optional<std::pair<int, int>> size;
    std::optional<float> dpi;
    std::optional<bool> high_contrast;
    std::optional<bool> gpu;
    std::optional<int> idle_seconds;
    std::optional<int> idle_max_seconds;
    std::optional<int> text_size;
    // One-shot modes.
    std::filesystem::path screenshot;  // with screen: render it headlessly to this PNG and exit
    std::string screen;
    std::filesystem::path load_catalog;  // load this catalogue file into the store and exit
    bool summary = false;                // print what the store holds and exit
    int exit_after_frames = 0;           // benchmarks: quit after this many frames (0 = never)
    bool headless = false;               // SDL's dummy video driver even with a display
    // Sync (docs/sync.md): given once, remembered in the data folder.
    std::optional<std::string> server;  // --server URL
    std::optional<std::string> token;   // --token TOKEN
    bool sync_once = false;             // one full sync, headless, a summary line, exit
    // Staff, headless (kiosk_staff_commands.hpp, issue 13).
    bool set_pin = false;                   // read a new staff PIN from standard input
    std::filesystem::path export_handover;  // write a USB handover file into this folder
    std::filesystem::path import_receipt;   // take the centre's receipt from this file
    bool erase_personal_data = false;       // the end of a tour
    bool figures = false;                   // print the stand's figures (no personal data)
    std::optional<int> confirm_loss;        // ... losing this many unacknowledged signups
    bool help = false;
    bool version = false;
};

KioskOptions parse_options(const std::vector<std::string>& args);
// Applies the overrides in `o` to `s`.
void apply_overrides(const KioskOptions& o, KioskSettings& s);
std::string usage();

}  // namespace talkoo
