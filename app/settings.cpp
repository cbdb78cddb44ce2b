// See settings.hpp.
#include "app/settings.hpp"

#include <charconv>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace talkoo {
namespace {

std::string trim(const std::string& s) {
    size_t a = s.find_first_not_of(" \t\r");
    if (a == std::string::npos) return {};
    size_t b = s.find_last_not_of(" \t\r");
    return s.substr(a, b - a + 1);
}

int parse_int(const std::string& value, const char* what) {
    int v = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || end != value.data() + value.size())
        throw std::invalid_argument(std::string(what) + " must be a whole number, not \"" + value +
                                    "\"");
    return v;
}

constexpr const char* kDefaultFile =
    "# Talkoo kiosk settings. Command-line flags override them for one run\n"
    "# (talkoo-kiosk --help lists the flags). Remove the '#' of a line to set it.\n"
    "#\n"
    "# The language a new visitor starts in: fi, sv or en.\n"
    "# lang = fi\n"
    "# The id of the info point (stand) this kiosk is, from the catalogue.\n"
    "# point = demo-ip-pori-library\n"
    "# Full screen (true) or a window of the size below (false).\n"
    "# fullscreen = true\n"
    "# size = 1920x1080\n"
    "# The panel's real DPI, if text and buttons come out the wrong physical size.\n"
    "# dpi = 92\n"
    "# light or high-contrast.\n"
    "# theme = light\n"
    "# software (our rasteriser: no GPU driver needed, least memory) or gpu (SDL's\n"
    "# accelerated renderer: least CPU per frame where a GPU driver is installed).\n"
    "# renderer = software\n"
    "# Seconds without a touch before \"Are you still there?\", on the thank-you screen,\n"
    "# and of the question's countdown before everything is wiped.\n"
    "# idle_seconds = 60\n"
    "# thanks_idle_seconds = 20\n"
    "# countdown_seconds = 20\n"
    "# The longest a visitor can make the idle time with \"I need more time\" (each tap\n"
    "# doubles it): WCAG 2.2 asks that it can reach ten times the default.\n"
    "# idle_max_seconds = 600\n"
    "# The text size a new visitor starts with, in percent: 100, 150 or 200 (visitors\n"
    "# choose theirs with the A / A+ / A++ buttons; the idle reset goes back to this).\n"
    "# text_size = 100\n"
    "#\n"
    "# Sync with the network's centre: give the address and device token once with\n"
    "# talkoo-kiosk --server https://... --token tkd_...; they are remembered.\n"
    "# A CA certificate file to trust, for a centre on a private network.\n"
    "# ca_file = /etc/talkoo/centre-ca.pem\n"
    "# Seconds between syncs, and the longest wait between retries while offline.\n"
    "# sync_interval_seconds = 60\n"
    "# sync_backoff_cap_seconds = 300\n"
    "# Hours a delivered signup keeps the visitor's contact details on this device\n"
    "# (0: erased as soon as the centre has them).\n"
    "# keep_delivered_hours = 0\n";

}  // namespace

Lang parse_lang_setting(const std::string& value) {
    if (auto l = parse_lang(value)) return *l;
    throw std::invalid_argument("the language must be fi, sv or en, not \"" + value + "\"");
}

void parse_size_setting(const std::string& value, int& width, int& height) {
    size_t x = value.find('x');
    if (x == std::string::npos)
        throw std::invalid_argument("the size must be WIDTHxHEIGHT, e.g. 1920x1080, not \"" +
                                    value + "\"");
    int w = parse_int(value.substr(0, x), "the width");
    int h = parse_int(value.substr(x + 1), "the height");
    if (w < 320 || h < 320 || w > 8192 || h > 8192)
        throw std::invalid_argument("the size must be between 320x320 and 8192x8192, not \"" +
                                    value + "\"");
    width = w;
    height = h;
}

int parse_seconds_setting(const std::string& value, int min, int max) {
    int v = parse_int(value, "the number of seconds");
    if (v < min || v > max)
        throw std::invalid_argument("the number of seconds must be from " + std::to_string(min) +
                                    " to " + std::to_string(max) + ", not " + value);
    return v;
}

