// See key_ring_file.hpp.
#include "server/key_ring_file.hpp"

#include <sys/stat.h>

#include <stdexcept>

namespace talkoo::central {
namespace {

constexpr auto kLookInterval = std::chrono::seconds(1);

}  // namespace

std::filesystem::path key_ring_path(const std::string& db_spec, const std::string& keys_option) {
    if (!keys_option.empty()) return keys_option;
    if (db_spec.find("://") != std::string::npos)
        throw std::runtime_error(
            "This database is not a file, so the key ring has no place beside it: give --keys "
            "PATH (the network's key ring file, docs/privacy.md).");
    std::filesystem::path db = db_spec.starts_with("sqlite:") ? db_spec.substr(7) : db_spec;
    return db.replace_extension(".keys");
}

KeyRingFile::KeyRingFile(std::filesystem::path file) : file_(std::move(file)) {
    struct stat st {};
    if (::stat(file_.c_str(), &st) == 0)
        stamp_ = {st.st_ino, int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
                  st.st_size};
    ring_ = std::make_shared<const seal::KeyRing>(seal::read_key_ring_file(file_));
    looked_ = std::chrono::steady_clock::now();
}

std::shared_ptr<const seal::KeyRing> KeyRingFile::ring() {
    return look(false);
}

std::shared_ptr<const seal::KeyRing> KeyRingFile::reread() {
    return look(true);
}

std::string KeyRingFile::problem() {
    std::lock_guard lock(mutex_);
    return problem_;
}

std::shared_ptr<const seal::KeyRing> KeyRingFile::look(bool now) {
    std::lock_guard lock(mutex_);
    auto t = std::chrono::steady_clock::now();
    if (!now && t - looked_ < kLookInterval) return ring_;
    looked_ = t;
    struct stat st {};
    if (::stat(file_.c_str(), &st) != 0) {
        problem_ =
            "The key ring " + file_.string() + " is gone; the keys read earlier stay in use.";
        return ring_;
    }
    Stamp stamp{st.st_ino, int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
                st.st_size};
    if (stamp == stamp_ && problem_.empty()) return ring_;
    try {
        ring_ = std::make_shared<const seal::KeyRing>(seal::read_key_ring_file(file_));
        stamp_ = stamp;
        problem_.clear();
    } catch (const seal::SealError& e) {
        problem_ = std::string(e.what()) + " The keys read earlier stay in use.";
    }
    return ring_;
}

}  // namespace talkoo::central
