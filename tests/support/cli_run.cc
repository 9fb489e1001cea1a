#include "support/cli_run.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "cli/cli.h"

namespace qccm::test {

CliOutcome RunCli(std::vector<std::string> args, std::string_view input,
                  std::string_view data_dir) {
  std::vector<std::string> full = {"qccm"};
  full.insert(full.end(), std::make_move_iterator(args.begin()),
              std::make_move_iterator(args.end()));
  if (!data_dir.empty()) {
    full.emplace_back("--data");
    full.emplace_back(data_dir);
  }
  std::vector<char*> argv;
  argv.reserve(full.size());
  for (std::string& a : full) argv.push_back(a.data());
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in{std::string(input)};
  int code = cli::RunWith(static_cast<int>(argv.size()), argv.data(), out, err, in);
  return {code, out.str(), err.str()};
}

std::string FirstLine(std::string_view text) {
  std::string_view line = text.substr(0, text.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return std::string(line);
}

ScratchDir::ScratchDir(std::string_view prefix) {
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string(prefix) + "_" + std::to_string(::getpid());
  if (test != nullptr) name += std::string("_") + test->test_suite_name() + "_" + test->name();
  // Parameterised names hold '/', which must not become a path separator.
  for (char& c : name) {
    if (c == '/') c = '_';
  }
  path_ = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;  // a destructor must not throw; a leftover temp dir is harmless
  std::filesystem::remove_all(path_, ignored);
}

std::string ScratchDir::Write(std::string_view name, std::string_view text) const {
  std::filesystem::path file = path_ / name;
  std::ofstream(file, std::ios::binary) << text;
  return file.string();
}

}  // namespace qccm::test
