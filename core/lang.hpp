// The three languages Talkoo speaks, and text that exists in several of them.
//
// Tasks are written centrally, usually in Finnish first; Swedish or English may be missing.
// LocalizedText::show() picks what a reader of a language should see, so that no screen ever
// shows an empty title because one translation is missing.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace talkoo {

enum class Lang { fi, sv, en };
inline constexpr std::array<Lang, 3> kAllLangs = {Lang::fi, Lang::sv, Lang::en};

std::string_view lang_code(Lang lang);                  // "fi", "sv", "en"
std::optional<Lang> parse_lang(std::string_view code);  // exact lowercase code, else nullopt

struct LocalizedText {
    std::string fi;
    std::string sv;
    std::string en;

    std::string& operator[](Lang lang);
    const std::string& operator[](Lang lang) const;  // exactly this language, maybe empty

    // What a reader of `lang` sees: their language if written, else Finnish, else English,
    // else Swedish (Finnish is the networks' working language and is required on every record).
    const std::string& show(Lang lang) const;
    bool empty() const { return fi.empty() && sv.empty() && en.empty(); }
    bool operator==(const LocalizedText&) const = default;
};

}  // namespace talkoo
