// The fonts cover what the kiosk shows: every character of every translation and of the demo
// catalogue, and every icon, has its own glyph in every text style (no '?' stand-ins).
#include <catch2/catch.hpp>

#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "app/metrics.hpp"
#include "kiosk_driver.hpp"
#include "platform/fonts.hpp"
#include "platform/icons.hpp"

namespace talkoo::test {
namespace {

void add_codepoints(std::set<unsigned>& out, const std::string& s) {
    const char* p = s.c_str();
    const char* end = p + s.size();
    while (p < end) {
        unsigned c = 0;
        int n = ImTextCharFromUtf8(&c, p, end);
        if (n <= 0) break;
        p += n;
        if (c >= 0x20) out.insert(c);
    }
}

void add_json_strings(std::set<unsigned>& out, const nlohmann::json& j) {
    if (j.is_string())
        add_codepoints(out, j.get<std::string>());
    else if (j.is_array() || j.is_object())
        for (const auto& v : j)
            add_json_strings(out, v);
}

}  // namespace

TEST_CASE("every character of the translations and the demo catalogue has a glyph in every style") {
    std::set<unsigned> needed;
    for (Lang l : kAllLangs)
        for (const std::string& key : translations().keys(l))
            add_codepoints(needed, translations().get(l, key));
    std::ifstream demo(std::filesystem::path(TALKOO_ASSET_DIR) / "demo" / "catalog.json");
    REQUIRE(demo);
    add_json_strings(needed, nlohmann::json::parse(demo));
    for (unsigned c : {0x2013u, 0x2014u, 0x2019u, 0x201Cu, 0x201Du, 0x2026u, 0x20ACu, 0xE5u, 0xE4u,
                       0xF6u, 0xC5u, 0xC4u, 0xD6u, 0x161u, 0x17Eu})
        needed.insert(c);  // dashes, quotes, ellipsis, euro, å ä ö Å Ä Ö, š ž

    ImGuiContext* ctx = ImGui::CreateContext();
    platform::FontCache cache(platform::find_font_files());
    Metrics m = compute_metrics(1920, 1080, std::nullopt);
    cache.ensure(*ImGui::GetIO().Fonts, m.fonts);
    const platform::Fonts& f = cache.fonts();
    for (ImFont* font : {f.small, f.body, f.label, f.title, f.heading, f.display}) {
        for (unsigned c : needed) {
            INFO("U+" << std::hex << c << " at " << font->FontSize << " px");
            CHECK(font->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr);
        }
        for (unsigned short c : icon::kCodepoints) {
            INFO("icon U+" << std::hex << c);
            CHECK(font->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr);
        }
    }
    ImGui::DestroyContext(ctx);
}

}  // namespace talkoo::test
