// The catalogue's JSON wire format: organisations, info points and tasks as the centre publishes
// them, and as a catalogue file (the bundled demo, or one a technician loads by hand) holds them.
// The kiosk and the central service both read and write catalogues through these functions only,
// so the format has one definition; docs/catalog-format.md describes it for people.
//
// Reading is strict where a mistake would show wrong data (a wrong type, an unknown enum name, a
// missing required field, a record that fails core/validation.hpp, a duplicate id, a task of an
// unknown organisation) and lenient where the future may add things (unknown fields and unknown
// language keys are ignored). Every problem is a FormatError that names its place in the
// document, such as "tasks[3].title.fi" or "line 12, column 5", so a person can find and fix it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/domain.hpp"
#include "core/seal.hpp"

namespace talkoo::wire {

// The values of the top-level "format" and "version" fields this code reads and writes.
inline constexpr std::string_view kCatalogFormatName = "talkoo-catalog";
inline constexpr int kCatalogFormatVersion = 1;
// A catalogue file larger than this is refused before reading it: a real network's catalogue is
// a few megabytes, and the kiosk must not exhaust its memory on a wrong file.
inline constexpr std::uintmax_t kMaxCatalogFileBytes = 128u * 1024u * 1024u;

// Thrown for any malformed input. where() names the place, e.g. "tasks[3].title.fi" or
// "line 12, column 5" (empty when the problem is the input as a whole); what() is the whole
// sentence for a person, place included.
class FormatError : public std::runtime_error {
  public:
    FormatError(std::string where, const std::string& message);
    // The same problem found in a file: what() also names the file.
    FormatError(std::string where, const std::string& message, const std::filesystem::path& file);

    const std::string& where() const { return where_; }
    const std::string& message() const { return message_; }      // without the place
    const std::filesystem::path& file() const { return file_; }  // empty if not from a file

  private:
    std::string where_;
    std::string message_;
    std::filesystem::path file_;
};

// One record each. to_json writes every field (dates and untranslated languages are left out).
nlohmann::json to_json(const Organisation& org);
nlohmann::json to_json(const InfoPoint& point);
nlohmann::json to_json(const Task& task);

// Each reads one record, checks types and enum names, runs the record's validation from
// core/validation.hpp, and throws FormatError naming `where` plus the field (e.g. where =
// "tasks[3]" gives "tasks[3].commitment").
Organisation organisation_from_json(const nlohmann::json& j, const std::string& where);
InfoPoint info_point_from_json(const nlohmann::json& j, const std::string& where);
Task task_from_json(const nlohmann::json& j, const std::string& where);

// A whole catalogue document with its top-level fields.
struct CatalogDocument {
    Catalog catalog;
    bool demo = false;  // "demo": true marks sample data that must not be taken for real
    std::string note;   // free text for people reading the file; may be empty
    // "network_key": the network's public key ("tkpk_..."), to which kiosks seal visitors'
    // personal data (docs/sealing.md). Optional in a file; the centre's answers always carry it.
    std::optional<seal::PublicKey> network_key;
};

// A whole catalogue document: syntax, types, unknown enum values, each record's validation
// (core/validation.hpp), unique ids, every task's organisation present. Throws FormatError
// naming the first problem.
Catalog parse_catalog(std::string_view json_text);
CatalogDocument parse_catalog_document(std::string_view json_text);

// The document parse_catalog reads back, pretty-printed with fields in the documented order.
std::string catalog_to_json_text(const Catalog& catalog, bool demo);
std::string catalog_to_json_text(const CatalogDocument& document);

// Reads and parses a catalogue file. FormatError also for a missing, unreadable or oversized
// file; its what() names the file.
Catalog load_catalog_file(const std::filesystem::path& file);
CatalogDocument load_catalog_document(const std::filesystem::path& file);

}  // namespace talkoo::wire
