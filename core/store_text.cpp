// Text as the store sorts it: title sort keys for browsing (see store_impl.hpp), on code points
// decoded from UTF-8 by hand, since core/ uses no ICU: the alphabets Talkoo serves (Finnish,
// Swedish, English, and names from the rest of Latin Europe) need only Latin-1 and
// Latin Extended-A; other scripts pass through unchanged. Search folds text differently, with
// FTS5's own tokenizer (store_search.hpp).
#include <cstdint>

#include "core/store_impl.hpp"

namespace talkoo::store {
namespace {

// Decodes one code point at s[i] and advances i; an invalid byte comes back as U+FFFD.
char32_t next_code_point(std::string_view s, size_t& i) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char b = byte(i);
    int extra = b < 0x80           ? 0
                : (b >> 5) == 0x6  ? 1
                : (b >> 4) == 0xE  ? 2
                : (b >> 3) == 0x1E ? 3
                                   : -1;
    if (extra < 0 || s.size() - i <= static_cast<size_t>(extra)) {  // not a lead byte, or cut
        ++i;
        return 0xFFFD;
    }
    char32_t cp = extra == 0 ? b : b & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
        unsigned char c = byte(i + static_cast<size_t>(k));
        if ((c & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    i += static_cast<size_t>(extra) + 1;
    return cp;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Base letters of U+00C0..U+00FF and U+0100..U+017F; '*' marks the letters that sort after z
// in Finnish and Swedish (resolved in fold_for_sorting), '.' a non-letter.
constexpr std::string_view kLatin1 =
    "AAAAAAACEEEEIIII"   // U+00C0 À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï
    "DNOOOOO.OUUUYYTs"   // U+00D0 Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß
    "aaaaaaaceeeeiiii"   // U+00E0
    "dnooooo.ouuuyyty";  // U+00F0
constexpr std::string_view kLatinExtendedA =
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKk"
    "kLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
static_assert(kLatinExtendedA.size() == 128);

// The sort key of one code point, appended to `out`.
void fold_for_sorting(std::string& out, char32_t cp) {
    switch (cp) {  // the Nordic letters after z: å < ä < ö, with their Danish/German kin
        case U'Å':
        case U'å':
            out += '{';
            return;
        case U'Ä':
        case U'ä':
        case U'Æ':
        case U'æ':
            out += '|';
            return;
        case U'Ö':
        case U'ö':
        case U'Ø':
        case U'ø':
            out += '}';
            return;
        default:
            break;
    }
    if (cp == '{' || cp == '|' || cp == '}') {  // taken by the letters above
        out += ' ';
    } else if (cp < 0x80) {
        out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
    } else if (cp >= 0xC0 && cp <= 0xFF) {
        char base = kLatin1[cp - 0xC0];
        if (cp == U'ß') {
            out += "ss";
        } else if (cp == U'Þ' || cp == U'þ') {
            out += "th";
        } else {
            out += base == '.' ? ' ' : static_cast<char>(base | 0x20);  // ASCII lower case
        }
    } else if (cp >= 0x100 && cp <= 0x17F) {
        out += static_cast<char>(kLatinExtendedA[cp - 0x100] | 0x20);
    } else if (cp < 0xC0) {
        out += ' ';  // Latin-1 punctuation and symbols
    } else {
        append_utf8(out, cp);
    }
}

}  // namespace

std::string title_sort_key(std::string_view title) {
    std::string key;
    key.reserve(title.size());
    for (size_t i = 0; i < title.size();)
        fold_for_sorting(key, next_code_point(title, i));
    return key;
}

std::string join_names(const std::vector<std::string>& names) {
    std::string joined;
    for (const std::string& name : names) {
        if (!joined.empty()) joined += ',';
        joined += name;
    }
    return joined;
}

std::vector<std::string> split_names(std::string_view joined) {
    std::vector<std::string> names;
    while (!joined.empty()) {
        size_t comma = joined.find(',');
        names.emplace_back(joined.substr(0, comma));
        if (comma == std::string_view::npos) break;
        joined.remove_prefix(comma + 1);
    }
    return names;
}

}  // namespace talkoo::store
