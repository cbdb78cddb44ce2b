// KioskApp's network key: which key the form's signups are sealed to, or why signups are off
// (see kiosk_app.hpp and docs/privacy.md). Apart from kiosk_app.cpp because it is about the
// store's key, not the visitor's way through the screens.
#include <cstdio>

#include "app/kiosk_app.hpp"

namespace talkoo {

void KioskApp::stage_signups_off() {
    staged_signups_off_ = true;
    refresh_signup_key();
}

// The key signups are sealed to, as the store has it now (the sync thread may have brought a
// new one). None, or only a demo catalogue's key on a kiosk that syncs with a real centre:
// signups are off, the form is not shown, and staff learn why from the status line, the log
// and --summary.
void KioskApp::refresh_signup_key() {
    std::optional<NetworkKey> key;
    std::string reason;
    try {
        if (!staged_signups_off_) key = store_.network_key();
    } catch (const StoreError& e) {
        reason = e.what();
    }
    std::optional<seal::PublicKey> usable;
    NetworkKeySource source = NetworkKeySource::centre;
    if (key) source = key->source;
    if (key && source == NetworkKeySource::demo_file && config_.centre_configured)
        reason =
            "this kiosk syncs with a centre but holds only the demo catalogue's key: sync once "
            "with the centre to get the network's key";
    else if (key)
        usable = key->key;
    else if (reason.empty())
        reason =
            "this kiosk has no network key to seal signups to: sync with the centre once, or "
            "load a catalogue file that carries the network_key (talkoo-kiosk --load-catalog)";
    if (usable == signup_key_ && reason == signups_off_reason_) return;
    signup_key_ = usable;
    signups_off_reason_ = reason;
    data_.signups_off = !usable.has_value();
    if (usable)
        std::fprintf(stderr, "talkoo-kiosk: signups are sealed to network key %s (from the %s)\n",
                     seal::to_hex(seal::key_id(*usable)).c_str(),
                     std::string(to_string(source)).c_str());
    else
        std::fprintf(stderr, "talkoo-kiosk: signups are off: %s\n", reason.c_str());
}

}  // namespace talkoo
