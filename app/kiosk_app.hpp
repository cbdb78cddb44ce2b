// KioskApp: the visitor flow's controller. It holds the view state, asks the store for what the
// screens show, draws the current screen each frame, and applies the screens' actions: the
// navigation, the filters, the typing, the signup's commit, the usage counters, the idle timer.
//
// It knows ImGui (it draws) but not SDL: the kiosk's main loop and the tests drive the very same
// object, the one by SDL events and a window, the other by setting ImGui's io directly in a
// headless context. Time comes in as a parameter (seconds on a monotonic clock), so tests can
// run an idle timeout without waiting for it.
#pragma once

#include <functional>
#include <limits>
#include <optional>
#include <string>

#include "app/actions.hpp"
#include "app/metrics.hpp"
#include "app/screens/screens.hpp"
#include "app/signup_form.hpp"
#include "app/status_board.hpp"
#include "app/store_flush.hpp"
#include "app/task_list.hpp"
#include "app/theme.hpp"
#include "app/translations.hpp"
#include "app/ui/ui.hpp"
#include "app/view_state.hpp"
#include "core/local_store.hpp"
#include "platform/fonts.hpp"
#include "platform/speech.hpp"

namespace talkoo {

struct KioskConfig {
    std::string info_point_id;  // this stand; "" = not set (no "near this stand" filter)
    Lang default_lang = Lang::fi;
    bool high_contrast = false;
    int idle_seconds = 60;         // without a touch before "Are you still there?"
    int thanks_idle_seconds = 20;  // the same on the thank-you screen
    int countdown_seconds = 20;    // the question's countdown before the reset
    int idle_max_seconds = 600;    // "I need more time" doubles the idle time up to this
    int text_size = 100;           // a new visitor's text size, percent (100, 150, 200)
    int highlight_seconds = 8;     // the attract screen shows each highlight this long
    // The kiosk syncs with a centre: a demo catalogue's key (whose private half is public) is
    // then no key to seal visitors' data to.
    bool centre_configured = false;
    // The kiosk's own keyboard on screen; off where the device brings one (a phone's, opened by
    // the platform for the focused field: focused_field()).
    bool on_screen_keyboard = true;
};

struct FrameResult {
    bool again = false;      // draw another frame right away: the state just changed
    bool animating = false;  // something moves: draw again at the display's pace
    double next_deadline = std::numeric_limits<double>::infinity();  // a frame is due then
    std::optional<platform::ScrollRegion> scroll;  // pass to Window::render with this frame
};

class KioskApp {
  public:
    // Throws StoreError if the store cannot be read.
    KioskApp(LocalStore& store, const Translations& translations, KioskConfig config, double now);

    // One frame: reads the pointer and typed characters from ImGui's io, draws the screen into
    // ImGui's draw lists (NewFrame to Render), then applies what the screens asked for. The
    // caller has set io.DisplaySize and io.DeltaTime and built `fonts` at `metrics`; it renders
    // ImGui::GetDrawData() afterwards. With `audit`, every widget and layout issue is recorded.
    FrameResult frame(const Metrics& metrics, const platform::Fonts& fonts, double now,
                      ui::LayoutAudit* audit = nullptr);
    void apply(const Action& action, double now);

    // Other threads publish their status line here (see status_board.hpp).
    StatusBoard& status_board() { return status_; }
    // The sync indicator (app/kiosk_sync.hpp): a function giving the status line in a language,
    // asked each frame; when set, its line is shown instead of the board's. It must not block.
    void set_status_source(std::function<std::string(Lang)> source) {
        status_source_ = std::move(source);
    }
    // Speech for the "Listen" button (platform/speech.hpp); null = none, and no button.
    void set_speech(platform::Speech* speech);
    // Called after each signup is durably committed (the sync worker sends it at once).
    void on_signup_committed(std::function<void()> hook) { signup_hook_ = std::move(hook); }
    // Where a commit is durable only once the platform confirms it (store_flush.hpp). Without
    // one, commit_signup's return is the confirmation, as on the kiosk.
    void set_store_flush(StoreFlush flush);
    // Between "send" and "thank you", while the platform writes the signup durably.
    bool saving() const { return !unconfirmed_id_.empty(); }

