// Tests of the SQLite schema migration runner and the embedded migrations.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "store/sqlite/database.h"
#include "store/sqlite/migrations.h"

namespace qccm::store::sqlite {
namespace {

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "qccm-mig-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    Open();
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Open() {
    db_.reset();
    auto db = Database::Open(dir_ + "/test.db", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
  }
  std::int64_t Count(const std::string& table) {
    auto n = db_->QueryInt("SELECT count(*) FROM " + table);
    EXPECT_TRUE(n) << n.error().ToString();
    return n ? *n : -1;
  }

  std::string dir_;
  std::unique_ptr<Database> db_;
};

const Migration kOne{1, "0001_a.sql", "CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (1);"};
const Migration kTwo{2, "0002_b.sql", "CREATE TABLE b (y INTEGER); INSERT INTO a VALUES (2);"};
const Migration kBroken{2, "0002_broken.sql",
                        "CREATE TABLE c (z INTEGER); INSERT INTO nowhere VALUES (1);"};

TEST_F(MigrationsTest, ANewDatabaseGetsEveryMigrationInOrder) {
  const Migration both[] = {kOne, kTwo};
  auto version = Migrate(*db_, both);
  ASSERT_TRUE(version) << version.error().ToString();
  EXPECT_EQ(*version, 2);
  EXPECT_EQ(*SchemaVersion(*db_), 2);
  EXPECT_EQ(Count("a"), 2);
  EXPECT_EQ(Count("b"), 0);
}

TEST_F(MigrationsTest, AnExistingDatabaseGetsOnlyThePendingMigrations) {
  const Migration one[] = {kOne};
  ASSERT_EQ(*Migrate(*db_, one), 1);
  Open();
  const Migration both[] = {kOne, kTwo};
  auto version = Migrate(*db_, both);
  ASSERT_TRUE(version) << version.error().ToString();  // kOne again would fail: a exists
  EXPECT_EQ(*version, 2);
  EXPECT_EQ(Count("a"), 2);
  ASSERT_EQ(*Migrate(*db_, both), 2);  // nothing pending: nothing runs
  EXPECT_EQ(Count("a"), 2);
}

TEST_F(MigrationsTest, AFailedMigrationLeavesThePreviousVersionIntact) {
  const Migration one[] = {kOne};
  ASSERT_EQ(*Migrate(*db_, one), 1);
  const Migration broken[] = {kOne, kBroken};
  auto version = Migrate(*db_, broken);
  ASSERT_FALSE(version);
  EXPECT_EQ(version.error().code, ErrorCode::kStorage);
  EXPECT_NE(version.error().message.find("0002_broken.sql"), std::string::npos);
  EXPECT_EQ(*SchemaVersion(*db_), 1);
  EXPECT_FALSE(db_->QueryInt("SELECT count(*) FROM c"));  // its table was rolled back
}

TEST_F(MigrationsTest, ADatabaseNewerThanTheBinaryIsRefused) {
  const Migration both[] = {kOne, kTwo};
  ASSERT_EQ(*Migrate(*db_, both), 2);
  const Migration one[] = {kOne};
  auto version = Migrate(*db_, one);
  ASSERT_FALSE(version);
  EXPECT_EQ(version.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(version.error().message.find("schema version 2"), std::string::npos);
}

TEST_F(MigrationsTest, EmbeddedMigrationsAreNumberedFromOneAndApply) {
  auto migrations = EmbeddedMigrations();
  ASSERT_FALSE(migrations.empty());
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].version, static_cast<int>(i + 1));
    EXPECT_FALSE(migrations[i].sql.empty());
  }
  EXPECT_EQ(migrations[0].name, "0001_initial.sql");
  auto version = Migrate(*db_, migrations);
  ASSERT_TRUE(version) << version.error().ToString();
  EXPECT_EQ(*version, static_cast<int>(migrations.size()));
  EXPECT_EQ(Count("objects"), 0);
  EXPECT_EQ(Count("members"), 0);
}

}  // namespace
}  // namespace qccm::store::sqlite
