// A small, valid catalogue for the catalogue tests: every field of every record set to something
// other than its default, so that a round trip that drops or mixes up a field is caught.
#pragma once

#include "core/domain.hpp"

namespace talkoo::test {

inline Organisation full_organisation() {
    Organisation org;
    org.id = "demo-org-luonto";
    org.name = {"Demo Luonnonsuojelupiiri", "Demo Naturskyddsdistriktet", "Demo Nature District"};
    org.municipality = "Pori";
    org.web = "https://example.org/talkoo-demo/luonto";
    org.email = "luonto@example.org";
    org.phone = "040 000 0101";
    return org;
}

inline InfoPoint full_info_point() {
    InfoPoint point;
    point.id = "demo-pop-kitee";
    point.name = {"Pop-up: Kiteen tori", "Pop-up: Kitee torg", "Pop-up: Kitee market square"};
    point.region = "Pohjois-Karjala";
    point.municipality = "Kitee";
    point.address = "Kiteen tori, 82500 Kitee";
    point.kind = InfoPointKind::popup;
    point.active_from = "2026-06-05";
    point.active_until = "2026-06-07";
    return point;
}

inline Task full_task() {
    Task t;
    t.id = "demo-task-ranta";
    t.organisation_id = "demo-org-luonto";
    t.title = {"Rantojen siivoustalkoot", "Strandstädning", "Beach clean-up"};
    t.summary = {"Kerätään roskat Yyterin rannalta – hanskat saat meiltä.",
                 "Vi plockar skräp på Yyteri strand – handskar får du av oss.",
                 "We pick up litter on Yyteri beach – we lend you gloves."};
    t.description = {"Pitkä kuvaus.\nToinen rivi: “lainausmerkit” ja … sekä 5 €.",
                     "Lång beskrivning.\nAndra raden.", "A long description.\nSecond line."};
    t.time_needed = {"2–3 h", "2–3 h", "2–3 h"};
    t.place = {"Yyterin uimaranta, Pori", "Yyteri badstrand, Björneborg", "Yyteri beach, Pori"};
    t.categories = {"environment", "events"};
    t.target_groups = {TargetGroup::families, TargetGroup::students, TargetGroup::everyone};
    t.commitment = Commitment::recurring;
    t.region = "Satakunta";
    t.municipality = "Pori";
    t.remote_possible = true;
    t.languages = {Lang::fi, Lang::sv, Lang::en};
    t.start_date = "2026-05-01";
    t.end_date = "2026-09-30";
    t.contact = {"Demo Henkilö", "040 000 0102", "ranta@example.org"};
    t.url = "https://example.org/talkoo-demo/ranta";
    t.benefits = {Benefit::certificate, Benefit::study_credits, Benefit::training};
    return t;
}

// Only what is required: the fields a minimal task file would give.
inline Task minimal_task() {
    Task t;
    t.id = "demo-task-min";
    t.organisation_id = "demo-org-luonto";
    t.title.fi = "Lyhyt tehtävä";
    t.summary.fi = "Vain pakolliset kentät.";
    t.categories = {"social"};
    t.target_groups = {TargetGroup::everyone};
    t.commitment = Commitment::one_off;
    t.region = "Satakunta";
    t.municipality = "Ulvila";
    t.languages = {Lang::fi};
    return t;
}

inline Catalog small_catalog() {
    Catalog c;
    c.organisations = {full_organisation()};
    c.info_points = {full_info_point()};
    c.tasks = {full_task(), minimal_task()};
    return c;
}

}  // namespace talkoo::test
