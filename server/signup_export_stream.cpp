// See signup_export_stream.hpp.
#include "server/signup_export_stream.hpp"

#include <algorithm>

#include "server/signup_export.hpp"
#include "sync/wire/protocol.hpp"

namespace talkoo::central {

SignupExportStream::SignupExportStream(SignupVault& vault, SignupQuery query, Format format,
                                       std::string organisation_scope)
    : vault_(vault),
      query_(std::move(query)),
      format_(format),
      scope_(std::move(organisation_scope)),
      left_(query_.limit) {
    query_.offset = 0;
}

bool SignupExportStream::next(std::string& out) {
    if (done_) return false;
    if (!started_) {
        started_ = true;
        if (format_ == Format::csv)
            out += signups_csv_header();
        else
            out += "{\"" + std::string(wire::kProtocolField) + "\":\"" +
                   std::string(wire::kProtocol) + "\",\"signups\":[";
    }
    SignupQuery page = query_;
    page.limit = left_ < 0 ? kPageSize : std::min(left_, kPageSize);
    std::vector<SignupRecord> records;
    if (page.limit > 0) records = vault_.signups(page);
    for (SignupRecord& r : records) {
        query_.after = PageCursor{r.signup.created_ms, r.signup.id};
        if (!scope_.empty()) r = restrict_to_organisation(std::move(r), scope_);
        if (format_ == Format::csv) {
            out += signup_csv_row(r);
        } else {
            if (count_ > 0) out += ",";
            out += "\n";
            out += signup_record_json(r).dump(-1, ' ', false,
                                              nlohmann::json::error_handler_t::replace);
        }
        ++count_;
        clear_personal_fields(r.signup);
    }
    if (left_ >= 0) left_ -= static_cast<int64_t>(records.size());
    if (static_cast<int64_t>(records.size()) == page.limit && left_ != 0) return true;
    done_ = true;
    if (format_ == Format::json) out += "\n],\"count\":" + std::to_string(count_) + "}\n";
    return false;
}

}  // namespace talkoo::central
