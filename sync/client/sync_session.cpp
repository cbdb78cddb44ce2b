// SyncSession::run_pass (see sync_session.hpp): a SyncPass driven by a blocking transport.
#include "sync/client/sync_session.hpp"

namespace talkoo::sync {

SyncSession::SyncSession(LocalStore& store, const SyncConfig& config,
                         const std::atomic<bool>* cancel)
    : store_(store), config_(config), client_(config), transport_([&] {
          TransportConfig t = config.transport;
          t.cancel = cancel;
          return t;
      }()) {}

SyncReport SyncSession::run_pass(const std::function<void()>& on_progress) {
    SyncPass pass(store_, config_, client_, counters_sent_, on_progress);
    while (pass.next() == SyncPass::Next::send)
        pass.take(transport_.send(pass.request()));
    // No one holds the outbox here (the kiosk's commits are durable when they return), so the
    // pass never waits: it has finished.
    return pass.report();
}

}  // namespace talkoo::sync
