// A small catalogue for the kiosk's tests: one network in Satakunta, a stand at Pori's library,
// six tasks in three languages (some only in Finnish, as real ones often are), and the network's
// key pair, whose public key the seeded store holds as a catalogue file would give it. Tests
// that need a particular task refer to it by id.
#pragma once

#include <string>

#include "app/kiosk_app.hpp"
#include "core/local_store.hpp"
#include "core/sealed_signup.hpp"

namespace talkoo::test {

inline Task fixture_task(std::string id, std::string category, std::string fi, std::string sv,
                         std::string en, std::string municipality = "Pori") {
    Task t;
    t.id = std::move(id);
    t.organisation_id = "spr-pori";
    t.title = {std::move(fi), std::move(sv), std::move(en)};
    t.summary = {"Tule mukaan auttamaan lähellä kotia.", "Kom med och hjälp nära hemmet.",
                 "Come and help close to home."};
    t.description.fi = "Saat perehdytyksen ja tukea koko ajan.";
    t.time_needed = {"2–3 h viikossa", "2–3 h i veckan", "2–3 h a week"};
    t.place.fi = "Porin pääkirjasto";
    t.categories = {std::move(category)};
    t.target_groups = {TargetGroup::everyone};
    t.commitment = Commitment::recurring;
    t.region = "Satakunta";
    t.municipality = std::move(municipality);
    t.languages = {Lang::fi, Lang::sv};
    t.url = "https://talkoo.example/tasks/" + t.id;
    return t;
}

inline Catalog fixture_catalog() {
    Catalog c;
    Organisation org;
    org.id = "spr-pori";
    org.name = {"SPR Porin osasto", "FRK Björneborg", "Red Cross Pori"};
    org.municipality = "Pori";
    c.organisations = {org};
    InfoPoint point;
    point.id = "pori-library";
    point.name = {"Porin kaupunginkirjasto", "Björneborgs stadsbibliotek", "Pori City Library"};
    point.region = "Satakunta";
    point.municipality = "Pori";
    c.info_points = {point};
    c.tasks = {
        fixture_task("dogs", "animals", "Koirien ulkoilutus", "Rastning av hundar", "Walking dogs"),
        fixture_task("crafts", "crafts", "Käsitöitä vanhuksille", "Handarbete för äldre",
                     "Crafts for the elderly"),
        fixture_task("litter", "environment", "Roskakävely rannalla", "", "Beach litter walk"),
        fixture_task("digi", "digital", "Digiapua ikäihmisille", "Digihjälp för äldre",
                     "Digital help for seniors"),
        fixture_task("food", "food-aid", "Ruoka-avun jakaminen", "Matutdelning", "Handing out food",
                     "Ulvila"),
        fixture_task("homework", "children-youth", "Läksyapua nuorille", "", "", "Ulvila"),
    };
    c.tasks[4].remote_possible = false;
    c.tasks[5].remote_possible = true;
    c.tasks[5].commitment = Commitment::ongoing;
    c.tasks[1].commitment = Commitment::one_off;
    return c;
}

// The test network's key ring: the kiosk gets only its public key; tests open what it sealed.
inline const seal::KeyRing& fixture_keys() {
    static const seal::KeyRing ring = seal::make_key_ring(1);
    return ring;
}

inline void seed_fixture(const std::filesystem::path& store_file) {
    LocalStore store(store_file);
    store.replace_catalog(fixture_catalog(), "fixture-1");
    store.set_network_key({fixture_keys().current().public_key, NetworkKeySource::file, 1});
}

// The outbox's signups, opened with the network's key as the centre would open them.
inline std::vector<Signup> opened_outbox(LocalStore& store) {
    std::vector<Signup> out;
    for (const SealedSignup& s : store.outbox_batch(100))
        out.push_back(open_signup(s, fixture_keys()));
    return out;
}

// The fixture's catalogue and `extra` generated tasks after it (the categories in turn, titles in
// three languages): enough for the list to scroll in every layout.
inline void seed_long_fixture(const std::filesystem::path& store_file, int extra) {
    Catalog c = fixture_catalog();
    auto categories = all_categories();
    for (int i = 0; i < extra; ++i) {
        std::string n = std::to_string(i);
        c.tasks.push_back(fixture_task("gen-" + n, std::string(categories[i % categories.size()]),
                                       "Tehtävä " + n, "Uppdrag " + n, "Task " + n));
    }
    LocalStore store(store_file);
    store.replace_catalog(c, "long-1");
    store.set_network_key({fixture_keys().current().public_key, NetworkKeySource::file, 1});
}

inline KioskConfig fixture_config() {
    KioskConfig c;
    c.info_point_id = "pori-library";
    return c;
}

}  // namespace talkoo::test
