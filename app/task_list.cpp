// See task_list.hpp.
#include "app/task_list.hpp"

#include <cstdlib>

namespace talkoo {

void TaskList::reset(const TaskFilter& filter, Lang lang) {
    filter_ = filter;
    lang_ = lang;
    pages_.clear();
    TaskFilter first = filter_;
    first.offset = 0;
    first.limit = kPageSize;
    BrowsePage page = store_->browse(first, lang_);
    total_ = page.total;
    pages_[0] = std::move(page.cards);
    last_page_used_ = 0;
}

void TaskList::load_page(int page) {
    if (pages_.count(page)) return;
    TaskFilter f = filter_;
    f.offset = page * kPageSize;
    f.limit = kPageSize;
    pages_[page] = store_->browse(f, lang_).cards;
    // Keep the pages nearest to where the list is now; drop the farthest.
    while (static_cast<int>(pages_.size()) > kPagesKept) {
        auto farthest = pages_.begin();
        for (auto it = pages_.begin(); it != pages_.end(); ++it)
            if (std::abs(it->first - page) > std::abs(farthest->first - page)) farthest = it;
        pages_.erase(farthest);
    }
}

const TaskCard* TaskList::card(int index) {
    if (index < 0 || index >= total_) return nullptr;
    int page = index / kPageSize;
    load_page(page);
    last_page_used_ = page;
    const auto& cards = pages_[page];
    size_t at = static_cast<size_t>(index % kPageSize);
    return at < cards.size() ? &cards[at] : nullptr;
}

void TaskList::prefetch(int first, int last) {
    if (total_ == 0) return;
    for (int p = std::max(0, first) / kPageSize; p <= std::min(last, total_ - 1) / kPageSize; ++p)
        load_page(p);
}

}  // namespace talkoo
