// KioskDriver: the real kiosk screens in a headless ImGui context, driven the way a person
// would: taps at widgets' positions, drags, typed text. The store is a real SQLite file; the
// fonts are the real ones at the layout's sizes; the clock is the driver's own, so that an idle
// timeout takes no real time. Widgets are found by the ids they record in the layout audit.
#pragma once

#include <imgui.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/kiosk_app.hpp"
#include "app/translations.hpp"
#include "core/local_store.hpp"
#include "platform/fonts.hpp"

namespace talkoo::test {

struct Layout {
    std::string name;
    int width;
    int height;
};
// The four layouts of issue 3: landscape and portrait kiosk, tablet, phone.
const std::vector<Layout>& all_layouts();
const Layout& landscape();

const Translations& translations();  // assets/i18n, loaded once

class KioskDriver {
  public:
    KioskDriver(const std::filesystem::path& store_file, const Layout& layout,
                KioskConfig config = {});
    ~KioskDriver();
    KioskDriver(const KioskDriver&) = delete;
    KioskDriver& operator=(const KioskDriver&) = delete;

    LocalStore& store() { return *store_; }
    KioskApp& app() { return *app_; }
    ViewState& state() { return app_->state(); }
    const ui::LayoutAudit& audit() const { return audit_; }
    const Metrics& metrics() const { return metrics_; }
    double now() const { return now_; }
    const FrameResult& last_result() const { return result_; }

    // One frame, 1/60 s after the last, with the pointer as it is.
    void frame();
    // Lets `seconds` pass with nobody touching: frames at the deadlines the app asks for (as the
    // real loop would), then one at the end.
    void wait(double seconds);

    // Taps the centre of the widget `id` as drawn in the last frame, first scrolling it into
    // view by dragging its list if it is off screen. Fails the test if there is no such widget.
    void tap(std::string_view id);
    void tap_at(ImVec2 pos);
    // Lets `seconds` pass before the next frame, with no frame in between (a finger on its
    // way to the next tap).
    void pause(double seconds) { now_ += seconds; }
    // A finger from `from` to `to` in `steps` moves over `seconds`, then still for `hold`
    // seconds (0 = a fling), then lifted.
    void drag(ImVec2 from, ImVec2 to, int steps = 8, double seconds = 0.15, double hold = 0.2);
    // Typed characters, as from a physical keyboard (io.AddInputCharacter).
    void type(std::string_view utf8);
    // Typed by tapping the on-screen keyboard's keys, letter by letter.
    void type_on_keyboard(std::string_view utf8);

    // Called after every frame the app draws (ImGui::GetDrawData() holds it), for tests that
    // look at the pixels of each frame.
    std::function<void()> after_frame;

    bool has(std::string_view id) const { return audit_.find(id) != nullptr; }
    // Whether the widget is drawn and at least partly inside its visible area.
    bool visible(std::string_view id) const;

  private:
    void scroll_into_view(std::string_view id);

    std::unique_ptr<LocalStore> store_;
    ImGuiContext* context_ = nullptr;
    std::unique_ptr<platform::FontCache> fonts_;
    Metrics metrics_;
    std::unique_ptr<KioskApp> app_;
    ui::LayoutAudit audit_;
    FrameResult result_;
    double now_ = 1000;  // any start; the app only compares differences
};

}  // namespace talkoo::test
