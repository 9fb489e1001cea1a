// Reads a password from standard input: without echo when it is a terminal, else the first line.
#pragma once

#include <istream>
#include <ostream>
#include <string>

#include "qccm/core/result.h"

namespace qccm::cli {

// Passwords are never taken from argv (visible in ps and shell history). Fails with
// kInvalidArgument when stdin is empty.
Result<std::string> ReadPassword(std::istream& in, std::ostream& prompt_out, bool stdin_is_tty);

}  // namespace qccm::cli
