// LocalStore: the device's one SQLite file. It keeps the task catalogue (with full-text search),
// the outbox of visitors' signups, anonymous usage counters and a few device settings, and it
// makes the promises the rest of the kiosk relies on:
//
//   - commit_signup() returns only after the signup is durable (WAL, synchronous=FULL): a kill -9
//     or power cut after that loses nothing, so the thank-you screen may be shown;
//   - a catalogue change and the sync cursor that produced it are written in one transaction;
//   - a visitor's personal fields reach the file only sealed to the network's public key
//     (sealed_signup.hpp): commit_signup refuses anything else, and the file, its WAL and the
//     folder are readable by the kiosk's user alone (0600, folder 0700 when the store makes it);
//   - every failure is a StoreError with a message fit for staff, and changes nothing.
//
// One LocalStore is one connection, for one thread. The UI thread and the sync thread each open
// their own on the same file; WAL lets them read and write side by side.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"
#include "core/seal.hpp"
#include "core/sealed_signup.hpp"
#include "core/store_error.hpp"

namespace talkoo {

// What the browse screen asks for. Empty/unset fields do not filter.
struct TaskFilter {
    std::string query;  // free text; every word must match a word prefix in any language
    std::optional<std::string> category;
    std::optional<std::string> municipality;  // "near this stand"
    std::optional<std::string> region;        // "the whole region"
    std::optional<TargetGroup> target_group;  // tasks for this group, or for everyone
    std::vector<Commitment> commitments;      // any of these; empty = all
    bool remote_only = false;
    std::string today;  // "YYYY-MM-DD": hide tasks whose end_date is before it; empty = keep all
    int offset = 0;
    int limit = 50;
};

// A task as its card shows it, already in the reader's language (with LocalizedText fallback).
struct TaskCard {
    std::string id;
    std::string title;
    std::string summary;
    std::string organisation_name;
    std::string municipality;
    std::vector<std::string> categories;
    Commitment commitment = Commitment::one_off;
    bool remote_possible = false;
    std::string start_date;
    std::string end_date;
};

struct BrowsePage {
    int total = 0;                // matches in all, for the scroll bar and "123 tasks"
    std::vector<TaskCard> cards;  // [offset, offset + limit) of them, in a stable order
};

struct CategoryCount {
    std::string category;
    int tasks = 0;
};

struct CatalogStats {
    int organisations = 0;
    int info_points = 0;
    int tasks = 0;
};

// pending: waiting to be sent. sent: posted, no answer stored yet (sent again on the next push).
// acknowledged: the centre answered "stored" or "duplicate"; it leaves the outbox.
// needs_attention: the centre answered "conflict" or "rejected"; staff must look; not retried.
enum class OutboxState { pending, sent, acknowledged, needs_attention };
std::string_view to_string(OutboxState state);

struct OutboxEntry {
    Signup signup;       // the part in the clear (personal fields empty)
    std::string sealed;  // its sealed personal fields; empty once erased after delivery
    OutboxState state = OutboxState::pending;
    int attempts = 0;
    std::string last_error;  // in words, without personal data
    int64_t acknowledged_ms = 0;
    int64_t handed_over_ms = 0;  // written to a verified USB handover file then; 0 = never
};

struct OutboxSummary {
    int pending = 0;  // pending + sent: not yet safe at the centre
    int needs_attention = 0;
    int acknowledged = 0;
    int64_t oldest_waiting_ms = 0;  // created time of the oldest not-yet-acknowledged, 0 if none
    int handed_over = 0;  // of those not yet acknowledged, how many are on a handover stick
};

// What erase_all_personal_data() did (the staff panel's "end of the tour").
struct PersonalDataErasure {
    int wiped = 0;    // acknowledged signups whose sealed personal fields were overwritten
    int deleted = 0;  // signups the centre never acknowledged, deleted whole: they are lost
};

// Usage counter names: [a-z0-9._-], at most this long ("task.viewed." and a 64-character id).
inline constexpr size_t kMaxCounterNameLength = 80;

// Where the kiosk got the network's public key, the one its signups are sealed to. A key from a
// catalogue file marked as demo data is a demo key: its private half is public (assets/demo), so
// a kiosk that syncs with a real centre must not seal visitors' data to it (see KioskApp).
enum class NetworkKeySource { centre, file, demo_file };
std::string_view to_string(NetworkKeySource source);  // "centre", "file", "demo file"

struct NetworkKey {
    seal::PublicKey key;
    NetworkKeySource source = NetworkKeySource::centre;
    int64_t received_ms = 0;
};

struct UsageCounter {
    std::string day;  // "YYYY-MM-DD", the stand's local day
    std::string info_point_id;
    std::string name;  // e.g. "screen.browse", "task.view", "filter.category"
    int64_t value = 0;
    bool operator==(const UsageCounter&) const = default;
};

class LocalStore {
  public:
    // Opens the store file, creating it (and its folder) and migrating it to the current schema
    // when needed. Throws StoreError (cannot_open, read_only, corrupt, too_new, ...).
    explicit LocalStore(const std::filesystem::path& file);
    ~LocalStore();
    LocalStore(LocalStore&&) noexcept;
    LocalStore& operator=(LocalStore&&) noexcept;

    static int current_schema_version();
    int schema_version();
    const std::filesystem::path& path() const;
    // Copies the write-ahead log into the file and empties it. The web app does it while nobody
    // waits (its storage writes each changed file whole: a short log keeps a signup's write
    // short); a busy reader only postpones it.
    void checkpoint();

