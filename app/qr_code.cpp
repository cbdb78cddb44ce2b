// See qr_code.hpp.
#include "app/qr_code.hpp"

#include <qrencode.h>

#include <cmath>
#include <string>

namespace talkoo {

QrCode make_qr(std::string_view text) {
    QrCode qr;
    if (text.empty()) return qr;
    std::string copy(text);  // libqrencode wants a NUL-terminated string
    QRcode* code = QRcode_encodeString8bit(copy.c_str(), 0, QR_ECLEVEL_M);
    if (!code) return qr;
    qr.size = code->width;
    qr.dark.resize(static_cast<size_t>(qr.size) * qr.size);
    for (int i = 0; i < qr.size * qr.size; ++i)
        qr.dark[i] = (code->data[i] & 1) != 0;
    QRcode_free(code);
    return qr;
}

ui::Rect draw_qr(ui::Ui& ui, const QrCode& qr, const ui::Rect& box) {
    if (qr.size == 0) return {box.x, box.y, 0, 0};
    constexpr int kQuiet = 4;
    int modules = qr.size + 2 * kQuiet;
    float side = std::min(box.w, box.h);
    float module = std::floor(side / static_cast<float>(modules));
    if (module < 1) module = 1;
    float total = module * static_cast<float>(modules);
    float x0 = std::round(box.x + (box.w - total) * 0.5f);
    float y0 = std::round(box.y + (box.h - total) * 0.5f);
    ui.dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + total, y0 + total), IM_COL32_WHITE,
                         module * 1.5f);
    for (int y = 0; y < qr.size; ++y) {
        // Runs of dark modules in a row become one rectangle: fewer vertices, same picture.
        int x = 0;
        while (x < qr.size) {
            if (!qr.dark_at(x, y)) {
                ++x;
                continue;
            }
            int run = x;
            while (run < qr.size && qr.dark_at(run, y))
                ++run;
            float px = x0 + static_cast<float>(kQuiet + x) * module;
            float py = y0 + static_cast<float>(kQuiet + y) * module;
            ui.dl->AddRectFilled(ImVec2(px, py),
                                 ImVec2(px + static_cast<float>(run - x) * module, py + module),
                                 IM_COL32_BLACK);
            x = run;
        }
    }
    return {x0, y0, total, total};
}

}  // namespace talkoo
