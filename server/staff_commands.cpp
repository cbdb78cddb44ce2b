// The commands for what staff bring from the stops (issue 13): `import-signups`, the USB
// handover's import (handover_import.hpp), and `report`, the figures of the usage counters
// (usage_report.hpp). Apart from cli.cpp because they are one concern; run_cli dispatches here.
#include <iostream>

#include "core/clock.hpp"
#include "core/validation.hpp"
#include "server/cli.hpp"
#include "server/handover_import.hpp"
#include "server/signup_vault.hpp"
#include "server/usage_report.hpp"

namespace talkoo::central {

int import_signups_command(const CommandLine& line, std::ostream& out, std::ostream& err) {
    if (line.words.size() < 2) {
        err << "error: usage: talkoo-central import-signups FILE... [--db PATH] [--keys PATH]\n";
        return 2;
    }
    KeyRingFile keys(key_ring_path(line.option("db", kDefaultDatabase), line.option("keys")));
    auto store = open_central_store(line.option("db", kDefaultDatabase), false);
    SignupVault vault(*store, keys);
    vault.seal_plain_rows();
    int failed = 0;
    std::map<std::string, int> total = {
        {"stored", 0}, {"duplicate", 0}, {"conflict", 0}, {"rejected", 0}};
    for (size_t i = 1; i < line.words.size(); ++i) {
        const std::filesystem::path file = line.words[i];
        try {
            HandoverImport r = import_handover_file(file, *store, vault, keys, now_ms());
            out << file.string() << ": from device " << r.device.id << " (\"" << r.device.name
                << "\", info point " << r.device.info_point_id << "), handed over "
                << iso_timestamp_utc(r.handed_over_ms) << ": " << r.results.size()
                << " signups: " << r.counts["stored"] << " stored, " << r.counts["duplicate"]
                << " duplicate, " << r.counts["conflict"] << " conflict, " << r.counts["rejected"]
                << " rejected.\n";
            for (const auto& [k, v] : r.counts)
                total[k] += v;
            for (const wire::SignupResult& s : r.results)
                if (s.result == wire::SignupResultKind::conflict ||
                    s.result == wire::SignupResultKind::rejected)
                    out << "  " << s.id << ": " << wire::to_string(s.result)
                        << (s.code.empty() ? "" : " (" + s.code + ")") << ": " << s.message << "\n";
            if (!r.receipt.empty()) {
                out << "  receipt: " << r.receipt.string()
                    << " (take it back to the kiosk on the stick: it then erases what the "
                       "centre has)\n";
            } else {
                ++failed;
                err << "error: " << file.string()
                    << ": the signups were imported, but the receipt could not be written: "
                    << r.receipt_problem
                    << " Import the file again from a writable stick: nothing is stored twice, "
                       "and the receipt is written then.\n";
            }
        } catch (const handover::HandoverError& e) {
            ++failed;
            err << "error: " << e.what() << "\n";
        } catch (const CentralStoreError& e) {
            ++failed;
            err << "error: " << file.string() << ": " << e.what()
                << " Nothing of this file was stored; import it again.\n";
        }
    }
    if (line.words.size() > 2)
        out << "In all: " << total["stored"] << " stored, " << total["duplicate"] << " duplicate, "
            << total["conflict"] << " conflict, " << total["rejected"] << " rejected"
            << (failed ? ", " + std::to_string(failed) + " file(s) with a problem" : "") << ".\n";
    return failed ? 1 : 0;
}

int report_command(const CommandLine& line, std::ostream& out, std::ostream& err) {
    const std::string shape =
        "report --by point|day|org|task [--since YYYY-MM-DD] [--until YYYY-MM-DD] "
        "[--format table|csv|json]";
    if (line.words.size() != 1) {
        err << "error: usage: talkoo-central " << shape << "\n";
        return 2;
    }
    std::optional<ReportBy> by = parse_report_by(line.option("by"));
    if (!by) {
        err << "error: --by must be point, day, org or task: talkoo-central " << shape << "\n";
        return 2;
    }
    std::string format = line.option("format", "table");
    if (format != "table" && format != "csv" && format != "json") {
        err << "error: --format must be table, csv or json\n";
        return 2;
    }
    UsageQuery q;
    for (const char* option : {"since", "until"}) {
        if (!line.has(option)) continue;
        if (!is_valid_iso_date(line.option(option))) {
            err << "error: --" << option << " must be a day written YYYY-MM-DD\n";
            return 2;
        }
        (std::string(option) == "since" ? q.since_day : q.until_day) = line.option(option);
    }
    auto store = open_central_store(line.option("db", kDefaultDatabase), false);
    Report report = build_report(*store, *by, q);
    if (format == "table")
        out << report_table(report);
    else if (format == "csv")
        out << report_csv(report);
    else
        out << report_json(report).dump(2) << "\n";
    return 0;
}

}  // namespace talkoo::central
