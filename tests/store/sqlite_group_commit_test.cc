// SQLite object store: group commit of concurrent PutObjects calls (each its own date_added,
// status and outcome; one call's failure leaves the others stored) and PutObjectStream (every
// chunk in one transaction; a source error stores nothing).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <latch>
#include <set>
#include <thread>

#include "store/sqlite/sqlite_store.h"
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

class SqliteGroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "qccm-group-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    config_.data_dir = root_ + "/node";
    auto opened = OpenSqliteStore(config_, OpenMode::kCreateIfMissing, {.clock = &clock_});
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->sharing().CreateCollection({.id = kCollection, .title = "t"}, {}));
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(root_);
  }
  // Runs SQL through a connection of its own, as another process would.
  void RawExec(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(DatabasePath(config_.data_dir).c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  ObjectStore& objects() { return store_->objects(); }

  static constexpr const char* kCollection = "c0000000-0000-4000-8000-000000000001";
  std::string root_;
  Config config_;
  FakeClock clock_{store::testing::StoreFixture::kStart};
  std::unique_ptr<Store> store_;
};

// Versions 100*caller .. 100*caller+count-1 of distinct indicators.
std::vector<TestVersion> CallerVersions(int caller, int count) {
  std::vector<TestVersion> versions;
  for (int i = 0; i < count; ++i)
    versions.push_back(MakeVersion(MakeId("indicator", 100 * caller + i), 0));
  return versions;
}

std::vector<NewObjectVersion> Views(const std::vector<TestVersion>& versions) {
  std::vector<NewObjectVersion> views;
  for (const TestVersion& v : versions) views.push_back(v.View());
  return views;
}

std::string StatusId(int caller) {
  char text[40];
  std::snprintf(text, sizeof text, "5e000000-0000-4000-8000-%012d", caller);
  return text;
}

// A source that yields the given chunks, optionally waits on a latch before the first one, and
// optionally fails instead of yielding chunk `fail_at`.
class ChunkSource final : public VersionSource {
 public:
  explicit ChunkSource(std::vector<std::vector<NewObjectVersion>> chunks)
      : chunks_(std::move(chunks)) {}
  Result<std::span<const NewObjectVersion>> Next() override {
    if (wait_ != nullptr && next_ == 0) wait_->wait();
    if (fail_at_ && next_ == *fail_at_) {
      return MakeError(ErrorCode::kInvalidInput, "the source gave up");
    }
    if (next_ == chunks_.size()) return std::span<const NewObjectVersion>();
    return std::span<const NewObjectVersion>(chunks_[next_++]);
  }
  std::latch* wait_ = nullptr;
  std::optional<std::size_t> fail_at_;

 private:
  std::vector<std::vector<NewObjectVersion>> chunks_;
  std::size_t next_ = 0;
};

TEST_F(SqliteGroupCommitTest, ConcurrentPutsAreEachStoredWithTheirOwnStatusAndDateAdded) {
  constexpr int kCallers = 8;
  std::vector<std::vector<TestVersion>> versions;
  for (int c = 0; c < kCallers; ++c) versions.push_back(CallerVersions(c, 40));
  // A stream holds the writer until every caller is about to put, so the callers queue up and
  // are committed together (the assertions hold whether or not they were grouped).
  std::latch ready(kCallers);
  const std::vector<TestVersion> streamed = CallerVersions(kCallers, 10);
  ChunkSource source({Views(streamed)});
  source.wait_ = &ready;
  std::thread stream([&] { ASSERT_TRUE(objects().PutObjectStream(kCollection, source)); });

  std::vector<std::optional<Result<PutResult>>> results(kCallers);
  std::vector<StatusRecord> statuses(kCallers);
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c) {
    callers.emplace_back([&, c] {
      const std::vector<NewObjectVersion> views = Views(versions[c]);
      statuses[c] = StatusRecord{.id = StatusId(c), .collection_id = kCollection};
      ready.count_down();
      results[c] = objects().PutObjects(kCollection, views, &statuses[c]);
    });
  }
  for (auto& t : callers) t.join();
  stream.join();

  std::set<std::int64_t> dates;
  for (int c = 0; c < kCallers; ++c) {
    ASSERT_TRUE(*results[c]) << results[c]->error().ToString();
    EXPECT_EQ((*results[c])->added, 40u);
    dates.insert((*results[c])->date_added.micros);
    EXPECT_EQ(statuses[c].successes.size(), 40u);
    auto stored = objects().GetStatus(StatusId(c));
    ASSERT_TRUE(stored) << stored.error().ToString();
    EXPECT_EQ(stored->successes.size(), 40u);
    EXPECT_EQ(stored->successes[0].id, versions[c][0].id);
  }
  EXPECT_EQ(dates.size(), static_cast<std::size_t>(kCallers));  // one date_added per call
  EXPECT_EQ(*objects().CountObjects(kCollection), kCallers * 40 + 10);
  EXPECT_TRUE(store_->CheckIntegrity());
  // Paging order is seq order: date_added never decreases along it.
  auto all = ListAll(objects(), kCollection, {.versions = {.all = true}});
  for (std::size_t i = 1; i < all.size(); ++i) {
    EXPECT_LE(all[i - 1].date_added.micros, all[i].date_added.micros);
  }
}