    // The text field being typed into and its text (nullptr with none), for a platform that
    // types with its own keyboard.
    Field focused_field() const { return state_.keyboard.focus; }
    const std::string* focused_field_text() { return focused_text(); }

    ViewState& state() { return state_; }
    const ScreenData& data() const { return data_; }
    const KioskConfig& config() const { return config_; }
    const Palette& palette() const { return talkoo::palette(state_.high_contrast); }
    // The visitor's text size for compute_metrics (1, 1.5 or 2): the caller builds the fonts.
    float text_scale() const { return static_cast<float>(state_.text_size) / 100.0f; }
    // Seconds left on the idle question's countdown (meaningful while it shows).
    int countdown_left(double now) const;
    // Why signups are off (no usable network key to seal them to), for staff; "" when on.
    const std::string& signups_off_reason() const { return signups_off_reason_; }
    // Screenshots: show the kiosk as if it had no usable key, whatever the store holds.
    void stage_signups_off();
    // The tap guard (ui::Ui::taps_from): a touch that goes down before this time is not taken,
    // because what is under the finger changed within the last kTapGuardSeconds.
    static constexpr double kTapGuardSeconds = 0.5;
    double taps_accepted_from() const { return layout_changed_ + kTapGuardSeconds; }

  private:
    // What decides where things are under a finger: when any of it changes, the tap guard starts.
    struct LayoutKey {
        Screen screen;
        Lang lang;
        bool warning;
        Picker picker;
        int keyboard;  // which keyboard shows (letters, number pad, e-mail), 0 = none
        size_t selected;
        int text_size;
        int chooser_step;
        bool operator==(const LayoutKey&) const = default;
    };
    LayoutKey layout_key() const;
    void note_layout(double now);
    void resolve_point();
    void go(Screen screen);
    void reset(double now, bool idle);
    void tick(double now);
    double next_deadline(double now) const;
    double idle_timeout() const;  // this screen's, for this visitor
    bool can_have_more_time() const;
    void refresh_browse();
    void prepare_search();
    void refresh_highlights();
    void refresh_selected();
    void open_task(const std::string& id);
    void run_chooser(bool count_answers);
    void submit(double now);
    void refresh_signup_key();
    // The "Saving…" notice shows only when the platform's storage is slow to answer, so a quick
    // write shows no flash; with no answer at all the signup is given up (check_flush).
    static constexpr double kSavingNoticeSeconds = 0.4;
    static constexpr double kSavingTimeoutSeconds = 15;
    void check_flush(double now);
    void thank(double now);
    SignupContext signup_context() const;
    void revalidate();
    std::string* focused_text();
    void count(std::string_view name);
    void count_session_lang();
    TaskFilter base_filter() const;

    LocalStore& store_;
    const Translations& tr_;
    KioskConfig config_;
    ViewState state_;
    ScreenData data_;
    TaskList list_;
    StatusBoard status_;
    std::function<std::string(Lang)> status_source_;
    std::function<void()> signup_hook_;
    platform::Speech* speech_ = nullptr;
    void listen();
    void stop_speech();
    std::optional<InfoPoint> point_;
    std::optional<seal::PublicKey> signup_key_;  // what signups are sealed to; none: signups off
    std::string signups_off_reason_;
    bool staged_signups_off_ = false;
    std::string base_status_line_;  // the staff line before "signups off"
    std::string device_id_;
    bool started_ = false;        // the constructor has finished (see reset())
    unsigned session_langs_ = 0;  // languages counted in this visitor session (a bit each)
    Screen form_return_ = Screen::browse;
    Screen task_return_ = Screen::browse;
    std::vector<Task>
        thanks_tasks_;  // the thank-you screen's tasks, to retitle on a language switch
    std::optional<StoreFlush> flush_;
    std::string unconfirmed_id_;  // committed, not yet confirmed durable (see saving())
    double unconfirmed_since_ = 0;
    LayoutKey last_layout_{};
    double layout_changed_ = -1e9;
    bool pointer_was_down_ = false;
    ImVec2 last_pointer_{-1, -1};
};

}  // namespace talkoo
