// Records for the store's tests: a small catalogue of a Satakunta network in three languages,
// valid signups, and the test network's key pair to seal them to. Each test changes what it is
// about and nothing else, so that a failure points at one promise.
#pragma once

#include <string>
#include <vector>

#include "core/domain.hpp"
#include "core/local_store.hpp"
#include "core/seal.hpp"
#include "core/sealed_signup.hpp"
#include "core/uuid.hpp"

namespace talkoo::test {

inline Organisation make_organisation(std::string id, std::string name_fi, std::string name_sv = "",
                                      std::string name_en = "") {
    Organisation o;
    o.id = std::move(id);
    o.name = {std::move(name_fi), std::move(name_sv), std::move(name_en)};
    o.municipality = "Pori";
    o.web = "https://example.org";
    o.email = "info@example.org";
    o.phone = "+358401234567";
    return o;
}

inline InfoPoint make_info_point(std::string id, std::string name_fi) {
    InfoPoint p;
    p.id = std::move(id);
    p.name = {std::move(name_fi), "", ""};
    p.region = "Satakunta";
    p.municipality = "Pori";
    p.address = "Gallen-Kallelan katu 12";
    p.kind = InfoPointKind::permanent;
    return p;
}

inline Task make_task(std::string id, std::string organisation_id, std::string title_fi,
                      std::string category = "social") {
    Task t;
    t.id = std::move(id);
    t.organisation_id = std::move(organisation_id);
    t.title.fi = std::move(title_fi);
    t.summary.fi = "Tule mukaan auttamaan.";
    t.categories = {std::move(category)};
    t.target_groups = {TargetGroup::everyone};
    t.commitment = Commitment::one_off;
    t.region = "Satakunta";
    t.municipality = "Pori";
    t.languages = {Lang::fi};
    return t;
}

// Five tasks of two organisations, with Swedish and English where a real network would have
// them, one remote, one ending on 2025-05-31, several target groups and commitments.
inline Catalog sample_catalog() {
    Catalog c;
    c.organisations.push_back(
        make_organisation("spr-pori", "SPR Porin osasto", "FRK Björneborg", "Red Cross Pori"));
    c.organisations.push_back(make_organisation("elainsuojelu", "Porin eläinsuojeluyhdistys"));
    c.info_points.push_back(make_info_point("pori-library", "Porin kaupunginkirjasto"));
    c.info_points.push_back(make_info_point("ulvila-mall", "Ulvilan kauppakeskus"));

    Task crafts = make_task("crafts-1", "spr-pori", "Käsitöitä vanhuksille", "crafts");
    crafts.title.sv = "Handarbete för äldre";
    crafts.title.en = "Crafts for the elderly";
    crafts.summary = {"Neulotaan sukkia palvelutalon asukkaille.",
                      "Vi stickar sockor åt invånarna på servicehuset.",
                      "We knit socks for the residents of a care home."};
    crafts.categories = {"crafts", "elderly"};
    crafts.target_groups = {TargetGroup::seniors, TargetGroup::working_age};
    crafts.commitment = Commitment::recurring;
    crafts.place.fi = "Palvelutalo Kotiranta";
    crafts.languages = {Lang::fi, Lang::sv};

    Task dogs = make_task("dogs-1", "elainsuojelu", "Koirien ulkoilutus", "animals");
    dogs.title.en = "Walking shelter dogs";
    dogs.summary.fi = "Ulkoilutat löytökotien koiria viikonloppuisin.";
    dogs.description.fi = "Koirat odottavat lenkkiä joka lauantai. Tarjoamme koulutuksen.";
    dogs.commitment = Commitment::recurring;
    dogs.target_groups = {TargetGroup::students, TargetGroup::families};
    dogs.benefits = {Benefit::training};

    Task firstaid =
        make_task("first-aid-1", "spr-pori", "Ensiapupäivystys festivaaleilla", "first-aid");
    firstaid.title.sv = "Första hjälpen på festivaler";
    firstaid.summary.fi = "Päivystät Pori Jazzeilla ensiapuryhmässä.";
    firstaid.categories = {"first-aid", "events"};
    firstaid.end_date = "2025-05-31";
    firstaid.commitment = Commitment::one_off;

    Task homework = make_task("homework-1", "spr-pori", "Läksyapua nuorille", "children-youth");
    homework.title.en = "Homework help for young people";
    homework.summary.fi = "Autat yläkoululaisia läksyissä etänä tai kirjastolla.";
    homework.remote_possible = true;
    homework.commitment = Commitment::ongoing;
    homework.target_groups = {TargetGroup::students};
    homework.municipality = "Ulvila";

    Task food = make_task("food-1", "spr-pori", "Ruoka-avun jakaminen", "food-aid");
    food.summary.fi = "Jaat ruokakasseja torstaisin.";
    food.municipality = "Ulvila";

    c.tasks = {crafts, dogs, firstaid, homework, food};
    return c;
}

// The network's key pair in these tests. The store never sees a private key: tests open what it
// kept to check it, as the centre would.
inline const seal::KeyRing& test_key_ring() {
    static const seal::KeyRing ring = seal::make_key_ring(1);
    return ring;
}
inline const seal::PublicKey& test_public_key() {
    return test_key_ring().current().public_key;
}
// A signup as the kiosk commits it: personal fields sealed to the test key.
inline SealedSignup sealed(const Signup& s) {
    return seal_signup(s, test_public_key());
}
// What an outbox entry holds, opened again.
inline Signup opened(const Signup& clear_part, const std::string& blob) {
    return open_signup({clear_part, blob}, test_key_ring());
}
inline Signup opened(const OutboxEntry& e) {
    return opened(e.signup, e.sealed);
}

inline Signup make_signup(std::vector<std::string> task_ids, int64_t created_ms) {
    Signup s;
    s.id = uuid_v7_at(created_ms);
    s.task_ids = std::move(task_ids);
    s.name = "Maija Meikäläinen";
    s.phone = "040 123 4567";
    s.email = "maija@example.fi";
    s.message = "Olen vapaa viikonloppuisin.";
    s.age_group = AgeGroup::age30_64;
    s.lang = Lang::fi;
    s.consent_version = "2025-01";
    s.consent_ms = created_ms;
    s.info_point_id = "pori-library";
    s.device_id = "0190a6f2-0000-7000-8000-000000000001";
    s.created_ms = created_ms;
    return s;
}

}  // namespace talkoo::test
