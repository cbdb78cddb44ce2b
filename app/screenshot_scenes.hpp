// The screens --screenshot can show, and how to get there: each scene drives a fresh KioskApp
// with the same actions a visitor's taps would produce, over whatever catalogue the store holds.
// Nothing is committed to the store (the thank-you scene is set up without a signup), so taking
// screenshots on a real kiosk's data folder leaves its outbox untouched.
#pragma once

#include <span>
#include <string_view>

#include "app/kiosk_app.hpp"

namespace talkoo {

std::span<const std::string_view> screen_names();
bool is_screen_name(std::string_view name);
// Throws std::invalid_argument for an unknown name.
void stage_screen(KioskApp& app, std::string_view name, double now);

}  // namespace talkoo
