// See kiosk_driver.hpp.
#include "kiosk_driver.hpp"

#include <catch2/catch.hpp>

#include <cmath>

namespace talkoo::test {

const std::vector<Layout>& all_layouts() {
    static const std::vector<Layout> layouts = {
        {"landscape", 1920, 1080},
        {"portrait", 1080, 1920},
        {"tablet", 1280, 800},
        {"phone", 390, 844},
    };
    return layouts;
}

const Layout& landscape() {
    return all_layouts()[0];
}

const Translations& translations() {
    static const Translations tr =
        Translations::load(std::filesystem::path(TALKOO_ASSET_DIR) / "i18n");
    return tr;
}

KioskDriver::KioskDriver(const std::filesystem::path& store_file, const Layout& layout,
                         KioskConfig config) {
    store_ = std::make_unique<LocalStore>(store_file);
    context_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = ImVec2(static_cast<float>(layout.width), static_cast<float>(layout.height));
    io.DeltaTime = 1.0f / 60.0f;
    app_ = std::make_unique<KioskApp>(*store_, translations(), std::move(config), now_);
    metrics_ =
        compute_metrics(io.DisplaySize.x, io.DisplaySize.y, std::nullopt, app_->text_scale());
    fonts_ = std::make_unique<platform::FontCache>(platform::find_font_files());
    fonts_->ensure(*io.Fonts, metrics_.fonts);
    frame();
}

KioskDriver::~KioskDriver() {
    app_.reset();
    ImGui::DestroyContext(context_);
}

void KioskDriver::frame() {
    ImGui::SetCurrentContext(context_);
    // The visitor's text size, as the kiosk's loop does: new metrics, fonts at the new sizes.
    if (app_->text_scale() != metrics_.text_scale) {
        ImGuiIO& io = ImGui::GetIO();
        metrics_ =
            compute_metrics(io.DisplaySize.x, io.DisplaySize.y, std::nullopt, app_->text_scale());
        fonts_->ensure(*io.Fonts, metrics_.fonts);
    }
    now_ += 1.0 / 60.0;
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    result_ = app_->frame(metrics_, fonts_->fonts(), now_, &audit_);
    if (after_frame) after_frame();
    // As the real loop: a state change gets its frame at once.
    for (int i = 0; i < 4 && result_.again; ++i) {
        now_ += 1.0 / 60.0;
        if (app_->text_scale() != metrics_.text_scale) {
            ImGuiIO& io = ImGui::GetIO();
            metrics_ = compute_metrics(io.DisplaySize.x, io.DisplaySize.y, std::nullopt,
                                       app_->text_scale());
            fonts_->ensure(*io.Fonts, metrics_.fonts);
        }
        result_ = app_->frame(metrics_, fonts_->fonts(), now_, &audit_);
        if (after_frame) after_frame();
    }
}

void KioskDriver::wait(double seconds) {
    double end = now_ + seconds;
    while (true) {
        double next = result_.animating ? now_ + 1.0 / 60.0 : result_.next_deadline;
        if (next > end) break;
        now_ = std::max(now_, next - 1.0 / 60.0);
        frame();
    }
    now_ = end - 1.0 / 60.0;
    frame();
}

bool KioskDriver::visible(std::string_view id) const {
    const ui::WidgetRecord* w = audit_.find(id);
    if (!w) return false;
    ui::Rect seen = w->rect.intersect(w->clip);
    return seen.w > 0 && seen.h > 0;
}

void KioskDriver::scroll_into_view(std::string_view id) {
    for (int attempt = 0; attempt < 40; ++attempt) {
        const ui::WidgetRecord* w = audit_.find(id);
        REQUIRE(w != nullptr);
        ImVec2 c = w->rect.center();
        if (w->clip.contains(c)) return;
        // Drag the list the widget is in by at most a third of its height per move.
        ImVec2 from = w->clip.center();
        float dy = c.y - from.y;
        float step = std::clamp(dy, -w->clip.h / 3, w->clip.h / 3);
        drag(from, ImVec2(from.x, from.y - step));
    }
    FAIL("could not scroll " << id << " into view");
}

void KioskDriver::tap(std::string_view id) {
    INFO("tapping " << id);
    // Whatever still moves (a list's inertia, a field scrolled into view) settles first: a
    // person taps what they see standing still.
    for (int i = 0; i < 600 && result_.animating; ++i)
        frame();
    REQUIRE(has(id));
    // A person looks before tapping: never within the tap guard of a screen that just changed
    // (tap_at() is the raw tap, for the tests of that guard).
    now_ = std::max(now_, app_->taps_accepted_from());
    scroll_into_view(id);
    now_ = std::max(now_, app_->taps_accepted_from());
    tap_at(audit_.find(id)->rect.center());
}

void KioskDriver::tap_at(ImVec2 pos) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = pos;
    io.MouseDown[0] = true;
    frame();
    io.MouseDown[0] = false;
    frame();
}

void KioskDriver::drag(ImVec2 from, ImVec2 to, int steps, double seconds, double hold) {
    now_ = std::max(now_, app_->taps_accepted_from());  // as tap(): a person looks first
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = from;
    io.MouseDown[0] = true;
    frame();
    for (int i = 1; i <= steps; ++i) {
        float t = static_cast<float>(i) / static_cast<float>(steps);
        io.MousePos = ImVec2(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t);
        now_ += seconds / steps - 1.0 / 60.0;
        frame();
    }
    if (hold > 0) {
        now_ += hold;
        frame();
    }
    io.MouseDown[0] = false;
    frame();
    // Let any inertia run out, as time would.
    for (int i = 0; i < 600 && result_.animating; ++i)
        frame();
}

void KioskDriver::type(std::string_view utf8) {
    std::string s(utf8);
    ImGui::GetIO().AddInputCharactersUTF8(s.c_str());
    frame();
}

void KioskDriver::type_on_keyboard(std::string_view utf8) {
    for (size_t i = 0; i < utf8.size();) {
        size_t n = (static_cast<unsigned char>(utf8[i]) & 0x80) ? 2 : 1;
        std::string ch(utf8.substr(i, n));
        i += n;
        std::string key;
        if (ch == " ")
            key = "key.space";
        else if (ch.size() == 1 && ch[0] >= 'A' && ch[0] <= 'Z')
            key = "key." + std::string(1, static_cast<char>(ch[0] + 32));
        else if (ch == "\xc3\x85")
            key = "key.\xc3\xa5";  // Å → å's key
        else if (ch == "\xc3\x84")
            key = "key.\xc3\xa4";
        else if (ch == "\xc3\x96")
            key = "key.\xc3\xb6";
        else
            key = "key." + ch;
        tap(key);
    }
}

}  // namespace talkoo::test