int parse_int_setting(const std::string& value, const char* name, int min, int max) {
    int v = parse_int(value, name);
    if (v < min || v > max)
        throw std::invalid_argument(std::string(name) + " must be from " + std::to_string(min) +
                                    " to " + std::to_string(max) + ", not " + value);
    return v;
}

int parse_text_size_setting(const std::string& value) {
    if (value == "100" || value == "150" || value == "200") return std::stoi(value);
    throw std::invalid_argument("the text size must be 100, 150 or 200 (percent), not \"" + value +
                                "\"");
}

float parse_dpi_setting(const std::string& value) {
    int v = parse_int(value, "the DPI");
    if (v < 40 || v > 600)
        throw std::invalid_argument("the DPI must be from 40 to 600, not " + value);
    return static_cast<float>(v);
}

bool parse_renderer_setting(const std::string& value) {
    if (value == "software") return false;
    if (value == "gpu") return true;
    throw std::invalid_argument("the renderer must be software or gpu, not \"" + value + "\"");
}

bool parse_theme_setting(const std::string& value) {
    if (value == "light") return false;
    if (value == "high-contrast") return true;
    throw std::invalid_argument("the theme must be light or high-contrast, not \"" + value + "\"");
}

KioskSettings load_settings(const std::filesystem::path& file) {
    KioskSettings s;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return s;
    std::ifstream in(file);
    if (!in) throw std::runtime_error("Cannot read " + file.string() + ": check its permissions.");
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        std::string t = trim(line.substr(0, line.find('#')));
        if (t.empty()) continue;
        size_t eq = t.find('=');
        auto where = [&] { return file.string() + " line " + std::to_string(number) + ": "; };
        if (eq == std::string::npos)
            throw std::runtime_error(where() + "expected \"key = value\", found \"" + t + "\"");
        std::string key = trim(t.substr(0, eq)), value = trim(t.substr(eq + 1));
        try {
            if (key == "lang")
                s.lang = parse_lang_setting(value);
            else if (key == "point")
                s.point = value;
            else if (key == "fullscreen") {
                if (value != "true" && value != "false")
                    throw std::invalid_argument("fullscreen must be true or false, not \"" + value +
                                                "\"");
                s.fullscreen = value == "true";
            } else if (key == "size")
                parse_size_setting(value, s.width, s.height);
            else if (key == "dpi")
                s.dpi = parse_dpi_setting(value);
            else if (key == "theme")
                s.high_contrast = parse_theme_setting(value);
            else if (key == "renderer")
                s.gpu = parse_renderer_setting(value);
            else if (key == "idle_seconds")
                s.idle_seconds = parse_seconds_setting(value, 10, 3600);
            else if (key == "thanks_idle_seconds")
                s.thanks_idle_seconds = parse_seconds_setting(value, 5, 3600);
            else if (key == "countdown_seconds")
                s.countdown_seconds = parse_seconds_setting(value, 3, 120);
            else if (key == "idle_max_seconds")
                s.idle_max_seconds = parse_seconds_setting(value, 10, 7200);
            else if (key == "text_size")
                s.text_size = parse_text_size_setting(value);
            else if (key == "ca_file")
                s.ca_file = value;
            else if (key == "sync_interval_seconds")
                s.sync_interval_seconds = parse_seconds_setting(value, 10, 86400);
            else if (key == "sync_backoff_cap_seconds")
                s.sync_backoff_cap_seconds = parse_seconds_setting(value, 10, 86400);
            else if (key == "keep_delivered_hours")
                s.keep_delivered_hours = parse_int_setting(value, "keep_delivered_hours", 0, 720);
            else
                throw std::invalid_argument(
                    "unknown setting \"" + key +
                    "\" (known: lang, point, fullscreen, size, dpi, theme, renderer, idle_seconds, "
                    "thanks_idle_seconds, countdown_seconds, idle_max_seconds, text_size, ca_file, "
                    "sync_interval_seconds, "
                    "sync_backoff_cap_seconds, keep_delivered_hours)");
        } catch (const std::invalid_argument& e) {
            throw std::runtime_error(where() + e.what());
        }
    }
    return s;
}

bool write_default_settings(const std::filesystem::path& file) {
    std::error_code ec;
    if (std::filesystem::exists(file, ec)) return false;
    std::ofstream out(file);
    if (!out) return false;
    out << kDefaultFile;
    return static_cast<bool>(out);
}

}  // namespace talkoo
