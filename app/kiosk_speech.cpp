// KioskApp's "Listen" (see kiosk_app.hpp and platform/speech.hpp): reading the task page or the
// form aloud, and stopping whenever the screen it belongs to goes.
#include "app/kiosk_app.hpp"
#include "app/speech_text.hpp"

namespace talkoo {

void KioskApp::set_speech(platform::Speech* speech) {
    stop_speech();
    speech_ = speech;
    data_.can_speak = speech != nullptr;
}

void KioskApp::stop_speech() {
    if (speech_) speech_->stop();
    data_.speaking = false;
}

void KioskApp::listen() {
    if (!speech_) return;
    if (speech_->speaking()) {
        stop_speech();
        return;
    }
    std::string text;
    if (state_.screen == Screen::task && data_.task)
        text = task_speech(tr_, state_.lang, *data_.task, data_.task_org);
    else if (state_.screen == Screen::form)
        text = form_speech(tr_, state_.lang, state_.form, data_.selected_tasks);
    if (text.empty()) return;
    speech_->say(std::move(text), lang_code(state_.lang));
    data_.speaking = true;
    count("speech.listen");
}

}  // namespace talkoo
