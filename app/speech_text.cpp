// See speech_text.hpp. Sentences end in full stops so that the synthesiser pauses between them.
#include "app/speech_text.hpp"

namespace talkoo {
namespace {

void sentence(std::string& out, std::string_view s) {
    if (s.empty()) return;
    if (!out.empty()) out += ' ';
    out += s;
    char last = out.back();
    if (last != '.' && last != '!' && last != '?' && last != ':') out += '.';
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& p : parts) {
        if (p.empty()) continue;
        if (!out.empty()) out += ", ";
        out += p;
    }
    return out;
}

}  // namespace

std::string task_speech(const Translations& tr, Lang lang, const Task& t,
                        const std::optional<Organisation>& org) {
    std::string out;
    sentence(out, t.title.show(lang));
    if (org) sentence(out, org->name.show(lang));
    sentence(out, t.summary.show(lang));
    std::vector<std::string> groups;
    for (TargetGroup g : t.target_groups)
        groups.push_back(tr.get(lang, "group." + std::string(to_string(g))));
    sentence(out, tr.get(lang, "task.for_whom") + ": " + joined(groups));
    sentence(out, tr.get(lang, "task.where") + ": " + joined({t.place.show(lang), t.municipality}));
    sentence(out, tr.get(lang, "task.when") + ": " +
                      tr.get(lang, "commitment." + std::string(to_string(t.commitment))));
    if (!t.time_needed.show(lang).empty())
        sentence(out, tr.get(lang, "task.time_needed") + ": " + t.time_needed.show(lang));
    std::vector<std::string> benefits;
    for (Benefit b : t.benefits)
        benefits.push_back(tr.get(lang, "benefit." + std::string(to_string(b))));
    if (!benefits.empty()) sentence(out, tr.get(lang, "task.benefits") + ": " + joined(benefits));
    sentence(out, t.description.show(lang));
    return out;
}

std::string form_speech(const Translations& tr, Lang lang, const FormState& form,
                        const std::vector<Task>& chosen) {
    std::string out;
    auto t = [&](std::string_view key) -> const std::string& { return tr.get(lang, key); };
    sentence(out, t("form.heading"));
    sentence(out, t("form.intro"));
    if (!chosen.empty()) {
        std::vector<std::string> titles;
        for (const Task& task : chosen)
            titles.push_back(task.title.show(lang));
        sentence(out, t("form.tasks") + ": " + joined(titles));
    }
    // Each field by its label and hint; a field's message if it has one. The values are not
    // read: they are the visitor's personal data.
    auto field = [&](std::string_view name, std::string_view label, std::string_view hint) {
        sentence(out, t(label));
        if (!hint.empty()) sentence(out, t(hint));
        for (const FieldError& e : form.errors)
            if (e.field == name) {
                std::string key = "form.error." + e.code;
                sentence(out, tr.has(lang, key) ? t(key) : t("form.error.other"));
            }
    };
    field("name", "form.field.name", "form.hint.name");
    sentence(out, t("form.contact_hint"));
    field("phone", "form.field.phone", "form.hint.phone");
    field("email", "form.field.email", "");
    field("age_group", "form.field.age_group", "");
    field("message", "form.field.message", "form.hint.message");
    field("consent", "form.field.consent", "");
    sentence(out, t("consent.text"));
    sentence(out, t("form.send"));
    return out;
}

}  // namespace talkoo
