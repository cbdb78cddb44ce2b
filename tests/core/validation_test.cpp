// The validation rules are the specification of what a visitor's form, a catalogue file and a
// request to the centre may contain. Each case here is a promise to a person: what they may type
// and what they are told when it is wrong.
#include <catch2/catch.hpp>

#include "core/uuid.hpp"
#include "core/validation.hpp"

using namespace talkoo;

namespace {

Signup valid_signup() {
    Signup s;
    s.id = new_uuid_v7();
    s.task_ids = {"sat-pori-001"};
    s.name = "Aino Mäkinen";
    s.phone = "040 123 4567";
    s.lang = Lang::fi;
    s.consent_version = "consent-2026-1";
    s.consent_ms = 1'790'000'000'000;
    s.info_point_id = "pori-library";
    s.device_id = new_uuid_v7();
    s.created_ms = 1'790'000'000'000;
    return s;
}

Task valid_task() {
    Task t;
    t.id = "sat-pori-001";
    t.organisation_id = "org-pori-sports";
    t.title.fi = "Käsitöitä ikäihmisille";
    t.summary.fi = "Neulotaan yhdessä.";
    t.categories = {"crafts"};
    t.target_groups = {TargetGroup::everyone};
    t.languages = {Lang::fi};
    t.region = "Satakunta";
    t.municipality = "Pori";
    return t;
}

bool has_error(const ValidationErrors& errors, const std::string& field, const std::string& code) {
    for (const auto& e : errors)
        if (e.field == field && e.code == code) return true;
    return false;
}

}  // namespace

TEST_CASE("Finnish phone numbers are accepted as people type them and normalised to E.164") {
    CHECK(normalize_phone("040 123 4567") == "+358401234567");
    CHECK(normalize_phone("040-1234567") == "+358401234567");
    CHECK(normalize_phone("0401234567") == "+358401234567");
    CHECK(normalize_phone("+358 40 123 4567") == "+358401234567");
    CHECK(normalize_phone("+358 (0)40 123 4567") == "+358401234567");
    CHECK(normalize_phone("00358401234567") == "+358401234567");
    CHECK(normalize_phone("02 621 1111") == "+35826211111");  // a Pori landline
    CHECK(normalize_phone("050 12345") == "+3585012345");
}

TEST_CASE("international phone numbers are accepted with a country code") {
    CHECK(normalize_phone("+46 70 123 45 67") == "+46701234567");  // Sweden
    CHECK(normalize_phone("0046701234567") == "+46701234567");
    CHECK(normalize_phone("+7 812 123 4567") == "+78121234567");
    CHECK(normalize_phone("+1 (202) 555-0142") == "+12025550142");
}

TEST_CASE("implausible phone numbers are refused") {
    for (const char* bad :
         {"", "12345", "401234567", "040", "0 1234", "+0123456789", "+1234567890123456",
          "040 123 456x", "040_123_4567", "++358401234567", "phone", "0012", "+358 0"}) {
        INFO(bad);
        CHECK_FALSE(normalize_phone(bad));
    }
}

TEST_CASE("plausible e-mail addresses pass and obvious typos do not") {
    for (const char* ok : {"aino@example.fi", "aino.makinen+talkoo@posti.example.org", "a@b.co",
                           "ÄÖ@example.fi", "x@müller.de"}) {
        INFO(ok);
        CHECK(is_plausible_email(ok));
    }
    for (const char* bad :
         {"", "aino", "aino@", "@example.fi", "aino@example", "aino@@example.fi", "aino@example.f",
          "aino example@example.fi", "aino@exa mple.fi", ".aino@example.fi", "aino..m@example.fi",
          "aino@-example.fi", "aino@example..fi", "aino@example.123", "aino@example.fi\n"}) {
        INFO(bad);
        CHECK_FALSE(is_plausible_email(bad));
    }
}

