#include "qccm/core/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace qccm {
namespace {

std::string WriteTemp(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path.string();
}

TEST(ConfigTest, FileThenEnvironmentThenFlags) {
  Config c;
  std::string path = WriteTemp("qccm_cfg_ok.toml",
                               "data_dir = \"/srv/qccm\"\n[server]\nlisten = \"0.0.0.0:9000\"\n"
                               "max_body_bytes = 2048\n[log]\naccess_log = false\n");
  ASSERT_TRUE(LoadConfigFile(c, path));
  EXPECT_EQ(c.data_dir, "/srv/qccm");
  EXPECT_EQ(c.server.listen, "0.0.0.0:9000");
  EXPECT_EQ(c.server.max_body_bytes, 2048);
  EXPECT_FALSE(c.log.access_log);
  ASSERT_TRUE(ApplyConfigEnvironment(c, {{"QCCM_SERVER_LISTEN", "127.0.0.1:1"}, {"HOME", "/x"}}));
  EXPECT_EQ(c.server.listen, "127.0.0.1:1");
  ASSERT_TRUE(SetConfigValue(c, "server.listen", "127.0.0.1:2"));
  EXPECT_EQ(c.server.listen, "127.0.0.1:2");
}

TEST(ConfigTest, UnknownKeyInFileNamesKeyAndLineAndChangesNothing) {
  Config c;
  std::string path = WriteTemp("qccm_cfg_bad.toml", "data_dir = \"/a\"\n[server]\nlisen = \"x\"\n");
  Status s = LoadConfigFile(c, path);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("server.lisen"), std::string::npos) << s.error().message;
  EXPECT_EQ(s.error().where.line, 3u);
  EXPECT_EQ(c.data_dir, "./qccm-data");
}

TEST(ConfigTest, SyntaxErrorGivesFileAndLine) {
  Config c;
  std::string path = WriteTemp("qccm_cfg_syntax.toml", "[server\nlisten = 1\n");
  Status s = LoadConfigFile(c, path);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().where.file, path);
  EXPECT_EQ(s.error().where.line, 1u);
}

TEST(ConfigTest, ValuesAreTypeAndRangeChecked) {
  Config c;
  EXPECT_FALSE(SetConfigValue(c, "server.max_body_bytes", "lots"));
  EXPECT_FALSE(SetConfigValue(c, "server.max_body_bytes", "-1"));
  EXPECT_FALSE(SetConfigValue(c, "store.backend", "mysql"));
  EXPECT_FALSE(SetConfigValue(c, "log.access_log", "maybe"));
  EXPECT_FALSE(ApplyConfigEnvironment(c, {{"QCCM_SERVER_IO_THREADS", "many"}}));
}

TEST(ConfigTest, RedactedHidesSecrets) {
  Config c;
  c.store.postgres_dsn = "postgresql://u:hunter2@db/qccm";
  std::string text = c.Redacted();
  EXPECT_EQ(text.find("hunter2"), std::string::npos);
  EXPECT_NE(text.find("postgres_dsn = '<redacted>'"), std::string::npos) << text;
}

}  // namespace
}  // namespace qccm
