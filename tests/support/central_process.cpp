// See central_process.hpp. fork + execv, with pipes for output; no shell in between, so no
// quoting surprises and the pid is the service's own.
#include "support/central_process.hpp"

#include <algorithm>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace talkoo::test {
namespace {

std::vector<char*> argv_of(std::vector<std::string>& args) {
    std::vector<char*> out;
    for (std::string& a : args)
        out.push_back(a.data());
    out.push_back(nullptr);
    return out;
}

std::string read_all(int fd) {
    std::string out;
    char buffer[4096];
    ssize_t n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0)
        out.append(buffer, static_cast<size_t>(n));
    return out;
}

int exit_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

}  // namespace

std::string central_binary() {
    const char* other = std::getenv("TALKOO_TEST_CENTRAL_BIN");
    return other && *other ? other : TALKOO_CENTRAL_BIN;
}

CommandResult run_central(const std::vector<std::string>& args) {
    std::vector<std::string> full = {central_binary()};
    full.insert(full.end(), args.begin(), args.end());
    std::vector<char*> argv = argv_of(full);
    int out_pipe[2], err_pipe[2];
    if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        dup2(out_pipe[1], 1);
        dup2(err_pipe[1], 2);
        close(out_pipe[0]);
        close(err_pipe[0]);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    CommandResult r;
    // stderr is small; read stdout to the end first (exports may be large), then stderr.
    std::thread err_reader([&] { r.err = read_all(err_pipe[0]); });
    r.out = read_all(out_pipe[0]);
    err_reader.join();
    close(out_pipe[0]);
    close(err_pipe[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    r.exit_code = exit_status(status);
    return r;
}

std::filesystem::path key_ring_beside(const std::string& db) {
    return std::filesystem::path(db).replace_extension(".keys");
}

CentralProcess::CentralProcess(const std::string& db, const std::filesystem::path& log_file,
                               const std::vector<std::string>& extra_args,
                               const std::vector<std::string>& launcher) {
    bool keys_given = std::find(extra_args.begin(), extra_args.end(), "--keys") != extra_args.end();
    if (!keys_given && db.find("://") == std::string::npos &&
        !std::filesystem::exists(key_ring_beside(db))) {
        CommandResult init = run_central({"keys", "init", "--db", db});
        if (init.exit_code != 0) throw std::runtime_error("keys init failed: " + init.err);
    }
    std::vector<std::string> full = launcher;
    for (std::string a : {central_binary(), std::string("serve"), std::string("--db"), db,
                          std::string("--listen"), std::string("127.0.0.1:0")})
        full.push_back(a);
    full.insert(full.end(), extra_args.begin(), extra_args.end());
    std::vector<char*> argv = argv_of(full);
    int out_pipe[2];
    if (pipe(out_pipe) != 0) throw std::runtime_error("pipe failed");
    int log_fd = open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) throw std::runtime_error("cannot open the log file " + log_file.string());
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        dup2(out_pipe[1], 1);
        dup2(log_fd, 2);
        close(out_pipe[0]);
        execvp(argv[0], argv.data());
        _exit(127);
    }
    close(out_pipe[1]);
    close(log_fd);
    // The first line is "talkoo-central listening on http://HOST:PORT".
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (line.find('\n') == std::string::npos) {
        pollfd p{out_pipe[0], POLLIN, 0};
        int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        deadline - std::chrono::steady_clock::now())
                                        .count());
        if (left <= 0 || poll(&p, 1, left) <= 0) break;
        char c[256];
        ssize_t n = read(out_pipe[0], c, sizeof c);
        if (n <= 0) break;
        line.append(c, static_cast<size_t>(n));
    }
    close(out_pipe[0]);
    const std::string marker = "listening on http://";
    size_t at = line.find(marker);
    size_t colon = line.rfind(':');
    if (at == std::string::npos || colon == std::string::npos || colon < at) {
        stop();
        throw std::runtime_error("talkoo-central did not start; its first output was: " + line);
    }
    host_ = line.substr(at + marker.size(), colon - at - marker.size());
    port_ = std::stoi(line.substr(colon + 1));
}

CentralProcess::~CentralProcess() {
    if (pid_ > 0) stop();
}

httplib::Client CentralProcess::client() const {
    httplib::Client c(host_, port_);
    c.set_connection_timeout(10);
    c.set_read_timeout(60);
    c.set_write_timeout(60);
    return c;
}

int CentralProcess::stop() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    int status = 0;
    for (int waited_ms = 0; waited_ms < 20'000; waited_ms += 10) {
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return exit_status(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return exit_status(status);
}

}  // namespace talkoo::test
