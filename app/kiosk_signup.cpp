// KioskApp's signup (see kiosk_app.hpp): submit() validates the form, seals the personal fields
// to the network's key, commits the signup durably (and, where the platform's storage answers
// later, waits for it: check_flush) and only then shows the thank-you screen; revalidate() keeps
// the form's messages up to date after a failed send (issue 18, finding 2).
#include <algorithm>
#include <cstdio>

#include "app/kiosk_app.hpp"
#include "app/signup_form.hpp"
#include "core/clock.hpp"
#include "core/sealed_signup.hpp"
#include "core/usage_figures.hpp"
#include "core/validation.hpp"

namespace talkoo {
namespace {

// What to tell the visitor when the store refuses a signup. The StoreError's own message is for
// staff (it goes to the log); the visitor gets advice in their language and keeps their text.
std::string store_error_key(StoreError::Code code) {
    switch (code) {
        case StoreError::Code::invalid:
            return "form.error.store_invalid";
        default:
            return "form.error.store";
    }
}

}  // namespace

void KioskApp::submit(double now) {
    FormState& form = state_.form;
    form.errors.clear();
    form.store_error_key.clear();
    state_.keyboard = {};

    Signup signup = make_signup(form, signup_context());

    ValidationErrors errors = validate_signup(signup);
    if (!errors.empty()) {
        wipe_signup(signup);
        form.errors = std::move(errors);
        form.checked = true;
        for (const FieldError& e : form.errors)
            form.flagged.push_back(e.field);
        form.reveal_error = true;
        count("form.invalid");
        return;
    }
    refresh_signup_key();
    if (!signup_key_) {  // the key went away while the form was open: keep nothing
        wipe_signup(signup);
        wipe_form(form);
        return;
    }
    try {
        // Sealed before it reaches the store: the plain text lives only in the form's buffers
        // and in `signup`, both wiped below whatever happens.
        store_.commit_signup(seal_signup(signup, *signup_key_));  // durable on return
    } catch (const seal::SealError& e) {
        wipe_signup(signup);
        std::fprintf(stderr, "talkoo-kiosk: could not seal a signup: %s\n", e.what());
        form.store_error_key = "form.error.store";
        form.reveal_error = true;
        return;
    } catch (const StoreError& e) {
        wipe_signup(signup);
        // StoreError messages never contain personal data (store_error.hpp): safe to log.
        std::fprintf(stderr, "talkoo-kiosk: could not save a signup: %s\n", e.what());
        form.store_error_key = store_error_key(e.code);
        form.reveal_error = true;
        return;
    }
    if (flush_) {
        // Committed to the store's file, which lives in memory until the platform has written
        // it to durable storage: thank only when it says so (check_flush).
        unconfirmed_id_ = signup.id;
        unconfirmed_since_ = now;
        wipe_signup(signup);
        flush_->start();
        return;
    }
    wipe_signup(signup);
    thank(now);
}

void KioskApp::check_flush(double now) {
    FlushState s = flush_->state();
    if (s == FlushState::written) {
        unconfirmed_id_.clear();
        thank(now);
        return;
    }
    if (s == FlushState::writing && now - unconfirmed_since_ < kSavingTimeoutSeconds) return;
    // Refused, or no answer in time: the signup is not kept, so it must never be sent either
    // (a later write could otherwise make it durable with no thank-you shown, and the visitor,
    // told it failed, would send it again). The form keeps what was typed.
    try {
        store_.withdraw_signup(unconfirmed_id_);
        // A write that was only slow may still land with the signup in it: write again, so that
        // what the storage keeps in the end is the withdrawal.
        flush_->start();
    } catch (const StoreError& e) {
        std::fprintf(stderr, "talkoo-kiosk: could not withdraw an unsaved signup: %s\n", e.what());
    }
    std::fprintf(stderr, "talkoo-kiosk: the browser's storage did not confirm a signup (%s)\n",
                 s == FlushState::failed ? "refused" : "no answer");
    unconfirmed_id_.clear();
    state_.idle.last_input = now;  // time to read why, as after a tap
    // A browser that keeps nothing at all: say that again, not "try again".
    state_.form.store_error_key =
        flush_->available ? "form.error.not_kept" : "form.error.no_storage";
    state_.form.reveal_error = true;
}

void KioskApp::set_store_flush(StoreFlush flush) {
    flush_ = std::move(flush);
}

void KioskApp::thank(double now) {
    if (signup_hook_) signup_hook_();
    count("signup.sent");
    for (const Task& t : data_.selected_tasks)
        count(std::string(kTaskSignupPrefix) + t.id);
    thanks_tasks_ = data_.selected_tasks;
    state_.thanks_titles.clear();
    for (const Task& t : thanks_tasks_)
        state_.thanks_titles.push_back(t.title.show(state_.lang));
    wipe_form(state_.form);
    state_.selected.clear();
    data_.selected_tasks.clear();
    state_.thanks_scroll = {};
    state_.idle.last_input = now;
    go(Screen::thanks);
}

SignupContext KioskApp::signup_context() const {
    SignupContext context;
    context.task_ids = state_.selected;
    context.lang = state_.lang;
    context.consent_version = tr_.get(state_.lang, "consent.version");
    context.info_point_id = point_ ? point_->id : std::string();
    context.device_id = device_id_;
    context.now_ms = now_ms();
    return context;
}

// After a "Send" that found problems, every change checks the form again, so that a message
// goes (or changes) as soon as its value is valid and the summary follows. A field being typed
// into gets no new message while it is half typed: it shows when the visitor leaves the field
// or sends, as a message it already had stays until the value is right.
void KioskApp::revalidate() {
    FormState& form = state_.form;
    if (!form.checked) return;
    Signup signup = make_signup(form, signup_context());
    ValidationErrors now = validate_signup(signup);
    wipe_signup(signup);
    auto field_of = [](Field f) -> std::string_view {
        switch (f) {
            case Field::name:
                return "name";
            case Field::phone:
                return "phone";
            case Field::email:
                return "email";
            case Field::message:
                return "message";
            default:
                return {};
        }
    };
    std::string_view typing = field_of(state_.keyboard.focus);
    ValidationErrors shown;
    for (FieldError& e : now) {
        bool had =
            std::find(form.flagged.begin(), form.flagged.end(), e.field) != form.flagged.end();
        if (!typing.empty() && e.field == typing && !had) continue;
        if (!had) form.flagged.push_back(e.field);
        shown.push_back(std::move(e));
    }
    form.errors = std::move(shown);
}

}  // namespace talkoo
