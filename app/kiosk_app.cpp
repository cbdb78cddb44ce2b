// See kiosk_app.hpp.
//
// Index:
//   [construction]  config, the stand's info point, the first catalogue queries
//   [frame]         input → idle timer → screens → actions
//   [actions]       apply(): one case per ActionKind
//   (signup)        in kiosk_signup.cpp: submit() (validate, seal, commit durably, wait for the
//                   platform's word where that is asynchronous: store_flush.hpp, only then
//                   thank), revalidate(); the network key it seals to: kiosk_app_signup_key.cpp
//   (speech)        in kiosk_speech.cpp: set_speech(), listen()
//   [queries]       the store calls behind the screens' data
#include "app/kiosk_app.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/signup_form.hpp"
#include "core/clock.hpp"
#include "core/sealed_signup.hpp"
#include "core/usage_figures.hpp"
#include "core/validation.hpp"
#include "sync/client/sync_session.hpp"

namespace talkoo {

namespace {

std::string_view screen_name(Screen s) {
    switch (s) {
        case Screen::attract:
            return "attract";
        case Screen::browse:
            return "browse";
        case Screen::task:
            return "task";
        case Screen::form:
            return "form";
        case Screen::thanks:
            return "thanks";
        case Screen::chooser:
            return "chooser";
    }
    return "attract";
}

template <typename T>
void toggle(std::vector<T>& v, const T& x) {
    auto it = std::find(v.begin(), v.end(), x);
    if (it == v.end())
        v.push_back(x);
    else
        v.erase(it);
}

}  // namespace

// -- [construction] -------------------------------------------------------------------------

KioskApp::KioskApp(LocalStore& store, const Translations& translations, KioskConfig config,
                   double now)
    : store_(store), tr_(translations), config_(std::move(config)), list_(store) {
    device_id_ = store_.device_id();
    data_.list = &list_;
    refresh_signup_key();
    prepare_form(state_.form);
    reset(now, false);
    started_ = true;
}

// -- [frame] --------------------------------------------------------------------------------

FrameResult KioskApp::frame(const Metrics& metrics, const platform::Fonts& fonts, double now,
                            ui::LayoutAudit* audit) {
    ImGuiIO& io = ImGui::GetIO();
    bool down = io.MouseDown[0];
    bool moved = io.MousePos.x != last_pointer_.x || io.MousePos.y != last_pointer_.y;
    bool person = down != pointer_was_down_ || (moved && io.MousePos.x > -1e5f) ||
                  io.InputQueueCharacters.Size > 0 || io.MouseWheel != 0;
    pointer_was_down_ = down;
    last_pointer_ = io.MousePos;
    if (person) state_.idle.last_input = now;
    if (saving()) check_flush(now);
    // The staff line: the board's or the sync worker's, after why signups are off if they are.
    if (auto line = status_.take_change()) base_status_line_ = *line;
    if (status_source_) {
        std::string line = status_source_(state_.lang);
        // The worker's line changes when it has news, a new network key among them.
        if (line != base_status_line_) {
            base_status_line_ = std::move(line);
            refresh_signup_key();
        }
    }
    state_.status_line = base_status_line_;
    if (data_.signups_off) {
        std::string off = tr_.get(state_.lang, "status.signups_off");
        state_.status_line = base_status_line_.empty() ? off : off + " · " + base_status_line_;
    }
    data_.speaking = speech_ && speech_->speaking();
    tick(now);
    note_layout(now);  // the idle question may have just appeared

    // Outlines as geometry with an alpha fringe, not sampled from the atlas's baked line
    // textures: the same on both renderers, and exact in the software rasteriser.
    ImGui::GetStyle().AntiAliasedLinesUseTex = false;
    ImGui::NewFrame();
    if (audit) audit->clear();
    const Palette& pal = palette();
    ui::Ui ui;
    ui.dl = ImGui::GetBackgroundDrawList();
    ui.m = &metrics;
    ui.pal = &pal;
    ui.fonts = &fonts;
    ui.tr = &tr_;
    ui.lang = state_.lang;
    ui.pointer = &state_.pointer;
    ui.audit = audit;
    ui.on_screen_keyboard = config_.on_screen_keyboard;
    ui.now = now;
    ui.taps_from = taps_accepted_from();
    ui.dt = io.DeltaTime;
    ui.screen = {0, 0, io.DisplaySize.x, io.DisplaySize.y};
    if (!state_.status_line.empty()) ui.screen.h -= ui::line_height(fonts.small);
    ui.clip = ui.screen;
    ui::update_gesture(state_.pointer, io.MousePos, down, now, metrics.drag_threshold);

    Actions actions;
    ui.blocked = state_.idle.warning || saving();
    switch (state_.screen) {
        case Screen::attract:
            attract_screen(ui, state_, data_, actions);
            break;
        case Screen::browse:
            browse_screen(ui, state_, data_, actions);
            break;
        case Screen::task:
            task_screen(ui, state_, data_, actions);
            break;
        case Screen::form:
            if (data_.signups_off)
                signups_off_screen(ui, state_, data_, actions);
            else
                form_screen(ui, state_, data_, actions);
            break;
        case Screen::thanks:
            thanks_screen(ui, state_, data_, actions);
            break;
        case Screen::chooser:
            chooser_screen(ui, state_, data_, actions);
            break;
    }
    ui.blocked = false;
    if (saving() && now - unconfirmed_since_ >= kSavingNoticeSeconds) {
        ui.dl = ImGui::GetForegroundDrawList();
        saving_notice(ui);
    }
    if (state_.idle.warning) {
        ui.dl = ImGui::GetForegroundDrawList();
        idle_warning(ui, countdown_left(now), config_.countdown_seconds, can_have_more_time(),
                     actions);
    }
    ui.dl = ImGui::GetBackgroundDrawList();
    ui.screen.h = io.DisplaySize.y;
    ui.clip = ui.screen;  // the line lies below the screens' area
    status_line(ui, state_);
    ImGui::Render();

    Screen before = state_.screen;
    for (const Action& a : actions)
        apply(a, now);
    note_layout(now);
    FrameResult result;
    result.again = !actions.empty() || before != state_.screen || ui.relayout;
    result.animating = ui.wants_frames;
    result.scroll = ui.scrolled;
    result.next_deadline = next_deadline(now);
    // While reading aloud, a look four times a second turns "Stop" back into "Listen" when done.
    if (data_.speaking) result.next_deadline = std::min(result.next_deadline, now + 0.25);
    return result;
}

void KioskApp::tick(double now) {
    if (saving()) return;  // the visitor waits for the answer; no reset may come in between
    if (state_.screen == Screen::attract) {
        state_.idle.warning = false;
        if (data_.highlights.size() > 1 &&
            now - state_.attract.shown_since >= config_.highlight_seconds) {
            state_.attract.highlight =
                (state_.attract.highlight + 1) % static_cast<int>(data_.highlights.size());
            state_.attract.shown_since = now;
            prepare_search();  // a catalogue the sync thread wrote meanwhile
        }
        return;
    }
    double timeout = idle_timeout();
    if (!state_.idle.warning && now - state_.idle.last_input >= timeout) {
        state_.idle.warning = true;
        state_.idle.warning_since = now;
        state_.keyboard.focus = Field::none;
        state_.browse.picker = Picker::none;
    }
    if (state_.idle.warning && now - state_.idle.warning_since >= config_.countdown_seconds)
        reset(now, true);
}

// The idle time of this screen, for this visitor: each "I need more time" doubled it, never
// beyond what staff allow (idle_max_seconds; WCAG 2.2's "timing adjustable" asks for at least
// ten times the default).
double KioskApp::idle_timeout() const {
    int base = state_.screen == Screen::thanks ? config_.thanks_idle_seconds : config_.idle_seconds;
    int longest = std::max(base, config_.idle_max_seconds);
    return std::min<double>(static_cast<double>(base) * state_.idle.more_time, longest);
}

bool KioskApp::can_have_more_time() const {
    return config_.idle_seconds * state_.idle.more_time < config_.idle_max_seconds;
}

int KioskApp::countdown_left(double now) const {
    double left = config_.countdown_seconds - (now - state_.idle.warning_since);
    return std::max(0, static_cast<int>(std::ceil(left)));
}

double KioskApp::next_deadline(double now) const {
    if (saving()) {
        // The platform wakes the loop when its answer comes; these only show the notice and
        // give up on a storage that never answers.
        double notice = unconfirmed_since_ + kSavingNoticeSeconds;
        return now < notice ? notice : unconfirmed_since_ + kSavingTimeoutSeconds;
    }
    if (state_.screen == Screen::attract) {
        if (data_.highlights.size() > 1)
            return state_.attract.shown_since + config_.highlight_seconds;
        return std::numeric_limits<double>::infinity();
    }
    if (state_.idle.warning) {
        // The next whole second of the countdown, so that the number changes on time.
        double elapsed = now - state_.idle.warning_since;
        return state_.idle.warning_since + std::floor(elapsed) + 1;
    }
    return state_.idle.last_input + idle_timeout();
}

// -- [actions] ------------------------------------------------------------------------------

KioskApp::LayoutKey KioskApp::layout_key() const {
    Field f = state_.keyboard.focus;
    int keyboard = f == Field::none ? 0 : f == Field::phone ? 2 : f == Field::email ? 3 : 1;
    return {state_.screen,        state_.lang,        state_.idle.warning,
            state_.browse.picker, keyboard,           state_.selected.size(),
            state_.text_size,     state_.chooser.step};
}

// A double tap's second half must not act on what replaced the first half's target: a new
// screen, the idle question, a picker, the keyboard, or a screen laid out anew (another
// language, a bottom bar that came with the first chosen task). Typing and scrolling change
// none of these, so a fast typist is never held up.
void KioskApp::note_layout(double now) {
    LayoutKey key = layout_key();
    if (key == last_layout_) return;
    last_layout_ = key;
    layout_changed_ = now;
}

void KioskApp::go(Screen screen) {
    if (screen == state_.screen) return;
    if (screen == Screen::form) refresh_signup_key();
    stop_speech();  // what was read belonged to the screen left behind
    // A visitor's session: from leaving the attract screen (core/usage_figures.hpp's counters,
    // which the staff panel's and the centre's figures read).
    if (state_.screen == Screen::attract && screen != Screen::attract) {
        count(kSessionCounter);
        session_langs_ = 0;
        count_session_lang();
    }
    state_.screen = screen;
    state_.keyboard = {};
    // Said before anyone types: this browser cannot keep a signup.
    if (screen == Screen::form && flush_ && !flush_->available)
        state_.form.store_error_key = "form.error.no_storage";
    count("screen." + std::string(screen_name(screen)));
}

// The stand's info point: the kiosk's own setting (kiosk.conf or --point) wins; else the one the
// centre registered it for (learned by sync, issue 18 point 4); else none, and nothing on screen
// claims nearness. Looked up at every start-over, so a point learned meanwhile applies from the
// next visitor on, never under one.
void KioskApp::resolve_point() {
    std::string id = config_.info_point_id;
    try {
        if (id.empty()) id = store_.setting(sync::kCentreInfoPointSetting).value_or("");
        point_ = id.empty() ? std::nullopt : store_.info_point(id);
    } catch (const StoreError& e) {
        std::fprintf(stderr, "talkoo-kiosk: cannot read the stand's info point: %s\n", e.what());
    }
    data_.has_point = point_.has_value();
}

void KioskApp::reset(double now, bool idle) {
    if (idle) count("idle.reset");
    stop_speech();
    resolve_point();
    wipe_form(state_.form);
    state_.selected.clear();
    data_.selected_tasks.clear();
    state_.thanks_titles.clear();
    thanks_tasks_.clear();
    state_.browse = BrowseState{};
    state_.chooser = {};
    state_.browse.near = point_.has_value();
    state_.keyboard = {};
    state_.task_id.clear();
    data_.task.reset();
    data_.task_org.reset();
    data_.task_qr = {};
    state_.task_scroll = {};
    state_.form_scroll = {};
    state_.thanks_scroll = {};
    state_.lang = config_.default_lang;
    state_.high_contrast = config_.high_contrast;
    state_.text_size = config_.text_size;
    state_.attract = {0, now};
    state_.idle = {now, 1, false, 0};
    state_.screen = Screen::attract;
    count("screen.attract");
    if (started_) refresh_signup_key();
    refresh_highlights();
    refresh_browse();
    if (started_) prepare_search();  // not while starting: the first frame comes first
}

// Nobody is waiting now (back on the attract screen): build what the next visitor's first
// search would otherwise wait for after a catalogue change (LocalStore::prepare_search; cheap
// when nothing changed).
void KioskApp::prepare_search() {
    try {
        store_.prepare_search();
    } catch (const StoreError& e) {
        std::fprintf(stderr, "talkoo-kiosk: cannot read the task catalogue: %s\n", e.what());
    }
}

void KioskApp::apply(const Action& a, double now) {
    BrowseState& b = state_.browse;
    switch (a.kind) {
        case ActionKind::start:
            go(Screen::browse);
            break;
        case ActionKind::set_lang:
            state_.lang = static_cast<Lang>(a.value);
            stop_speech();  // it was reading in the other language
            count("lang." + std::string(lang_code(state_.lang)));
            if (state_.screen != Screen::attract) count_session_lang();
            refresh_highlights();
            refresh_browse();
            refresh_selected();
            if (!state_.chooser.results.empty()) run_chooser(false);  // titles in the new language
            if (!thanks_tasks_.empty()) {
                state_.thanks_titles.clear();
                for (const Task& t : thanks_tasks_)
                    state_.thanks_titles.push_back(t.title.show(state_.lang));
            }
            if (state_.screen == Screen::attract) go(Screen::browse);
            break;
        case ActionKind::toggle_contrast:
            state_.high_contrast = !state_.high_contrast;
            break;
        case ActionKind::set_text_size: {
            int size = a.value;
            if (size == 0) size = state_.text_size >= 200 ? 100 : state_.text_size + 50;
            if (size != 100 && size != 150 && size != 200) break;
            state_.text_size = size;
            count("text.size." + std::to_string(size));
            // Everything moves: what was in view is scrolled anew.
            state_.keyboard.reveal = state_.keyboard.focus != Field::none;
            break;
        }
        case ActionKind::back:
            switch (state_.screen) {
                case Screen::browse:
                    reset(now, false);
                    break;
                case Screen::task:
                    go(task_return_);
                    break;
                case Screen::chooser:
                    if (state_.chooser.step > 0) {
                        state_.chooser.step--;
                        state_.chooser.scroll = {};
                    } else {
                        go(Screen::browse);
                    }
                    break;
                case Screen::form:
                    go(form_return_);
                    break;
                case Screen::thanks:
                case Screen::attract:
                    reset(now, false);
                    break;
            }
            break;
        case ActionKind::reset:
        case ActionKind::done:
            reset(now, false);
            break;
        case ActionKind::still_here:
            state_.idle.warning = false;
            state_.idle.last_input = now;
            break;
        case ActionKind::more_time:
            if (can_have_more_time()) state_.idle.more_time *= 2;
            state_.idle.warning = false;
            state_.idle.last_input = now;
            count("idle.more_time");
            break;
        case ActionKind::set_category:
            b.category = a.text;
            b.picker = Picker::none;
            b.list = {};
            count("filter.category");
            refresh_browse();
            break;
        case ActionKind::set_near:
            b.near = a.value != 0;
            b.list = {};
            count("filter.near");
            refresh_browse();
            break;
        case ActionKind::open_picker:
            b.picker = static_cast<Picker>(a.value);
            b.picker_scroll = {};
            break;
        case ActionKind::close_picker:
            b.picker = Picker::none;
            break;
        case ActionKind::set_group:
            if (a.value < 0)
                b.group.reset();
            else
                b.group = static_cast<TargetGroup>(a.value);
            b.picker = Picker::none;
            b.list = {};
            count("filter.group");
            refresh_browse();
            break;
        case ActionKind::toggle_commitment:
            toggle(b.commitments, static_cast<Commitment>(a.value));
            b.list = {};
            count("filter.commitment");
            refresh_browse();
            break;
        case ActionKind::toggle_remote:
            b.remote_only = !b.remote_only;
            b.list = {};
            count("filter.remote");
            refresh_browse();
            break;
        case ActionKind::clear_filters:
            if (a.text == "query") {
                wipe_string(b.query);
            } else {
                wipe_string(b.query);
                b.category.clear();
                b.group.reset();
                b.commitments.clear();
                b.remote_only = false;
                b.near = point_.has_value();
            }
            b.list = {};
            refresh_browse();
            break;
        case ActionKind::open_task:
            open_task(a.text);
            break;
        case ActionKind::toggle_selected: {
            auto it = std::find(state_.selected.begin(), state_.selected.end(), a.text);
            if (it != state_.selected.end())
                state_.selected.erase(it);
            else if (state_.selected.size() < kMaxTasksPerSignup)
                state_.selected.push_back(a.text);
            refresh_selected();
            break;
        }
        case ActionKind::unselect: {
            auto it = std::find(state_.selected.begin(), state_.selected.end(), a.text);
            if (it != state_.selected.end()) state_.selected.erase(it);
            refresh_selected();
            break;
        }
        case ActionKind::interested:
            if (std::find(state_.selected.begin(), state_.selected.end(), a.text) ==
                    state_.selected.end() &&
                state_.selected.size() < kMaxTasksPerSignup)
                state_.selected.push_back(a.text);
            refresh_selected();
            [[fallthrough]];
        case ActionKind::to_form:
            if (state_.screen != Screen::form) form_return_ = state_.screen;
            go(Screen::form);
            break;
        case ActionKind::choose_more:
            go(Screen::browse);
            break;
        case ActionKind::focus:
            state_.keyboard.focus = static_cast<Field>(a.value);
            state_.keyboard.shift = false;
            state_.keyboard.symbols = false;
            state_.keyboard.reveal = true;
            break;
        case ActionKind::type:
            if (std::string* field = focused_text()) {
                if (type_into(*field, a.text, field_limit(state_.keyboard.focus)))
                    state_.keyboard.shift = false;
                if (state_.keyboard.focus == Field::search) refresh_browse();
                state_.keyboard.reveal = true;
            }
            break;
        case ActionKind::backspace:
            if (std::string* field = focused_text()) {
                erase_last_char(*field);
                if (state_.keyboard.focus == Field::search) refresh_browse();
            }
            break;
        case ActionKind::shift:
            state_.keyboard.shift = !state_.keyboard.shift;
            break;
        case ActionKind::symbols:
            state_.keyboard.symbols = !state_.keyboard.symbols;
            break;
        case ActionKind::next_field: {
            Field f = state_.keyboard.focus;
            Field next = f == Field::name    ? Field::phone
                         : f == Field::phone ? Field::email
                         : f == Field::email ? Field::message
                                             : Field::none;
            state_.keyboard = {};
            state_.keyboard.focus = next;
            state_.keyboard.reveal = next != Field::none;
            break;
        }
        case ActionKind::keyboard_done:
            state_.keyboard = {};
            break;
        case ActionKind::set_age_group:
            if (a.value < 0)
                state_.form.age_group.reset();
            else
                state_.form.age_group = static_cast<AgeGroup>(a.value);
            break;
        case ActionKind::toggle_consent:
            state_.form.consent = !state_.form.consent;
            state_.form.consent_ms = state_.form.consent ? now_ms() : 0;
            break;
        case ActionKind::submit:
            submit(now);
            break;
        case ActionKind::listen:
            listen();
            break;
        case ActionKind::chooser_open:
            state_.chooser = {};
            count("chooser.start");
            go(Screen::chooser);
            break;
        case ActionKind::chooser_interest:
            toggle(state_.chooser.answers.interests, a.text);
            break;
        case ActionKind::chooser_time:
            if (a.value < 0 || state_.chooser.answers.time == static_cast<TimeChoice>(a.value))
                state_.chooser.answers.time.reset();
            else
                state_.chooser.answers.time = static_cast<TimeChoice>(a.value);
            break;
        case ActionKind::chooser_wish:
            toggle(state_.chooser.answers.wishes, static_cast<Wish>(a.value));
            break;
        case ActionKind::chooser_next:
            state_.chooser.scroll = {};
            if (++state_.chooser.step >= 3) {
                state_.chooser.step = 3;
                run_chooser(true);
            }
            break;
        case ActionKind::chooser_widen:
            if (state_.chooser.widen < 2) {
                state_.chooser.widen++;
                count("chooser.widen");
                run_chooser(false);
            }
            break;
    }
    if (a.kind == ActionKind::unselect || a.kind == ActionKind::toggle_selected ||
        a.kind == ActionKind::interested) {
        // "A chosen task is no longer available": its cause may be gone now.
        if (state_.form.store_error_key == "form.error.store_invalid")
            state_.form.store_error_key.clear();
    }
    if (state_.screen == Screen::form && a.kind != ActionKind::submit) revalidate();
}

std::string* KioskApp::focused_text() {
    switch (state_.keyboard.focus) {
        case Field::search:
            return &state_.browse.query;
        case Field::name:
            return &state_.form.name;
        case Field::phone:
            return &state_.form.phone;
        case Field::email:
            return &state_.form.email;
        case Field::message:
            return &state_.form.message;
        case Field::none:
            return nullptr;
    }
    return nullptr;
}

// -- [queries] ------------------------------------------------------------------------------

// Once per language per session: "the languages used" counts visitors, not taps.
void KioskApp::count_session_lang() {
    const unsigned bit = 1u << static_cast<unsigned>(state_.lang);
    if (session_langs_ & bit) return;
    session_langs_ |= bit;
    count(std::string(kSessionLangPrefix) + std::string(lang_code(state_.lang)));
}

void KioskApp::count(std::string_view name) {
    // Anonymous counters must never get in a visitor's way: a failure is logged, not shown.
    try {
        store_.count_usage(local_date(now_ms()), point_ ? point_->id : std::string(), name);
    } catch (const StoreError& e) {
        std::fprintf(stderr, "talkoo-kiosk: usage counter not saved: %s\n", e.what());
    }
}

TaskFilter KioskApp::base_filter() const {
    TaskFilter f;
    f.today = local_date(now_ms());
    if (point_) {
        if (state_.browse.near)
            f.municipality = point_->municipality;
        else if (!point_->region.empty())
            f.region = point_->region;
    }
    const BrowseState& b = state_.browse;
    f.query = b.query;
    f.target_group = b.group;
    f.commitments = b.commitments;
    f.remote_only = b.remote_only;
    return f;
}

void KioskApp::refresh_browse() {
    data_.point_name = point_ ? point_->name.show(state_.lang) : std::string();
    try {
        TaskFilter f = base_filter();
        data_.counts = store_.category_counts(f);
        TaskFilter all = f;
        all.limit = 1;
        data_.all_count = store_.browse(all, state_.lang).total;
        if (!state_.browse.category.empty()) f.category = state_.browse.category;
        list_.reset(f, state_.lang);
    } catch (const StoreError& e) {
        std::fprintf(stderr, "talkoo-kiosk: cannot read the task catalogue: %s\n", e.what());
    }
}

void KioskApp::refresh_highlights() {
    data_.highlights.clear();
    try {
        TaskFilter f;
        f.today = local_date(now_ms());
        f.limit = 8;
        // Near this stand first; when that gives too little to rotate, the region, then all.
        if (point_) {
            TaskFilter near = f;
            near.municipality = point_->municipality;
            data_.highlights = store_.browse(near, state_.lang).cards;
            if (data_.highlights.size() < 3 && !point_->region.empty()) {
                TaskFilter region = f;
                region.region = point_->region;
                data_.highlights = store_.browse(region, state_.lang).cards;
            }
        }
        if (data_.highlights.size() < 3) data_.highlights = store_.browse(f, state_.lang).cards;
    } catch (const StoreError& e) {
        std::fprintf(stderr, "talkoo-kiosk: cannot read the task catalogue: %s\n", e.what());
    }
}

void KioskApp::refresh_selected() {
    data_.selected_tasks.clear();
    for (const std::string& id : state_.selected) {
        try {
            if (auto t = store_.task(id)) data_.selected_tasks.push_back(std::move(*t));
        } catch (const StoreError& e) {
            std::fprintf(stderr, "talkoo-kiosk: cannot read a task: %s\n", e.what());
        }
    }
}

// "Help me choose": the region's tasks (or all, with no stand) in title order, matched to the
// answers by core/task_match.hpp. The answers are counted anonymously (which interests, times
// and wishes people choose), never with anything that names a visitor.
void KioskApp::run_chooser(bool count_answers) {
    ChooserState& c = state_.chooser;
    c.results.clear();
    c.titles.clear();
    c.scroll = {};
    std::vector<Task> tasks;
    try {
        TaskFilter f;
        f.today = local_date(now_ms());
        if (point_ && !point_->region.empty()) f.region = point_->region;
        f.limit = 5000;
        for (const TaskCard& card : store_.browse(f, state_.lang).cards)
            if (auto t = store_.task(card.id)) tasks.push_back(std::move(*t));
    } catch (const StoreError& e) {
        std::fprintf(stderr, "talkoo-kiosk: cannot read the task catalogue: %s\n", e.what());
    }
    c.results = match_tasks(tasks, c.answers, point_, local_date(now_ms()), c.widen);
    for (const TaskMatch& m : c.results)
        for (const Task& t : tasks)
            if (t.id == m.task_id) c.titles.push_back(t.title.show(state_.lang));
    if (!count_answers) return;
    count("chooser.results");
    for (const std::string& i : c.answers.interests)
        count("chooser.interest." + i);
    if (c.answers.time) count("chooser.time." + std::string(to_string(*c.answers.time)));
    for (Wish w : c.answers.wishes)
        count("chooser.wish." + std::string(to_string(w)));
}

void KioskApp::open_task(const std::string& id) {
    task_return_ = state_.screen == Screen::chooser ? Screen::chooser : Screen::browse;
    if (state_.screen == Screen::chooser) count("chooser.task");
    state_.task_id = id;
    state_.task_scroll = {};
    try {
        data_.task = store_.task(id);
        data_.task_org =
            data_.task ? store_.organisation(data_.task->organisation_id) : std::nullopt;
    } catch (const StoreError& e) {
        std::fprintf(stderr, "talkoo-kiosk: cannot read a task: %s\n", e.what());
        data_.task.reset();
        data_.task_org.reset();
    }
    data_.task_qr = data_.task ? make_qr(data_.task->url) : QrCode{};
    count("task.view");
    if (data_.task) count(std::string(kTaskViewedPrefix) + data_.task->id);
    go(Screen::task);
}

}  // namespace talkoo
