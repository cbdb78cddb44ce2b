// See sync_stepper.hpp.
#include "sync/client/sync_stepper.hpp"

#include <cstdlib>

#include "core/clock.hpp"
#include "sync/client/sync_schedule.hpp"

namespace talkoo::sync {
namespace {

// While the outbox is held (a signup committed, its durable write not yet confirmed), how often
// the pass looks again: the browser's write takes tens of milliseconds.
constexpr std::chrono::milliseconds kHeldOutboxPoll{100};

}  // namespace

SyncStepper::SyncStepper(LocalStore& store, SyncConfig config, AsyncTransport& transport)
    : store_(store),
      config_(std::move(config)),
      transport_(transport),
      client_(config_),
      backoff_(config_.backoff),
      next_pass_(Clock::now()),
      not_before_(Clock::now()) {
    if (auto text = store_.setting(kLastSuccessSetting))
        status_.last_success_ms = std::atoll(text->c_str());
    refresh_counts();
}

SyncStepper::~SyncStepper() {
    *alive_ = false;
}

std::optional<SyncStepper::Clock::time_point> SyncStepper::step(Clock::time_point now) {
    if (pass_ && !waiting_for_answer_) advance();  // a held outbox: look again
    if (!pass_) {
        const Clock::time_point due = woken_ ? not_before_ : std::max(next_pass_, not_before_);
        if (now < due) return due;
        woken_ = false;
        pass_ = std::make_unique<SyncPass>(store_, config_, client_, sent_, [this] {
            refresh_counts();
            changed();
        });
        if (outbox_held_) pass_->hold_outbox(outbox_held_);
        status_.syncing = true;
        changed();
        advance();
    }
    return deadline(now);
}

std::optional<SyncStepper::Clock::time_point> SyncStepper::deadline(Clock::time_point now) const {
    if (pass_) return waiting_for_answer_ ? std::nullopt : std::optional(now + kHeldOutboxPoll);
    return woken_ ? not_before_ : std::max(next_pass_, not_before_);
}

void SyncStepper::advance() {
    switch (pass_->next()) {
        case SyncPass::Next::send: {
            waiting_for_answer_ = true;
            std::weak_ptr<bool> alive = alive_;
            transport_.start(pass_->request(), [this, alive](HttpResult result) {
                auto still = alive.lock();
                if (!still || !*still || !pass_) return;
                waiting_for_answer_ = false;
                pass_->take(result);
                advance();
            });
            return;
        }
        case SyncPass::Next::wait:
            return;
        case SyncPass::Next::finished:
            finish_pass();
            return;
    }
}

void SyncStepper::finish_pass() {
    SyncReport report = pass_->report();
    pass_.reset();
    const NextPass plan = plan_next_pass(report, backoff_, config_.interval);
    const Clock::time_point now = Clock::now();
    next_pass_ = now + plan.delay;
    not_before_ = now + plan.not_before;
    refresh_counts();
    record_pass(status_, report, plan, backoff_.failures(), now_ms());
    last_report_ = std::move(report);
    changed();
}

void SyncStepper::wake() {
    woken_ = true;
}

void SyncStepper::network_online() {
    backoff_.reset();
    woken_ = true;
}

void SyncStepper::refresh_counts() {
    try {
        OutboxSummary s = store_.outbox_summary();
        status_.waiting = s.pending;
        status_.needs_attention = s.needs_attention;
        status_.oldest_waiting_ms = s.oldest_waiting_ms;
    } catch (const StoreError&) {
        // The counts stay as they were; the next pass reports the store's trouble.
    }
}

void SyncStepper::changed() {
    status_.version++;
    if (on_change_) on_change_();
}

}  // namespace talkoo::sync