    // This device's id, made once (a UUIDv7) the first time the store is created.
    std::string device_id();

    // Small device settings (info point, language, server URL, ...); the kiosk's own settings
    // file may override them.
    std::optional<std::string> setting(std::string_view key);
    void set_setting(std::string_view key, std::string_view value);

    // -- catalogue ------------------------------------------------------------------------
    // Replace everything with `catalog` and remember `cursor`, in one transaction. Every record
    // is validated first; on any problem nothing changes and StoreError(invalid) says which.
    void replace_catalog(const Catalog& catalog, std::string_view cursor);
    // Upsert and delete records and remember `cursor`, in one transaction.
    void apply_catalog_delta(const CatalogDelta& delta, std::string_view cursor);
    std::string catalog_cursor();  // empty before the first catalogue
    CatalogStats catalog_stats();

    BrowsePage browse(const TaskFilter& filter, Lang lang);
    // Builds now what the first search after opening or after a catalogue change would build
    // (the in-memory word index: about 1.4 s at 100 000 tasks, tens of milliseconds at a
    // network's few thousand), so that no visitor's keystroke waits for it. Cheap when it is up
    // to date. For when nobody is waiting: the kiosk calls it on going back to its attract screen.
    void prepare_search();
    std::vector<CategoryCount> category_counts(const TaskFilter& filter);  // ignores its category
    std::optional<Task> task(std::string_view id);
    std::optional<Organisation> organisation(std::string_view id);
    std::optional<InfoPoint> info_point(std::string_view id);
    std::vector<InfoPoint> info_points();       // by name
    std::vector<std::string> municipalities();  // that have tasks, sorted

    // -- the network's public key ---------------------------------------------------------
    // The key signups are sealed to: from the centre's catalogue answers, or a catalogue file.
    std::optional<NetworkKey> network_key();
    // Remembers `key`. Signups an earlier version of the kiosk kept with plain personal fields
    // are sealed to it in the same transaction (unless it is a demo key), and the plain text is
    // overwritten in the file and its WAL. Returns how many were sealed.
    int set_network_key(const NetworkKey& key);

    // -- signup outbox --------------------------------------------------------------------
    // Durable on return. Validates the part in the clear (validate_signup_clear_part: the
    // personal fields must be sealed, never given here) and the blob's header, and checks the
    // tasks exist; throws StoreError (invalid, duplicate, disk_full, read_only, ...) and stores
    // nothing on failure.
    void commit_signup(const SealedSignup& signup);
    // Deletes a signup still pending (never sent), with its tasks; secure_delete overwrites its
    // sealed personal fields. For a platform whose storage could not confirm the commit (a
    // browser refusing IndexedDB): the visitor saw no thank-you, so nothing may be sent later
    // either. Returns false when there is no such pending signup.
    bool withdraw_signup(std::string_view id);
    // The oldest `limit` signups that are pending or sent, oldest first, with their sealed
    // personal fields (as the centre gets them: the same bytes at every retry). Signups kept
    // plain by an earlier version wait here until set_network_key seals them.
    std::vector<SealedSignup> outbox_batch(int limit);
    void mark_sent(const std::vector<std::string>& ids);
    void mark_acknowledged(const std::vector<std::string>& ids, int64_t when_ms);
    void mark_needs_attention(std::string_view id, std::string_view reason);
    void record_failed_attempt(const std::vector<std::string>& ids, std::string_view error);
    // Back to pending, e.g. after staff fixed a cause. Returns how many changed.
    int retry_needs_attention();
    std::optional<OutboxEntry> outbox_entry(std::string_view id);
    std::vector<OutboxEntry> needs_attention();
    OutboxSummary outbox_summary();
    // Signups created on the given local day, for the staff screen's figures.
    int signups_on(std::string_view day);
    // Overwrites the sealed personal fields of signups acknowledged before
    // `acknowledged_before_ms` and keeps an anonymous row. Returns how many were wiped.
    int erase_acknowledged_personal_data(int64_t acknowledged_before_ms);

    // -- staff at a stop (the staff panel, USB handover) ----------------------------------
    // Every signup the centre has not acknowledged (pending, sent, needs attention) that still
    // has its sealed personal fields, oldest first: what a USB handover file carries. With
    // `ids`, only those of them.
    std::vector<OutboxEntry> unacknowledged(const std::vector<std::string>& ids = {});
    // Marks signups as handed over at `when_ms` (a handover file holding them was written and
    // read back). Nothing else changes: they stay in the outbox, in their state, and sync sends
    // them as before, until the centre acknowledges them.
    void mark_handed_over(const std::vector<std::string>& ids, int64_t when_ms);
    // One signup that needs attention back to pending, for the next sync ("try again"). Returns
    // false when no signup with this id needs attention.
    bool retry_signup(std::string_view id);
    // The end of a tour: overwrites the sealed personal fields of every acknowledged signup and
    // deletes every signup the centre has not acknowledged (they are lost: the staff panel lists
    // them and asks twice first), then checkpoints and vacuums the file, so that no personal
    // data is left in the file, its write-ahead log or its free pages. The anonymous usage
    // counters stay. Throws StoreError (busy when another connection holds the file open in a
    // transaction: nothing was erased then).
    PersonalDataErasure erase_all_personal_data();

    // -- usage counters (anonymous) -------------------------------------------------------
    void count_usage(std::string_view day, std::string_view info_point_id, std::string_view name,
                     int64_t delta = 1);
    std::vector<UsageCounter> usage_counters();  // all, by day, point, name

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace talkoo
