// Step 3 of a sync pass (see sync_pass.hpp): the kiosk's own registration at the centre. A
// kiosk enrolled with `talkoo-central device add --point ID` learns ID here and keeps it in its
// store (kCentreInfoPointSetting); KioskApp takes it at its next start-over when no point is set
// on the kiosk itself. Asked at most once an hour: registrations change rarely, and an idle sync
// should stay one small request. A visitor's phone (the public channel) has no registration.
#include <charconv>

#include "core/clock.hpp"
#include "sync/client/sync_pass.hpp"

namespace talkoo::sync {

bool SyncPass::prepare_registration() {
    if (client_.public_channel() || step_started_) return false;  // one request at most
    int64_t now = now_ms();
    int64_t checked = 0;
    if (auto text = store_.setting(kRegistrationCheckedSetting))
        std::from_chars(text->data(), text->data() + text->size(), checked);
    if (checked > 0 && now - checked < kRegistrationCheckInterval && now >= checked) return false;
    request_ = client_.registration_request();
    return true;
}

void SyncPass::take_registration(const HttpResult& result) {
    DeviceRegistration r = client_.registration(result);
    if (store_.setting(kCentreInfoPointSetting).value_or("\x01") != r.info_point_id)
        store_.set_setting(kCentreInfoPointSetting, r.info_point_id);
    store_.set_setting(kRegistrationCheckedSetting, std::to_string(now_ms()));
}

}  // namespace talkoo::sync
