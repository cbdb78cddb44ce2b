// talkoo-central's entry point: everything is in cli.cpp and serve_command.cpp.
#include <iostream>
#include <string>
#include <vector>

#include "server/cli.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    return talkoo::central::run_cli(args, std::cout, std::cerr);
}
