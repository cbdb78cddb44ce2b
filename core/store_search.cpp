// Free-text search: the query tokenizer borrowed from FTS5, the auxiliary function that walks
// each word's matches, and the query that finds matching tasks and their title hits (see
// store_search.hpp).
#include "core/store_search.hpp"

#include <algorithm>
#include <iterator>
#include <new>

namespace talkoo::store {
namespace {

// -- talkoo_scan(task_search, hits): each word's matches and title matches, in one pass ------

// task_search's first three columns are title_fi, title_sv and title_en (store_schema.cpp).
constexpr int kTitleColumns = 3;
constexpr const char* kScanPointerType = "talkoo_search_scan";

// What talkoo_scan fills in: for each phrase (query word) of the MATCH, ascending.
struct PhraseMatches {
    std::vector<std::vector<int64_t>> anywhere, in_title;
};

struct PhraseWalk {
    std::vector<int64_t>* anywhere;
    std::vector<int64_t>* in_title;
};

// Called by xQueryPhrase for each task that has the word; phrase 0 is that word.
int on_phrase_row(const Fts5ExtensionApi* api, Fts5Context* fts, void* user) {
    auto* walk = static_cast<PhraseWalk*>(user);
    const int64_t rowid = api->xRowid(fts);
    // Columns come in ascending order, so the first one says whether a title has the word.
    Fts5PhraseIter columns;
    int first_column = -1;
    int rc = api->xPhraseFirstColumn(fts, 0, &columns, &first_column);
    if (rc != SQLITE_OK) return rc;
    try {
        walk->anywhere->push_back(rowid);
        if (first_column >= 0 && first_column < kTitleColumns) walk->in_title->push_back(rowid);
    } catch (const std::bad_alloc&) {
        return SQLITE_NOMEM;  // an exception must not cross SQLite's C frames
    }
    return SQLITE_OK;
}

// Runs on the first row matching every word (so never when nothing matches) and walks each
// word's own matches. The LIMIT 1 of its query keeps it to that one row.
void scan_phrases(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
                  sqlite3_value** argv) {
    auto* out = argc == 1
                    ? static_cast<PhraseMatches*>(sqlite3_value_pointer(argv[0], kScanPointerType))
                    : nullptr;
    if (!out) return sqlite3_result_error(ctx, "talkoo_scan needs its result pointer", -1);
    const int phrases = api->xPhraseCount(fts);
    try {
        out->anywhere.assign(static_cast<size_t>(phrases), {});
        out->in_title.assign(static_cast<size_t>(phrases), {});
    } catch (const std::bad_alloc&) {
        return sqlite3_result_error_nomem(ctx);
    }
    for (int i = 0; i < phrases; ++i) {
        PhraseWalk walk{&out->anywhere[static_cast<size_t>(i)],
                        &out->in_title[static_cast<size_t>(i)]};
        int rc = api->xQueryPhrase(fts, i, &walk, on_phrase_row);
        if (rc != SQLITE_OK) return sqlite3_result_error_code(ctx, rc);
    }
    sqlite3_result_int(ctx, phrases);
}

// The rows in every list; each list ascending.
std::vector<int64_t> intersection(std::vector<std::vector<int64_t>>& lists) {
    if (lists.empty()) return {};
    // Shortest first: the result is never longer, and each step shrinks it fastest.
    std::sort(lists.begin(), lists.end(),
              [](const auto& a, const auto& b) { return a.size() < b.size(); });
    std::vector<int64_t> result = std::move(lists.front()), next;
    for (size_t i = 1; i < lists.size() && !result.empty(); ++i) {
        next.clear();
        std::set_intersection(result.begin(), result.end(), lists[i].begin(), lists[i].end(),
                              std::back_inserter(next));
        result.swap(next);
    }
    return result;
}

fts5_api* fts5_of(sqlite::Database& db) {
    fts5_api* api = nullptr;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db.handle(), "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
        sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
        sqlite3_step(stmt);
    }
    sqlite3_finalize(stmt);
    return api;
}

int add_token(void* ctx, int flags, const char* token, int size, int, int) {
    auto* words = static_cast<std::vector<std::string>*>(ctx);
    // A colocated token is a synonym of the previous one; unicode61 makes none.
    if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;
    if (words->size() < kMaxQueryWords) words->emplace_back(token, static_cast<size_t>(size));
    return SQLITE_OK;
}

}  // namespace

void register_search_functions(sqlite::Database& db) {
    fts5_api* fts5 = fts5_of(db);
    if (!fts5 ||
        fts5->xCreateFunction(fts5, "talkoo_scan", nullptr, scan_phrases, nullptr) != SQLITE_OK)
        throw StoreError(StoreError::Code::io,
                         "This SQLite library has no FTS5, which the kiosk's search needs. "
                         "Install the Debian 12 libsqlite3.");
}

QueryTokenizer::~QueryTokenizer() {
    if (tokenizer_) api_.xDelete(tokenizer_);
}

std::vector<std::string> QueryTokenizer::words(sqlite::Database& db, std::string_view typed) {
    if (!tokenizer_) {
        fts5_api* fts5 = fts5_of(db);
        void* user_data = nullptr;
        const char* args[] = {"remove_diacritics", "2"};
        if (!fts5 || fts5->xFindTokenizer(fts5, "unicode61", &user_data, &api_) != SQLITE_OK ||
            api_.xCreate(user_data, args, 2, &tokenizer_) != SQLITE_OK)
            throw StoreError(StoreError::Code::io,
                             "This SQLite library has no FTS5 unicode61 tokenizer, which the "
                             "kiosk's search needs. Install the Debian 12 libsqlite3.");
    }
    std::vector<std::string> words;
    int rc = api_.xTokenize(tokenizer_, &words, FTS5_TOKENIZE_QUERY, typed.data(),
                            static_cast<int>(typed.size()), add_token);
    if (rc != SQLITE_OK) db.fail(rc);
    return words;
}

std::string match_expression(const std::vector<std::string>& words) {
    std::string expr;
    for (const std::string& w : words) {
        if (!expr.empty()) expr += ' ';
        // Tokens are letters and digits only; quoting still keeps AND, OR, NEAR plain words.
        expr += '"' + w + "\"*";
    }
    return expr;
}

SearchHits find_tasks(sqlite::Database& db, const std::vector<std::string>& words) {
    PhraseMatches matches;
    {
        sqlite::Statement st = db.prepare(
            "SELECT talkoo_scan(task_search, ?2) FROM task_search WHERE task_search MATCH ?1 "
            "LIMIT 1");
        st.bind(1, match_expression(words)).bind_pointer(2, &matches, kScanPointerType);
        st.step();
    }
    SearchHits hits;
    if (matches.anywhere.size() != words.size()) return hits;  // no task has every word
    hits.nums = intersection(matches.anywhere);
    hits.title_nums = std::move(matches.in_title);
    return hits;
}

}  // namespace talkoo::store
