// The one exception type of the device store. `code` is for code (tests, the sync worker, the
// staff screen's choice of advice); what() is a sentence a staff member can act on, e.g.
// "The data folder /var/lib/talkoo is read-only: the kiosk cannot save signups. Ask the
// technician to make it writable." It never contains a visitor's personal data.
#pragma once

#include <stdexcept>
#include <string>

namespace talkoo {

class StoreError : public std::runtime_error {
  public:
    enum class Code {
        cannot_open,  // the file or its folder cannot be opened or created
        read_only,    // the file or folder is not writable
        disk_full,    // SQLITE_FULL: nothing was written
        corrupt,      // the file is not a Talkoo store, or is damaged
        too_new,      // made by a newer Talkoo: refuse rather than guess
        invalid,      // the record failed validation or names unknown tasks; nothing was written
        duplicate,    // a signup with this id is already stored
        busy,         // another process held the database for too long
        io,           // any other I/O or SQLite failure
    };

    StoreError(Code code, const std::string& message) : std::runtime_error(message), code(code) {}
    Code code;
};

}  // namespace talkoo
