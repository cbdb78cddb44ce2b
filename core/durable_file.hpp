// Writing a whole file so that a crash, a power cut or a pulled USB stick leaves either the old
// file or the new one, never half of one: the bytes go to a temporary name in the same folder,
// are synced to the device, renamed over the final name, and the folder is synced too. Used for
// kiosk.conf, the staff panel's handover files and the centre's receipts.
//
// Failures are FileWriteError with a code and a sentence a person can act on ("The drive is
// full", "The drive went away while writing: was the stick pulled out?"), naming the folder;
// the temporary file is removed where it still can be.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace talkoo {

class FileWriteError : public std::runtime_error {
  public:
    enum class Code {
        full,       // no space left (or the file is larger than the file system allows)
        removed,    // the device went away or failed (a pulled stick): EIO, ENODEV, ...
        read_only,  // a read-only file system (a stick's write-protect switch)
        denied,     // no permission to write there
        io,         // anything else
    };
    FileWriteError(Code code, const std::string& message)
        : std::runtime_error(message), code(code) {}
    Code code;
};

class DurableFile {
  public:
    // Creates the temporary file beside `final_path` ("NAME.partial"), mode `mode`. Throws
    // FileWriteError.
    DurableFile(std::filesystem::path final_path, mode_t mode = 0644);
    // Removes the temporary file unless commit() succeeded.
    ~DurableFile();
    DurableFile(const DurableFile&) = delete;
    DurableFile& operator=(const DurableFile&) = delete;

    void write(std::string_view bytes);  // throws FileWriteError
    // fsync, rename over the final name, fsync the folder. Throws FileWriteError.
    void commit();

    const std::filesystem::path& temp_path() const { return temp_; }
    const std::filesystem::path& final_path() const { return final_; }
    int64_t written() const { return written_; }

  private:
    [[noreturn]] void fail(const char* doing, int err);

    std::filesystem::path final_;
    std::filesystem::path temp_;
    int fd_ = -1;
    int64_t written_ = 0;
    bool committed_ = false;
};

// The whole of `contents` to `file`, durably (above).
void write_file_durably(const std::filesystem::path& file, std::string_view contents,
                        mode_t mode = 0644);

// The code for an errno from writing (ENOSPC → full, EIO → removed, ...).
FileWriteError::Code file_write_code(int err);

}  // namespace talkoo
