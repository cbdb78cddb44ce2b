// Loading a catalogue file into the device's store: the kiosk's first start (the bundled demo
// catalogue, or the file the kiosk is configured with) and a technician's import by hand.
//
// The promise is all or nothing: the whole file is read and checked (catalog_json.hpp) before
// the store is touched, and LocalStore::replace_catalog then swaps the catalogue in one
// transaction. A bad file throws FormatError and the store is exactly as it was: same tasks,
// same cursor. A file import leaves the sync cursor empty, so the next sync fetches the whole
// catalogue from the centre rather than a delta against data the centre never sent.
#pragma once

#include <filesystem>

#include "core/local_store.hpp"
#include "sync/wire/catalog_json.hpp"

namespace talkoo::wire {

// Replaces the store's catalogue with the file's, and takes the file's network key when it has
// one (a demo key when the file is marked demo data; a file without a key leaves the store's
// key as it was). Returns what the store holds afterwards.
// Throws FormatError for a bad file (also for one without any task, which would empty the
// kiosk), StoreError if the store cannot be written; either way nothing has changed.
CatalogStats import_catalog_file(LocalStore& store, const std::filesystem::path& file);

// For the kiosk's first start: imports `file` only if the store has no catalogue at all (no
// records and no sync cursor), and says whether it did. A store that has ever received a
// catalogue, from a file or from the centre, is left alone. Throws as import_catalog_file.
bool seed_catalog_if_empty(LocalStore& store, const std::filesystem::path& file);

}  // namespace talkoo::wire
