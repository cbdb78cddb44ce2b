// See screenshot_scenes.hpp.
#include "app/screenshot_scenes.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <string>

namespace talkoo {
namespace {

constexpr std::array<std::string_view, 17> kNames = {
    "chooser",     "chooser-time", "chooser-results", "attract",
    "browse",      "search",       "for-whom",        "task",
    "form",        "keyboard",     "numpad",          "email",
    "form-errors", "thanks",       "idle-warning",    "selected",
    "signups-off"};

// A task worth showing: the first card of the browse list (the store's stable order).
std::string first_task(KioskApp& app) {
    TaskList* list = app.data().list;
    if (list && list->total() > 0)
        if (const TaskCard* c = list->card(0)) return c->id;
    return {};
}

void to_form(KioskApp& app, double now) {
    app.apply({ActionKind::start, {}, 0}, now);
    std::string id = first_task(app);
    if (!id.empty()) {
        app.apply({ActionKind::open_task, id, 0}, now);
        app.apply({ActionKind::interested, id, 0}, now);
    } else {
        app.apply({ActionKind::to_form, {}, 0}, now);
    }
}

void type(KioskApp& app, Field field, std::string_view text, double now) {
    app.apply({ActionKind::focus, {}, static_cast<int>(field)}, now);
    app.apply({ActionKind::type, std::string(text), 0}, now);
}

}  // namespace

std::span<const std::string_view> screen_names() {
    return kNames;
}

bool is_screen_name(std::string_view name) {
    return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

void stage_screen(KioskApp& app, std::string_view name, double now) {
    if (!is_screen_name(name))
        throw std::invalid_argument("no screen called \"" + std::string(name) + "\"");
    if (name == "attract") return;
    if (name == "browse") {
        app.apply({ActionKind::start, {}, 0}, now);
    } else if (name == "search") {
        app.apply({ActionKind::start, {}, 0}, now);
        // Search for the start of a word that the catalogue surely has: the first task's title.
        std::string query;
        if (TaskList* list = app.data().list; list && list->total() > 0)
            if (const TaskCard* c = list->card(0)) query = c->title.substr(0, c->title.find(' '));
        if (query.size() > 5) query.resize(5);
        for (char& ch : query)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        type(app, Field::search, query, now);
    } else if (name == "for-whom") {
        app.apply({ActionKind::start, {}, 0}, now);
        app.apply({ActionKind::open_picker, {}, static_cast<int>(Picker::group)}, now);
    } else if (name == "selected") {
        app.apply({ActionKind::start, {}, 0}, now);
        TaskList* list = app.data().list;
        for (int i = 0; list && i < std::min(2, list->total()); ++i)
            if (const TaskCard* c = list->card(i))
                app.apply({ActionKind::toggle_selected, c->id, 0}, now);
    } else if (name == "task") {
        app.apply({ActionKind::start, {}, 0}, now);
        std::string id = first_task(app);
        if (!id.empty()) app.apply({ActionKind::open_task, id, 0}, now);
    } else if (name == "form") {
        to_form(app, now);
    } else if (name == "keyboard") {
        to_form(app, now);
        type(app, Field::name, "Aino Virtanen", now);
    } else if (name == "numpad") {
        to_form(app, now);
        type(app, Field::name, "Aino Virtanen", now);
        type(app, Field::phone, "040 123", now);
    } else if (name == "email") {
        to_form(app, now);
        type(app, Field::email, "aino.virtanen@", now);
    } else if (name == "form-errors") {
        to_form(app, now);
        type(app, Field::phone, "123", now);
        type(app, Field::email, "aino@", now);
        app.apply({ActionKind::keyboard_done, {}, 0}, now);
        app.apply({ActionKind::submit, {}, 0}, now);
    } else if (name == "chooser") {
        app.apply({ActionKind::start, {}, 0}, now);
        app.apply({ActionKind::chooser_open, {}, 0}, now);
        app.apply({ActionKind::chooser_interest, "social", 0}, now);
    } else if (name == "chooser-time") {
        app.apply({ActionKind::start, {}, 0}, now);
        app.apply({ActionKind::chooser_open, {}, 0}, now);
        app.apply({ActionKind::chooser_next, {}, 0}, now);
        app.apply({ActionKind::chooser_time, {}, static_cast<int>(TimeChoice::weekly)}, now);
    } else if (name == "chooser-results") {
        // Sports and social support, a few hours a month, a certificate: the demo's best
        // matches near the stand first.
        app.apply({ActionKind::start, {}, 0}, now);
        app.apply({ActionKind::chooser_open, {}, 0}, now);
        app.apply({ActionKind::chooser_interest, "sports", 0}, now);
        app.apply({ActionKind::chooser_interest, "social", 0}, now);
        app.apply({ActionKind::chooser_next, {}, 0}, now);
        app.apply({ActionKind::chooser_time, {}, static_cast<int>(TimeChoice::monthly)}, now);
        app.apply({ActionKind::chooser_next, {}, 0}, now);
        app.apply({ActionKind::chooser_wish, {}, static_cast<int>(Wish::certificate)}, now);
        app.apply({ActionKind::chooser_next, {}, 0}, now);
    } else if (name == "thanks") {
        // The thank-you screen as it looks after a signup, without making one.
        ViewState& s = app.state();
        app.apply({ActionKind::start, {}, 0}, now);
        TaskList* list = app.data().list;
        for (int i = 0; list && i < std::min(2, list->total()); ++i)
            if (const TaskCard* c = list->card(i)) s.thanks_titles.push_back(c->title);
        s.screen = Screen::thanks;
    } else if (name == "signups-off") {
        // What the form shows on a kiosk with no usable network key.
        app.stage_signups_off();
        to_form(app, now);
    } else if (name == "idle-warning") {
        app.apply({ActionKind::start, {}, 0}, now);
        ViewState& s = app.state();
        s.idle.warning = true;
        s.idle.warning_since = now - 3;
        s.idle.last_input = now - app.config().idle_seconds - 3;
    }
}

}  // namespace talkoo
