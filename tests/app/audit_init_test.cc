// `qccm init` creates the audit log and the node's signing key and prints the public key, so
// the key can be published before the node serves (docs/oversight.md).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "cli/cli.h"
#include "qccm/oversight/sqlite_audit_store.h"
#include "qccm/oversight/tree_head.h"

namespace qccm::app {
namespace {

namespace fs = std::filesystem;

TEST(QccmInit, CreatesTheAuditLogAndPrintsTheNodesPublicKey) {
  const fs::path dir =
      fs::temp_directory_path() / ("qccm_audit_init_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::string data = (dir / "node").string();
  std::vector<std::string> args = {"qccm", "init", "--data", data};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::ostringstream out, err;
  std::istringstream in;
  ASSERT_EQ(cli::RunWith(static_cast<int>(argv.size()), argv.data(), out, err, in), 0) << err.str();
  EXPECT_TRUE(fs::exists(oversight::AuditDatabasePath(data)));
  auto key = oversight::LoadPublicKey(oversight::KeysDirectory(data));
  ASSERT_TRUE(key.has_value()) << key.error().ToString();
  EXPECT_NE(out.str().find("audit log public key (publish it out of band): " +
                           oversight::EncodePublicKey(*key)),
            std::string::npos)
      << out.str();
  // A second init keeps the key.
  std::ostringstream again;
  ASSERT_EQ(cli::RunWith(static_cast<int>(argv.size()), argv.data(), again, err, in), 0);
  EXPECT_NE(again.str().find(oversight::EncodePublicKey(*key)), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace qccm::app
