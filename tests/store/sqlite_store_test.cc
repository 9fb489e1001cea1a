// SQLite-specific store tests: opening and refusing files, WAL, atomic batches under injected
// failures, durability of acknowledged puts across kill -9, the integrity check.
#include "store/sqlite/sqlite_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "store/store_conformance.h"

namespace qccm::store::sqlite {
namespace {

using store::testing::Key;
using store::testing::Keys;
using store::testing::ListAll;
using store::testing::MakeId;
using store::testing::MakeVersion;
using store::testing::TestVersion;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Runs SQL on the database through a connection of its own, as another process would.
void RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << (error != nullptr ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

std::string RawText(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  std::string text;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return text;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "qccm-sqlite-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    config_.data_dir = root_ + "/node";
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(root_);
  }
  Result<std::unique_ptr<Store>> Open(OpenMode mode) {
    return OpenSqliteStore(config_, mode, {.clock = &clock_});
  }
  void OpenOk(OpenMode mode = OpenMode::kCreateIfMissing) {
    auto opened = Open(mode);
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
  }
  std::string DbPath() const { return DatabasePath(config_.data_dir); }
  std::string AddCollection() {
    const std::string id = "c0000000-0000-4000-8000-000000000001";
    EXPECT_TRUE(store_->sharing().CreateCollection({.id = id, .title = "t"}, {}));
    return id;
  }

  std::string root_;
  Config config_;
  FakeClock clock_{store::testing::StoreFixture::kStart};
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteStoreTest, OpeningAMissingNodeIsNotFoundAndSaysToRunInit) {
  auto opened = Open(OpenMode::kOpenExisting);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(opened.error().message, "no QCCM node at " + config_.data_dir + " (run qccm init)");
  EXPECT_FALSE(std::filesystem::exists(config_.data_dir));
}

TEST_F(SqliteStoreTest, CreateIfMissingMakesTheDirectoryAndAWalDatabase) {
  OpenOk();
  EXPECT_TRUE(std::filesystem::exists(DbPath()));
  EXPECT_EQ(RawText(DbPath(), "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(store_->backend_name(), "sqlite");
  store_.reset();
  OpenOk(OpenMode::kOpenExisting);
}

TEST_F(SqliteStoreTest, ASchemaNewerThanTheBinaryIsRefused) {
  OpenOk();
  store_.reset();
  RawExec(DbPath(), "PRAGMA user_version = 999");
  auto opened = Open(OpenMode::kOpenExisting);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kUnsupported);
  EXPECT_THAT(opened.error().message, HasSubstr("schema version 999"));
}

TEST_F(SqliteStoreTest, ADatabaseOfAnotherApplicationIsRefused) {
  std::filesystem::create_directories(config_.data_dir);
  RawExec(DbPath(), "CREATE TABLE photos (id INTEGER)");
  auto opened = Open(OpenMode::kOpenExisting);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(opened.error().message, HasSubstr("not a QCCM node"));
}

TEST_F(SqliteStoreTest, AFileThatIsNoDatabaseIsAStorageError) {
  std::filesystem::create_directories(config_.data_dir);
  {
    std::FILE* f = std::fopen(DbPath().c_str(), "w");
    std::fputs("not a database, just text padding it out", f);
    std::fclose(f);
  }
  auto opened = Open(OpenMode::kOpenExisting);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kStorage);
}

TEST_F(SqliteStoreTest, AFailedBatchLeavesNothingHalfWritten) {
  OpenOk();
  const std::string c = AddCollection();
  const TestVersion old = MakeVersion(MakeId("indicator", 1), 0);
  store::testing::PutOk(store_->objects(), c, {old});
  // Another connection makes the third insert of the next batch fail mid-transaction.
  const TestVersion bad = MakeVersion(MakeId("indicator", 666), 0);
  RawExec(DbPath(), "CREATE TRIGGER injected BEFORE INSERT ON objects WHEN NEW.id = '" + bad.id +
                        "' BEGIN SELECT RAISE(ABORT, 'injected failure'); END");

  const TestVersion newer = MakeVersion(old.id, 10);  // would take is_last from `old`
  const TestVersion fresh = MakeVersion(MakeId("indicator", 2), 0);
  std::vector<NewObjectVersion> batch = {newer.View(), fresh.View(), bad.View()};
  StatusRecord status{.id = "5e000000-0000-4000-8000-000000000001", .collection_id = c};
  auto put = store_->objects().PutObjects(c, batch, &status);
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, ErrorCode::kStorage);
  EXPECT_THAT(put.error().message, HasSubstr("injected failure"));
  EXPECT_TRUE(status.successes.empty());
  EXPECT_EQ(store_->objects().GetStatus(status.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(*store_->objects().CountObjects(c), 1);
  EXPECT_THAT(Keys(ListAll(store_->objects(), c, {})), ElementsAre(Key(old.id, 0)));
  EXPECT_TRUE(store_->CheckIntegrity());

  RawExec(DbPath(), "DROP TRIGGER injected");
  auto retried = store_->objects().PutObjects(c, batch, &status);
  ASSERT_TRUE(retried) << retried.error().ToString();
  EXPECT_EQ(retried->added, 3u);
  EXPECT_EQ(status.successes.size(), 3u);
  EXPECT_THAT(Keys(ListAll(store_->objects(), c, {})),
              ElementsAre(Key(old.id, 10), Key(fresh.id, 0), Key(bad.id, 0)));
}

TEST_F(SqliteStoreTest, ReadsGoOnWhileAnotherConnectionHoldsTheWriteLock) {
  config_.store.sqlite_busy_timeout_ms = 50;
  OpenOk();
  const std::string c = AddCollection();
  store::testing::PutOk(store_->objects(), c, {MakeVersion(MakeId("indicator", 1), 0)});

  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(DbPath().c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_EQ(ListAll(store_->objects(), c, {}).size(), 1u);
  const TestVersion v = MakeVersion(MakeId("indicator", 2), 0);
  NewObjectVersion view = v.View();
  auto put = store_->objects().PutObjects(c, {&view, 1});
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, ErrorCode::kStorage);
  EXPECT_THAT(put.error().message, HasSubstr("locked"));
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_TRUE(store_->objects().PutObjects(c, {&view, 1}));
}

TEST_F(SqliteStoreTest, CheckIntegrityReportsBrokenVersionFlags) {
  OpenOk();
  const std::string c = AddCollection();
  const TestVersion v = MakeVersion(MakeId("indicator", 1), 0);
  store::testing::PutOk(store_->objects(), c, {v});
  ASSERT_TRUE(store_->CheckIntegrity());
  RawExec(DbPath(), "UPDATE objects SET is_last = 0");
  auto checked = store_->CheckIntegrity();
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code, ErrorCode::kStorage);
  EXPECT_THAT(checked.error().message, HasSubstr(v.id));
}

TEST_F(SqliteStoreTest, CheckIntegrityReportsAVersionStoredTwice) {
  OpenOk();
  const std::string c = AddCollection();
  const TestVersion v = MakeVersion(MakeId("indicator", 1), 0);
  store::testing::PutOk(store_->objects(), c, {v});
  RawExec(DbPath(),
          "INSERT INTO objects (ckey, id, id_key, type, spec_version, created, modified, "
          "date_added, tlp, author_member, revoked, is_first, is_last, digest, json) SELECT ckey, "
          "id, id_key, type, spec_version, created, modified, date_added, tlp, author_member, "
          "revoked, 0, 0, digest, json FROM objects");
  auto checked = store_->CheckIntegrity();
  ASSERT_FALSE(checked);
  EXPECT_THAT(checked.error().message, HasSubstr("stored twice"));
}

// Two ids whose 64-bit id_key collide (simulated by rewriting one key) stay apart: lookups,
// new versions and deletes of one never touch the other.
TEST_F(SqliteStoreTest, IdKeyCollisionsNeverMixObjects) {
  OpenOk();
  const std::string c = AddCollection();
  const TestVersion a = MakeVersion(MakeId("indicator", 1), 0);
  const TestVersion b = MakeVersion(MakeId("indicator", 2), 0);
  store::testing::PutOk(store_->objects(), c, {a, b});
  RawExec(DbPath(), "UPDATE objects SET id_key = (SELECT id_key FROM objects WHERE id = '" + b.id +
                        "') WHERE id = '" + a.id + "'");
  EXPECT_THAT(Keys(ListAll(store_->objects(), c, {.ids = {b.id}})), ElementsAre(Key(b.id, 0)));
  store::testing::PutOk(store_->objects(), c, {MakeVersion(b.id, 5)});
  EXPECT_THAT(Keys(ListAll(store_->objects(), c, {.ids = {b.id}, .versions = {.all = true}})),
              ElementsAre(Key(b.id, 0), Key(b.id, 5)));
  EXPECT_EQ(*store_->objects().DeleteObject(c, b.id, {}, {}, {}), 2u);
  EXPECT_THAT(Keys(ListAll(store_->objects(), c, {})), ElementsAre(Key(a.id, 0)));
  EXPECT_TRUE(store_->CheckIntegrity());
}

// A first import into an empty collection inserts new ids without looking them up, and a
// batch this large runs with a larger cache: repeated ids, versions out of order, an identical
// repeat and a conflicting one in the same batch must still get the flags and outcomes right.
TEST_F(SqliteStoreTest, ALargeFirstBatchWithRepeatedIdsKeepsFlagsAndOutcomesRight) {
  OpenOk();
  const std::string c = AddCollection();
  constexpr int kIds = 12000;  // 2 versions each, plus 3 repeats: past the bulk threshold
  std::vector<TestVersion> versions;
  for (int i = 0; i < kIds; ++i) versions.push_back(MakeVersion(MakeId("indicator", i), 5));
  for (int i = 0; i < kIds; ++i) {
    // Even ids get a later version, odd ids an earlier one (it must not take is_last).
    versions.push_back(MakeVersion(MakeId("indicator", i), i % 2 == 0 ? 9 : 1));
  }
  versions.push_back(MakeVersion(MakeId("indicator", 0), 9));           // identical: unchanged
  versions.push_back(MakeVersion(MakeId("indicator", 2), 9, "other"));  // conflict
  std::vector<NewObjectVersion> batch;
  for (const TestVersion& v : versions) batch.push_back(v.View());
  auto put = store_->objects().PutObjects(c, batch);
  ASSERT_TRUE(put) << put.error().ToString();
  EXPECT_EQ(put->added, 2u * kIds);
  EXPECT_EQ(put->outcomes[2 * kIds], PutOutcome::kUnchanged);
  EXPECT_EQ(put->outcomes[2 * kIds + 1], PutOutcome::kConflict);
  EXPECT_TRUE(store_->CheckIntegrity());
  auto latest =
      ListAll(store_->objects(), c, {.ids = {MakeId("indicator", 0), MakeId("indicator", 1)}});
  EXPECT_THAT(Keys(latest), ::testing::UnorderedElementsAre(Key(MakeId("indicator", 0), 9),
                                                            Key(MakeId("indicator", 1), 5)));
  auto first =
      ListAll(store_->objects(), c, {.ids = {MakeId("indicator", 1)}, .versions = {.first = true}});
  EXPECT_THAT(Keys(first), ElementsAre(Key(MakeId("indicator", 1), 1)));
  EXPECT_EQ(*store_->objects().CountObjects(c), 2 * kIds);
}

TEST_F(SqliteStoreTest, ListingsAcceptUpTo4096IdsAndRefuseMore) {
  OpenOk();
  const std::string c = AddCollection();
  const TestVersion v = MakeVersion(MakeId("indicator", 7), 0);
  store::testing::PutOk(store_->objects(), c, {v});
  ObjectQuery query;
  for (int i = 0; i < 4096; ++i) query.ids.push_back(MakeId("indicator", i));
  auto page = store_->objects().ListObjects(c, query, {});
  ASSERT_TRUE(page) << page.error().ToString();
  EXPECT_THAT(Keys(page->objects), ElementsAre(Key(v.id, 0)));
  query.ids.push_back(MakeId("indicator", 4096));
  auto refused = store_->objects().ListObjects(c, query, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
}

// An acknowledged put survives the process being killed (synchronous = FULL, the default).
TEST_F(SqliteStoreTest, AnAcknowledgedPutSurvivesKillMinus9) {
  int acknowledged[2];
  int hold[2];
  ASSERT_EQ(pipe(acknowledged), 0);
  ASSERT_EQ(pipe(hold), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto opened = OpenSqliteStore(config_, OpenMode::kCreateIfMissing);
    if (!opened) _exit(1);
    auto& store = **opened;
    if (!store.sharing().CreateCollection({.id = "c0000000-0000-4000-8000-000000000001"}, {})) {
      _exit(2);
    }
    std::vector<TestVersion> versions;
    for (int i = 0; i < 100; ++i) versions.push_back(MakeVersion(MakeId("indicator", i), 0));
    std::vector<NewObjectVersion> views;
    for (const auto& v : versions) views.push_back(v.View());
    if (!store.objects().PutObjects("c0000000-0000-4000-8000-000000000001", views)) _exit(3);
    char byte = 'k';
    if (write(acknowledged[1], &byte, 1) != 1) _exit(4);
    (void)read(hold[0], &byte, 1);  // blocks until killed: the store is never closed
    _exit(0);
  }
  close(acknowledged[1]);
  char byte = 0;
  ASSERT_EQ(read(acknowledged[0], &byte, 1), 1);
  ASSERT_EQ(kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status));
  close(acknowledged[0]);
  close(hold[0]);
  close(hold[1]);

  OpenOk(OpenMode::kOpenExisting);
  EXPECT_EQ(*store_->objects().CountObjects("c0000000-0000-4000-8000-000000000001"), 100);
  EXPECT_TRUE(store_->CheckIntegrity());
}

}  // namespace
}  // namespace qccm::store::sqlite
