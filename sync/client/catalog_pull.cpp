// Step 2 of a sync pass: pulling the catalogue (see sync_pass.hpp).
//
// Page by page from the stored cursor; each page goes into the store together with its cursor in
// one transaction (apply_catalog_delta, or replace_catalog when the centre says the answer starts
// from the beginning). A pull that breaks off therefore resumes after the last applied page: it
// neither starts from zero nor skips a change.
//
// Why pages are sometimes merged: the centre orders changes by revision, so a task can arrive a
// page before its organisation (when the organisation was edited after the task was written).
// The store refuses a task whose organisation it does not have, and rightly so. When it refuses
// a page while more pages follow, the next page is fetched and merged into it (a later state of
// a record replaces an earlier one, a tombstone removes it), and the merge is applied with the
// later cursor. At the end of the changes the centre's catalogue is whole again, so this always
// converges; a catalogue the store still refuses then is reported, and nothing of it is applied.
//
// Every page also names the network's current public key; a new one (the first sync, or after
// `talkoo-central keys rotate`) is stored at once, and the next signups are sealed to it.
#include <algorithm>
#include <unordered_set>

#include "core/clock.hpp"
#include "sync/client/sync_pass.hpp"
#include "sync/wire/protocol.hpp"

namespace talkoo::sync {
namespace {

// Later changes of one kind of record over earlier ones.
template <class Record>
void merge_kind(std::vector<Record>& upserts, std::vector<std::string>& deleted,
                std::vector<Record>& later_upserts, const std::vector<std::string>& later_deleted) {
    std::unordered_set<std::string> touched(later_deleted.begin(), later_deleted.end());
    for (const Record& r : later_upserts)
        touched.insert(r.id);
    std::erase_if(upserts, [&](const Record& r) { return touched.contains(r.id); });
    std::erase_if(deleted, [&](const std::string& id) { return touched.contains(id); });
    std::move(later_upserts.begin(), later_upserts.end(), std::back_inserter(upserts));
    deleted.insert(deleted.end(), later_deleted.begin(), later_deleted.end());
}

void merge_page(CatalogPage& into, CatalogPage& later) {
    if (later.reset) {  // the centre started over (its database changed between pages)
        into = std::move(later);
        return;
    }
    CatalogDelta& a = into.delta;
    CatalogDelta& b = later.delta;
    merge_kind(a.upserts.organisations, a.deleted_organisation_ids, b.upserts.organisations,
               b.deleted_organisation_ids);
    merge_kind(a.upserts.info_points, a.deleted_info_point_ids, b.upserts.info_points,
               b.deleted_info_point_ids);
    merge_kind(a.upserts.tasks, a.deleted_task_ids, b.upserts.tasks, b.deleted_task_ids);
    into.cursor = later.cursor;
    into.more = later.more;
}

int changes_in(const CatalogPage& page) {
    const CatalogDelta& d = page.delta;
    return static_cast<int>(d.upserts.organisations.size() + d.upserts.info_points.size() +
                            d.upserts.tasks.size() + d.deleted_organisation_ids.size() +
                            d.deleted_info_point_ids.size() + d.deleted_task_ids.size());
}

void apply(LocalStore& store, const CatalogPage& page) {
    if (page.reset)
        store.replace_catalog(page.delta.upserts, page.cursor);
    else
        store.apply_catalog_delta(page.delta, page.cursor);
}

// Takes the network's key from a page when it is new to the store: the first sync's, or one
// made by a rotation. Returns whether it was new.
bool take_network_key(LocalStore& store, const CatalogPage& page) {
    if (!page.network_key) return false;
    std::optional<NetworkKey> held = store.network_key();
    if (held && held->key == *page.network_key && held->source == NetworkKeySource::centre)
        return false;
    store.set_network_key({*page.network_key, NetworkKeySource::centre, now_ms()});
    return true;
}

}  // namespace

bool SyncPass::prepare_catalog() {
    if (!step_started_) {
        cursor_ = store_.catalog_cursor();
        started_over_ = false;
        held_page_.reset();
        catalog_complete_ = false;
    }
    if (catalog_complete_) return false;
    const int limit = std::clamp(config_.catalog_page_limit, 1, wire::kMaxCatalogPageLimit);
    // After a page the store refused, the page after it, to merge with it.
    request_ = client_.catalog_request(held_page_ ? held_page_->cursor : cursor_, limit);
    return true;
}

void SyncPass::take_catalog(const HttpResult& result) {
    CatalogPage page;
    try {
        page = client_.catalog_page(result);
    } catch (const SyncError& e) {
        // A cursor the centre does not know (not one it gave, e.g. a store copied from a test
        // setup): ask from the beginning, which replaces the catalogue.
        if (!held_page_ && e.centre_code == wire::error_code::invalid_cursor && !started_over_) {
            cursor_.clear();
            started_over_ = true;
            return;
        }
        throw;
    }
    int pages = 1;
    if (held_page_) {
        merge_page(*held_page_, page);
        page = std::move(*held_page_);
        held_page_.reset();
        pages = held_pages_ + 1;
    }
    try {
        apply(store_, page);
    } catch (const StoreError& e) {
        if (e.code != StoreError::Code::invalid) throw;
        if (!page.more)
            throw SyncError(SyncError::Kind::bad_answer,
                            std::string("The centre's catalogue could not be applied on "
                                        "this kiosk: ") +
                                e.what() +
                                " The kiosk keeps its current catalogue and tries again "
                                "later; tell the coordinator.");
        held_page_ = std::move(page);  // the next page is fetched and merged into it
        held_pages_ = pages;
        return;
    }
    if (take_network_key(store_, page)) report_.network_key_changed = true;
    report_.catalog_pages += pages;
    report_.catalog_changes += changes_in(page);
    report_.catalog_replaced = report_.catalog_replaced || page.reset;
    cursor_ = page.cursor;
    if (on_progress_) on_progress_();
    if (!page.more) catalog_complete_ = true;
}

}  // namespace talkoo::sync
