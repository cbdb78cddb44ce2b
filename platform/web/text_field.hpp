// The phone's own keyboard for the app's text fields. A canvas cannot take text: a phone opens
// its keyboard only for a focused text input. So the page has one hidden <input> (below the
// canvas, transparent), which follows the app's focused field: focused while a field is, with
// the field's kind (a number pad for a phone number, an e-mail keyboard for an address) and its
// text. What the person types there (keys, the keyboard's suggestions and corrections, pasting)
// comes back as a difference from the field's text, as backspaces and UTF-8 text in SDL's
// events, which the main loop hands to the screens like a kiosk's USB keyboard; Enter goes to
// the next field. Closing the keyboard (the phone's back gesture) unfocuses the field.
//
// The input never lets the browser remember what was typed (autocomplete off), so the next
// visitor on a shared tablet is offered nothing of it, and it is emptied when the field loses
// focus.
#pragma once

#include <string_view>

namespace talkoo::platform {

enum class TextKind { none, text, name, phone, email, search };

class PageTextField {
  public:
    PageTextField();
    // After each frame: the app's focused field (none: no field) and its current text.
    void follow(TextKind kind, std::string_view text);

  private:
    TextKind kind_ = TextKind::none;
};

}  // namespace talkoo::platform
