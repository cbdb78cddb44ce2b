// See bench_setup.hpp.
#include "bench_setup.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>

#include "core/clock.hpp"
#include "core/uuid.hpp"
#include "server/tokens.hpp"

namespace talkoo::bench {

namespace {

// Text that compresses like real prose (not like a run of one letter): words drawn from a
// vocabulary by a fixed pseudo-random sequence.
std::string prose(int seed, size_t length) {
    static const char* kWords[] = {
        "vapaaehtoinen", "auttaa",    "ikäihmisiä", "kirjasto",       "lapset",       "nuoret",
        "ulkoilu",       "kahvila",   "tapahtuma",  "järjestää",      "yhdessä",      "viikko",
        "kerran",        "ilta",      "kokemus",    "koulutus",       "tuki",         "ystävä",
        "luonto",        "siivous",   "ruoka-apu",  "maahanmuuttaja", "kielikahvila", "ohjaaja",
        "kerho",         "pelit",     "musiikki",   "liikunta",       "retki",        "kuljetus",
        "puhelin",       "kuunnella", "aikaa",      "tervetuloa",     "kaikille",     "perehdytys",
        "vakuutus"};
    uint32_t x = 2463534242u + static_cast<uint32_t>(seed) * 7919u;
    std::string out;
    while (out.size() < length) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        out += kWords[x % (sizeof kWords / sizeof kWords[0])];
        out += (x % 11 == 0) ? ". " : " ";
    }
    return out;
}

}  // namespace

Task bench_task(int n, const std::string& organisation_id) {
    Task t;
    t.id = "task-" + std::to_string(n);
    t.organisation_id = organisation_id;
    t.title = {"Vapaaehtoistehtävä numero " + std::to_string(n),
               "Frivilliguppdrag nummer " + std::to_string(n),
               "Volunteer task " + std::to_string(n)};
    t.summary = {"Auta ikäihmisiä ulkoilussa ja arjen asioissa kerran viikossa.",
                 "Hjälp äldre att komma ut och med vardagen en gång i veckan.",
                 "Help older people get outdoors and with everyday errands once a week."};
    t.description.fi = prose(n, 600);  // a task page's usual length
    t.time_needed.fi = "2–3 h viikossa";
    t.place.fi = "Porin pääkirjasto";
    t.categories = {"elderly"};
    t.target_groups = {TargetGroup::everyone, TargetGroup::seniors};
    t.commitment = Commitment::recurring;
    t.region = "Satakunta";
    t.municipality = "Pori";
    t.languages = {Lang::fi, Lang::sv};
    t.contact = {"Maija Meikäläinen", "040 123 4567", "maija@example.fi"};
    t.url = "https://example.fi/tehtavat/" + std::to_string(n);
    return t;
}

Signup bench_signup(const std::string& task_id) {
    Signup s;
    s.id = new_uuid_v7();
    s.task_ids = {task_id};
    s.name = "Testi Henkilö";
    s.phone = "040 765 4321";
    s.email = "testi.henkilo@example.fi";
    s.message = "Voin auttaa arkisin iltaisin.";
    s.age_group = AgeGroup::age30_64;
    s.consent_version = "consent-2024-1";
    s.consent_ms = now_ms();
    s.info_point_id = "bench-point";
    s.created_ms = now_ms();
    return s;
}

RunningCentral::RunningCentral(int tasks, int devices) {
    std::string pattern = (std::filesystem::temp_directory_path() / "talkoo-bench-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot make a temporary folder");
    dir_ = pattern;
    store_ = central::open_central_store((dir_ / "central.db").string(), true);
    seal::write_key_ring_file(dir_ / "central.keys", seal::make_key_ring(now_ms()), false);
    keys_ = std::make_unique<central::KeyRingFile>(dir_ / "central.keys");
    vault_ = std::make_unique<central::SignupVault>(*store_, *keys_);

    CatalogDelta d;
    for (int o = 0; o < 10; ++o) {
        Organisation org;
        org.id = "org-" + std::to_string(o);
        org.name.fi = "Yhdistys " + std::to_string(o);
        org.municipality = "Pori";
        d.upserts.organisations.push_back(org);
    }
    InfoPoint p;
    p.id = "bench-point";
    p.name.fi = "Porin kirjasto";
    p.region = "Satakunta";
    p.municipality = "Pori";
    d.upserts.info_points.push_back(p);
    for (int i = 0; i < tasks; ++i)
        d.upserts.tasks.push_back(bench_task(i, "org-" + std::to_string(i % 10)));
    store_->apply_catalog(d, now_ms());

    for (int i = 0; i < devices; ++i) {
        central::NewToken token = central::make_token(central::TokenKind::device);
        store_->add_device({new_uuid_v7(),
                            "Bench kiosk " + std::to_string(i),
                            "bench-point",
                            now_ms(),
                            0,
                            0,
                            "",
                            {}},
                           token.hash);
        device_tokens.push_back(token.text);
    }

    central::ServiceOptions options;
    options.http.port = 0;
    options.rate_per_minute = 0;  // 50 devices posting back to back are far above a kiosk's pace
    log_.open("/dev/null");
    service_ =
        std::make_unique<central::CentralService>(*store_, *vault_, options, log_, std::cerr);
    port_ = service_->bind();
    thread_ = std::thread([this] { service_->run(); });
}

RunningCentral::~RunningCentral() {
    service_->stop();
    thread_.join();
    service_.reset();
    vault_.reset();
    keys_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

double percentile(std::vector<double> samples, double p) {
    if (samples.empty()) return 0;
    std::sort(samples.begin(), samples.end());
    size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * samples.size()));
    return samples[std::min(samples.size() - 1, rank == 0 ? 0 : rank - 1)];
}

}  // namespace talkoo::bench
