// The interest form: the chosen tasks (several at once, each removable), name, phone or e-mail,
// an optional age group and message, and the consent with its full text. "Send" validates with
// core/validation.hpp; each problem is shown in the visitor's language beside its field, and
// nothing typed is lost. The on-screen keyboard (keyboard.cpp) takes the bottom of the screen
// while a field is focused, and the focused field is scrolled into view above it.
#include <algorithm>
#include <cmath>
#include <string>

#include "app/screens/screens.hpp"
#include "app/ui/widgets.hpp"
#include "platform/icons.hpp"

namespace talkoo {

using ui::Rect;

namespace {

constexpr unsigned kFormScroll = 4;

// The translated message for the first error on `field` (prefix match, so "task_ids" covers
// "task_ids[2]"), or "".
std::string error_for(const ui::Ui& ui, const FormState& form, std::string_view field) {
    for (const FieldError& e : form.errors) {
        if (e.field.compare(0, field.size(), field) != 0) continue;
        std::string key = "form.error." + e.code;
        return ui.tr->has(ui.lang, key) ? ui.t(key) : ui.t("form.error.other");
    }
    return {};
}

// Errors on what the device fills in (id, times, device): a bug, not the visitor's doing.
bool has_device_error(const FormState& form) {
    for (const FieldError& e : form.errors) {
        std::string_view f = e.field;
        if (f != "name" && f != "phone" && f != "email" && f != "message" && f != "contact" &&
            f != "consent" && f.rfind("task_ids", 0) != 0)
            return true;
    }
    return false;
}

float selected_rows(ui::Ui& ui, ViewState& state, ScreenData& data, ImVec2 pos, float width,
                    Actions& out) {
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    float y = pos.y;
    for (const Task& t : data.selected_tasks) {
        Rect row{pos.x, y, width, m.target};
        ui.dl->AddRectFilled(row.min(), row.max(), p.surface, m.radius * 0.6f);
        ui.dl->AddRect(row.min(), row.max(), p.border, m.radius * 0.6f, 0, 1.5f);
        Rect in = row.shrink(m.pad * 0.5f, 0);
        Rect remove = Rect{row.right() - m.target, row.y, m.target, m.target};
        in.w -= m.target;
        std::string_view cat = t.categories.empty() ? std::string_view{} : t.categories[0];
        const CategoryStyle& cs = category_style(cat);
        float badge = m.target * 0.6f;
        ui::icon_badge(ui, ImVec2(in.x + badge * 0.5f, in.center().y), badge * 0.5f, cs.colour,
                       cs.icon);
        in.take_left(badge, m.gap * 0.6f);
        auto line = ui::wrap(ui.fonts->label, t.title.show(ui.lang), in.w, 1);
        ui::text(ui, ui.fonts->label,
                 ImVec2(in.x, in.center().y - ui.fonts->label->FontSize * 0.5f), p.text,
                 line.empty() ? "" : line[0]);
        if (ui::icon_button(ui, "form.unselect." + t.id, remove, icon::close))
            out.push_back({ActionKind::unselect, t.id, 0});
        y += m.target + m.gap * 0.5f;
    }
    if (data.selected_tasks.empty()) {
        y += ui::paragraph(ui, ui.fonts->body, ImVec2(pos.x, y), width, p.text_muted,
                           ui.t("form.no_tasks"));
        y += m.gap * 0.5f;
    }
    (void)state;
    float w = std::min(width,
                       ui::button_width(ui, ui.fonts->label, ui.t("form.choose_more"), icon::plus));
    if (ui::button(ui, "form.choose_more", Rect{pos.x, y, w, m.target}, ui.t("form.choose_more"),
                   icon::plus))
        out.push_back({ActionKind::choose_more, {}, 0});
    y += m.target;
    return y - pos.y;
}

}  // namespace

void form_screen(ui::Ui& ui, ViewState& state, ScreenData& data, Actions& out) {
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    FormState& form = state.form;
    ui.dl->AddRectFilled(ui.screen.min(), ui.screen.max(), p.background);
    Rect area = top_bar(ui, state, {"nav.back", "form.title"}, ui.screen, out);

    Field focus = state.keyboard.focus;
    bool more_below = false;
    if (focus != Field::none && focus != Field::search) {
        const std::string* text = focus == Field::name    ? &form.name
                                  : focus == Field::phone ? &form.phone
                                  : focus == Field::email ? &form.email
                                                          : &form.message;
        Rect kb = area.take_bottom(keyboard_height(ui, focus, state.keyboard));
        keyboard(ui, kb, state.keyboard, focus, *text, out);
    } else if (state.form_scroll.max_offset() - state.form_scroll.offset > m.gap * 2 + 1) {
        more_below = true;
        // The form goes on below the fold (the consent and "Send" at least): say so where the
        // eye ends, with a button that shows the next part. A scroll bar alone is no hint for
        // someone who has never used a touch list (issue 18, finding 3).
        Rect bar = bottom_bar(ui, area, m.target);
        std::string_view label = ui.t("form.more_below");
        float w = std::min(bar.w, ui::button_width(ui, ui.fonts->label, label, icon::arrow_down));
        if (ui::button(ui, "form.more_below", Rect{bar.x + (bar.w - w) * 0.5f, bar.y, w, bar.h},
                       label, icon::arrow_down)) {
            ui::ScrollState& s = state.form_scroll;
            s.offset = std::min(s.max_offset(), s.offset + s.view * 0.75f);
            s.velocity = 0;
            ui.wants_frames = true;
        }
    }

    Rect view = area.shrink(m.margin, m.gap);
    float col_w = std::min(view.w - m.gap, m.target * 14);
    float x = view.x + std::max(0.0f, (view.w - m.gap - col_w) * 0.5f);
    float top = ui::begin_scroll(ui, state.form_scroll, view, kFormScroll);
    float y = top;
    float focus_top = -1, focus_bottom = -1, first_error = -1;
    auto note_error = [&](bool has) {
        if (has && first_error < 0) first_error = y - top;
    };

    y += ui::paragraph(ui, ui.fonts->heading, ImVec2(x, y), col_w, p.text, ui.t("form.heading"));
    y += m.gap * 0.5f;
    if (float h = listen_button(ui, data, "form.listen", ImVec2(x, y), col_w, out); h > 0)
        y += h + m.gap * 0.5f;
    y += ui::paragraph(ui, ui.fonts->body, ImVec2(x, y), col_w, p.text_muted, ui.t("form.intro"));
    y += m.gap;

    y += ui::paragraph(ui, ui.fonts->label, ImVec2(x, y), col_w, p.text, ui.t("form.tasks"));
    y += m.gap * 0.4f;
    std::string task_error = error_for(ui, form, "task_ids");
    note_error(!task_error.empty());
    y += selected_rows(ui, state, data, ImVec2(x, y), col_w, out);
    if (!task_error.empty()) {
        y += m.gap * 0.4f;
        y += ui::paragraph(ui, ui.fonts->body, ImVec2(x, y), col_w, p.error, task_error);
    }
    y += m.gap * 1.5f;

    auto field = [&](FieldSpec spec, const std::string& value) {
        note_error(!spec.error.empty());
        bool focused = focus == spec.field;
        float fy = y;
        float h = text_field(ui, spec, ImVec2(x, y), col_w, value, focused, out);
        if (focused) {
            focus_top = fy - top;
            focus_bottom = fy - top + h;
        }
        y += h + m.gap;
    };
    std::string name_error = error_for(ui, form, "name");
    field({"form.name", ui.t("form.field.name"), ui.t("form.hint.name"), icon::user, Field::name, 1,
           name_error},
          form.name);

    std::string contact_error = error_for(ui, form, "contact");
    note_error(!contact_error.empty());
    ImU32 hint_colour = contact_error.empty() ? p.text_muted : p.error;
    y += ui::paragraph(ui, ui.fonts->body, ImVec2(x, y), col_w, hint_colour,
                       contact_error.empty() ? ui.t("form.contact_hint") : contact_error);
    ui::record(ui, contact_error.empty() ? "form.contact.hint" : "form.contact.error",
               Rect{x, y, col_w, 0}, false);
    y += m.gap * 0.5f;
    std::string phone_error = error_for(ui, form, "phone");
    field({"form.phone", ui.t("form.field.phone"), ui.t("form.hint.phone"), icon::phone,
           Field::phone, 1, phone_error},
          form.phone);
    std::string email_error = error_for(ui, form, "email");
    field({"form.email", ui.t("form.field.email"), ui.t("form.hint.email"), icon::envelope,
           Field::email, 1, email_error},
          form.email);

    // Age group: optional, four chips; tapping the chosen one again clears it.
    y += ui::paragraph(ui, ui.fonts->label, ImVec2(x, y), col_w, p.text,
                       ui.t("form.field.age_group"));
    y += m.gap * 0.4f;
    {
        ui::FlowLayout flow(Rect{x, y, col_w, 0}, m.gap * 0.6f, m.target);
        for (AgeGroup a : all_age_groups()) {
            std::string key = "age." + std::string(to_string(a));
            std::string_view label = ui.t(key);
            bool on = form.age_group == a;
            // The width with the check mark, on or off: a chip that grows when chosen would push
            // its neighbour away from under the finger (issue 18, finding 5).
            Rect r = flow.next(ui::button_width(ui, ui.fonts->label, label, icon::check));
            if (ui::chip(ui, "form." + key, r, label, nullptr, on))
                out.push_back({ActionKind::set_age_group, {}, on ? -1 : static_cast<int>(a)});
        }
        y += flow.height() + m.gap;
    }
    std::string message_error = error_for(ui, form, "message");
    field({"form.message", ui.t("form.field.message"), ui.t("form.hint.message"), icon::comment,
           Field::message, 3, message_error},
          form.message);

    // Consent, with its whole text: what is passed on, to whom, and for how long.
    std::string consent_error = error_for(ui, form, "consent");
    note_error(!consent_error.empty());
    y +=
        ui::paragraph(ui, ui.fonts->label, ImVec2(x, y), col_w, p.text, ui.t("form.field.consent"));
    y += m.gap * 0.4f;
    bool consent_tap = false;
    y += ui::check_box(ui, "form.consent", ImVec2(x, y), col_w, ui.t("consent.text"), form.consent,
                       !consent_error.empty(), &consent_tap);
    if (consent_tap) out.push_back({ActionKind::toggle_consent, {}, 0});
    if (!consent_error.empty()) {
        y += m.gap * 0.4f;
        y += ui::paragraph(ui, ui.fonts->body, ImVec2(x, y), col_w, p.error, consent_error);
        ui::record(ui, "form.consent.error", Rect{x, y, col_w, 0}, false);
    }
    y += m.gap * 1.5f;

    // Problems that are not in one field: the store refused, or the device is misconfigured.
    std::string general;
    if (!form.store_error_key.empty())
        general = ui.t(form.store_error_key);
    else if (has_device_error(form))
        general = ui.t("form.error.device");
    else if (!form.errors.empty())
        general = ui.t("form.errors_summary");
    if (!general.empty()) {
        float h = ui::paragraph_height(ui.fonts->body, col_w - 2 * m.pad, general) + 2 * m.pad;
        Rect box{x, y, col_w, h};
        ui.dl->AddRectFilled(box.min(), box.max(), p.error_surface, m.radius * 0.6f);
        ui.dl->AddRect(box.min(), box.max(), p.error, m.radius * 0.6f, 0, 2.0f);
        ui::paragraph(ui, ui.fonts->body, ImVec2(x + m.pad, y + m.pad), col_w - 2 * m.pad,
                      p.on_error_surface, general);
        ui::record(ui, form.store_error_key.empty() ? "form.errors" : "form.store_error", box,
                   false);
        y += h + m.gap;
    }
    if (ui::button(ui, "form.send", Rect{x, y, col_w, m.target}, ui.t("form.send"), icon::send,
                   ui::ButtonKind::primary))
        out.push_back({ActionKind::submit, {}, 0});
    y += m.target + m.gap * 2;
    ui::end_scroll(ui, state.form_scroll, view, y - top);
    // Whether the form goes on below is known only now: when the cue drawn this frame says
    // otherwise, draw again at once rather than leave a wrong cue on an idle screen.
    bool keyboard_up = focus != Field::none && focus != Field::search;
    if (!keyboard_up &&
        more_below != (state.form_scroll.max_offset() - state.form_scroll.offset > m.gap * 2 + 1))
        ui.relayout = true;

    if (state.keyboard.reveal && focus_top >= 0) {
        ui::scroll_into_view(state.form_scroll, focus_top, focus_bottom, m.gap);
        state.keyboard.reveal = false;
        ui.wants_frames = true;
    }
    if (form.reveal_error && first_error >= 0) {
        ui::scroll_into_view(state.form_scroll, first_error, first_error + m.target, m.gap * 2);
        form.reveal_error = false;
        ui.wants_frames = true;
    }
}

}  // namespace talkoo
