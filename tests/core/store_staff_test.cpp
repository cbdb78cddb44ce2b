// What the staff panel does to the outbox (core/local_store.hpp, "staff at a stop"): the
// signups a USB handover carries, the "handed over" mark that keeps them in the outbox until the
// centre acknowledges them, "try again" for one signup, and the end of the tour, which leaves
// no sealed personal data in the store's file, its log or its free pages.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "core/local_store.hpp"
#include "store_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace talkoo;
using talkoo::test::TempDir;

namespace {

constexpr int64_t kT0 = 1'750'000'000'000;

struct StaffStore {
    TempDir dir;
    LocalStore store{dir / "s.sqlite"};
    StaffStore() { store.replace_catalog(test::sample_catalog(), "c1"); }
    Signup add(int64_t at) {
        Signup s = test::make_signup({"dogs-1"}, at);
        store.commit_signup(test::sealed(s));
        return s;
    }
};

std::string file_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> ids_of(const std::vector<OutboxEntry>& entries) {
    std::vector<std::string> ids;
    for (const OutboxEntry& e : entries)
        ids.push_back(e.signup.id);
    return ids;
}

}  // namespace

TEST_CASE("a handover carries every signup the centre has not acknowledged, oldest first") {
    StaffStore o;
    Signup a = o.add(kT0 + 2), b = o.add(kT0), c = o.add(kT0 + 1), d = o.add(kT0 + 3);
    o.store.mark_sent({a.id});
    o.store.mark_needs_attention(c.id, "rejected");
    o.store.mark_acknowledged({d.id}, kT0 + 10);
    CHECK(ids_of(o.store.unacknowledged()) == std::vector<std::string>{b.id, c.id, a.id});
    CHECK(ids_of(o.store.unacknowledged({a.id, d.id})) == std::vector<std::string>{a.id});
    // What it carries is the sealed form, whole.
    CHECK(test::opened(o.store.unacknowledged({b.id}).at(0)) == b);
}

TEST_CASE(
    "a handed-over signup stays in the outbox, in its state, until the centre "
    "acknowledges it") {
    StaffStore o;
    Signup a = o.add(kT0), b = o.add(kT0 + 1);
    o.store.mark_handed_over({a.id, b.id}, kT0 + 100);
    OutboxEntry e = *o.store.outbox_entry(a.id);
    CHECK(e.handed_over_ms == kT0 + 100);
    CHECK(e.state == OutboxState::pending);
    CHECK(o.store.outbox_batch(10).size() == 2);  // sync still sends them
    OutboxSummary s = o.store.outbox_summary();
    CHECK(s.pending == 2);
    CHECK(s.handed_over == 2);
    o.store.mark_acknowledged({a.id}, kT0 + 200);
    s = o.store.outbox_summary();
    CHECK(s.handed_over == 1);
    CHECK(s.acknowledged == 1);
    // An acknowledged signup is not marked again.
    o.store.mark_handed_over({a.id}, kT0 + 300);
    CHECK(o.store.outbox_entry(a.id)->handed_over_ms == kT0 + 100);
}

TEST_CASE("try again puts one signup needing attention back in the queue, and only that one") {
    StaffStore o;
    Signup a = o.add(kT0), b = o.add(kT0 + 1);
    o.store.mark_sent({a.id, b.id});
    o.store.mark_needs_attention(a.id, "rejected");
    o.store.mark_needs_attention(b.id, "conflict");
    CHECK(o.store.retry_signup(a.id));
    CHECK(o.store.outbox_entry(a.id)->state == OutboxState::pending);
    CHECK(o.store.outbox_entry(a.id)->last_error.empty());
    CHECK(o.store.outbox_entry(b.id)->state == OutboxState::needs_attention);
    CHECK_FALSE(o.store.retry_signup(a.id));  // no longer needs attention
    CHECK_FALSE(o.store.retry_signup("no-such-id"));
}

TEST_CASE(
    "the end of the tour leaves no sealed personal data in the file, its log or its free "
    "pages, and keeps the anonymous counters") {
    StaffStore o;
    std::vector<Signup> acked, waiting;
    for (int i = 0; i < 30; ++i)
        (i % 3 ? acked : waiting).push_back(o.add(kT0 + i));
    std::vector<std::string> acked_ids;
    for (const Signup& s : acked)
        acked_ids.push_back(s.id);
    o.store.mark_acknowledged(acked_ids, kT0 + 1000);
    o.store.count_usage("2025-06-15", "point-1", "session.start", 7);
    std::vector<std::string> blobs;
    for (const OutboxEntry& e : o.store.unacknowledged())
        blobs.push_back(e.sealed);
    for (const std::string& id : acked_ids)
        blobs.push_back(o.store.outbox_entry(id)->sealed);
    const auto on_disk = [&] {
        return file_bytes(o.dir / "s.sqlite") + file_bytes(o.dir / "s.sqlite-wal");
    };
    // A blob's middle is unmistakable in raw bytes (the whole may straddle pages).
    auto found = [&] {
        const std::string bytes = on_disk();
        int n = 0;
        for (const std::string& b : blobs)
            n += bytes.find(b.substr(40, 40)) != std::string::npos;
        return n;
    };
    REQUIRE(found() == static_cast<int>(blobs.size()));

    PersonalDataErasure done = o.store.erase_all_personal_data();
    CHECK(done.wiped == static_cast<int>(acked.size()));
    CHECK(done.deleted == static_cast<int>(waiting.size()));
    CHECK(found() == 0);
    CHECK(o.store.outbox_summary().pending == 0);
    CHECK(o.store.outbox_summary().acknowledged == static_cast<int>(acked.size()));
    CHECK(o.store.outbox_entry(acked[0].id)->sealed.empty());
    CHECK_FALSE(o.store.outbox_entry(waiting[0].id).has_value());
    bool counter_kept = false;
    for (const UsageCounter& c : o.store.usage_counters())
        counter_kept |= c.name == "session.start" && c.value == 7;
    CHECK(counter_kept);
    // Done twice, it finds nothing more.
    PersonalDataErasure again = o.store.erase_all_personal_data();
    CHECK(again.wiped == 0);
    CHECK(again.deleted == 0);
}
