// See durable_file.hpp.
#include "core/durable_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace talkoo {
namespace {

std::string advice(FileWriteError::Code code) {
    switch (code) {
        case FileWriteError::Code::full:
            return "The drive is full: free some space on it (or use another stick) and try "
                   "again.";
        case FileWriteError::Code::removed:
            return "The drive went away or failed while writing: was the stick pulled out? Put "
                   "it back (or use another) and try again.";
        case FileWriteError::Code::read_only:
            return "The drive is read-only: check the stick's write-protect switch, or use "
                   "another.";
        case FileWriteError::Code::denied:
            return "This kiosk may not write there: choose another folder or drive.";
        case FileWriteError::Code::io:
            break;
    }
    return "Try again, or use another drive.";
}

}  // namespace

FileWriteError::Code file_write_code(int err) {
    switch (err) {
        case ENOSPC:
        case EDQUOT:
        case EFBIG:
            return FileWriteError::Code::full;
        case EIO:
        case ENODEV:
        case ENXIO:
        case ENOENT:
        case ESTALE:
        case ENOTCONN:
            return FileWriteError::Code::removed;
        case EROFS:
            return FileWriteError::Code::read_only;
        case EACCES:
        case EPERM:
            return FileWriteError::Code::denied;
        default:
            return FileWriteError::Code::io;
    }
}

DurableFile::DurableFile(std::filesystem::path final_path, mode_t mode)
    : final_(std::move(final_path)), temp_(final_.string() + ".partial") {
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd_ < 0) fail("create a file in", errno);
    // Whatever the umask: the mode asked for (a receipt or a handover file need no secrecy,
    // kiosk.conf none either, but the caller decides).
    ::fchmod(fd_, mode);
}

DurableFile::~DurableFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(temp_.c_str());
}

void DurableFile::fail(const char* doing, int err) {
    FileWriteError::Code code = file_write_code(err);
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    ::unlink(temp_.c_str());
    throw FileWriteError(code, "Could not " + std::string(doing) + " " +
                                   final_.parent_path().string() + " (" + std::strerror(err) +
                                   "). " + advice(code));
}

void DurableFile::write(std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd_, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("write to", errno);
        }
        if (n == 0) fail("write to", ENOSPC);
        bytes.remove_prefix(static_cast<size_t>(n));
        written_ += n;
    }
}

void DurableFile::commit() {
    if (::fsync(fd_) != 0) fail("finish writing to", errno);
    if (::close(fd_) != 0) {
        fd_ = -1;
        fail("finish writing to", errno);
    }
    fd_ = -1;
    if (::rename(temp_.c_str(), final_.c_str()) != 0) fail("name the file in", errno);
    committed_ = true;
    // The rename itself must reach the device too (a stick pulled right after "done").
    std::filesystem::path folder = final_.parent_path().empty() ? "." : final_.parent_path();
    int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        int rc = ::fsync(dir);
        int err = errno;
        ::close(dir);
        // Some file systems (vfat on some kernels) refuse fsync on a folder: that is no
        // failure; a device error is.
        if (rc != 0 && err != EINVAL && err != EROFS && err != EBADF) {
            FileWriteError::Code code = file_write_code(err);
            throw FileWriteError(code, "Could not finish writing to " + folder.string() + " (" +
                                           std::strerror(err) + "). " + advice(code));
        }
    }
}

void write_file_durably(const std::filesystem::path& file, std::string_view contents, mode_t mode) {
    DurableFile out(file, mode);
    out.write(contents);
    out.commit();
}

}  // namespace talkoo
