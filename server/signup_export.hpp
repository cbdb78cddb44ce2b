// Signups as coordinators receive them: JSON records (the coordinator API and `export-signups
// --format json`) and CSV (UTF-8, comma-separated, one header row, RFC 4180 quoting), the same
// columns in both places so that a spreadsheet made from either matches.
//
// CSV cells that a spreadsheet would read as a formula (starting with =, +, -, @, tab or CR) are
// prefixed with an apostrophe in the columns a visitor typed (name, phone, e-mail, message): a
// visitor's "message" must never run as a formula on a coordinator's computer, and a phone
// number "+358 40 ..." stays text instead of becoming a failed sum.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/storage.hpp"

namespace talkoo::central {

nlohmann::json signup_record_json(const SignupRecord& record);
nlohmann::json signup_records_json(const std::vector<SignupRecord>& records);

std::string signups_csv_header();
std::string signup_csv_row(const SignupRecord& record);
std::string signups_csv(const std::vector<SignupRecord>& records);

// For an organisation's coordinator: the record's tasks of other organisations are left out,
// so that one organisation does not learn what else the visitor was interested in.
SignupRecord restrict_to_organisation(SignupRecord record, const std::string& organisation_id);

}  // namespace talkoo::central
