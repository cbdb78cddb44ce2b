// The look's promises: text contrast, a category's own icon and colour, type sizes and touch
// targets at each layout's DPI, and QR codes that encode the task's address.
#include <catch2/catch.hpp>

#include <set>

#include "app/metrics.hpp"
#include "app/qr_code.hpp"
#include "app/theme.hpp"
#include "core/domain.hpp"

namespace talkoo::test {

TEST_CASE("every text colour has at least 4.5:1 contrast on its background in both themes") {
    for (bool hc : {false, true}) {
        for (const ContrastPair& pair : text_pairs(palette(hc))) {
            INFO((hc ? "high contrast: " : "light: ") << pair.what);
            CHECK(contrast_ratio(pair.foreground, pair.background) >= 4.5);
        }
    }
}

TEST_CASE("each category has its own icon and its own colour") {
    std::set<std::string> icons;
    std::set<ImU32> colours;
    for (std::string_view c : all_categories()) {
        const CategoryStyle& s = category_style(c);
        CHECK(s.id == c);
        icons.insert(s.icon);
        colours.insert(s.colour);
    }
    CHECK(icons.size() == all_categories().size());
    CHECK(colours.size() == all_categories().size());
}

TEST_CASE("body text is at least 24 px and headings 40 px on a 1080p kiosk panel") {
    for (auto [w, h] : {std::pair{1920.f, 1080.f}, std::pair{1080.f, 1920.f}}) {
        Metrics m = compute_metrics(w, h, std::nullopt);
        CHECK(m.form == FormFactor::kiosk);
        CHECK(m.fonts.small >= 24);
        CHECK(m.fonts.body >= 24);
        CHECK(m.fonts.heading >= 40);
        CHECK(m.target >= 60);
    }
}

TEST_CASE("sizes follow the panel's real DPI, and targets stay 9 mm") {
    Metrics kiosk = compute_metrics(1920, 1080, 92.0f);
    Metrics sharp = compute_metrics(1920, 1080, 140.0f);  // a 15.6" 1080p panel
    CHECK(sharp.fonts.body > kiosk.fonts.body);
    for (float dpi : {92.0f, 149.0f, 152.0f, 300.0f}) {
        Metrics m = compute_metrics(1280, 800, dpi);
        CHECK(m.target >= 9.0f * dpi / 25.4f - 0.5f);
    }
    CHECK(compute_metrics(1280, 800, std::nullopt).form == FormFactor::tablet);
    CHECK(compute_metrics(390, 844, std::nullopt).form == FormFactor::phone);
}

TEST_CASE("a QR code is made for a task's address and none for an empty one") {
    QrCode qr = make_qr("https://talkoo.example/tasks/dogs");
    CHECK(qr.size >= 21);
    CHECK((qr.size - 17) % 4 == 0);  // QR versions are 21, 25, 29, ... modules
    // The three finder patterns: dark corners.
    CHECK(qr.dark_at(0, 0));
    CHECK(qr.dark_at(qr.size - 1, 0));
    CHECK(qr.dark_at(0, qr.size - 1));
    CHECK(make_qr("").size == 0);
}

}  // namespace talkoo::test
