// Starting the project's real binaries from tests (talkoo-kiosk, the sync-once child) as child
// processes: with their output captured or thrown away, extra environment variables, and the
// exit status as one number that also says "killed by a signal".
#pragma once

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace talkoo::test {

using EnvVars = std::vector<std::pair<std::string, std::string>>;

struct ProcessOutput {
    int exit_code = -1;  // see wait_for_exit
    std::string output;  // stdout and stderr together
};

// Starts argv[0] (a path) with the test's environment plus `env`. Its stdout and stderr go to
// out_fd, or to /dev/null when out_fd is -1. Throws std::runtime_error if it cannot fork.
pid_t start_process(const std::vector<std::string>& argv, int out_fd = -1, const EnvVars& env = {});
// Waits for the child: its exit code, or 128 + the signal number when a signal ended it (as a
// shell reports it: 137 for SIGKILL). 127: the program could not be started.
int wait_for_exit(pid_t pid);
// Runs to the end and returns the exit code and everything it wrote.
ProcessOutput run_process(const std::vector<std::string>& argv, const EnvVars& env = {});

}  // namespace talkoo::test
