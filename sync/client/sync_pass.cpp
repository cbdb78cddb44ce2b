// SyncPass (see sync_pass.hpp): the order of the steps, and the translation of a failing step
// into the report. The steps themselves are in outbox_push.cpp, catalog_pull.cpp,
// registration_pull.cpp and stats_push.cpp.
#include "sync/client/sync_pass.hpp"

#include "core/clock.hpp"

namespace talkoo::sync {

SyncPass::SyncPass(LocalStore& store, const SyncConfig& config, CentralClient& client,
                   SentCounters& sent, std::function<void()> on_progress)
    : store_(store),
      config_(config),
      client_(client),
      sent_(sent),
      on_progress_(std::move(on_progress)),
      tally_at_start_(client.tally()) {}

SyncPass::Next SyncPass::next() {
    try {
        while (step_ != Step::done) {
            bool more = false;
            switch (step_) {
                case Step::outbox:
                case Step::outbox_again:
                    if (outbox_held_ && outbox_held_()) return Next::wait;
                    more = prepare_outbox();
                    break;
                case Step::catalog:
                    more = prepare_catalog();
                    break;
                case Step::registration:
                    more = prepare_registration();
                    break;
                case Step::stats:
                    more = prepare_stats();
                    break;
                case Step::done:
                    break;
            }
            if (more) {
                step_started_ = true;
                return Next::send;
            }
            step_started_ = false;
            switch (step_) {
                case Step::outbox:
                    step_ = Step::catalog;
                    break;
                case Step::catalog:
                    // A first key may have sealed signups an earlier version kept plain: send
                    // them now.
                    step_ = report_.network_key_changed ? Step::outbox_again : Step::registration;
                    break;
                case Step::outbox_again:
                    step_ = Step::registration;
                    break;
                case Step::registration:
                    step_ = Step::stats;
                    break;
                case Step::stats:
                    finish();
                    break;
                case Step::done:
                    break;
            }
        }
    } catch (const SyncError& e) {
        fail(e);
    } catch (const StoreError& e) {
        // The store's messages are written for staff already and hold no personal data.
        fail(SyncError(SyncError::Kind::store, e.what()));
    }
    return Next::finished;
}

void SyncPass::take(const HttpResult& result) {
    try {
        switch (step_) {
            case Step::outbox:
            case Step::outbox_again:
                take_outbox(result);
                break;
            case Step::catalog:
                take_catalog(result);
                break;
            case Step::registration:
                take_registration(result);
                break;
            case Step::stats:
                take_stats(result);
                break;
            case Step::done:
                break;
        }
    } catch (const SyncError& e) {
        fail(e);
    } catch (const StoreError& e) {
        fail(SyncError(SyncError::Kind::store, e.what()));
    }
}

void SyncPass::finish() {
    erase_delivered_personal_data();
    store_.set_setting(kLastSuccessSetting, std::to_string(now_ms()));
    report_.complete = true;
    step_ = Step::done;
    report_.requests = client_.tally().requests - tally_at_start_.requests;
    report_.wire_bytes = client_.tally().bytes - tally_at_start_.bytes;
}

void SyncPass::fail(SyncError error) {
    report_.error = std::move(error);
    report_.complete = false;
    step_ = Step::done;
    report_.requests = client_.tally().requests - tally_at_start_.requests;
    report_.wire_bytes = client_.tally().bytes - tally_at_start_.bytes;
}

}  // namespace talkoo::sync
