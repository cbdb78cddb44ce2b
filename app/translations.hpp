// Every word the visitor sees comes from the translation tables in assets/i18n/ (fi.json,
// sv.json, en.json: flat JSON objects of "key": "text"); none is written in code. Keys name what
// a text is for ("form.field.name", "category.environment", "form.error.invalid_phone").
//
// Placeholders are {name} in the text and filled by format(). A key missing from a language
// never shows as a blank: the English text (or, last, the key itself) stands in, and the key is
// remembered in missing() so that tests fail on it.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/lang.hpp"

namespace talkoo {

class Translations {
  public:
    Translations() = default;
    Translations(Translations&& other) noexcept;  // the mutex stays behind; the tables move
    Translations& operator=(Translations&& other) noexcept;

    // Reads fi.json, sv.json and en.json from `dir`. Throws std::runtime_error naming the file
    // and the line of any problem (missing file, bad JSON, a value that is not a string).
    static Translations load(const std::filesystem::path& dir);

    const std::string& get(Lang lang, std::string_view key) const;
    // get() with {placeholder} → value substitutions.
    std::string format(Lang lang, std::string_view key,
                       std::initializer_list<std::pair<std::string_view, std::string>> args) const;
    bool has(Lang lang, std::string_view key) const;
    std::vector<std::string> keys(Lang lang) const;

    // Keys that get() was asked for in a language that lacks them, as "sv:form.title".
    std::set<std::string> missing() const;
    void clear_missing() const;

  private:
    std::map<std::string, std::string, std::less<>> tables_[3];
    mutable std::set<std::string> missing_;
    mutable std::mutex missing_mutex_;
};

}  // namespace talkoo
