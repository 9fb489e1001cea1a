// Drives the qccm command line in-process (cli::RunWith) for end-to-end tests, and gives each
// test a scratch directory of its own. One helper, so that every CLI test runs commands the
// same way (argv[0] "qccm", captured stdout and stderr, stdin from a string).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace qccm::test {

struct CliOutcome {
  int code = 0;
  std::string out;
  std::string err;
};

// Runs `qccm ARGS...` with `input` on stdin. When `data_dir` is not empty, `--data DATA_DIR` is
// appended, so fixtures that always address one node need not repeat it.
CliOutcome RunCli(std::vector<std::string> args, std::string_view input = {},
                  std::string_view data_dir = {});

// The first line of `text` without its line ending (commands that print one id).
std::string FirstLine(std::string_view text);

// A fresh, empty directory under the system temp directory, named for `prefix`, the process and
// the running GoogleTest test, so that parallel ctest processes never share one. Removed when
// the object is destroyed.
class ScratchDir {
 public:
  explicit ScratchDir(std::string_view prefix);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `text` to a file named `name` in the directory and returns its path.
  std::string Write(std::string_view name, std::string_view text) const;

 private:
  std::filesystem::path path_;
};

}  // namespace qccm::test
