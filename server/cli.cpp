// talkoo-central's commands for the people who run the centre: devices, coordinators, catalogue
// import and signup export. Each opens the database, does one thing, prints what it did in
// words and exits; errors say what to do next. Tokens are printed once, at creation, and never
// again: the database keeps only their hashes.
//
// Commands that touch visitors' personal data (export-signups, erase, purge) open it through the
// SignupVault with the network's key ring (--keys, or beside the database); `keys` manages that
// ring.
//
// Index: usage text · argument parsing · device · coordinator · import · export-signups · keys ·
// erase · purge · run_cli
#include "server/cli.hpp"

#include <algorithm>
#include <charconv>
#include <iostream>

#include "core/clock.hpp"
#include "core/uuid.hpp"
#include "core/validation.hpp"
#include "server/key_ring_file.hpp"
#include "server/retention.hpp"
#include "server/signup_export.hpp"
#include "server/signup_export_stream.hpp"
#include "server/signup_vault.hpp"
#include "server/storage.hpp"
#include "server/tokens.hpp"
#include "sync/wire/catalog_json.hpp"
#include "sync/wire/protocol.hpp"
#include "talkoo_build_id.hpp"

namespace talkoo::central {
namespace {

constexpr const char* kUsage = R"(talkoo-central: the Talkoo network's central service.

