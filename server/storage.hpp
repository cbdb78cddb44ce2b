// CentralStore: everything talkoo-central keeps, behind one interface, so that the HTTP layer and
// the CLI never know which database holds it. SQLite (sqlite_store.hpp) is the default back end;
// a PostgreSQL back end implements the same interface and must pass the same contract tests
// (tests/server/store_contract_test.cpp and the HTTP tests), which are the real specification of
// each method. Every method is safe to call from many threads at once.
//
// What the store promises, whatever the back end:
//   - the catalogue has one monotonic revision: every change of an organisation, info point or
//     task (deletions included, as tombstones) takes the next revision, and changes become
//     visible in revision order, so paging by revision yields each change exactly once;
//   - a signup is stored once per id: a repeat with an equal content digest is a duplicate,
//     with another a conflict, and neither changes what is stored;
//   - a signup's personal fields are kept only sealed (core/seal.hpp), with keyed digests to
//     compare and find them; the back end never sees a key or a plain personal field (old
//     databases' plain rows excepted, until signup_vault.hpp seals them). Sealing and opening
//     happen above this interface, in SignupVault, so that every back end shares them;
//   - usage counters keep the last value sent per (device, day, info point, name);
//   - tokens are kept only as hashes (tokens.hpp makes and hashes them);
//   - every failure is a CentralStoreError whose message names no personal data.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"
#include "core/local_store.hpp"  // UsageCounter
#include "core/seal.hpp"

namespace talkoo::central {

class CentralStoreError : public std::runtime_error {
  public:
    enum class Code {
        not_found,  // the record named does not exist
        invalid,    // the record failed validation or breaks a reference; nothing changed
        conflict,   // the change contradicts what is stored (e.g. deleting a used organisation)
        busy,       // the database stayed locked too long: retry later
        disk_full,  // the database cannot grow: nothing was written; retry when space returns
        read_only,  // the database cannot be written: nothing was written
        io,         // the database failed; the message says what to check
    };
    CentralStoreError(Code code, const std::string& message)
        : std::runtime_error(message), code(code) {}
    Code code;
};

using TokenHash = std::array<unsigned char, 32>;  // SHA-256 of the token text

// -- catalogue -----------------------------------------------------------------------------------

// One page of catalogue changes after a revision. The delta holds each changed record once, at its
// latest state: an upsert or a tombstone (deleted id).
struct CatalogPage {
    CatalogDelta delta;
    int64_t revision = 0;  // the revision of the last change in this page (the next `since`)
    bool more = false;     // changes after `revision` exist
};

struct CatalogWriteSummary {
    int changed = 0;    // records inserted, replaced or deleted (each took a new revision)
    int unchanged = 0;  // records given exactly as stored: no new revision, kiosks fetch nothing
};

// -- signups -------------------------------------------------------------------------------------

enum class FollowUp { new_, contacted, joined, not_suitable };
std::string_view to_string(FollowUp f);  // "new", "contacted", "joined", "not-suitable"
std::optional<FollowUp> parse_follow_up(std::string_view text);

enum class SignupOutcome { stored, duplicate, conflict };

struct SignupTask {
    std::string task_id;
    std::string organisation_id;  // when the signup arrived; empty if the task was never known
    bool operator==(const SignupTask&) const = default;
};

struct SignupRecord {
    // From the store: name, phone, e-mail and message empty (they are in `sealed`); the age
    // group in the clear, as part of the anonymous trace. From SignupVault: opened, whole.
    Signup signup;
    std::vector<SignupTask> tasks;  // in the signup's order
    int64_t received_ms = 0;        // the centre's clock when it first stored the signup
    FollowUp follow_up = FollowUp::new_;
    int64_t erased_ms = 0;    // when its personal data was erased (on request or by retention)
    std::string sealed;       // the personal fields sealed at rest; empty once erased
    bool unreadable = false;  // SignupVault: the blob would not open (its key is not held)
    // False when the signup names an info point the catalogue has never held (neither live nor
    // deleted): such a signup is stored all the same (a real visitor's interest) and shown with
    // this mark. Worked out when read, so the mark goes once a point of that id is added.
    bool info_point_known = true;
};

// A signup as the store takes it (SignupVault makes it): the clear part with an empty name,
// phone, e-mail and message, the personal fields sealed to the network's current key, the keyed
// digest of its whole content as received (a repeat with another digest is a conflict), and
// the keyed digests under which it can be found (e-mail, phone, words of the name).
struct SignupToStore {
    Signup signup;
    std::string sealed;
    seal::Digest content_digest{};
    std::vector<seal::Digest> lookup_keys;
};

// A place in a list that pages by (time, id): the last record of the previous page. Signups
// page by (created_ms, id), devices by (created_ms, id) too; the API turns it into an opaque
// cursor ("<ms>_<id>").
struct PageCursor {
    int64_t ms = 0;
    std::string id;
    bool operator==(const PageCursor&) const = default;
};

// One kiosk request's accepted signups, for group commit (store_signup_batches).
struct SignupBatch {
    std::vector<SignupToStore> signups;
    int64_t received_ms = 0;  // the centre's clock when the request arrived
};

struct SignupQuery {
    std::optional<std::string> organisation_id;  // signups naming a task of this organisation
    std::optional<std::string> info_point_id;
    std::optional<std::string> since_day;  // "YYYY-MM-DD", by the day the signup was made
    std::optional<std::string> until_day;  // inclusive
    std::optional<FollowUp> follow_up;
    // Only signups after this place in the order (created_ms, then id): a page's cursor. Paging
    // so costs the same at the millionth signup as at the first, and a signup that arrives while
    // a coordinator pages shows on the page its place falls on (or in the next listing, if it
    // was made before the cursor).
    std::optional<PageCursor> after;
    int64_t offset = 0;  // kept for older clients; `after` is the way to page
    int64_t limit = -1;  // -1: all
};

// -- devices and coordinators --------------------------------------------------------------------

struct DeviceRecord {
    std::string id;
    std::string name;
    std::string info_point_id;
    int64_t created_ms = 0;
    int64_t revoked_ms = 0;    // 0 = active
    int64_t last_seen_ms = 0;  // 0 = never
    std::string app_version;   // as the kiosk last reported it
    TokenHash token_hash{};    // filled only by device_by_token, for the constant-time check
};

struct CoordinatorRecord {
    std::string id;
    std::string name;
    std::string organisation_id;  // empty: the whole network
    int64_t created_ms = 0;
    int64_t revoked_ms = 0;
    TokenHash token_hash{};  // filled only by coordinator_by_token
};

// Which usage counters to total (usage_totals): by the stand's day, inclusive; unset = open.
struct UsageQuery {
    std::optional<std::string> since_day;  // "YYYY-MM-DD"
    std::optional<std::string> until_day;
    std::optional<std::string> info_point_id;
};

// A stored usage counter, with the device that sent it.
struct StoredCounter {
    std::string device_id;
    UsageCounter counter;
    int64_t received_ms = 0;
    bool operator==(const StoredCounter&) const = default;
};

class CentralStore {
  public:
    virtual ~CentralStore() = default;

