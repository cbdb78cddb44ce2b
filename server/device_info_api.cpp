// GET /v1/device: what the centre has registered about the asking kiosk (issue 18, point 4).
// A kiosk enrolled with `talkoo-central device add --point ID` learns its info point from here,
// so that "near this stand" works without setting the point again on the kiosk. Kept apart from
// the catalogue answer: the device's own record is not catalogue data and has no cursor.
#include "server/api.hpp"

namespace talkoo::central {
namespace {

void get_device(Call& call) {
    call.allow_only_query({});
    const DeviceRecord& device = call.principal().device;
    nlohmann::json info_point = nullptr;
    if (!device.info_point_id.empty()) info_point = device.info_point_id;
    send_json(
        call.response, 200,
        {{"device", {{"id", device.id}, {"name", device.name}, {"info_point_id", info_point}}}});
}

}  // namespace

void add_device_info_api(Router& router) {
    router.add("GET", "/v1/device", "/v1/device", Access::device, [](Call& c) { get_device(c); });
}

}  // namespace talkoo::central
