// KeyRingFile: the network's key ring as talkoo-central holds it while running: read from its
// file (core/seal.hpp's format, mode 0600, never inside the database), and read again when the
// file changes, so that `talkoo-central keys rotate` run beside a running service takes effect
// at once: kiosks get the new public key with their next catalogue answer, and signups sealed to
// it open. Several service processes on one database share the one file the same way.
//
// Where the file is: --keys PATH, or beside a SQLite database (central.db -> central.keys).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "core/seal.hpp"

namespace talkoo::central {

// --keys when given, else the file beside the database `db_spec` names. Throws
// std::runtime_error when there is no such place (a database that is not a file).
std::filesystem::path key_ring_path(const std::string& db_spec, const std::string& keys_option);

class KeyRingFile {
  public:
    // Reads the file; throws seal::SealError (key_file) with a message naming it.
    explicit KeyRingFile(std::filesystem::path file);

    const std::filesystem::path& path() const { return file_; }
    // The ring as it is now: the file is looked at again at most once a second, and read again
    // when it changed. A file that became unreadable keeps the ring last read (and says so on
    // `problem`), so a half-finished edit never stops the service.
    std::shared_ptr<const seal::KeyRing> ring();
    // Looks at the file now (after a blob named a key the ring does not hold).
    std::shared_ptr<const seal::KeyRing> reread();
    // Why the last reading failed, or "" when it did not.
    std::string problem();

  private:
    std::shared_ptr<const seal::KeyRing> look(bool now);

    std::filesystem::path file_;
    std::mutex mutex_;
    std::shared_ptr<const seal::KeyRing> ring_;
    std::chrono::steady_clock::time_point looked_{};
    struct Stamp {
        ino_t inode = 0;
        int64_t mtime_ns = 0;
        off_t size = 0;
        bool operator==(const Stamp&) const = default;
    } stamp_;
    std::string problem_;
};

}  // namespace talkoo::central
