// What a screen asks for, as plain values: the screens never touch the store or navigation
// themselves, KioskApp::apply() does. A frame can produce several (e.g. a key and a scroll).
#pragma once

#include <string>
#include <vector>

namespace talkoo {

enum class ActionKind {
    start,            // attract → browse
    set_lang,         // value: Lang
    toggle_contrast,  //
    set_text_size,    // value: percent (100, 150, 200); 0 = the next size, round
    back,             // the screen's way back
    reset,            // to attract, wiping everything (also the idle timeout's end)
    still_here,       // answers the idle question
    more_time,        // "I need more time": doubles this visitor's idle time (up to the limit)
    // browse
    set_category,  // text: category id, "" = all
    set_near,      // value: 1 near this stand, 0 whole region
    open_picker,   // value: Picker (who the task is for; the category on narrow screens)
    close_picker,
    set_group,          // value: TargetGroup, -1 = anyone
    toggle_commitment,  // value: Commitment
    toggle_remote,
    clear_filters,
    open_task,        // text: task id
    toggle_selected,  // text: task id
    to_form,          // browse/task → form with the selection
    // task page
    interested,  // text: task id → selected, then the form
    // fields and the keyboard
    focus,      // value: Field
    type,       // text: UTF-8 to insert
    backspace,  //
    shift,      //
    symbols,    // toggles digits/punctuation
    next_field,
    keyboard_done,
    // form
    set_age_group,  // value: AgeGroup, -1 = not told
    toggle_consent,
    unselect,     // text: task id
    choose_more,  // form → browse, keeping the selection
    submit,
    // thank-you
    done,
    // task page and form
    listen,  // read the page aloud, or stop reading
    // "Help me choose"
    chooser_open,      // from attract or browse
    chooser_interest,  // text: category id, toggled
    chooser_time,      // value: TimeChoice, -1 = any
    chooser_wish,      // value: Wish, toggled
    chooser_next,      // the next question, or the results after the last
    chooser_widen,     // fewer matches than hoped: let more through
};

struct Action {
    ActionKind kind;
    std::string text;
    int value = 0;
};

using Actions = std::vector<Action>;

}  // namespace talkoo