    // -- catalogue -------------------------------------------------------------------------------
    // Applies upserts and deletions in one transaction, after validating every record and
    // checking references: a task's organisation must exist (given here or stored), an
    // organisation that live tasks still use cannot be deleted. Deleting an unknown id is a
    // no-op. Throws CentralStoreError(invalid/conflict) and changes nothing on any problem.
    virtual CatalogWriteSummary apply_catalog(const CatalogDelta& delta, int64_t now_ms) = 0;
    // Changes with revision > since, oldest first, at most `limit` (1..1000). Tombstones are
    // left out when since == 0: a first pull needs only what exists, and the revision of its
    // last page is the catalogue's latest, tombstones included.
    virtual CatalogPage catalog_changes(int64_t since, int limit) = 0;
    virtual int64_t catalog_revision() = 0;
    // Names this database's revision sequence; a cursor from another database (restored from an
    // old backup, or a new file) is recognised and the kiosk starts over.
    virtual std::string catalog_epoch() = 0;
    virtual std::optional<Organisation> organisation(std::string_view id) = 0;
    virtual std::optional<InfoPoint> info_point(std::string_view id) = 0;
    virtual std::optional<Task> task(std::string_view id) = 0;
    // The organisation of a task, deleted tasks included; nullopt if never known.
    virtual std::optional<std::string> task_organisation(std::string_view task_id) = 0;

