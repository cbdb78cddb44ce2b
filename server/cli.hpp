// talkoo-central's command line: parsing and the commands other than `serve`
// (cli.cpp), and `serve` itself (serve_command.cpp). main.cpp only forwards argv here, so tests
// run the real binary and the same code paths.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace talkoo::central {

// Exit codes: 0 done, 1 the command failed (message on err), 2 the command line is wrong.
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// The parsed command line of one command: its positional words and --option values.
struct CommandLine {
    std::vector<std::string> words;
    std::map<std::string, std::string> options;
    std::string option(const std::string& name, const std::string& fallback = "") const {
        auto it = options.find(name);
        return it == options.end() ? fallback : it->second;
    }
    bool has(const std::string& name) const { return options.count(name) > 0; }
};

int serve_command(const CommandLine& line, std::ostream& out, std::ostream& err);
// staff_commands.cpp: the USB handover's import, and the usage counters' report.
int import_signups_command(const CommandLine& line, std::ostream& out, std::ostream& err);
int report_command(const CommandLine& line, std::ostream& out, std::ostream& err);

inline constexpr const char* kDefaultDatabase = "talkoo-central.db";
inline constexpr const char* kDefaultListen = "127.0.0.1:8480";

}  // namespace talkoo::central
