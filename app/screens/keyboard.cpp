// The on-screen keyboard: a kiosk has no physical one. It adapts to the field being typed into:
//
//   name, message, search   Finnish/Swedish QWERTY with å ä ö, shift, and a 123 page of digits
//                           and punctuation; a name gets its capitals automatically
//   phone                   a number pad with + and space
//   e-mail                  digits, letters, . - _ and a row of @ and common domains
//
// Every key is at least the touch target. Where the rows do not fit at that size (a phone held
// upright), compact_layout() puts the letters in alphabetical rows of as many keys as fit.
//
// Index: base_layout (full-size rows per field) · compact_layout (narrow screens) · arrange
// (key sizes) · keyboard (drawing, and keys → Actions) · collect_typed_text (a USB keyboard).
#include <algorithm>
#include <cmath>
#include <string>

#include "app/screens/screens.hpp"
#include "app/ui/widgets.hpp"
#include "platform/icons.hpp"

namespace talkoo {

using ui::Rect;

namespace {

enum class KeyRole { letter, text, shift, backspace, symbols, space, next, done };

struct Key {
    std::string text;  // what it types (letters: lower case)
    KeyRole role = KeyRole::letter;
    float units = 1;
};
using Row = std::vector<Key>;

Row letters(std::string_view utf8) {
    Row row;
    for (size_t i = 0; i < utf8.size();) {
        size_t n = (static_cast<unsigned char>(utf8[i]) & 0x80) ? 2 : 1;  // å ä ö are 2 bytes
        row.push_back({std::string(utf8.substr(i, n)), KeyRole::letter, 1});
        i += n;
    }
    return row;
}

Row texts(std::initializer_list<std::pair<const char*, float>> keys) {
    Row row;
    for (auto [t, u] : keys)
        row.push_back({t, KeyRole::text, u});
    return row;
}

std::vector<Row> base_layout(Field field, const KeyboardState& kb) {
    std::vector<Row> rows;
    Key shift{"", KeyRole::shift, 1.5f}, back{"", KeyRole::backspace, 1.5f};
    Key next{"", KeyRole::next, 2}, done{"", KeyRole::done, 2};
    Key space{" ", KeyRole::space, 5};
    Key page{"", KeyRole::symbols, 1.5f};
    if (field == Field::phone) {
        rows.push_back(texts({{"1", 1}, {"2", 1}, {"3", 1}}));
        rows.push_back(texts({{"4", 1}, {"5", 1}, {"6", 1}}));
        rows.push_back(texts({{"7", 1}, {"8", 1}, {"9", 1}}));
        Row last = texts({{"+", 1}, {"0", 1}});
        last.push_back({"", KeyRole::backspace, 1});
        rows.push_back(last);
        rows.push_back({{" ", KeyRole::space, 1}, {"", KeyRole::next, 1}, {"", KeyRole::done, 1}});
        return rows;
    }
    if (field == Field::email) {
        rows.push_back(letters("1234567890"));
        rows.push_back(letters("qwertyuiop"));
        Row r2 = letters("asdfghjkl");
        r2.push_back({".", KeyRole::text, 1});
        rows.push_back(r2);
        Row r3 = letters("zxcvbnm");
        r3.push_back({"-", KeyRole::text, 1});
        r3.push_back({"_", KeyRole::text, 1});
        r3.push_back(back);
        rows.push_back(r3);
        rows.push_back(texts({{"@", 1.5f},
                              {"@gmail.com", 3},
                              {"@outlook.com", 3.5f},
                              {".fi", 1.5f},
                              {".com", 1.5f}}));
        rows.push_back({next, done});
        return rows;
    }
    if (kb.symbols) {
        rows.push_back(letters("1234567890"));
        rows.push_back(texts({{"-", 1},
                              {"/", 1},
                              {":", 1},
                              {";", 1},
                              {"(", 1},
                              {")", 1},
                              {"\xe2\x82\xac", 1},
                              {"&", 1},
                              {"@", 1},
                              {"\"", 1}}));
        Row r3 =
            texts({{".", 1}, {",", 1}, {"?", 1}, {"!", 1}, {"'", 1}, {"+", 1}, {"%", 1}, {"#", 1}});
        r3.push_back(back);
        rows.push_back(r3);
    } else {
        rows.push_back(letters("qwertyuiop\xc3\xa5"));
        rows.push_back(letters("asdfghjkl\xc3\xb6\xc3\xa4"));
        Row r3{shift};
        for (const Key& k : letters("zxcvbnm"))
            r3.push_back(k);
        if (field == Field::name) {
            r3.push_back({"-", KeyRole::text, 1});
            r3.push_back({"'", KeyRole::text, 1});
        } else {
            r3.push_back({",", KeyRole::text, 1});
            r3.push_back({".", KeyRole::text, 1});
        }
        r3.push_back(back);
        rows.push_back(r3);
    }
    Row bottom{page, space};
    if (field != Field::search) bottom.push_back(next);
    bottom.push_back(done);
    rows.push_back(bottom);
    return rows;
}

float units_of(const Row& row) {
    float u = 0;
    for (const Key& k : row)
        u += k.units;
    return u;
}

struct Arranged {
    std::vector<Row> rows;
    float unit = 0;  // width of a one-unit key
    float gap = 0;
    float key_h = 0;
};

// Where the full rows do not fit at the touch target (a phone held upright), an alphabetical
// layout in as many columns as fit: first-time users find a letter in ABC order as fast as in
// QWERTY, and å ä ö sit at the end, where Finnish and Swedish put them. The control keys share
// the last row and show only their icons.
std::vector<Row> compact_layout(Field field, const KeyboardState& kb, int cols) {
    std::vector<Row> rows;
    Row keys;
    auto chunk = [&](const Row& seq) {
        Row cur;
        for (const Key& k : seq) {
            cur.push_back(k);
            if (static_cast<int>(cur.size()) == cols) {
                rows.push_back(cur);
                cur.clear();
            }
        }
        if (!cur.empty()) rows.push_back(cur);
    };
    Key next{"", KeyRole::next, 1}, done{"", KeyRole::done, 1}, back{"", KeyRole::backspace, 1};
    Key page{"", KeyRole::symbols, 1}, shift{"", KeyRole::shift, 1};
    if (kb.symbols) {
        chunk(texts({{"1", 1}, {"2", 1},
                     {"3", 1}, {"4", 1},
                     {"5", 1}, {"6", 1},
                     {"7", 1}, {"8", 1},
                     {"9", 1}, {"0", 1},
                     {".", 1}, {",", 1},
                     {"?", 1}, {"!", 1},
                     {"'", 1}, {"\"", 1},
                     {"-", 1}, {"(", 1},
                     {")", 1}, {":", 1},
                     {";", 1}, {"\xe2\x82\xac", 1},
                     {"@", 1}, {"&", 1},
                     {"+", 1}, {"%", 1},
                     {"#", 1}, {"/", 1},
                     {"_", 1}, {"*", 1}}));
    } else if (field == Field::email) {
        Row seq = letters("abcdefghijklmnopqrstuvwxyz");
        for (const char* t : {".", "-", "_", "@"})
            seq.push_back({t, KeyRole::text, 1});
        chunk(seq);
        float third = static_cast<float>(cols) / 2;
        rows.push_back(texts({{"@gmail.com", third}, {".fi", third / 2}, {".com", third / 2}}));
    } else {
        Row seq = letters("abcdefghijklmnopqrstuvwxyz\xc3\xa5\xc3\xa4\xc3\xb6");
        seq.push_back({field == Field::name ? "-" : ",", KeyRole::text, 1});
        chunk(seq);
    }
    Row last;
    last.push_back(page);
    if (!kb.symbols && field != Field::email && field != Field::phone) last.push_back(shift);
    bool with_next = field != Field::search;
    float fixed = static_cast<float>(last.size()) + 1 /*back*/ + 1 /*done*/ + (with_next ? 1 : 0);
    if (field != Field::email)
        last.push_back({" ", KeyRole::space, std::max(1.0f, static_cast<float>(cols) - fixed)});
    last.push_back(back);
    if (with_next) last.push_back(next);
    last.push_back(done);
    if (field == Field::email)
        last.back().units = std::max(1.0f, static_cast<float>(cols) - fixed + 1);
    rows.push_back(last);
    return rows;
}

Arranged arrange(const ui::Ui& ui, Field field, const KeyboardState& kb, float width) {
    const Metrics& m = *ui.m;
    Arranged a;
    a.gap = std::max(4.0f, std::round(m.gap * 0.4f));
    // Keys keep the usual touch target at any text size: ten keys must fit a phone's width.
    const float target = m.min_target;
    a.key_h = target;
    std::vector<Row> rows = base_layout(field, kb);
    float max_unit = field == Field::phone ? target * 2.2f : target * 1.3f;
    auto unit_for = [&](const std::vector<Row>& rs) {
        float widest = 0;
        for (const Row& r : rs)
            widest = std::max(widest, units_of(r));
        return std::min(max_unit, (width - a.gap * (widest - 1)) / widest);
    };
    a.unit = unit_for(rows);
    if (a.unit < target && field != Field::phone) {
        int cols = static_cast<int>(std::floor((width + a.gap) / (target + a.gap)));
        rows = compact_layout(field, kb, std::max(4, cols));
        a.unit = unit_for(rows);
    }
    a.rows = rows;
    return a;
}

bool auto_capital(Field field, std::string_view text) {
    if (field != Field::name) return false;
    return text.empty() || text.back() == ' ' || text.back() == '-';
}

std::string upper(const std::string& s) {
    if (s == "\xc3\xa5") return "\xc3\x85";  // å Å
    if (s == "\xc3\xa4") return "\xc3\x84";  // ä Ä
    if (s == "\xc3\xb6") return "\xc3\x96";  // ö Ö
    if (s.size() == 1 && s[0] >= 'a' && s[0] <= 'z')
        return std::string(1, static_cast<char>(s[0] - 32));
    return s;
}

void append_utf8(std::string& out, unsigned c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

}  // namespace

float keyboard_height(const ui::Ui& ui, Field field, const KeyboardState& kb) {
    if (!ui.on_screen_keyboard) return 0;  // the device's own keyboard covers the screen
    Arranged a = arrange(ui, field, kb, ui.screen.w - 2 * ui.m->margin);
    return static_cast<float>(a.rows.size()) * (a.key_h + a.gap) + 2 * ui.m->gap;
}

void keyboard(ui::Ui& ui, const Rect& area, const KeyboardState& kb, Field field,
              std::string_view text, Actions& out) {
    if (!ui.on_screen_keyboard) {
        collect_typed_text(out);  // the device's keyboard's text, forwarded by the platform
        return;
    }
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    ui.dl->AddRectFilled(area.min(), area.max(), p.high_contrast ? p.background : p.border);
    if (p.high_contrast) ui.dl->AddLine(area.min(), ImVec2(area.right(), area.y), p.border, 2.0f);
    Rect in = area.shrink(m.margin, m.gap);
    Arranged a = arrange(ui, field, kb, in.w);
    bool caps = kb.shift || auto_capital(field, text);
    float y = in.y;
    for (const Row& row : a.rows) {
        float units = units_of(row);
        float row_w = units * a.unit + (units - 1) * a.gap;
        float x = in.x + (in.w - row_w) * 0.5f;
        for (const Key& k : row) {
            float w = k.units * a.unit + (k.units - 1) * a.gap;
            Rect r{x, y, w, a.key_h};
            x += w + a.gap;
            std::string id, label;
            const char* glyph = nullptr;
            // Letters and symbols are light keys; the keys that do something else are tinted.
            ui::ButtonKind kind =
                k.role == KeyRole::letter || k.role == KeyRole::text || k.role == KeyRole::space
                    ? ui::ButtonKind::key
                    : ui::ButtonKind::secondary;
            Action action{ActionKind::type, {}, 0};
            switch (k.role) {
                case KeyRole::letter:
                case KeyRole::text:
                    id = "key." + k.text;
                    label = k.role == KeyRole::letter && caps ? upper(k.text) : k.text;
                    action.text = label;
                    break;
                case KeyRole::space:
                    id = "key.space";
                    // The word only where it fits; an empty bar is what a space key looks like.
                    label = ui::measure(ui.fonts->label, ui.t("key.space")).x + m.pad * 1.5f <= w
                                ? ui.t("key.space")
                                : std::string();
                    action.text = " ";
                    break;
                case KeyRole::shift:
                    id = "key.shift";
                    glyph = icon::shift;
                    kind = caps ? ui::ButtonKind::on : ui::ButtonKind::secondary;
                    action.kind = ActionKind::shift;
                    break;
                case KeyRole::backspace:
                    id = "key.backspace";
                    glyph = icon::backspace;
                    action.kind = ActionKind::backspace;
                    break;
                case KeyRole::symbols:
                    id = "key.symbols";
                    label = ui.t(kb.symbols ? "key.letters" : "key.symbols");
                    action.kind = ActionKind::symbols;
                    break;
                case KeyRole::next:
                    id = "key.next";
                    label = ui.t("key.next");
                    glyph = icon::forward;
                    action.kind = ActionKind::next_field;
                    break;
                case KeyRole::done:
                    id = "key.done";
                    label = ui.t("key.done");
                    glyph = icon::check;
                    kind = ui::ButtonKind::primary;
                    action.kind = ActionKind::keyboard_done;
                    break;
            }
            bool hit;
            if (k.role == KeyRole::space && label.empty()) {
                hit = ui::button(ui, id, r, "", nullptr, kind);
            } else if (glyph && label.empty()) {
                hit = ui::icon_button(ui, id, r, glyph, kind);
            } else {
                // Letters in a large face; words (space, next, done) in the label face.
                bool single =
                    k.role == KeyRole::letter || (k.role == KeyRole::text && label.size() <= 2);
                bool large = m.text_scale > 1.0f;  // enlarged text: the keys' own face
                ImFont* font = large ? ui.fonts->key : single ? ui.fonts->title : ui.fonts->label;
                float room = w - m.pad * 1.5f;
                float word = ui::measure(font, label).x;
                float with_icon = word + (glyph ? ui::measure(font, glyph).x + m.gap * 0.6f : 0);
                if (!single && glyph && word > room) {
                    hit = ui::icon_button(ui, id, r, glyph, kind);  // no room for the word
                } else {
                    if (!single && with_icon > room) glyph = nullptr;  // the word without its icon
                    hit = ui::button(ui, id, r, label, glyph, kind, font,
                                     large ? m.pad * 0.25f : -1.0f);
                }
            }
            if (hit) out.push_back(action);
        }
        y += a.key_h + a.gap;
    }
    collect_typed_text(out);
}

void collect_typed_text(Actions& out) {
    ImGuiIO& io = ImGui::GetIO();
    std::string typed;
    auto flush = [&] {
        if (!typed.empty()) out.push_back({ActionKind::type, typed, 0});
        typed.clear();
    };
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        unsigned c = io.InputQueueCharacters[i];
        if (c == '\b') {
            flush();
            out.push_back({ActionKind::backspace, {}, 0});
        } else if (c == '\r' || c == '\t') {
            flush();
            out.push_back({ActionKind::next_field, {}, 0});
        } else if (c == 0x1b) {
            flush();
            out.push_back({ActionKind::keyboard_done, {}, 0});
        } else if (c >= 0x20 && c != 0x7f) {
            append_utf8(typed, c);
        }
    }
    flush();
}

}  // namespace talkoo
