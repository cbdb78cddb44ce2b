// A generated task catalogue of any size for the store's benchmarks, with text that behaves
// like the real thing under search: each task belongs to a theme whose Finnish, Swedish and
// English words fill its title, summary and description, mixed with the common words every
// volunteer task uses ("vapaaehtoinen", "tule mukaan", "together"), so that a topical word
// ("koira") matches a few per cent of tasks and a common one most of them. Deterministic for a
// given size and seed, so runs compare.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "core/domain.hpp"

namespace talkoo::bench {

struct Theme {
    const char* category;
    std::vector<const char*> fi, sv, en;  // topical words, title words first
};

inline const std::vector<Theme>& themes() {
    static const std::vector<Theme> all = {
        {"animals",
         {"koirien", "ulkoilutus", "koira", "kissat", "eläinsuojelu", "löytöeläimet", "hevostalli",
          "ruokinta", "lemmikit", "eläinkoti"},
         {"hundar", "promenad", "katter", "djurskydd", "hittedjur", "stall", "utfodring"},
         {"dogs", "walking", "cats", "shelter", "animals", "feeding", "pets"}},
        {"elderly",
         {"vanhusten", "ulkoilu", "vanhus", "palvelutalo", "seniorit", "ystäväpalvelu",
          "kahvihetki", "juttuseura", "asiointiapu", "muistisairaat"},
         {"äldre", "promenad", "servicehus", "vänservice", "kaffestund", "sällskap"},
         {"elderly", "outdoor", "seniors", "care", "home", "friendship", "company", "errands"}},
        {"children-youth",
         {"läksyapu", "nuorille", "lapset", "nuoret", "kerho", "harrastus", "koululaiset", "leikki",
          "partio", "nuorisotalo"},
         {"läxhjälp", "unga", "barn", "klubb", "hobby", "skolbarn", "lek", "scouter"},
         {"homework", "youth", "children", "club", "hobby", "pupils", "play", "scouts"}},
        {"environment",
         {"roskien", "keräys", "luonto", "metsä", "ranta", "siivous", "kierrätys", "puisto",
          "vieraslajit", "talkoot"},
         {"skräp", "plockning", "natur", "skog", "strand", "städning", "återvinning", "park"},
         {"litter", "picking", "nature", "forest", "beach", "cleanup", "recycling", "park"}},
        {"crafts",
         {"käsitöitä", "neulonta", "sukat", "villa", "ompelu", "korjaus", "puutyöt", "askartelu",
          "kudonta", "lahjoitus"},
         {"handarbete", "stickning", "sockor", "ull", "sömnad", "reparation", "pyssel"},
         {"crafts", "knitting", "socks", "wool", "sewing", "repair", "woodwork"}},
        {"food-aid",
         {"ruoka-apu", "jakelu", "ruokakassit", "leipä", "kauppa", "keittiö", "ateria",
          "hävikkiruoka", "ruokailu", "lounas"},
         {"mathjälp", "utdelning", "matkassar", "bröd", "kök", "måltid", "lunch"},
         {"food", "aid", "distribution", "bags", "bread", "kitchen", "meal", "lunch"}},
        {"sports",
         {"liikunta", "ohjaaja", "jalkapallo", "uinti", "kävely", "kuntosali", "hiihto",
          "tapahtuma", "valmentaja", "juoksu"},
         {"idrott", "ledare", "fotboll", "simning", "promenad", "gym", "skidåkning"},
         {"sports", "coach", "football", "swimming", "walking", "gym", "skiing", "running"}},
        {"culture",
         {"kirjasto", "lukupiiri", "museo", "konsertti", "teatteri", "festivaali", "opastus",
          "näyttely", "kuoro", "lipunmyynti"},
         {"bibliotek", "läscirkel", "museum", "konsert", "teater", "festival", "utställning"},
         {"library", "reading", "museum", "concert", "theatre", "festival", "exhibition"}},
        {"multicultural",
         {"kielikahvila", "suomen", "kieli", "kotoutuminen", "maahanmuuttajat", "ystävä",
          "keskustelu", "kulttuurit", "kotoutujat"},
         {"språkcafé", "finska", "språk", "integration", "invandrare", "vän", "samtal"},
         {"language", "cafe", "finnish", "integration", "newcomers", "friend", "conversation"}},
        {"first-aid",
         {"ensiapu", "päivystys", "ensiapuryhmä", "elvytys", "koulutus", "tapahtumat",
          "turvallisuus", "valmiusryhmä"},
         {"första", "hjälpen", "jour", "hjärtstartare", "utbildning", "evenemang", "säkerhet"},
         {"first", "aid", "duty", "resuscitation", "training", "events", "safety"}},
        {"digital",
         {"digituki", "tietokone", "älypuhelin", "neuvonta", "verkkopankki", "sähköposti",
          "tabletti", "opastus"},
         {"digitalt", "stöd", "dator", "smarttelefon", "rådgivning", "nätbank", "e-post"},
         {"digital", "support", "computer", "smartphone", "advice", "banking", "email"}},
        {"social",
         {"kriisiapu", "tukihenkilö", "vertaistuki", "yksinäisyys", "keskusteluapu", "perheet",
          "ystävätoiminta", "kotikäynnit"},
         {"krishjälp", "stödperson", "kamratstöd", "ensamhet", "familjer", "hembesök"},
         {"crisis", "support", "person", "peer", "loneliness", "families", "visits"}},
        {"events",
         {"tapahtuma", "järjestely", "kesäjuhlat", "markkinat", "lipunmyynti", "opasteet",
          "rakentaminen", "purku"},
         {"evenemang", "arrangemang", "sommarfest", "marknad", "biljetter", "skyltar"},
         {"event", "organising", "summer", "fair", "tickets", "signs", "setup"}},
    };
    return all;
}

inline const std::vector<const char*>& common_fi() {
    static const std::vector<const char*> w = {"vapaaehtoinen",
                                               "vapaaehtoiset",
                                               "tule",
                                               "mukaan",
                                               "yhdessä",
                                               "toiminta",
                                               "tehtävä",
                                               "viikoittain",
                                               "kerran",
                                               "kuukaudessa",
                                               "ilta",
                                               "viikonloppuna",
                                               "perehdytys",
                                               "tarjoamme",
                                               "kahvit",
                                               "hyvä",
                                               "mieli",
                                               "auttaa",
                                               "tarvitaan",
                                               "kokemusta",
                                               "ei",
                                               "tarvita",
                                               "sopii",
                                               "kaikille",
                                               "ja",
                                               "tai",
                                               "sekä",
                                               "meillä",
                                               "sinä",
                                               "voit"};
    return w;
}
inline const std::vector<const char*>& common_sv() {
    static const std::vector<const char*> w = {
        "frivillig", "kom",   "med",   "tillsammans", "verksamhet",   "uppgift",
        "varje",     "vecka", "kväll", "helg",        "introduktion", "vi",
        "bjuder",    "på",    "kaffe", "och",         "eller",        "du"};
    return w;
}
inline const std::vector<const char*>& common_en() {
    static const std::vector<const char*> w = {
        "volunteer",  "join",   "us",      "together", "activity",  "weekly", "once",
        "a",          "month",  "evening", "weekend",  "induction", "we",     "offer",
        "coffee",     "and",    "or",      "you",      "can",       "help",   "no",
        "experience", "needed", "suits",   "everyone"};
    return w;
}

inline const std::vector<std::string>& municipalities() {
    static const std::vector<std::string> m = {
        "Pori",      "Rauma",       "Ulvila",  "Harjavalta", "Kankaanpää", "Huittinen", "Eura",
        "Eurajoki",  "Kokemäki",    "Nakkila", "Joensuu",    "Lieksa",     "Kitee",     "Nurmes",
        "Outokumpu", "Kontiolahti", "Liperi",  "Ilomantsi",  "Juuka",      "Tohmajärvi"};
    return m;
}

class CatalogGenerator {
  public:
    explicit CatalogGenerator(unsigned seed) : rng_(seed) {}

