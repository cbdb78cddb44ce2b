// http-bare-yardstick: the limit of this machine for storing signup batches (issue 16, point 6),
// what talkoo-central is measured against in bench-http-compare --batches. It does only the
// essential work, the cheapest way we know:
//   POST /v1/signups  parse the JSON batch, insert each signup as a row by its id (INSERT OR
//                     IGNORE: a retry is not stored twice), group commit (one writer thread takes
//                     every batch that has arrived and commits them in one transaction, one
//                     fsync, WAL, synchronous=FULL), and only then answer each request;
//   GET /v1/health    a constant answer.
// No authentication, validation, sealing, logging or rate limit. It runs on the centre's own HTTP
// layer (server/http_server.hpp), the fastest of the bare servers in bench-http-compare, so that
// the comparison measures what the centre does beyond the essential work, not the HTTP library.
// Prints "listening on PORT", serves until killed.
#include <signal.h>
#include <sqlite3.h>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "bare_app.hpp"
#include "server/http_server.hpp"

using namespace talkoo::bench;
using namespace talkoo::central;

namespace {

HttpResponse small(int status, std::string body) {
    HttpResponse r;
    r.status = status;
    r.set_content(std::move(body), "application/json");
    return r;
}

struct Row {
    std::string id;
    std::string body;
};

struct Batch {
    std::vector<Row> rows;
    Reply reply;
};

// The group committer: one writer, one transaction per group of waiting batches.
class GroupWriter {
  public:
    GroupWriter() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "yardstick-XXXXXX").string();
        if (!mkdtemp(pattern.data())) std::abort();
        folder_ = pattern;
        if (sqlite3_open((folder_ / "signups.db").c_str(), &db_) != SQLITE_OK) std::abort();
        sqlite3_exec(db_,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                     "CREATE TABLE signups (id TEXT PRIMARY KEY, body BLOB NOT NULL) WITHOUT ROWID",
                     nullptr, nullptr, nullptr);
        sqlite3_prepare_v2(db_, "INSERT OR IGNORE INTO signups (id, body) VALUES (?, ?)", -1,
                           &insert_, nullptr);
        thread_ = std::thread([this] { run(); });
    }
    ~GroupWriter() {
        thread_.detach();  // it serves until the process ends
        std::error_code ec;
        std::filesystem::remove_all(folder_, ec);
    }
    void submit(Batch batch) {
        {
            std::lock_guard lock(mutex_);
            queue_.push_back(std::move(batch));
        }
        arrived_.notify_one();
    }

  private:
    void run() {
        while (true) {
            std::deque<Batch> group;
            {
                std::unique_lock lock(mutex_);
                arrived_.wait(lock, [this] { return !queue_.empty(); });
                group.swap(queue_);
            }
            bool ok = sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
            for (const Batch& b : group) {
                for (const Row& r : b.rows) {
                    sqlite3_bind_text(insert_, 1, r.id.data(), static_cast<int>(r.id.size()),
                                      SQLITE_STATIC);
                    sqlite3_bind_blob(insert_, 2, r.body.data(), static_cast<int>(r.body.size()),
                                      SQLITE_STATIC);
                    ok = ok && sqlite3_step(insert_) == SQLITE_DONE;
                    sqlite3_reset(insert_);
                }
            }
            ok = ok && sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
            if (!ok) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
            for (Batch& b : group)  // after the commit: durable
                b.reply(small(ok ? 200 : 503, ok ? R"({"stored":true})" : "{}"));
        }
    }

    std::filesystem::path folder_;
    sqlite3* db_ = nullptr;
    sqlite3_stmt* insert_ = nullptr;
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::deque<Batch> queue_;
    std::thread thread_;
};

}  // namespace

int main() {
    signal(SIGPIPE, SIG_IGN);
    GroupWriter writer;
    HttpServerOptions options;
    options.port = 0;
    HttpApplication app;
    app.plan = [&](const HttpRequest& head) {
        RequestPlan plan;
        if (head.method == "POST" && head.path == "/v1/signups")
            plan.max_body = 4 * 1024 * 1024;
        else if (head.path == "/v1/health")
            plan.answer = small(200, kHealthAnswer);
        else
            plan.answer = small(404, "{}");
        return plan;
    };
    app.handle = [&](HttpRequest request, Reply reply) {
        Batch batch{{}, std::move(reply)};
        nlohmann::json doc = nlohmann::json::parse(request.body, nullptr, false);
        if (!doc.is_object() || !doc["signups"].is_array()) return batch.reply(small(400, "{}"));
        for (const nlohmann::json& s : doc["signups"]) {
            if (!s.is_object() || !s.contains("id") || !s["id"].is_string())
                return batch.reply(small(400, "{}"));
            batch.rows.push_back({s["id"].get<std::string>(), s.dump()});
        }
        writer.submit(std::move(batch));
    };
    app.refuse = [&](const HttpRefusal& refusal, const HttpRequest*) {
        return small(refusal.status, "{}");
    };
    HttpServer server(options, app);
    announce(server.bind());
    server.run();
    std::_Exit(0);  // the writer thread serves until the process ends
}
