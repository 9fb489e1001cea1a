// The qccm executable: every subcommand is dispatched by cli::Run.
#include "cli/cli.h"

int main(int argc, char** argv) { return qccm::cli::Run(argc, argv); }
