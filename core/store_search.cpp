// Free-text search: the query tokenizer borrowed from FTS5, the rowid-collecting aggregate, and
// the queries that find matching tasks and their title hits (see store_search.hpp).
#include "core/store_search.hpp"

#include <cstring>

namespace talkoo::store {
namespace {

// -- talkoo_rowids(rowid): an aggregate that packs the rowids it sees into a blob ----------

void rowids_step(sqlite3_context* ctx, int, sqlite3_value** argv) {
    auto** rows = static_cast<std::vector<int64_t>**>(
        sqlite3_aggregate_context(ctx, sizeof(std::vector<int64_t>*)));
    if (!rows) return sqlite3_result_error_nomem(ctx);
    if (!*rows) *rows = new std::vector<int64_t>();
    (*rows)->push_back(sqlite3_value_int64(argv[0]));
}

void rowids_final(sqlite3_context* ctx) {
    auto** rows = static_cast<std::vector<int64_t>**>(sqlite3_aggregate_context(ctx, 0));
    if (!rows || !*rows) return sqlite3_result_zeroblob(ctx, 0);
    sqlite3_result_blob64(ctx, (*rows)->data(), (*rows)->size() * sizeof(int64_t),
                          SQLITE_TRANSIENT);
    delete *rows;
}

std::vector<int64_t> collect_rowids(sqlite::Database& db, const std::string& match) {
    sqlite::Statement st =
        db.prepare("SELECT talkoo_rowids(rowid) FROM task_search WHERE task_search MATCH ?1");
    st.bind(1, match);
    std::vector<int64_t> rows;
    if (st.step()) {
        std::string_view blob = st.blob(0);
        rows.resize(blob.size() / sizeof(int64_t));
        if (!rows.empty()) std::memcpy(rows.data(), blob.data(), rows.size() * sizeof(int64_t));
    }
    return rows;
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
    int rc = sqlite3_create_function_v2(db.handle(), "talkoo_rowids", 1,
                                        SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, nullptr,
                                        rowids_step, rowids_final, nullptr);
    if (rc != SQLITE_OK) db.fail(rc);
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
    SearchHits hits;
    hits.nums = collect_rowids(db, match_expression(words));
    if (hits.nums.empty()) return hits;
    for (const std::string& w : words)
        hits.title_nums.push_back(
            collect_rowids(db, "{title_fi title_sv title_en} : \"" + w + "\"*"));
    return hits;
}

}  // namespace talkoo::store
