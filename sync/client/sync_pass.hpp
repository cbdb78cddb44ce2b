// SyncPass: one full sync pass as a sequence of requests, with no network of its own, so that
// the same pass runs over either transport: the kiosk's thread sends each request with libcurl
// and waits (SyncSession::run_pass), the browser's main loop starts a fetch and carries on when
// its answer arrives (SyncStepper). The pass, in order of what matters most:
//
//   1. push the outbox (outbox_push.cpp): batches of signups, each signup leaving the outbox
//      only on the centre's "stored" or "duplicate" for its id; "conflict" and "rejected" move
//      it to needs attention with the reason; personal data is erased once delivered;
//   2. pull the catalogue (catalog_pull.cpp): page by page from the stored cursor, each page
//      applied together with its cursor in one transaction, so an interrupted pull resumes;
//      the network's public key comes with it (when that is the kiosk's first key, signups an
//      earlier version kept in plain text are sealed now, and step 1 runs once more);
//   3. learn the device's registration (registration_pull.cpp): the info point it was enrolled
//      for, at most once an hour;
//   4. send usage counters (stats_push.cpp): only those that changed since last sent.
//
// On the public channel (a visitor's phone) steps 3 and 4 are left out: a phone is no device.
//
//   next() ─► send: request() to the centre ─► take(its result) ─► next() ...
//          ├► wait: the outbox is on hold (a signup not yet durable: see hold_outbox) ─► next()
//          └► finished: report()
//
// The first failure ends the pass (SyncReport::error says why); whatever was committed before it
// stays committed, and the next pass carries on from there.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/local_store.hpp"
#include "sync/client/central_client.hpp"
#include "sync/client/sync_config.hpp"
#include "sync/client/sync_error.hpp"

namespace talkoo::sync {

// The store setting that keeps the end time of the last complete pass (Unix ms, as text).
inline constexpr std::string_view kLastSuccessSetting = "sync.last_success_ms";
// The info point the centre has registered for this kiosk ("" = none), learned by step 3 of a
// pass; the kiosk uses it when no point is set locally (kiosk.conf or --point win).
inline constexpr std::string_view kCentreInfoPointSetting = "centre.info_point";
// When step 3 last asked (Unix ms, as text): once an hour is plenty for a registration.
inline constexpr std::string_view kRegistrationCheckedSetting = "sync.registration_checked_ms";
inline constexpr int64_t kRegistrationCheckInterval = 3600 * 1000;

struct SyncReport {
    bool complete = false;    // every step finished
    int delivered = 0;        // signups the centre acknowledged in this pass
    int needs_attention = 0;  // signups moved to needs attention in this pass
    int catalog_pages = 0;    // catalogue pages applied
    int catalog_changes = 0;  // records upserted or deleted by them
    bool catalog_replaced = false;
    bool network_key_changed = false;  // the centre's pages named a key new to this kiosk
    int counters_sent = 0;
    int requests = 0;                // HTTP requests made in this pass
    uint64_t wire_bytes = 0;         // their bytes on the wire
    std::optional<SyncError> error;  // why the pass stopped early
};

// Counter values the centre has confirmed, kept by whoever runs passes one after another, so
// that an idle sync sends none. After a restart everything is sent once more; the centre keeps
// the largest value.
using SentCounters = std::map<std::tuple<std::string, std::string, std::string>, int64_t>;

class SyncPass {
  public:
    enum class Next { send, wait, finished };

    // `store`, `client` and `sent` must outlive the pass. `on_progress` (optional) is called
    // after each committed batch or page.
    SyncPass(LocalStore& store, const SyncConfig& config, CentralClient& client, SentCounters& sent,
             std::function<void()> on_progress = {});

    // What the pass needs now. Never throws: a failure ends the pass (finished, with the error
    // in the report).
    Next next();
    // The request to send, after next() said send.
    const HttpRequest& request() const { return request_; }
    // The transport's result for request(). Never throws.
    void take(const HttpResult& result);
    // While this says true, the outbox step waits before taking its next batch (next() says
    // wait): the browser holds it while a signup is committed but not yet confirmed durable,
    // since a signup must never reach the centre before its thank-you could show.
    void hold_outbox(std::function<bool()> held) { outbox_held_ = std::move(held); }

    bool finished() const { return step_ == Step::done; }
    const SyncReport& report() const { return report_; }

  private:
    enum class Step { outbox, catalog, outbox_again, registration, stats, done };

    // Each step's part: `prepare` makes the step's next request (false when the step is over),
    // `take` reads the answer to it. Both may throw SyncError or StoreError.
    bool prepare_outbox();
    void take_outbox(const HttpResult& result);
    bool prepare_catalog();
    void take_catalog(const HttpResult& result);
    bool prepare_registration();
    void take_registration(const HttpResult& result);
    bool prepare_stats();
    void take_stats(const HttpResult& result);
    void finish();
    void fail(SyncError error);
    void erase_delivered_personal_data();

    LocalStore& store_;
    const SyncConfig& config_;
    CentralClient& client_;
    SentCounters& sent_;
    std::function<void()> on_progress_;
    std::function<bool()> outbox_held_;
    WireTally tally_at_start_;
    SyncReport report_;
    Step step_ = Step::outbox;
    bool step_started_ = false;  // the current step has made its first request
    HttpRequest request_;

    // The outbox step: the ids of the batch in flight.
    std::vector<std::string> batch_ids_;
    // The catalogue step: where the next page starts, whether it started over once already,
    // and a page the store refused that waits to be merged with the next (catalog_pull.cpp).
    std::string cursor_;
    bool started_over_ = false;
    std::optional<CatalogPage> held_page_;
    int held_pages_ = 0;
    bool catalog_complete_ = false;  // the last page (more: false) is applied
    // The stats step: the changed counters, and where the chunk in flight starts and ends.
    std::vector<UsageCounter> changed_counters_;
    size_t chunk_start_ = 0, chunk_end_ = 0;
};

}  // namespace talkoo::sync
