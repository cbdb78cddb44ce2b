// Runs part of a test in a forked child process and brings back what it reported. For tests
// that change what the process may do (drop to another user, limit file sizes, mount a tiny
// file system in a private namespace) without changing it for the rest of the test binary.
// The child reports "key value" lines through a pipe; Catch2 assertions stay in the parent.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <exception>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>

namespace talkoo::test {

class ChildReport {
  public:
    explicit ChildReport(int fd) : fd_(fd) {}
    void operator()(const std::string& key, const std::string& value) {
        std::string line = key + ' ' + value + '\n';
        for (size_t done = 0; done < line.size();) {
            ssize_t n = write(fd_, line.data() + done, line.size() - done);
            if (n <= 0) return;
            done += static_cast<size_t>(n);
        }
    }

  private:
    int fd_;
};

struct ChildOutcome {
    bool exited = false;  // false: killed by a signal (a crash)
    int exit_code = -1;
    int signal = 0;
    std::map<std::string, std::string> report;  // the last value reported under each key
};

// `body` runs in the child; an exception escaping it is reported under "exception" and the
// child exits with 1. The child never returns into the test framework: it leaves by _exit.
inline ChildOutcome run_in_child(const std::function<void(ChildReport&)>& body) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("cannot create a pipe for the child");
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("cannot fork a child process");
    if (pid == 0) {
        close(fds[0]);
        ChildReport report(fds[1]);
        int code = 0;
        try {
            body(report);
        } catch (const std::exception& e) {
            report("exception", e.what());
            code = 1;
        } catch (...) {
            report("exception", "unknown");
            code = 1;
        }
        _exit(code);
    }
    close(fds[1]);
    std::string all;
    char buf[4096];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        all.append(buf, static_cast<size_t>(n));
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    ChildOutcome outcome;
    outcome.exited = WIFEXITED(status);
    outcome.exit_code = outcome.exited ? WEXITSTATUS(status) : -1;
    outcome.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    for (size_t start = 0; start < all.size();) {
        size_t end = all.find('\n', start);
        if (end == std::string::npos) end = all.size();
        std::string line = all.substr(start, end - start);
        size_t space = line.find(' ');
        if (space != std::string::npos)
            outcome.report[line.substr(0, space)] = line.substr(space + 1);
        start = end + 1;
    }
    return outcome;
}

}  // namespace talkoo::test
