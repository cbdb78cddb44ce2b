// The query tokenizer, borrowed from the connection's FTS5 (see store_search.hpp).
#include "core/store_search.hpp"

#include "core/store_error.hpp"

namespace talkoo::store {
namespace {

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

}  // namespace talkoo::store
