// The parts of storage.hpp that do not depend on a back end: follow-up names, storing one batch
// alone, and choosing the back end from the --db argument.
#include "server/storage.hpp"

#include "server/sqlite_store.hpp"

namespace talkoo::central {

std::string_view to_string(FollowUp f) {
    switch (f) {
        case FollowUp::new_:
            return "new";
        case FollowUp::contacted:
            return "contacted";
        case FollowUp::joined:
            return "joined";
        case FollowUp::not_suitable:
            return "not-suitable";
    }
    return "new";
}

std::optional<FollowUp> parse_follow_up(std::string_view text) {
    for (FollowUp f :
         {FollowUp::new_, FollowUp::contacted, FollowUp::joined, FollowUp::not_suitable}) {
        if (to_string(f) == text) return f;
    }
    return std::nullopt;
}

std::vector<SignupOutcome> CentralStore::store_signups(const std::vector<SignupToStore>& signups,
                                                       int64_t received_ms) {
    if (signups.empty()) return {};  // a batch of only rejected ones: nothing to write
    SignupBatch batch{signups, received_ms};
    return std::move(store_signup_batches({&batch}).front());
}

std::unique_ptr<CentralStore> open_central_store(const std::string& spec, bool create) {
    if (spec.starts_with("postgresql://") || spec.starts_with("postgres://")) {
        throw CentralStoreError(CentralStoreError::Code::io,
                                "This build of talkoo-central has only the SQLite back end: give"
                                " --db a file path.");
    }
    std::string path = spec.starts_with("sqlite:") ? spec.substr(7) : spec;
    if (path.empty())
        throw CentralStoreError(CentralStoreError::Code::io,
                                "--db needs a file path, e.g. --db /var/lib/talkoo/central.db.");
    return std::make_unique<SqliteCentralStore>(path, create);
}

}  // namespace talkoo::central
