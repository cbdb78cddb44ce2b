// test-core-crash-writer: the child process of the SIGKILL crash test (store_crash_test.cpp).
// It commits signups as fast as it can and, after each commit_signup() returns, writes the
// signup's id as one line to stdout: exactly when the kiosk would show the thank-you screen.
// A second thread plays the sync worker on its own connection (sending and acknowledging), so
// the kill also lands while two connections share the file. It runs until it is killed.
//
//   test-core-crash-writer STORE-FILE
#include <unistd.h>

#include <cstdio>
#include <thread>

#include "core/clock.hpp"
#include "core/local_store.hpp"
#include "store_fixtures.hpp"

using namespace talkoo;

namespace {

void report(const std::string& id) {
    // One write() of less than PIPE_BUF bytes: the parent never sees half a line.
    std::string line = id + "\n";
    if (write(STDOUT_FILENO, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
        _exit(4);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s STORE-FILE\n", argv[0]);
        return 2;
    }
    try {
        LocalStore store(argv[1]);
        std::thread sync([file = std::string(argv[1])] {
            try {
                LocalStore connection(file);
                for (;;) {
                    std::vector<std::string> ids;
                    for (const SealedSignup& s : connection.outbox_batch(20))
                        ids.push_back(s.signup.id);
                    connection.mark_sent(ids);
                    connection.mark_acknowledged(ids, now_ms());
                    std::this_thread::sleep_for(std::chrono::milliseconds(2));
                }
            } catch (const std::exception& e) {
                std::fprintf(stderr, "crash writer, sync thread: %s\n", e.what());
                _exit(3);
            }
        });
        sync.detach();
        for (;;) {
            Signup s = test::make_signup({"dogs-1", "crafts-1"}, now_ms());
            store.commit_signup(test::sealed(s));
            report(s.id);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "crash writer: %s\n", e.what());
        return 3;
    }
}
