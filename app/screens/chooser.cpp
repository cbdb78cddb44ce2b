// "Help me choose" (issue 18, point 9): three questions by tap (what interests you, with the
// category icons; how much time; what you would like from it), then the best matches first,
// each with a one-line reason ("near this stand · every week · certificate"), and a way to
// widen the search when few match. The matching is core/task_match.hpp's; KioskApp runs it.
#include <algorithm>
#include <string>

#include "app/screens/screens.hpp"
#include "app/ui/widgets.hpp"
#include "platform/icons.hpp"

namespace talkoo {

using ui::Rect;

namespace {

constexpr unsigned kChooserScroll = 7;
constexpr int kFewResults = 5;  // fewer than this: offer to widen

const char* wish_icon(Wish w) {
    switch (w) {
        case Wish::work_skills:
            return icon::briefcase;
        case Wish::certificate:
            return icon::certificate;
        case Wish::study_credits:
            return icon::graduation;
        case Wish::meet_people:
            return icon::comments;
        case Wish::help_nearby:
            return icon::map_marker;
        case Wish::families:
            return icon::users;
        case Wish::young:
            return icon::children_youth;
        case Wish::seniors:
            return icon::elderly;
        case Wish::newcomers:
            return icon::multicultural;
    }
    return icon::star;
}

struct Choice {
    std::string id;
    std::string label;
    const char* icon;
    bool on;
    Action action;
};

float choice_width(const ui::Ui& ui, const Choice& c) {
    return std::max(ui::button_width(ui, ui.fonts->label, c.label, icon::check),
                    ui::button_width(ui, ui.fonts->label, c.label, c.icon));
}

float choices(ui::Ui& ui, const std::vector<Choice>& list, ImVec2 pos, float width, Actions& out) {
    ui::FlowLayout flow(Rect{pos.x, pos.y, width, 0}, ui.m->gap * 0.6f, ui.m->target);
    for (const Choice& c : list)
        if (ui::chip(ui, c.id, flow.next(choice_width(ui, c)), c.label, c.icon, c.on))
            out.push_back(c.action);
    return list.empty() ? 0 : flow.height();
}

// One result: the task's title and why it matched; a tap opens the task page.
float result_card(ui::Ui& ui, const TaskMatch& m, const std::string& title, ImVec2 pos, float width,
                  Actions& out) {
    const Metrics& mt = *ui.m;
    const Palette& p = *ui.pal;
    std::string why;
    for (size_t i = 0; i < m.reasons.size() && i < 3; ++i) {
        if (!why.empty()) why += "  \xc2\xb7  ";
        why += ui.t(m.reasons[i]);
    }
    float inner = width - 2 * mt.pad;
    float h = 2 * mt.pad + ui::paragraph_height(ui.fonts->title, inner, title, 2) +
              (why.empty() ? 0 : mt.gap * 0.3f + ui::paragraph_height(ui.fonts->small, inner, why));
    h = std::max(h, mt.target);
    Rect r{pos.x, pos.y, width, h};
    ui::record(ui, "chooser.result." + m.task_id, r, true);
    bool tap = ui::tapped(ui, r);
    ui::card(ui, r, ui::pressing(ui, r));
    float y = pos.y + mt.pad;
    y += ui::paragraph(ui, ui.fonts->title, ImVec2(pos.x + mt.pad, y), inner, p.text, title, 2);
    if (!why.empty())
        ui::paragraph(ui, ui.fonts->small, ImVec2(pos.x + mt.pad, y + mt.gap * 0.3f), inner,
                      p.text_muted, why);
    if (tap) out.push_back({ActionKind::open_task, m.task_id, 0});
    return h;
}

}  // namespace

void chooser_screen(ui::Ui& ui, ViewState& state, ScreenData& data, Actions& out) {
    const Metrics& m = *ui.m;
    const Palette& p = *ui.pal;
    ChooserState& c = state.chooser;
    ui.dl->AddRectFilled(ui.screen.min(), ui.screen.max(), p.background);
    Rect area = top_bar(ui, state, {"nav.back", "chooser.title"}, ui.screen, out);

    // The way on, bottom right where the thumb is: next question, the results, or more of them.
    std::string_view next_key = c.step < 2 ? "chooser.next" : c.step == 2 ? "chooser.show" : "";
    bool can_widen = c.step == 3 && c.widen < 2 && static_cast<int>(c.results.size()) < kFewResults;
    if (!next_key.empty() || can_widen) {
        Rect bar = bottom_bar(ui, area, m.target);
        std::string_view label = ui.t(can_widen ? "chooser.widen" : next_key);
        const char* glyph = can_widen ? icon::search_plus : icon::forward;
        float w = std::min(bar.w, ui::button_width(ui, ui.fonts->label, label, glyph));
        Rect b = m.narrow() ? bar : bar.take_right(w);
        if (ui::button(ui, can_widen ? "chooser.widen" : "chooser.next", b, label, glyph,
                       can_widen ? ui::ButtonKind::secondary : ui::ButtonKind::primary))
            out.push_back(
                {can_widen ? ActionKind::chooser_widen : ActionKind::chooser_next, {}, 0});
    }

    Rect view = area.shrink(m.margin, m.gap);
    float col_w = std::min(view.w - m.gap, m.target * 15);
    float x = view.x + std::max(0.0f, (view.w - m.gap - col_w) * 0.5f);
    float top = ui::begin_scroll(ui, c.scroll, view, kChooserScroll);
    float y = top;
    if (c.step < 3) {
        std::string step = ui.f("chooser.step", {{"n", std::to_string(c.step + 1)}});
        y += ui::paragraph(ui, ui.fonts->label, ImVec2(x, y), col_w, p.text_muted, step);
    }
    static constexpr std::string_view kQuestions[] = {"chooser.q.interest", "chooser.q.time",
                                                      "chooser.q.wish", "chooser.results"};
    std::string_view question = ui.t(kQuestions[std::clamp(c.step, 0, 3)]);
    ImFont* heading = ui::font_fitting_words({ui.fonts->heading, ui.fonts->title, ui.fonts->label},
                                             question, col_w);
    y += ui::paragraph(ui, heading, ImVec2(x, y), col_w, p.text, question) + m.gap;

    std::vector<Choice> list;
    if (c.step == 0) {
        for (std::string_view cat : all_categories()) {
            std::string id(cat);
            bool on = std::find(c.answers.interests.begin(), c.answers.interests.end(), id) !=
                      c.answers.interests.end();
            list.push_back({"chooser.interest." + id, std::string(category_name(ui, cat)),
                            category_style(cat).icon, on,
                            Action{ActionKind::chooser_interest, id, 0}});
        }
    } else if (c.step == 1) {
        for (TimeChoice t : all_time_choices()) {
            std::string key = "chooser.time." + std::string(to_string(t));
            list.push_back({key, ui.t(key), t == TimeChoice::once ? icon::calendar : icon::clock,
                            c.answers.time == t,
                            Action{ActionKind::chooser_time, {}, static_cast<int>(t)}});
        }
    } else if (c.step == 2) {
        for (Wish w : all_wishes()) {
            if (w == Wish::help_nearby && !data.has_point) continue;  // no stand, no "nearby"
            std::string key = "chooser.wish." + std::string(to_string(w));
            bool on = std::find(c.answers.wishes.begin(), c.answers.wishes.end(), w) !=
                      c.answers.wishes.end();
            list.push_back({key, ui.t(key), wish_icon(w), on,
                            Action{ActionKind::chooser_wish, {}, static_cast<int>(w)}});
        }
    }
    if (c.step < 3) {
        y += ui::paragraph(ui, ui.fonts->body, ImVec2(x, y), col_w, p.text_muted,
                           ui.t("chooser.hint")) +
             m.gap * 0.5f;
        y += choices(ui, list, ImVec2(x, y), col_w, out) + m.gap;
    } else {
        std::string count = ui.f(c.results.size() == 1 ? "browse.count_one" : "browse.count_many",
                                 {{"n", std::to_string(c.results.size())}});
        y += ui::paragraph(ui, ui.fonts->label, ImVec2(x, y), col_w, p.text, count) + m.gap * 0.5f;
        if (c.results.empty())
            y += ui::paragraph(ui, ui.fonts->body, ImVec2(x, y), col_w, p.text,
                               ui.t("chooser.none")) +
                 m.gap;
        for (size_t i = 0; i < c.results.size(); ++i) {
            const std::string& title = i < c.titles.size() ? c.titles[i] : c.results[i].task_id;
            y += result_card(ui, c.results[i], title, ImVec2(x, y), col_w, out) + m.gap;
        }
    }
    ui::end_scroll(ui, c.scroll, view, y - top);
}

}  // namespace talkoo