    Catalog make(int tasks, int organisations = 400) {
        Catalog c;
        for (int i = 0; i < organisations; ++i) {
            Organisation o;
            o.id = "org-" + std::to_string(i);
            const Theme& t = pick_theme();
            o.name = {cap(pick(t.fi)) + " ry " + std::to_string(i),
                      cap(pick(t.sv)) + "föreningen " + std::to_string(i), ""};
            o.municipality = pick(municipalities());
            c.organisations.push_back(o);
        }
        for (int i = 0; i < tasks; ++i)
            c.tasks.push_back(task(i, organisations));
        return c;
    }

  private:
    template <typename T>
    const T& pick(const std::vector<T>& v) {
        return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng_)];
    }
    const Theme& pick_theme() { return pick(themes()); }
    int chance(int percent) { return std::uniform_int_distribution<int>(0, 99)(rng_) < percent; }
    static std::string cap(std::string s) {
        if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 32);
        return s;
    }
    // `n` words: mostly the theme's, some common ones.
    std::string words(const std::vector<const char*>& topical,
                      const std::vector<const char*>& common, int n) {
        std::string out;
        for (int i = 0; i < n; ++i) {
            if (!out.empty()) out += ' ';
            out += chance(40) ? pick(topical) : pick(common);
        }
        return out;
    }

    Task task(int i, int organisations) {
        const Theme& theme = pick_theme();
        Task t;
        t.id = "task-" + std::to_string(i);
        t.organisation_id =
            "org-" + std::to_string(std::uniform_int_distribution<int>(0, organisations - 1)(rng_));
        t.title.fi = cap(theme.fi[0]) + std::string(" ") + theme.fi[1] + " " + pick(theme.fi);
        t.summary.fi = cap(words(theme.fi, common_fi(), 12)) + ".";
        t.description.fi = cap(words(theme.fi, common_fi(), 60)) + ".";
        if (chance(40)) {
            t.title.sv = cap(theme.sv[0]) + std::string(" ") + theme.sv[1];
            t.summary.sv = cap(words(theme.sv, common_sv(), 12)) + ".";
            t.description.sv = cap(words(theme.sv, common_sv(), 50)) + ".";
        }
        if (chance(50)) {
            t.title.en = cap(theme.en[0]) + std::string(" ") + theme.en[1];
            t.summary.en = cap(words(theme.en, common_en(), 12)) + ".";
            t.description.en = cap(words(theme.en, common_en(), 50)) + ".";
        }
        const size_t m =
            std::uniform_int_distribution<size_t>(0, municipalities().size() - 1)(rng_);
        t.municipality = municipalities()[m];
        t.region = m < 10 ? "Satakunta" : "Pohjois-Karjala";  // the list's two halves
        t.place.fi = t.municipality + ", " + pick(theme.fi);
        t.categories = {theme.category};
        if (chance(20)) {
            const Theme& second = pick_theme();
            if (second.category != std::string(theme.category))
                t.categories.push_back(second.category);
        }
        const auto groups = all_target_groups();
        t.target_groups = {chance(50) ? TargetGroup::everyone : groups[i % 7]};
        t.commitment = all_commitments()[static_cast<size_t>(i % 3)];
        t.remote_possible = chance(10);
        t.languages = {Lang::fi};
        if (chance(30)) t.end_date = chance(50) ? "2024-12-31" : "2026-12-31";
        return t;
    }

    std::mt19937 rng_;
};

}  // namespace talkoo::bench
