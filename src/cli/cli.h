// The qccm command line: builds the subcommand tree and runs one command.
#pragma once

namespace qccm::cli {

// Parses argv, runs the command, returns the process exit code (0 ok, 1 a command failed or
// found problems, 2 bad usage).
int Run(int argc, char** argv);

}  // namespace qccm::cli