  talkoo-central keys init
      Makes the network's key pair (X25519) in a new key ring file, mode 0600: by default beside
      the database (central.db -> central.keys), or --keys PATH. Back it up: whoever loses every
      copy loses the personal data sealed to it (docs/privacy.md).
  talkoo-central keys rotate      a new current key pair; the old ones stay and still open
  talkoo-central keys list        key ids, when made, public keys; the last is the current one
  talkoo-central serve [--db PATH] [--keys PATH] [--listen HOST:PORT] [--threads N]
                       [--rate-limit PER_MINUTE] [--rate-burst N] [--retention-months N]
                       [--max-connections N] [--max-connections-per-address N]
                       [--trusted-proxy ADDRESS[,ADDRESS...]] [--keep-alive-timeout S]
                       [--header-timeout S] [--body-timeout S] [--body-min-rate BYTES]
                       [--max-queued N] [--app DIR] [--public-channel]
      Serves the v1 API (docs/protocol.md), and with --app the web app's folder (the web
      build's build-web/app) at /app/ (docs/web.md, "Served by the centre").
      --public-channel takes signups from visitors' phones with no token (/v1/public/...),
      limited per address and per phone (docs/protocol.md, "The public channel"). Defaults: --db ./talkoo-central.db (created when
      missing), --listen 127.0.0.1:8480 (port 0 picks a free one), --threads 16 request
      workers, --rate-limit 600 requests a minute per token (0 = off), --rate-burst 120,
      --retention-months 12: personal data older than that is erased at start and once a day.
      Needs the key ring (keys init).
      Connections (docs/protocol.md, "Limits"): at most 4096 open, 64 per client address
      (0 = no per-address limit; addresses of --trusted-proxy are exempt), closed after 5 s
      idle; the request line and header fields must arrive within 10 s of their first byte;
      a body may take 10 s and must then average 1024 bytes a second; at most 1024 requests
      wait for a worker (503 beyond).
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
  talkoo-central import-signups FILE...
      Imports USB handover files written by kiosks' staff panels (docs/handover.md): each
      signup gets the result the API would give (stored, duplicate, conflict, rejected), and a
      receipt is written beside each file for the kiosk to take back. A file that is cut short,
      changed, or from an unknown network or device is refused whole. Importing a file again
      stores nothing twice.
  talkoo-central report --by point|day|org|task [--since YYYY-MM-DD] [--until YYYY-MM-DD]
                        [--format table|csv|json]
      What the stops brought in, from the kiosks' anonymous usage counters: visitor sessions,
      signups, signups per 100 sessions, task views, languages, the tasks signed up for most.
  talkoo-central erase --email ADDRESS | --phone NUMBER | --id SIGNUP_ID
      Erases the personal data of every signup of that visitor (a request by phone or letter);
      the anonymous trace stays for statistics. Prints the ids it erased.
  talkoo-central purge [--retention-months N]
      Erases now the personal data of signups given more than N months ago (default 12), as
      the running service does once a day.

talkoo-central version (or --version) prints the version and the protocol it speaks.
Every command takes --db PATH (default ./talkoo-central.db); those that read personal data
(export-signups, import-signups, erase, purge) and keys take --keys PATH (default: beside the
database).
)";

// Options that take a value; anything else starting with "--" is a mistake.
const std::vector<std::string> kValueOptions = {"db",
                                                "listen",
                                                "threads",
                                                "rate-limit",
                                                "rate-burst",
                                                "max-connections",
                                                "max-connections-per-address",
                                                "trusted-proxy",
                                                "keep-alive-timeout",
                                                "header-timeout",
                                                "body-timeout",
                                                "body-min-rate",
                                                "max-queued",
                                                "name",
                                                "point",
                                                "org",
                                                "since",
                                                "until",
                                                "format",
                                                "keys",
                                                "email",
                                                "phone",
                                                "id",
                                                "retention-months",
                                                "by",
                                                "app"};

// Options that take no value.
const std::vector<std::string> kFlagOptions = {"public-channel"};

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
        if (std::find(kFlagOptions.begin(), kFlagOptions.end(), name) != kFlagOptions.end()) {
            if (has_value) throw UsageError("--" + name + " takes no value");
            line.options[name] = "1";
            continue;
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

std::filesystem::path keys_path(const CommandLine& line) {
    return key_ring_path(line.option("db", kDefaultDatabase), line.option("keys"));
}

// The database with its key ring, for the commands that read or erase personal data. Signups an
// older centre stored in plain text are sealed on the way.
struct OpenCentre {
    explicit OpenCentre(const CommandLine& line)
        : keys(keys_path(line)), store(open_store(line, false)), vault(*store, keys) {
        vault.seal_plain_rows();
    }
    KeyRingFile keys;
    std::unique_ptr<CentralStore> store;
    SignupVault vault;
};

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
    OpenCentre centre(line);
    // A page at a time (signup_export_stream.hpp): memory stays flat at any number of signups.
    SignupExportStream stream(
        centre.vault, q,
        format == "csv" ? SignupExportStream::Format::csv : SignupExportStream::Format::json);
    std::string piece;
    bool more = true;
    while (more) {
        piece.clear();
        more = stream.next(piece);
        out << piece;
    }
    out.flush();
    err << "Exported " << stream.count() << (stream.count() == 1 ? " signup.\n" : " signups.\n");
    return 0;
}

// -- keys
// ------------------------------------------------------------------------------------------

void print_key(std::ostream& out, const seal::KeyPair& k, bool current) {
    out << seal::to_hex(seal::key_id(k.public_key)) << "  made " << when(k.created_ms) << "  "
        << seal::to_text(k.public_key) << (current ? "  (current)" : "") << "\n";
}

int keys_command(const CommandLine& line, std::ostream& out, std::ostream&) {
    std::string sub = line.words.size() > 1 ? line.words[1] : "";
    std::filesystem::path file = keys_path(line);
    if (sub == "init") {
        expect_words(line, 2, "keys init [--keys PATH]");
        seal::KeyRing ring = seal::make_key_ring(now_ms());
        seal::write_key_ring_file(file, ring, false);
        out << "Made the network's key pair in " << file.string() << " (mode 0600).\n";
        print_key(out, ring.current(), true);
        out << "Kiosks get the public key with the catalogue. Back the key ring up now, somewhere"
               " safe and offline: if every copy is lost, the personal data sealed to it can"
               " never be read again (docs/privacy.md).\n";
        return 0;
    }
    if (sub == "rotate") {
        expect_words(line, 2, "keys rotate [--keys PATH]");
        seal::KeyRing ring = seal::read_key_ring_file(file);
        seal::rotate(ring, now_ms());
        seal::write_key_ring_file(file, ring, true);
        out << "Made a new current key pair in " << file.string() << ":\n";
        print_key(out, ring.current(), true);
        out << "Kiosks switch to it at their next sync (a running service reads the file again"
               " by itself). The "
            << ring.keys.size() - 1
            << " older key pair(s) stay in the ring, so what was sealed to them still opens."
               " Back the key ring up again.\n";
        return 0;
    }
    if (sub == "list") {
        expect_words(line, 2, "keys list [--keys PATH]");
        seal::KeyRing ring = seal::read_key_ring_file(file);
        for (size_t i = 0; i < ring.keys.size(); ++i)
            print_key(out, ring.keys[i], i + 1 == ring.keys.size());
        return 0;
    }
    throw UsageError("usage: talkoo-central keys init|rotate|list [--keys PATH]");
}

// -- erase
// -----------------------------------------------------------------------------------------

int erase_command(const CommandLine& line, std::ostream& out, std::ostream& err) {
    const std::string shape = "erase --email ADDRESS | --phone NUMBER | --id SIGNUP_ID";
    expect_words(line, 1, shape);
    int given = line.has("email") + line.has("phone") + line.has("id");
    if (given != 1) throw UsageError("give exactly one of --email, --phone, --id: " + shape);
    OpenCentre centre(line);
    std::vector<std::string> ids;
    if (line.has("id")) {
        if (!is_uuid(line.option("id"))) throw UsageError("--id must be a signup id (a UUID)");
        if (centre.store->signup(line.option("id"))) ids.push_back(line.option("id"));
    } else {
        VisitorQuery q;
        q.email = line.option("email");
        q.phone = line.option("phone");
        if (q.email.empty() && q.phone.empty())
            throw UsageError("--email or --phone must not be empty");
        ids = centre.vault.find_signups(q);
    }
    if (ids.empty()) {
        out << "No signup with personal data matches: nothing was erased. (Signups erased"
               " earlier, or past retention, no longer match.)\n";
        return 0;
    }
    int64_t now = now_ms();
    for (const std::string& id : ids)
        centre.vault.erase(id, now);
    out << "Erased the personal data of " << ids.size()
        << (ids.size() == 1 ? " signup" : " signups")
        << "; their anonymous trace stays for statistics:\n";
    for (const std::string& id : ids)
        out << "  " << id << "\n";
    err << "A kiosk that sends one of them again gets \"duplicate\", and the data does not come"
           " back.\n";
    return 0;
}

// -- purge
// -----------------------------------------------------------------------------------------

int purge_command(const CommandLine& line, std::ostream& out, std::ostream&) {
    expect_words(line, 1, "purge [--retention-months N]");
    int months = kDefaultRetentionMonths;
    if (line.has("retention-months")) {
        const std::string text = line.option("retention-months");
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), months);
        if (ec != std::errc() || end != text.data() + text.size() || months < 1 || months > 120)
            throw UsageError("--retention-months must be a whole number from 1 to 120");
    }
    OpenCentre centre(line);
    int64_t now = now_ms();
    int erased = centre.vault.purge(now, months);
    out << "Erased the personal data of " << erased << (erased == 1 ? " signup" : " signups")
        << " given before " << iso_timestamp_utc(months_before(now, months)).substr(0, 10) << " ("
        << months << " months); their anonymous trace and the usage counters stay.\n";
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
    // `talkoo-central --version`, as every Talkoo binary has it (and `version`, below).
    if (args.size() == 1 && args[0] == "--version") return run_cli({"version"}, out, err);
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
        if (command == "keys") return keys_command(line, out, err);
        if (command == "erase") return erase_command(line, out, err);
        if (command == "purge") return purge_command(line, out, err);
        if (command == "import-signups") return import_signups_command(line, out, err);
        if (command == "report") return report_command(line, out, err);
        if (command == "help" || command.empty()) {
            (command.empty() ? err : out) << kUsage;
            return command.empty() ? 2 : 0;
        }
        if (command == "version") {
            out << "talkoo-central " << TALKOO_VERSION << " (protocol " << wire::kProtocol
                << (*TALKOO_BUILD_ID ? std::string(", build ") + TALKOO_BUILD_ID : "") << ")\n";
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
