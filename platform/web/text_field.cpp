// See text_field.hpp.
#include "platform/web/text_field.hpp"

#include <SDL.h>
#include <emscripten.h>

#include <cstring>
#include <string>

namespace talkoo::platform {
namespace {

// clang-format off
EM_JS(void, talkoo_text_field_create, (), {
    var input = document.createElement("input");
    input.id = "talkoo-text";
    input.setAttribute("autocomplete", "off");
    input.setAttribute("autocorrect", "off");
    input.setAttribute("autocapitalize", "off");
    input.setAttribute("spellcheck", "false");
    input.setAttribute("aria-hidden", "true");
    // On the page (a hidden or zero-sized input gets no keyboard), but invisible and under the
    // canvas; 16 px text, or phones zoom the page when it is focused.
    input.style.cssText = "position:fixed;left:0;bottom:0;width:1px;height:1px;opacity:0;" +
        "border:0;padding:0;font-size:16px;z-index:-1;";
    document.body.appendChild(input);
    var typed = function(removed, text) {
        var bytes = lengthBytesUTF8(text) + 1;
        var buffer = _malloc(bytes);
        stringToUTF8(text, buffer, bytes);
        Module["_talkoo_text_typed"](removed, buffer);
        _free(buffer);
    };
    var field = { input: input, mirrored: "", ours: false };
    input.addEventListener("input", function() {
        // The difference from what the field holds: keep the common start, delete the rest of
        // the old text, type the rest of the new (a suggestion or correction replaces a word).
        var old = Array.from(field.mirrored), now = Array.from(input.value);
        var same = 0;
        while (same < old.length && same < now.length && old[same] === now[same]) same++;
        field.mirrored = input.value;
        typed(old.length - same, now.slice(same).join(""));
    });
    input.addEventListener("keydown", function(e) {
        if (e.key === "Enter") { e.preventDefault(); Module["_talkoo_text_key"](13); }
    });
    input.addEventListener("blur", function() {
        // The person closed the keyboard (or tapped elsewhere): the field in the app lets go too.
        if (!field.ours) Module["_talkoo_text_key"](27);
    });
    Module["talkooTextField"] = field;
});

EM_JS(void, talkoo_text_field_follow, (int kind, const char* text), {
    var field = Module["talkooTextField"];
    var input = field.input;
    if (kind === 0) {
        if (document.activeElement === input) { field.ours = true; input.blur(); field.ours = false; }
        input.value = "";
        field.mirrored = "";
        return;
    }
    field.ours = true;  // changing the kind of input must not read as the person leaving it
    var types = ["", "text", "text", "tel", "email", "search"];
    var modes = ["", "text", "text", "tel", "email", "search"];
    if (input.type !== types[kind]) input.type = types[kind];
    input.setAttribute("inputmode", modes[kind]);
    input.setAttribute("autocapitalize", kind === 2 ? "words" : "off");
    input.setAttribute("enterkeyhint", kind === 5 ? "search" : "next");
    var value = UTF8ToString(text);
    if (input.value !== value) { input.value = value; }
    field.mirrored = value;
    if (document.activeElement !== input) input.focus({ preventScroll: true });
    field.ours = false;
});
// clang-format on

void push_key(SDL_Keycode key) {
    SDL_Event e{};
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = key;
    SDL_PushEvent(&e);
}

}  // namespace

PageTextField::PageTextField() {
    talkoo_text_field_create();
}

void PageTextField::follow(TextKind kind, std::string_view text) {
    if (kind == TextKind::none && kind_ == TextKind::none) return;
    kind_ = kind;
    std::string copy(text);
    talkoo_text_field_follow(static_cast<int>(kind), copy.c_str());
}

}  // namespace talkoo::platform

// Called from the JavaScript above: the page's typing becomes SDL's events, which wake the loop.
extern "C" {

EMSCRIPTEN_KEEPALIVE void talkoo_text_typed(int removed, const char* text) {
    for (int i = 0; i < removed; ++i)
        talkoo::platform::push_key(SDLK_BACKSPACE);
    // SDL's text events carry at most 31 bytes: cut at UTF-8 character boundaries.
    size_t n = std::strlen(text), at = 0;
    while (at < n) {
        size_t len = std::min<size_t>(n - at, sizeof(SDL_TextInputEvent::text) - 1);
        while (len > 0 && at + len < n &&
               (static_cast<unsigned char>(text[at + len]) & 0xC0) == 0x80)
            --len;
        SDL_Event e{};
        e.type = SDL_TEXTINPUT;
        std::memcpy(e.text.text, text + at, len);
        SDL_PushEvent(&e);
        at += len;
    }
}

EMSCRIPTEN_KEEPALIVE void talkoo_text_key(int key) {
    talkoo::platform::push_key(key == 13 ? SDLK_RETURN : SDLK_ESCAPE);
}
}
