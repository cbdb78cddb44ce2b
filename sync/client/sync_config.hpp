// SyncConfig: everything the sync client needs to know, gathered in one plain struct. The kiosk
// fills it from its command line, its settings file and the data folder (centre_link.hpp);
// tests fill it with short timeouts and backoff so that the whole suite stays quick.
//
// Defaults are the issue's: a sync every 60 s, exponential backoff from 5 s capped at 5 min,
// connect timeout 10 s, whole request 60 s, batches of 500 signups (the centre's limit), and a
// visitor's personal data erased from the device as soon as the centre has acknowledged it.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "sync/client/http_exchange.hpp"

namespace talkoo::sync {

using std::chrono::milliseconds;

struct BackoffPolicy {
    milliseconds initial{5'000};  // the wait after the first failure (before jitter)
    milliseconds cap{300'000};    // never wait longer than this, whatever the failures
};

// Who syncs. A device (a kiosk, an enrolled staff tablet) proves itself with its token and uses
// the device calls; a visitor's phone (the web app opened from a stand's QR code) has no token
// and uses the centre's public channel: the catalogue and signups only, no usage counters or
// registration, smaller batches, and its installation id for the centre's per-installation
// limits.
enum class SyncChannel { device, public_web };

struct SyncConfig {
    std::string server_url;    // the centre's base address, e.g. https://central.example.fi
    std::string device_token;  // "tkd_...", from `talkoo-central device add` (device channel)
    SyncChannel channel = SyncChannel::device;
    std::string installation_id;  // public channel: this installation's id (its store's)
    TransportConfig transport;    // CA file, timeouts (TLS verification is always on)

    milliseconds interval{60'000};  // a sync this often when nothing else wakes the worker
    BackoffPolicy backoff;
    int signup_batch_size = 500;   // 1 to 500 (the centre's limit per request)
    int catalog_page_limit = 500;  // 1 to 1000 records per catalogue page
    // How long a delivered signup keeps its personal fields on the device. 0: erased as soon as
    // the centre has acknowledged it (the default, and what DEVELOPERS.md asks for).
    milliseconds keep_personal_data{0};
    std::string app_version = TALKOO_VERSION;  // sent as X-Talkoo-App-Version
};

}  // namespace talkoo::sync
