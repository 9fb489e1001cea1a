// Password input without echo (termios) when stdin is a terminal.
#include "cli/password_input.h"

#include <termios.h>
#include <unistd.h>

namespace qccm::cli {

Result<std::string> ReadPassword(std::istream& in, std::ostream& prompt_out, bool stdin_is_tty) {
  termios saved{};
  bool echo_off = false;
  if (stdin_is_tty) {
    prompt_out << "password: " << std::flush;
    if (tcgetattr(STDIN_FILENO, &saved) == 0) {
      termios quiet = saved;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      echo_off = tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
    }
  }
  std::string password;
  bool got = static_cast<bool>(std::getline(in, password));
  if (echo_off) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    prompt_out << "\n";
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (!got || password.empty()) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        "no password on standard input (pipe it in: echo \"$PW\" | qccm user add ...)");
  }
  return password;
}

}  // namespace qccm::cli
