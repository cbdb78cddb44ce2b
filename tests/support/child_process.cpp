// See child_process.hpp. The child's environment is built before fork(): between fork() and exec
// only async-signal-safe calls are allowed, and the test process has threads (servers, proxies).
#include "support/child_process.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

extern char** environ;

namespace talkoo::test {

pid_t start_process(const std::vector<std::string>& argv, int out_fd, const EnvVars& env) {
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) {
        bool overridden = false;
        for (const auto& [name, value] : env)
            overridden |= std::strncmp(*e, (name + "=").c_str(), name.size() + 1) == 0;
        if (!overridden) env_strings.emplace_back(*e);
    }
    for (const auto& [name, value] : env)
        env_strings.push_back(name + "=" + value);

    std::vector<char*> args, envp;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    for (auto& e : env_strings)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    int null_fd = out_fd < 0 ? ::open("/dev/null", O_WRONLY | O_CLOEXEC) : -1;
    int target = out_fd < 0 ? null_fd : out_fd;
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("cannot fork a child process");
    if (pid == 0) {
        dup2(target, 1);
        dup2(target, 2);
        execve(args[0], args.data(), envp.data());
        _exit(127);
    }
    if (null_fd >= 0) ::close(null_fd);
    return pid;
}

int wait_for_exit(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

ProcessOutput run_process(const std::vector<std::string>& argv, const EnvVars& env) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("cannot create a pipe");
    pid_t pid = start_process(argv, fds[1], env);
    ::close(fds[1]);
    ProcessOutput r;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0)
        r.output.append(buf, static_cast<size_t>(n));
    ::close(fds[0]);
    r.exit_code = wait_for_exit(pid);
    return r;
}

}  // namespace talkoo::test
