// See translations.hpp.
#include "app/translations.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace talkoo {
namespace {

size_t index_of(Lang lang) {
    return static_cast<size_t>(lang);
}

}  // namespace

Translations::Translations(Translations&& other) noexcept {
    for (size_t i = 0; i < 3; ++i)
        tables_[i] = std::move(other.tables_[i]);
    missing_ = std::move(other.missing_);
}

Translations& Translations::operator=(Translations&& other) noexcept {
    for (size_t i = 0; i < 3; ++i)
        tables_[i] = std::move(other.tables_[i]);
    missing_ = std::move(other.missing_);
    return *this;
}

Translations Translations::load(const std::filesystem::path& dir) {
    Translations t;
    for (Lang lang : kAllLangs) {
        std::filesystem::path file = dir / (std::string(lang_code(lang)) + ".json");
        std::ifstream in(file);
        if (!in)
            throw std::runtime_error("Cannot read the translation table " + file.string() +
                                     ": check --assets (it should point at assets/).");
        nlohmann::json json;
        try {
            json = nlohmann::json::parse(in);
        } catch (const nlohmann::json::parse_error& e) {
            throw std::runtime_error("The translation table " + file.string() +
                                     " is not valid JSON: " + e.what());
        }
        if (!json.is_object())
            throw std::runtime_error("The translation table " + file.string() +
                                     " must be one JSON object of \"key\": \"text\" pairs.");
        auto& table = t.tables_[index_of(lang)];
        for (const auto& [key, value] : json.items()) {
            if (!value.is_string())
                throw std::runtime_error("In " + file.string() + ", the value of \"" + key +
                                         "\" is not a string.");
            table.emplace(key, value.get<std::string>());
        }
    }
    return t;
}

const std::string& Translations::get(Lang lang, std::string_view key) const {
    const auto& table = tables_[index_of(lang)];
    if (auto it = table.find(key); it != table.end()) return it->second;
    {
        std::lock_guard lock(missing_mutex_);
        missing_.insert(std::string(lang_code(lang)) + ":" + std::string(key));
    }
    const auto& en = tables_[index_of(Lang::en)];
    if (auto it = en.find(key); it != en.end()) return it->second;
    // Keep the key itself alive for the caller's reference: a visible, greppable stand-in.
    std::lock_guard lock(missing_mutex_);
    static std::set<std::string, std::less<>> stand_ins;
    return *stand_ins.emplace(key).first;
}

std::string Translations::format(
    Lang lang, std::string_view key,
    std::initializer_list<std::pair<std::string_view, std::string>> args) const {
    std::string text = get(lang, key);
    for (const auto& [name, value] : args) {
        std::string slot = "{" + std::string(name) + "}";
        for (size_t at = text.find(slot); at != std::string::npos;
             at = text.find(slot, at + value.size()))
            text.replace(at, slot.size(), value);
    }
    return text;
}

bool Translations::has(Lang lang, std::string_view key) const {
    const auto& table = tables_[index_of(lang)];
    return table.find(key) != table.end();
}

std::vector<std::string> Translations::keys(Lang lang) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : tables_[index_of(lang)])
        out.push_back(k);
    return out;
}

std::set<std::string> Translations::missing() const {
    std::lock_guard lock(missing_mutex_);
    return missing_;
}

void Translations::clear_missing() const {
    std::lock_guard lock(missing_mutex_);
    missing_.clear();
}

}  // namespace talkoo