TEST_CASE("ids, dates and clean text follow their formats") {
    CHECK(is_valid_id("sat-pori-001"));
    CHECK(is_valid_id("0abc_def"));
    CHECK_FALSE(is_valid_id(""));
    CHECK_FALSE(is_valid_id("-abc"));
    CHECK_FALSE(is_valid_id("Abc"));
    CHECK_FALSE(is_valid_id("a b"));
    CHECK_FALSE(is_valid_id(std::string(65, 'a')));

    CHECK(is_valid_iso_date("2026-02-28"));
    CHECK(is_valid_iso_date("2028-02-29"));
    CHECK_FALSE(is_valid_iso_date("2026-02-29"));
    CHECK_FALSE(is_valid_iso_date("2026-13-01"));
    CHECK_FALSE(is_valid_iso_date("2026-1-01"));
    CHECK_FALSE(is_valid_iso_date("26-01-01xx"));

    CHECK(is_clean_text("Käsitöitä – “yhdessä” … 5 €", false));
    CHECK_FALSE(is_clean_text("line\nbreak", false));
    CHECK(is_clean_text("line\nbreak", true));
    CHECK_FALSE(is_clean_text("bell\a", true));
    CHECK_FALSE(is_clean_text("\xC3", false));          // truncated sequence
    CHECK_FALSE(is_clean_text("\xC0\xAF", false));      // overlong '/'
    CHECK_FALSE(is_clean_text("\xED\xA0\x80", false));  // a UTF-16 surrogate
    CHECK_FALSE(
        is_clean_text("abc\xE2\x80\xAE"
                      "cba",
                      false));  // right-to-left override
    CHECK(utf8_length("käsitöitä") == 9);
}

TEST_CASE("a complete signup is valid") {
    CHECK(validate_signup(valid_signup()).empty());
}

TEST_CASE("a signup needs a name and a way to reach the visitor") {
    Signup s = valid_signup();
    s.name = "   ";
    s.phone.clear();
    auto errors = validate_signup(s);
    CHECK(has_error(errors, "name", "required"));
    CHECK(has_error(errors, "contact", "contact_required"));

    s = valid_signup();
    s.phone.clear();
    s.email = "aino@example.fi";
    CHECK(validate_signup(s).empty());
}

TEST_CASE("a name or contact of only invisible space is blank, whatever space it is") {
    // No-break, ideographic, zero-width and em spaces and a byte-order mark: pasted or typed on a
    // phone, none of them is a name, and trimming them leaves nothing.
    for (const char* blank :
         {"\xC2\xA0\xC2\xA0", "\xE3\x80\x80", " \xE2\x80\x8B ", "\xE2\x80\x83 ", "\xEF\xBB\xBF"}) {
        CAPTURE(blank);
        Signup s = valid_signup();
        s.name = blank;
        CHECK(has_error(validate_signup(s), "name", "required"));
        s = valid_signup();
        s.phone = blank;
        CHECK(has_error(validate_signup(s), "contact", "contact_required"));
    }
    Signup s = valid_signup();
    s.name =
        "\xC2\xA0"
        "Aino"
        "\xC2\xA0";  // space around a name is fine: the name is there
    CHECK(validate_signup(s).empty());
    Task t = valid_task();
    t.title.fi = "\xE3\x80\x80";
    CHECK_FALSE(validate_task(t).empty());
}

TEST_CASE("each bad field of a signup gets its own error with a readable message") {
    Signup s = valid_signup();
    s.phone = "123";
    s.email = "aino@";
    s.name = std::string(101, 'a');
    s.message = std::string(1001, 'x');
    auto errors = validate_signup(s);
    CHECK(has_error(errors, "phone", "invalid_phone"));
    CHECK(has_error(errors, "email", "invalid_email"));
    CHECK(has_error(errors, "name", "too_long"));
    CHECK(has_error(errors, "message", "too_long"));
    for (const auto& e : errors) {
        INFO(e.field);
        CHECK(e.message.size() > 10);
        CHECK(e.message.back() == '.');
    }
}

TEST_CASE("length limits count letters, not bytes") {
    Signup s = valid_signup();
    s.name = std::string();
    for (int i = 0; i < 100; ++i)
        s.name += "ä";  // 200 bytes, 100 letters
    CHECK(validate_signup(s).empty());
    s.name += "ö";
    CHECK(has_error(validate_signup(s), "name", "too_long"));
}

TEST_CASE("a signup message may have line breaks but no other control characters") {
    Signup s = valid_signup();
    s.message = "Hei!\nVoin tulla tiistaisin.";
    CHECK(validate_signup(s).empty());
    s.message = "Hei\x1b[31m";
    CHECK(has_error(validate_signup(s), "message", "control_chars"));
    s = valid_signup();
    s.name = "Aino\nMäkinen";
    CHECK(has_error(validate_signup(s), "name", "control_chars"));
}

