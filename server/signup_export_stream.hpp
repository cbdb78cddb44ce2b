// SignupExportStream: the coordinators' exports of signups (GET /v1/signups/export, GET
// /v1/signups?format=csv, `talkoo-central export-signups`) written a page at a time, so that the
// centre's memory stays flat whatever the number of signups: each piece is one page of the
// query, read from the store by its cursor (CentralStore's `after`), opened by the vault,
// formatted (signup_export.hpp: the same columns and records as everywhere) and handed on before
// the next page is read. A million signups cost a million rows of reading, never a million
// records in memory.
//
// Each page is its own read: a signup stored while an export runs appears in it if its place in
// the order (created_ms, id) is still ahead of the export's cursor.
#pragma once

#include <cstdint>
#include <string>

#include "server/signup_vault.hpp"

namespace talkoo::central {

class SignupExportStream {
  public:
    enum class Format { csv, json };
    // Records per piece (one page read).
    static constexpr int64_t kPageSize = 500;

    // `query`'s limit, if any, bounds the whole export; its offset is not used. A non-empty
    // `organisation_scope` restricts each record to that organisation's tasks (an
    // organisation's coordinator, signup_export.hpp's restrict_to_organisation).
    SignupExportStream(SignupVault& vault, SignupQuery query, Format format,
                       std::string organisation_scope = {});

    // Appends the next piece to `out`; true while more follows, false after the last piece.
    // Throws CentralStoreError when the store fails (the export is then cut short).
    bool next(std::string& out);
    int64_t count() const { return count_; }

  private:
    SignupVault& vault_;
    SignupQuery query_;
    Format format_;
    std::string scope_;
    int64_t left_;  // records still to write; -1: no bound
    bool started_ = false;
    bool done_ = false;
    int64_t count_ = 0;
};

}  // namespace talkoo::central
