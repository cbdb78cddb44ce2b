// talkoo-central's commands for the people who run the centre: devices, coordinators, catalogue
// import and signup export. Each opens the database, does one thing, prints what it did in
// words and exits; errors say what to do next. Tokens are printed once, at creation, and never
// again: the database keeps only their hashes.
//
// Index: usage text · argument parsing · device · coordinator · import · export-signups · run_cli
#include "server/cli.hpp"

#include <algorithm>
#include <iostream>

#include "core/clock.hpp"
#include "core/uuid.hpp"
#include "core/validation.hpp"
#include "server/signup_export.hpp"
#include "server/storage.hpp"
#include "server/tokens.hpp"
#include "sync/wire/catalog_json.hpp"
#include "sync/wire/protocol.hpp"

namespace talkoo::central {
namespace {

constexpr const char* kUsage = R"(talkoo-central: the Talkoo network's central service.

  talkoo-central serve [--db PATH] [--listen HOST:PORT] [--threads N]
                       [--rate-limit PER_MINUTE] [--rate-burst N]
      Serves the v1 API (docs/protocol.md). Defaults: --db ./talkoo-central.db (created when
      missing), --listen 127.0.0.1:8480 (port 0 picks a free one), --threads 64,
      --rate-limit 600 requests a minute per token (0 = off), --rate-burst 120.
      Prints "talkoo-central listening on http://HOST:PORT"; SIGTERM or Ctrl-C stops it after
      the requests in flight.
  talkoo-central device add --name NAME --point INFO_POINT_ID    prints the device's token once
  talkoo-central device list
  talkoo-central device revoke DEVICE_ID
  talkoo-central coordinator add --name NAME [--org ORGANISATION_ID]    prints the token once
  talkoo-central coordinator list
  talkoo-central coordinator revoke COORDINATOR_ID
  talkoo-central import FILE
      Adds or updates the organisations, info points and tasks of a catalogue file (the format
      of assets/demo/catalog.json). A bad file changes nothing.
  talkoo-central export-signups --format csv|json [--org ID] [--point ID] [--since YYYY-MM-DD]
                                [--until YYYY-MM-DD]
      Writes the signups to standard output.

Every command takes --db PATH (default ./talkoo-central.db).
)";

// Options that take a value; anything else starting with "--" is a mistake.
const std::vector<std::string> kValueOptions = {"db",         "listen", "threads", "rate-limit",
                                                "rate-burst", "name",   "point",   "org",
                                                "since",      "until",  "format"};

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

CommandLine parse(const std::vector<std::string>& args) {
    CommandLine line;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (!a.starts_with("--")) {
            line.words.push_back(a);
            continue;
        }
        std::string name = a.substr(2);
        std::string value;
        bool has_value = false;
        if (size_t eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            has_value = true;
        }
        if (std::find(kValueOptions.begin(), kValueOptions.end(), name) == kValueOptions.end())
            throw UsageError("unknown option --" + name);
        if (!has_value) {
            if (i + 1 >= args.size()) throw UsageError("--" + name + " needs a value");
            value = args[++i];
        }
        line.options[name] = value;
    }
    return line;
}

void expect_words(const CommandLine& line, size_t count, const std::string& shape) {
    if (line.words.size() != count) throw UsageError("usage: talkoo-central " + shape);
}

std::string required(const CommandLine& line, const std::string& option, const std::string& shape) {
    std::string v = line.option(option);
    if (v.empty()) throw UsageError("--" + option + " is required: talkoo-central " + shape);
    return v;
}

std::string checked_name(const std::string& name) {
    if (name.empty() || utf8_length(name) > kMaxNameLength || !is_clean_text(name, false))
        throw UsageError("--name must be 1 to 100 characters of text on one line");
    return name;
}

std::string when(int64_t ms) {
    return ms ? iso_timestamp_utc(ms) : std::string("never");
}

std::unique_ptr<CentralStore> open_store(const CommandLine& line, bool create) {
    return open_central_store(line.option("db", kDefaultDatabase), create);
}

// -- device
// ----------------------------------------------------------------------------------------

