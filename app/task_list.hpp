// The browse screen's list of task cards, paged in from the store as the list scrolls: the
// screen asks for card i, and only the pages around what is on screen are held. This is what
// keeps scrolling smooth at 10 000 tasks: a frame touches the store only when it crosses into a
// page it has not seen, and memory holds a few hundred cards at most.
#pragma once

#include <map>
#include <vector>

#include "core/local_store.hpp"

namespace talkoo {

class TaskList {
  public:
    static constexpr int kPageSize = 60;
    static constexpr int kPagesKept = 6;

    explicit TaskList(LocalStore& store) : store_(&store) {}

    // A new question: drops every page and counts the matches. Throws StoreError.
    void reset(const TaskFilter& filter, Lang lang);
    int total() const { return total_; }
    // Card `index` (0 ≤ index < total()), loading its page when needed; null if the store
    // has fewer cards than it counted (the catalogue changed underneath).
    const TaskCard* card(int index);
    // Loads the pages holding [first, last] ahead of drawing them.
    void prefetch(int first, int last);

  private:
    void load_page(int page);

    LocalStore* store_;
    TaskFilter filter_;
    Lang lang_ = Lang::fi;
    int total_ = 0;
    std::map<int, std::vector<TaskCard>> pages_;
    int last_page_used_ = 0;
};

}  // namespace talkoo
