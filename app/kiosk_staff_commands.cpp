// See kiosk_staff_commands.hpp.
#include "app/kiosk_staff_commands.hpp"

#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <vector>

#include "core/clock.hpp"

#include "core/staff_pin.hpp"
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

}  // namespace

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
