// The visitor screens, one file each, and the chrome they share. Each screen is a function of
// the view state and the catalogue data it shows, drawing into the frame's Ui and appending
// Actions; none touches the store, the clock or SDL.
//
//   attract.cpp       rotating highlights, "touch to start" in three languages
//   browse.cpp        category tiles, filters, search, the task list
//   pickers.cpp       "for whom?" and (narrow screens) the category, over the browse screen
//   task.cpp          one task in full, its QR code, "I'm interested"
//   form.cpp          the interest form; validation messages beside the fields
//   keyboard.cpp      the on-screen keyboard (letters with å ä ö, number pad, e-mail row)
//   thanks.cpp        what happens next
//   signups_off.cpp   in place of the form when this kiosk cannot seal a signup
//   chooser.cpp       "Help me choose": three questions, then the best matches
//   idle_warning.cpp  "Are you still there?" with its countdown
//   saving.cpp        "Saving…" while a browser's storage confirms a signup
//   chrome.cpp        top bar (back, title, language, contrast), text fields, bottom bars
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/actions.hpp"
#include "app/qr_code.hpp"
#include "app/task_list.hpp"
#include "app/ui/ui.hpp"
#include "app/view_state.hpp"
#include "core/domain.hpp"
#include "core/local_store.hpp"

namespace talkoo {

// Catalogue data the screens show, prepared by KioskApp from the store.
struct ScreenData {
    TaskList* list = nullptr;           // the browse list under the current filters
    std::vector<CategoryCount> counts;  // tasks per category under the other filters
    int all_count = 0;                  // tasks under the other filters, all categories
    std::vector<TaskCard> highlights;   // the attract screen's rotation
    std::optional<Task> task;           // the task page's task
    std::optional<Organisation> task_org;
    QrCode task_qr;
    std::vector<Task> selected_tasks;  // ViewState::selected, resolved, same order
    std::string point_name;            // this stand, in the visitor's language; "" if unset
    bool has_point = false;
    bool signups_off = false;  // no usable network key: the form cannot be sealed, so not shown
    bool can_speak = false;    // a "Listen" button (speech and an audio device are there)
    bool speaking = false;     // it is reading: the button says "Stop"
};

void attract_screen(ui::Ui& ui, ViewState& state, ScreenData& data, Actions& out);
void browse_screen(ui::Ui& ui, ViewState& state, ScreenData& data, Actions& out);
void task_screen(ui::Ui& ui, ViewState& state, ScreenData& data, Actions& out);
void form_screen(ui::Ui& ui, ViewState& state, ScreenData& data, Actions& out);
void thanks_screen(ui::Ui& ui, ViewState& state, ScreenData& data, Actions& out);
void signups_off_screen(ui::Ui& ui, ViewState& state, ScreenData& data, Actions& out);
void chooser_screen(ui::Ui& ui, ViewState& state, ScreenData& data, Actions& out);
// pickers.cpp: the choices that open over the browse screen.
void group_picker(ui::Ui& ui, ViewState& state, Actions& out);
void category_picker(ui::Ui& ui, ViewState& state, const ScreenData& data, Actions& out);
// `more_time`: offer "I need more time" (the visitor may still have their idle time doubled).
void idle_warning(ui::Ui& ui, int seconds_left, int countdown_seconds, bool more_time,
                  Actions& out);
// saving.cpp: "Saving…" over the form while the device's storage confirms a signup.
void saving_notice(ui::Ui& ui);

// -- keyboard.cpp ------------------------------------------------------------------------------
// Height the keyboard for `field` needs at this layout's width.
float keyboard_height(const ui::Ui& ui, Field field, const KeyboardState& kb);
// Draws the keyboard in `area` for typing into `field` whose current text is `text` (for the
// automatic capital at the start of a name).
void keyboard(ui::Ui& ui, const ui::Rect& area, const KeyboardState& kb, Field field,
              std::string_view text, Actions& out);
// Turns typed characters from a physical keyboard (or a test) into the same actions.
void collect_typed_text(Actions& out);

// -- chrome.cpp --------------------------------------------------------------------------------
struct TopBar {
    std::string_view back_key;   // label of the way back; "" = no back button
    std::string_view title_key;  // shown in the bar when there is room; "" = none
    // The way back as the screen's main action (the thank-you screen's "Done"): its id and
    // icon, drawn as a primary button that keeps its label wherever it fits.
    std::string_view back_id = "back";
    const char* back_icon = nullptr;  // null: the arrow
    bool back_primary = false;
};
// Draws the top bar across the top of `area` and returns what is left below it.
ui::Rect top_bar(ui::Ui& ui, const ViewState& state, const TopBar& bar, ui::Rect area,
                 Actions& out);
// The display controls every visitor screen has: the languages, the contrast toggle and the
// text size (A / A+ / A++, or one stepping button on a phone). control_rows() says whether they
// fit in one row of `row_w` beside `left_w` of other things, or need a second row for the
// languages; display_controls() draws them right-aligned in `row` (and `second`) and returns
// the width they take in `row`.
struct ControlRows {
    bool two = false;    // the languages go to a second row
    bool names = false;  // "Suomi Svenska English", else "FI SV EN"
};
ControlRows control_rows(const ui::Ui& ui, float row_w, float left_w);
float display_controls(ui::Ui& ui, const ViewState& state, const ui::Rect& row,
                       const ui::Rect& second, const ControlRows& rows, Actions& out, bool on_dark);
// A panel across the bottom of `area` for the screen's main action; returns its rectangle and
// shrinks `area`.
ui::Rect bottom_bar(ui::Ui& ui, ui::Rect& area, float content_height);

// A text field with its label above and its error below. Tapping it focuses it. Returns the
// height used. `lines` > 1 makes a taller box that wraps.
struct FieldSpec {
    std::string_view id;
    std::string_view label;
    std::string_view hint;  // placeholder while empty
    const char* icon;
    Field field;
    int lines = 1;
    std::string_view error;  // translated message, "" = none
};
float text_field(ui::Ui& ui, const FieldSpec& spec, ImVec2 pos, float width, std::string_view value,
                 bool focused, Actions& out);
float text_field_height(const ui::Ui& ui, const FieldSpec& spec, float width);

// "Listen" / "Stop" at `pos`, `width` at most; returns the height used (0 when the kiosk cannot
// speak: no button).
float listen_button(ui::Ui& ui, const ScreenData& data, std::string_view id, ImVec2 pos,
                    float width, Actions& out);

// The staff status line along the bottom edge (empty: nothing drawn).
void status_line(ui::Ui& ui, const ViewState& state);

// task.cpp: "Yyterin uimaranta, Pori" for a place and its town, the town only once.
std::string place_with_town(std::string_view place, std::string_view town);

// The translated name of a category, target group, commitment, benefit or age group.
std::string_view category_name(const ui::Ui& ui, std::string_view id);

}  // namespace talkoo
