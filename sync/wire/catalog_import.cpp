// Loading a catalogue file into the device's store (see catalog_import.hpp).
#include "sync/wire/catalog_import.hpp"

#include "core/clock.hpp"

namespace talkoo::wire {

CatalogStats import_catalog_file(LocalStore& store, const std::filesystem::path& file) {
    // Parse and check everything before the store is touched: replace_catalog is atomic, but
    // only a whole, valid catalogue should ever reach it.
    CatalogDocument document = load_catalog_document(file);
    const Catalog& catalog = document.catalog;
    if (catalog.tasks.empty()) {
        throw FormatError("tasks",
                          "the catalogue has no tasks: loading it would empty the kiosk. Check "
                          "that this is the file you meant.",
                          file);
    }
    store.replace_catalog(catalog, "");
    if (document.network_key)
        store.set_network_key({*document.network_key,
                               document.demo ? NetworkKeySource::demo_file : NetworkKeySource::file,
                               now_ms()});
    return store.catalog_stats();
}

bool seed_catalog_if_empty(LocalStore& store, const std::filesystem::path& file) {
    CatalogStats stats = store.catalog_stats();
    bool empty = stats.organisations == 0 && stats.info_points == 0 && stats.tasks == 0 &&
                 store.catalog_cursor().empty();
    if (!empty) return false;
    import_catalog_file(store, file);
    return true;
}

}  // namespace talkoo::wire
