// Anonymous usage counters on the wire: what a kiosk POSTs to /v1/stats.
//
// Each counter is an absolute value for one (day, info point, counter name) on the sending
// device: "on 2024-05-04 at pori-library, screen.browse was shown 57 times". The kiosk sends the
// value it has now, again and again as it grows; the centre stores the latest value it was sent
// rather than adding, so a retried or repeated post never counts twice. No counter says anything
// about a person.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/local_store.hpp"        // UsageCounter
#include "sync/wire/catalog_json.hpp"  // FormatError

namespace talkoo::wire {

// Counter names: 1 to 80 characters of [a-z0-9._-] (kMaxCounterNameLength), e.g.
// "screen.browse", "task.viewed.dogs". (Centres before 0.3.0 took up to 64.)
bool is_valid_counter_name(std::string_view name);

nlohmann::json to_json(const UsageCounter& counter);
// Checks shape, types and values (a real day, a valid info point id and counter name, a value
// from 0 up); throws FormatError naming the place.
UsageCounter usage_counter_from_json(const nlohmann::json& j, const std::string& where);

// {"counters": [ ... ]}, the body of POST /v1/stats.
nlohmann::json stats_batch_to_json(const std::vector<UsageCounter>& counters);

}  // namespace talkoo::wire
