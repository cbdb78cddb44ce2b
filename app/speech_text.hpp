// What the "Listen" button reads (issue 18, point 7): the task page's text, and the form's
// labels, hints, chosen tasks, consent and messages, in the visitor's language. Never what the
// visitor typed: the form is read from its labels, not its values, so that nobody beside the
// stand hears a name or a number.
#pragma once

#include <optional>
#include <string>

#include "app/translations.hpp"
#include "app/view_state.hpp"
#include "core/domain.hpp"

namespace talkoo {

std::string task_speech(const Translations& tr, Lang lang, const Task& task,
                        const std::optional<Organisation>& org);
std::string form_speech(const Translations& tr, Lang lang, const FormState& form,
                        const std::vector<Task>& chosen);

}  // namespace talkoo
