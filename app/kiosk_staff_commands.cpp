// See kiosk_staff_commands.hpp.
#include "app/kiosk_staff_commands.hpp"

#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <vector>

#include "core/clock.hpp"

#include "core/staff_pin.hpp"
#include "core/usage_figures.hpp"
#include "sync/handover/kiosk_handover.hpp"

namespace talkoo {
namespace {

// One line from `in`, without its line end. On a terminal, typed without echo.
std::string read_secret_line(std::FILE* in) {
    const int fd = ::fileno(in);
    termios old{};
    const bool tty = ::isatty(fd) && ::tcgetattr(fd, &old) == 0;
    if (tty) {
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    std::string line;
    for (int c; (c = std::fgetc(in)) != EOF && c != '\n';)
        if (c != '\r' && line.size() < 64) line += static_cast<char>(c);
    if (tty) {
        ::tcsetattr(fd, TCSAFLUSH, &old);
        std::fputc('\n', stderr);
    }
    return line;
}

std::string device_token(const std::optional<sync::SyncConfig>& c) {
    return c ? c->device_token : std::string();
}

void print_figures(const char* title, const Figures& f) {
    std::string langs, viewed, signed_up;
    for (const auto& [code, n] : f.languages)
        langs += (langs.empty() ? "" : ", ") + code + " " + std::to_string(n);
    for (const TaskCount& t : f.top_viewed(3))
        viewed += (viewed.empty() ? "" : ", ") + t.task_id + " " + std::to_string(t.count);
    for (const TaskCount& t : f.top_signed_up(3))
        signed_up += (signed_up.empty() ? "" : ", ") + t.task_id + " " + std::to_string(t.count);
    std::printf("%s: %lld visitor sessions, %lld signups, %lld task pages viewed\n", title,
                static_cast<long long>(f.sessions), static_cast<long long>(f.signups),
                static_cast<long long>(f.task_views));
    std::printf("  languages: %s\n  viewed most: %s\n  signed up for most: %s\n",
                langs.empty() ? "-" : langs.c_str(), viewed.empty() ? "-" : viewed.c_str(),
                signed_up.empty() ? "-" : signed_up.c_str());
}

// The first day of this stop's visit: going back from today, the earliest day before which the
// counters name another point (a tour moves from stop to stop; a day without counters keeps the
// visit going).
std::string visit_start(const std::vector<UsageCounter>& counters, const std::string& point,
                        const std::string& today) {
    std::string since = today;
    std::string other_last;  // the latest day (up to today) with counters at another point
    for (const UsageCounter& c : counters)
        if (c.day <= today && c.info_point_id != point && c.day > other_last) other_last = c.day;
    for (const UsageCounter& c : counters)
        if (c.day <= today && c.info_point_id == point && c.day > other_last && c.day < since)
            since = c.day;
    return since;
}

}  // namespace

int run_figures(LocalStore& store, const std::string& point_id) {
    const std::vector<UsageCounter> counters = store.usage_counters();
    const std::string today = local_date(now_ms());
    const std::string since = visit_start(counters, point_id, today);
    StandFigures f = stand_figures(counters, today, point_id, since);
    print_figures(("today, " + today).c_str(), f.today);
    if (point_id.empty())
        std::printf("this stop: no info point set (point= in kiosk.conf, or --point)\n");
    else
        print_figures(("this stop (" + point_id + ") since " + since).c_str(), f.visit);
    std::printf("the last 7 days, per stop:\n");
    for (const auto& [point, figures] : f.week_by_point)
        print_figures(("  " + (point.empty() ? std::string("(no point)") : point)).c_str(),
                      figures);
    std::printf("(anonymous counts; the centre's `talkoo-central report` sums every kiosk's)\n");
    return 0;
}

int run_set_pin(LocalStore& store, std::FILE* in) {
    if (::isatty(::fileno(in))) std::fputs("New staff PIN (4 to 8 digits): ", stderr);
    std::string pin = read_secret_line(in);
    if (!is_valid_pin(pin)) {
        std::fprintf(stderr,
                     "talkoo-kiosk: --set-pin: a staff PIN is 4 to 8 digits (0-9), nothing else; "
                     "the PIN was not changed.\n");
        return 2;
    }
    StaffPin(store, default_pin_cost()).set(pin);
    std::printf("staff PIN set (kept only as an Argon2id hash; any lock of the PIN pad lifted)\n");
    return 0;
}

int run_export_handover(LocalStore& store, const std::optional<sync::SyncConfig>& sync_config,
                        const std::filesystem::path& folder) {
    try {
        handover::HandoverWritten w =
            handover::export_handover(store, folder, device_token(sync_config));
        std::printf(
            "handover file written and verified: %s (%d signups, %lld bytes). The signups stay "
            "on this kiosk, marked handed over, until the centre acknowledges them: import the "
            "file with `talkoo-central import-signups` and bring its receipt back "
            "(--import-receipt).\n",
            w.file.c_str(), w.signups, static_cast<long long>(w.bytes));
        return 0;
    } catch (const handover::HandoverError& e) {
        std::fprintf(stderr, "talkoo-kiosk: --export-handover: %s\n", e.what());
        return e.code == handover::HandoverError::Code::nothing ? 0 : 1;
    }
}

int run_import_receipt(LocalStore& store, const std::optional<sync::SyncConfig>& sync_config,
                       const std::filesystem::path& file) {
    try {
        const int64_t keep_ms = sync_config ? std::chrono::duration_cast<std::chrono::milliseconds>(
                                                  sync_config->keep_personal_data)
                                                  .count()
                                            : 0;
        handover::ReceiptTaken t =
            handover::take_receipt(store, file, device_token(sync_config), keep_ms);
        std::printf(
            "receipt for %s taken: %d signups acknowledged by the centre (%d erased from this "
            "kiosk now), %d need attention, %d already acknowledged or gone\n",
            t.handover_file.c_str(), t.acknowledged, t.erased, t.needs_attention, t.already);
        return t.needs_attention ? 3 : 0;
    } catch (const handover::HandoverError& e) {
        std::fprintf(stderr, "talkoo-kiosk: --import-receipt: %s\n", e.what());
        return 1;
    }
}

int run_erase_personal_data(LocalStore& store, std::optional<int> confirm_loss) {
    std::vector<OutboxEntry> lost = store.unacknowledged();
    const int n = static_cast<int>(lost.size());
    if (n > 0 && confirm_loss != n) {
        std::fprintf(stderr,
                     "talkoo-kiosk: --erase-personal-data: %d signup(s) have not reached the "
                     "centre and would be LOST:\n",
                     n);
        for (const OutboxEntry& e : lost) {
            std::string tasks;
            for (const std::string& t : e.signup.task_ids)
                tasks += (tasks.empty() ? "" : ", ") + t;
            std::fprintf(stderr, "  %s  made %s  tasks %s%s%s\n", e.signup.id.c_str(),
                         iso_timestamp_utc(e.signup.created_ms).c_str(), tasks.c_str(),
                         e.handed_over_ms ? "  (on a handover file)" : "",
                         e.state == OutboxState::needs_attention ? "  (needs attention)" : "");
        }
        std::fprintf(stderr,
                     "Nothing was erased. Deliver them first (--sync-once, or --export-handover "
                     "and the centre's receipt), or erase them anyway with "
                     "--erase-personal-data --confirm-loss %d.\n",
                     n);
        return 1;
    }
    PersonalDataErasure done = store.erase_all_personal_data();
    std::printf(
        "personal data erased: %d delivered signup(s) wiped, %d undelivered deleted; the store "
        "was checkpointed and vacuumed, so none of it is left in its file, log or free pages. "
        "The anonymous figures stay.\n",
        done.wiped, done.deleted);
    return 0;
}

}  // namespace talkoo
