// The qccm command line: builds the subcommand tree and runs one command.
#pragma once

#include <iosfwd>

namespace qccm::cli {

// Parses argv, runs the command, returns the process exit code (0 ok, 1 a command failed or
// found problems, 2 bad usage). Uses std::cout, std::cerr and std::cin.
int Run(int argc, char** argv);

// As Run, with the given streams (for tests).
int RunWith(int argc, char** argv, std::ostream& out, std::ostream& err, std::istream& in);

}  // namespace qccm::cli