int device_command(const CommandLine& line, std::ostream& out, std::ostream& err) {
    std::string sub = line.words.size() > 1 ? line.words[1] : "";
    if (sub == "add") {
        const std::string shape = "device add --name NAME --point INFO_POINT_ID";
        expect_words(line, 2, shape);
        std::string name = checked_name(required(line, "name", shape));
        std::string point = required(line, "point", shape);
        auto store = open_store(line, false);
        if (!is_valid_id(point) || !store->info_point(point)) {
            err << "error: there is no info point \"" << point
                << "\" in the catalogue: import the catalogue first, or check the id.\n";
            return 1;
        }
        DeviceRecord d;
        d.id = new_uuid_v7();
        d.name = name;
        d.info_point_id = point;
        d.created_ms = now_ms();
        NewToken token = make_token(TokenKind::device);
        store->add_device(d, token.hash);
        out << "Device added.\n"
            << "id:    " << d.id << "\n"
            << "token: " << token.text << "\n"
            << "This token is shown only now: put it in the kiosk's sync settings.\n";
        return 0;
    }
    if (sub == "list") {
        expect_words(line, 2, "device list");
        auto store = open_store(line, false);
        auto devices = store->devices();
        if (devices.empty()) out << "No devices yet: add one with `talkoo-central device add`.\n";
        for (const DeviceRecord& d : devices) {
            out << d.id << "  " << (d.revoked_ms ? "revoked" : "active ") << "  point "
                << d.info_point_id << "  last seen " << when(d.last_seen_ms) << "  app "
                << (d.app_version.empty() ? "?" : d.app_version) << "  \"" << d.name << "\"\n";
        }
        return 0;
    }
    if (sub == "revoke") {
        expect_words(line, 3, "device revoke DEVICE_ID");
        auto store = open_store(line, false);
        if (!store->revoke_device(line.words[2], now_ms())) {
            err << "error: no device has the id \"" << line.words[2]
                << "\": see `talkoo-central device list`.\n";
            return 1;
        }
        out << "Device " << line.words[2] << " revoked: its token is refused from now on.\n";
        return 0;
    }
    throw UsageError("usage: talkoo-central device add|list|revoke ...");
}

// -- coordinator
// -----------------------------------------------------------------------------------

int coordinator_command(const CommandLine& line, std::ostream& out, std::ostream& err) {
    std::string sub = line.words.size() > 1 ? line.words[1] : "";
    if (sub == "add") {
        const std::string shape = "coordinator add --name NAME [--org ORGANISATION_ID]";
        expect_words(line, 2, shape);
        std::string name = checked_name(required(line, "name", shape));
        std::string org = line.option("org");
        auto store = open_store(line, false);
        if (line.has("org") && (!is_valid_id(org) || !store->organisation(org))) {
            err << "error: there is no organisation \"" << org
                << "\" in the catalogue: import the catalogue first, or check the id.\n";
            return 1;
        }
        CoordinatorRecord k;
        k.id = new_uuid_v7();
        k.name = name;
        k.organisation_id = org;
        k.created_ms = now_ms();
        NewToken token = make_token(TokenKind::coordinator);
        store->add_coordinator(k, token.hash);
        out << "Coordinator added"
            << (org.empty() ? " for the whole network.\n" : " for organisation " + org + ".\n")
            << "id:    " << k.id << "\n"
            << "token: " << token.text << "\n"
            << "This token is shown only now: hand it over safely.\n";
        return 0;
    }
    if (sub == "list") {
        expect_words(line, 2, "coordinator list");
        auto store = open_store(line, false);
        for (const CoordinatorRecord& k : store->coordinators()) {
            out << k.id << "  " << (k.revoked_ms ? "revoked" : "active ") << "  "
                << (k.organisation_id.empty() ? "whole network" : "org " + k.organisation_id)
                << "  \"" << k.name << "\"\n";
        }
        return 0;
    }
    if (sub == "revoke") {
        expect_words(line, 3, "coordinator revoke COORDINATOR_ID");
        auto store = open_store(line, false);
        if (!store->revoke_coordinator(line.words[2], now_ms())) {
            err << "error: no coordinator has the id \"" << line.words[2]
                << "\": see `talkoo-central coordinator list`.\n";
            return 1;
        }
        out << "Coordinator " << line.words[2] << " revoked: the token is refused from now on.\n";
        return 0;
    }
    throw UsageError("usage: talkoo-central coordinator add|list|revoke ...");
}

