// The real talkoo-central binary, run by tests: one-shot commands (import, device add, ...) and
// the service itself on a free loopback port. Tests speak real HTTP to it and read its real log.
#pragma once

#include <httplib.h>
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace talkoo::test {

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// The talkoo-central binary the tests run: the build's own, or the one that the environment
// variable TALKOO_TEST_CENTRAL_BIN names (to show that a test fails on an older binary).
std::string central_binary();

// Runs `talkoo-central ARGS...` to completion and captures its output.
CommandResult run_central(const std::vector<std::string>& args);

// The key ring file beside a database file, where `keys init --db DB` makes it.
std::filesystem::path key_ring_beside(const std::string& db);

// `talkoo-central serve --db DB --listen 127.0.0.1:0 EXTRA...`, started and waited for until it
// prints its address. As an operator would, it first makes the network's key ring with
// `keys init` when there is none beside the database (and no --keys among EXTRA). Its log (stderr)
// goes to `log_file`. The destructor stops it (SIGTERM, and SIGKILL if it does not stop within 20
// s). With a `launcher`, that command is run with the service's command line as its last
// arguments (e.g. `unshare ... sh -c '... exec "$@"'`); it must exec the service, so that pid()
// is the service's.
class CentralProcess {
  public:
    CentralProcess(const std::string& db, const std::filesystem::path& log_file,
                   const std::vector<std::string>& extra_args = {},
                   const std::vector<std::string>& launcher = {});
    ~CentralProcess();
    CentralProcess(const CentralProcess&) = delete;
    CentralProcess& operator=(const CentralProcess&) = delete;

    const std::string& host() const { return host_; }
    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    // A fresh client with generous timeouts (sanitizer builds are slow).
    httplib::Client client() const;

    // Sends SIGTERM and waits; returns the exit status (128 + signal if killed).
    int stop();

  private:
    pid_t pid_ = -1;
    std::string host_;
    int port_ = 0;
};

}  // namespace talkoo::test
