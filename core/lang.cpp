// Language codes and the fallback rule of LocalizedText (see lang.hpp).
#include "core/lang.hpp"

namespace talkoo {

std::string_view lang_code(Lang lang) {
    switch (lang) {
        case Lang::fi:
            return "fi";
        case Lang::sv:
            return "sv";
        case Lang::en:
            return "en";
    }
    return "fi";
}

std::optional<Lang> parse_lang(std::string_view code) {
    for (Lang l : kAllLangs)
        if (lang_code(l) == code) return l;
    return std::nullopt;
}

std::string& LocalizedText::operator[](Lang lang) {
    switch (lang) {
        case Lang::sv:
            return sv;
        case Lang::en:
            return en;
        case Lang::fi:
            break;
    }
    return fi;
}

const std::string& LocalizedText::operator[](Lang lang) const {
    return const_cast<LocalizedText&>(*this)[lang];
}

const std::string& LocalizedText::show(Lang lang) const {
    if (!(*this)[lang].empty()) return (*this)[lang];
    if (!fi.empty()) return fi;
    if (!en.empty()) return en;
    return sv;
}

}  // namespace talkoo