TEST_CASE("a signup names one to twenty distinct valid tasks, a consent and a UUIDv7") {
    Signup s = valid_signup();
    s.task_ids.clear();
    CHECK(has_error(validate_signup(s), "task_ids", "no_tasks"));
    s.task_ids = {"a", "a"};
    CHECK(has_error(validate_signup(s), "task_ids[1]", "duplicate"));
    s.task_ids.clear();
    for (int i = 0; i < 21; ++i)
        s.task_ids.push_back("t" + std::to_string(i));
    CHECK(has_error(validate_signup(s), "task_ids", "too_many_tasks"));

    s = valid_signup();
    s.consent_version.clear();
    CHECK(has_error(validate_signup(s), "consent", "consent_required"));
    s = valid_signup();
    s.id = "not-a-uuid";
    CHECK(has_error(validate_signup(s), "id", "invalid_id"));
    s.id = "0190a0a0-0000-4000-8000-000000000000";  // a v4 id is not accepted
    CHECK(has_error(validate_signup(s), "id", "invalid_id"));
}

TEST_CASE("a task needs a Finnish title and summary, known categories and sane dates") {
    CHECK(validate_task(valid_task()).empty());
    Task t = valid_task();
    t.title.fi.clear();
    t.title.sv = "Handarbete";
    t.categories = {"crafts", "knitting", "crafts"};
    t.start_date = "2026-06-01";
    t.end_date = "2026-05-01";
    t.url = "www.example.org";
    auto errors = validate_task(t);
    CHECK(has_error(errors, "title.fi", "required"));
    CHECK(has_error(errors, "categories[1]", "unknown_category"));
    CHECK(has_error(errors, "categories[2]", "duplicate"));
    CHECK(has_error(errors, "end_date", "invalid_date_range"));
    CHECK(has_error(errors, "url", "invalid_url"));
}

TEST_CASE("organisations and info points are checked for ids, names and dates") {
    Organisation o{"org-1", {"Porin Urheilijat", "", ""}, "Pori", "https://example.org", "", ""};
    CHECK(validate_organisation(o).empty());
    o.id = "Org 1";
    o.email = "x@";
    auto errors = validate_organisation(o);
    CHECK(has_error(errors, "id", "invalid_id"));
    CHECK(has_error(errors, "email", "invalid_email"));

    InfoPoint p;
    p.id = "pori-library";
    p.name.fi = "Porin pääkirjasto";
    p.region = "Satakunta";
    p.municipality = "Pori";
    p.kind = InfoPointKind::popup;
    p.active_from = "2026-06-01";
    p.active_until = "2026-06-03";
    CHECK(validate_info_point(p).empty());
    p.active_until = "2026-02-30";
    CHECK(has_error(validate_info_point(p), "active_until", "invalid_date"));
}

TEST_CASE("localized text falls back to Finnish, then English, then Swedish") {
    LocalizedText t{"suomeksi", "", "in English"};
    CHECK(t.show(Lang::sv) == "suomeksi");
    CHECK(t.show(Lang::en) == "in English");
    LocalizedText only_en{"", "", "in English"};
    CHECK(only_en.show(Lang::sv) == "in English");
    LocalizedText only_sv{"", "på svenska", ""};
    CHECK(only_sv.show(Lang::fi) == "på svenska");
}

TEST_CASE("every enum's wire name parses back to itself") {
    for (auto v : all_target_groups())
        CHECK(parse_target_group(to_string(v)) == v);
    for (auto v : all_commitments())
        CHECK(parse_commitment(to_string(v)) == v);
    for (auto v : all_benefits())
        CHECK(parse_benefit(to_string(v)) == v);
    for (auto v : all_age_groups())
        CHECK(parse_age_group(to_string(v)) == v);
    CHECK(parse_info_point_kind("popup") == InfoPointKind::popup);
    CHECK_FALSE(parse_commitment("One-off"));
    CHECK(parse_lang("sv") == Lang::sv);
    CHECK_FALSE(parse_lang("SV"));
    CHECK(all_categories().size() == 13);
    CHECK(is_known_category("first-aid"));
}
