// PLACEHOLDER: the command tree is being written.
#include "cli/cli.h"

namespace qccm::cli {
int Run(int, char**) { return 0; }
}  // namespace qccm::cli