TEST_F(SqliteGroupCommitTest, AFailingPutAmongConcurrentOnesStoresNothingAndTheOthersEverything) {
  constexpr int kCallers = 6;
  constexpr int kFailing = 3;
  std::vector<std::vector<TestVersion>> versions;
  for (int c = 0; c < kCallers; ++c) versions.push_back(CallerVersions(c, 30));
  // The failing caller's 20th object hits a trigger mid-batch; it also reuses a status id that
  // another caller's record must not collide with.
  RawExec("CREATE TRIGGER injected BEFORE INSERT ON objects WHEN NEW.id = '" +
          versions[kFailing][20].id + "' BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  std::latch ready(kCallers);
  ChunkSource source({Views(CallerVersions(kCallers, 5))});
  source.wait_ = &ready;
  std::thread stream([&] { ASSERT_TRUE(objects().PutObjectStream(kCollection, source)); });
  std::vector<std::optional<Result<PutResult>>> results(kCallers);
  std::vector<StatusRecord> statuses(kCallers);
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c) {
    callers.emplace_back([&, c] {
      const std::vector<NewObjectVersion> views = Views(versions[c]);
      statuses[c] = StatusRecord{.id = StatusId(c), .collection_id = kCollection};
      ready.count_down();
      results[c] = objects().PutObjects(kCollection, views, &statuses[c]);
    });
  }
  for (auto& t : callers) t.join();
  stream.join();

  for (int c = 0; c < kCallers; ++c) {
    if (c == kFailing) {
      ASSERT_FALSE(*results[c]);
      EXPECT_EQ(results[c]->error().code, ErrorCode::kStorage);
      EXPECT_THAT(results[c]->error().message, HasSubstr("injected failure"));
      EXPECT_TRUE(statuses[c].successes.empty());
      EXPECT_EQ(objects().GetStatus(StatusId(c)).error().code, ErrorCode::kNotFound);
      EXPECT_TRUE(ListAll(objects(), kCollection, {.ids = {versions[c][0].id}}).empty());
      continue;
    }
    ASSERT_TRUE(*results[c]) << results[c]->error().ToString();
    EXPECT_EQ((*results[c])->added, 30u);
    EXPECT_TRUE(objects().GetStatus(StatusId(c)));
  }
  EXPECT_EQ(*objects().CountObjects(kCollection), (kCallers - 1) * 30 + 5);
  EXPECT_TRUE(store_->CheckIntegrity());
}

TEST_F(SqliteGroupCommitTest, AStreamStoresEveryChunkUnderOneDateAddedWithRightFlags) {
  const TestVersion a0 = MakeVersion(MakeId("indicator", 1), 0);
  const TestVersion b0 = MakeVersion(MakeId("indicator", 2), 0);
  const TestVersion a9 = MakeVersion(MakeId("indicator", 1), 9);          // later: takes is_last
  const TestVersion b_earlier = MakeVersion(MakeId("indicator", 2), -5);  // takes is_first
  const TestVersion a0_again = a0;                                        // unchanged
  const TestVersion b0_other = MakeVersion(MakeId("indicator", 2), 0, "other");  // conflict
  ChunkSource source(
      {{a0.View(), b0.View()}, {a9.View(), b_earlier.View()}, {a0_again.View(), b0_other.View()}});
  auto put = objects().PutObjectStream(kCollection, source);
  ASSERT_TRUE(put) << put.error().ToString();
  EXPECT_EQ(put->added, 4u);
  EXPECT_THAT(put->outcomes,
              ElementsAre(PutOutcome::kAdded, PutOutcome::kAdded, PutOutcome::kAdded,
                          PutOutcome::kAdded, PutOutcome::kUnchanged, PutOutcome::kConflict));
  auto all = ListAll(objects(), kCollection, {.versions = {.all = true}});
  ASSERT_EQ(all.size(), 4u);
  for (const StoredObject& o : all) EXPECT_EQ(o.date_added.micros, put->date_added.micros);
  EXPECT_THAT(Keys(ListAll(objects(), kCollection, {})),
              ::testing::UnorderedElementsAre(Key(a0.id, 9), Key(b0.id, 0)));
  EXPECT_THAT(Keys(ListAll(objects(), kCollection, {.ids = {b0.id}, .versions = {.first = true}})),
              ElementsAre(Key(b0.id, -5)));
  EXPECT_TRUE(store_->CheckIntegrity());
}

TEST_F(SqliteGroupCommitTest, ASourceErrorMidStreamStoresNothing) {
  const std::vector<TestVersion> first = CallerVersions(1, 50);
  const std::vector<TestVersion> second = CallerVersions(2, 50);
  ChunkSource source({Views(first), Views(second)});
  source.fail_at_ = 1;
  auto put = objects().PutObjectStream(kCollection, source);
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, ErrorCode::kInvalidInput);
  EXPECT_THAT(put.error().message, HasSubstr("the source gave up"));
  EXPECT_EQ(*objects().CountObjects(kCollection), 0);
  // The writer is free again and the collection still counts as empty for the next put.
  ChunkSource again({Views(first)});
  auto retried = objects().PutObjectStream(kCollection, again);
  ASSERT_TRUE(retried) << retried.error().ToString();
  EXPECT_EQ(retried->added, 50u);
  EXPECT_TRUE(store_->CheckIntegrity());
}

TEST_F(SqliteGroupCommitTest, AStreamIntoAnUnknownCollectionIsNotFound) {
  ChunkSource source({Views(CallerVersions(1, 3))});
  auto put = objects().PutObjectStream("c0000000-0000-4000-8000-00000000dead", source);
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace qccm::store::sqlite