// -- import
// ----------------------------------------------------------------------------------------

int import_command(const CommandLine& line, std::ostream& out, std::ostream& err) {
    expect_words(line, 2, "import FILE");
    const std::string& file = line.words[1];
    Catalog catalog;
    bool demo = false;
    try {
        wire::CatalogDocument document = wire::load_catalog_document(file);
        catalog = std::move(document.catalog);
        demo = document.demo;
    } catch (const std::exception& e) {
        err << "error: " << file << ": " << e.what() << "\nNothing was imported.\n";
        return 1;
    }
    auto store = open_store(line, true);
    CatalogDelta delta;
    delta.upserts = catalog;
    CatalogWriteSummary summary;
    try {
        summary = store->apply_catalog(delta, now_ms());
    } catch (const CentralStoreError& e) {
        if (e.code != CentralStoreError::Code::invalid &&
            e.code != CentralStoreError::Code::conflict)
            throw;
        err << "error: " << file << ": " << e.what() << "\nNothing was imported.\n";
        return 1;
    }
    out << "Imported " << file << ": " << catalog.organisations.size() << " organisations, "
        << catalog.info_points.size() << " info points, " << catalog.tasks.size() << " tasks ("
        << summary.changed << " new or changed, " << summary.unchanged << " unchanged).\n";
    if (demo)
        out << "Note: the file is marked as demo data (\"demo\": true); kiosks will show these"
               " tasks as real ones.\n";
    return 0;
}

// -- export-signups
// --------------------------------------------------------------------------------

int export_command(const CommandLine& line, std::ostream& out, std::ostream& err) {
    const std::string shape =
        "export-signups --format csv|json [--org ID] [--point ID] [--since DATE] [--until DATE]";
    expect_words(line, 1, shape);
    std::string format = required(line, "format", shape);
    if (format != "csv" && format != "json") throw UsageError("--format must be csv or json");
    SignupQuery q;
    for (const char* option : {"org", "point"}) {
        if (!line.has(option)) continue;
        if (!is_valid_id(line.option(option)))
            throw UsageError(std::string("--") + option + " must be an id (a-z, 0-9, '-', '_')");
        (std::string(option) == "org" ? q.organisation_id : q.info_point_id) = line.option(option);
    }
    for (const char* option : {"since", "until"}) {
        if (!line.has(option)) continue;
        if (!is_valid_iso_date(line.option(option)))
            throw UsageError(std::string("--") + option + " must be a day written YYYY-MM-DD");
        (std::string(option) == "since" ? q.since_day : q.until_day) = line.option(option);
    }
    auto store = open_store(line, false);
    std::vector<SignupRecord> records = store->signups(q);
    if (format == "csv") {
        out << signups_csv(records);
    } else {
        nlohmann::json doc = {{std::string(wire::kProtocolField), wire::kProtocol},
                              {"signups", signup_records_json(records)},
                              {"count", records.size()}};
        out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
    err << "Exported " << records.size() << (records.size() == 1 ? " signup.\n" : " signups.\n");
    return 0;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    for (const std::string& a : args) {
        if (a == "--help" || a == "-h") {
            out << kUsage;
            return 0;
        }
    }
    try {
        CommandLine line = parse(args);
        std::string command = line.words.empty() ? "" : line.words[0];
        if (command == "serve") {
            expect_words(line, 1, "serve [--db PATH] [--listen HOST:PORT]");
            return serve_command(line, out, err);
        }
        if (command == "device") return device_command(line, out, err);
        if (command == "coordinator") return coordinator_command(line, out, err);
        if (command == "import") return import_command(line, out, err);
        if (command == "export-signups") return export_command(line, out, err);
        if (command == "help" || command.empty()) {
            (command.empty() ? err : out) << kUsage;
            return command.empty() ? 2 : 0;
        }
        if (command == "version") {
            out << "talkoo-central " << TALKOO_VERSION << " (protocol " << wire::kProtocol << ")\n";
            return 0;
        }
        throw UsageError("unknown command \"" + command + "\"");
    } catch (const UsageError& e) {
        err << "error: " << e.what() << "\n\nRun `talkoo-central help` for the commands.\n";
        return 2;
    } catch (const std::exception& e) {
        err << "error: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace talkoo::central