    // -- signups ---------------------------------------------------------------------------------
    // Group commit: stores the batches of several requests in ONE transaction, durable on
    // return (one fsync for all of them), or none of them (an exception for the whole group).
    // Each signup (already validated and sealed; device_id set from the token) is stored unless
    // its id is known; a known id is a duplicate when its content digest is equal (or its
    // personal data was erased), a conflict otherwise. Batches are taken in the given order
    // and each batch's outcomes come in its own order, exactly as if each batch had been stored
    // alone one after the other (so an id in two batches of a group is stored by the first
    // and a duplicate or conflict in the second).
    virtual std::vector<std::vector<SignupOutcome>> store_signup_batches(
        const std::vector<const SignupBatch*>& batches) = 0;
    // One batch alone: store_signup_batches of one.
    std::vector<SignupOutcome> store_signups(const std::vector<SignupToStore>& signups,
                                             int64_t received_ms);
    virtual std::optional<SignupRecord> signup(std::string_view id) = 0;
    virtual std::vector<SignupRecord> signups(const SignupQuery& query) = 0;
    // The ids of the signups stored under this lookup key (SignupToStore::lookup_keys), oldest
    // first; erased signups have none.
    virtual std::vector<std::string> signup_ids_by_lookup(const seal::Digest& key) = 0;
    // Returns false if no signup has this id.
    virtual bool set_follow_up(std::string_view id, FollowUp status) = 0;
    // Deletes the sealed personal fields, the content digest and the lookup keys, and blanks
    // any plain ones; keeps tasks, point, device, day, language and age group as an anonymous
    // trace. A repeat upload of the id stays a duplicate and does not bring the data back. The
    // deleted bytes are overwritten in the database and its log. Returns false if no signup has
    // this id.
    virtual bool erase_signup_personal_data(std::string_view id, int64_t now_ms) = 0;
    // Retention: erases as above every signup not yet erased that the visitor left before
    // `given_before_ms` (by the earlier of its creation time and the centre's receive time, so
    // that a kiosk clock set wrong cannot extend it). Returns how many.
    virtual int purge_personal_data(int64_t given_before_ms, int64_t now_ms) = 0;
    // Databases made before sealing: up to `limit` signups whose personal fields are still in
    // plain text, and the step that seals one (personal fields replaced by `sealed`, digests
    // added, plain text overwritten). SignupVault::seal_plain_rows uses both.
    virtual std::vector<SignupRecord> signups_in_plain_text(int limit) = 0;
    virtual void seal_plain_text(const SignupToStore& sealed) = 0;

    // -- usage counters ---------------------------------------------------------------------------
    virtual void store_usage(std::string_view device_id, const std::vector<UsageCounter>& counters,
                             int64_t received_ms) = 0;
    virtual std::vector<StoredCounter> usage() = 0;
    // The counters summed over devices per (day, info point, name), in that order, within the
    // query's days (and point): what reports read (server/usage_report.hpp).
    virtual std::vector<UsageCounter> usage_totals(const UsageQuery& query) = 0;

    // -- devices and coordinators -----------------------------------------------------------------
    virtual void add_device(const DeviceRecord& device, const TokenHash& token_hash) = 0;
    // Devices in the order (created_ms, id), after `after` when given, at most `limit` (-1: all).
    virtual std::vector<DeviceRecord> devices(const std::optional<PageCursor>& after,
                                              int64_t limit) = 0;
    std::vector<DeviceRecord> devices() { return devices(std::nullopt, -1); }
    // Active or revoked, by the hash of its token; the caller checks revoked_ms.
    virtual std::optional<DeviceRecord> device_by_token(const TokenHash& token_hash) = 0;
    virtual bool revoke_device(std::string_view id, int64_t now_ms) = 0;
    virtual void record_device_seen(std::string_view id, int64_t when_ms,
                                    std::string_view app_version) = 0;

    virtual void add_coordinator(const CoordinatorRecord& coordinator,
                                 const TokenHash& token_hash) = 0;
    virtual std::vector<CoordinatorRecord> coordinators() = 0;
    virtual std::optional<CoordinatorRecord> coordinator_by_token(const TokenHash& token_hash) = 0;
    virtual bool revoke_coordinator(std::string_view id, int64_t now_ms) = 0;
};

// Opens the store that `spec` names and migrates it: a file path (SQLite), created when missing
// if `create`. A "postgresql://" address is refused with a message saying this build has no such
// back end.
std::unique_ptr<CentralStore> open_central_store(const std::string& spec, bool create);

}  // namespace talkoo::central
