// The kiosk's view state: everything the screens show that is not the catalogue itself, in
// plain structs. Screens read it and return Actions (actions.hpp); KioskApp applies them. The
// only things screens write directly are presentation details that have no meaning elsewhere
// (scroll positions).
//
// Personal data lives only in FormState, and wipe_form() (signup_form.hpp) overwrites it in
// place before any reset: the next visitor never sees it, nor does a later heap allocation.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/ui/gesture.hpp"
#include "app/ui/scroll_area.hpp"
#include "core/domain.hpp"
#include "core/lang.hpp"
#include "core/task_match.hpp"
#include "core/validation.hpp"

namespace talkoo {

enum class Screen { attract, browse, task, form, thanks, chooser };

// The text fields a visitor can type into. The on-screen keyboard adapts to the field.
enum class Field { none, search, name, phone, email, message };

struct FormState {
    // Each string keeps a fixed capacity (reserved once, never reallocated while typing), so
    // wiping it overwrites the only copy there ever was.
    std::string name;
    std::string phone;
    std::string email;
    std::string message;
    std::optional<AgeGroup> age_group;
    bool consent = false;
    int64_t consent_ms = 0;
    // Shown beside their fields: from the last "Send", then kept up to date as the visitor
    // corrects them (KioskApp::revalidate): a message goes as soon as its value is valid.
    ValidationErrors errors;
    bool checked = false;              // a "Send" found problems: validate after every change
    std::vector<std::string> flagged;  // fields that have had a message since (no values)
    std::string store_error_key;       // translation key when the store refused the signup
    bool reveal_error = false;         // scroll the first error into view on the next frame
};

struct KeyboardState {
    Field focus = Field::none;
    bool shift = false;    // next letter upper case
    bool symbols = false;  // digits and punctuation instead of letters
    bool reveal = false;   // scroll the focused field into view on the next frame
};

// A choice that opens over the browse screen.
enum class Picker { none, group, category };

struct BrowseState {
    std::string query;
    std::string category;  // "" = all
    bool near = true;      // near this stand (its municipality) or the whole region
    std::optional<TargetGroup> group;
    std::vector<Commitment> commitments;  // empty = any
    bool remote_only = false;
    Picker picker = Picker::none;
    ui::ScrollState picker_scroll;
    ui::ScrollState list;
    ui::ScrollState side;
};

// "Help me choose" (issue 18, point 9): three questions, then the best matches.
struct ChooserState {
    int step = 0;  // 0 interests, 1 time, 2 wishes, 3 results
    ChooserAnswers answers;
    int widen = 0;                    // 0 strict, 1 any time, 2 any interest (task_match.hpp)
    std::vector<TaskMatch> results;   // step 3
    std::vector<std::string> titles;  // the results' titles in the visitor's language
    ui::ScrollState scroll;
};

struct AttractState {
    int highlight = 0;       // which highlight card shows
    double shown_since = 0;  // when it came in (for the slide and the next change)
};

struct IdleState {
    double last_input = 0;
    int more_time = 1;  // "I need more time": this visitor's idle times are this many times longer
    bool warning = false;  // "Are you still there?" is showing
    double warning_since = 0;
};

struct ViewState {
    Screen screen = Screen::attract;
    Lang lang = Lang::fi;
    bool high_contrast = false;
    int text_size = 100;  // percent: 100, 150 or 200, this visitor's (issue 18, point 6)

    AttractState attract;
    BrowseState browse;
    std::string task_id;  // the task page's task
    ui::ScrollState task_scroll;
    FormState form;
    KeyboardState keyboard;
    ui::ScrollState form_scroll;
    std::vector<std::string> selected;       // task ids the visitor picked, in order
    std::vector<std::string> thanks_titles;  // what the thank-you screen lists (no personal data)
    ui::ScrollState thanks_scroll;

    ChooserState chooser;

    IdleState idle;
    // One line for staff at the bottom edge (e.g. the sync worker's state); empty = hidden.
    std::string status_line;
    ui::PointerGesture pointer;
};

}  // namespace talkoo
