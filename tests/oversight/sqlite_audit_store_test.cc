// The SQLite audit store: the AuditLog behaviours on audit.db, reopening, the schema version,
// queries through the indexes, and full-scan tamper detection (AuditLog::Verify) on tampered
// copies of a 2,000-record database, at a systematic subset of places (the exhaustive check of
// every record of a 10,000-record log is in tamper_test.cc).
#include "qccm/oversight/sqlite_audit_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "oversight/audit_test_util.h"
#include "qccm/oversight/audit_log.h"

namespace qccm::oversight {
namespace {

namespace fs = std::filesystem;
using testing::SampleRecord;

fs::path TempDir(const std::string& name) {
  fs::path dir =
      fs::temp_directory_path() / ("qccm_audit_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Runs SQL on a database file with a plain connection, as someone with file access could.
void Sql(const fs::path& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &handle), SQLITE_OK);
  char* message = nullptr;
  int rc = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &message);
  std::string error = message != nullptr ? message : "";
  sqlite3_free(message);
  sqlite3_close(handle);
  ASSERT_EQ(rc, SQLITE_OK) << error << " in " << sql;
}

// Builds a log of `n` records in `path` (one request per 1-7 records, heads every 1000).
void BuildLog(const fs::path& path, const NodeKey& key, std::uint64_t n) {
  auto store = OpenSqliteAuditStore(path, true);
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  FakeClock clock(Timestamp::FromSeconds(1714550400));
  auto log = AuditLog::Open(**store, &key, clock,
                            {.head_every_records = 1000, .head_every_micros = INT64_MAX});
  ASSERT_TRUE(log.has_value());
  std::vector<AuditRecord> batch;
  std::size_t request_size = 1;
  for (std::uint64_t i = 0; i < n; ++i) {
    batch.push_back(SampleRecord(i));
    if (batch.size() == request_size || i + 1 == n) {
      request_size = 1 + i % 7;
      auto appended = (*log)->Append(batch);
      ASSERT_TRUE(appended.has_value()) << appended.error().ToString();
      batch.clear();
    }
  }
  ASSERT_TRUE((*log)->SignTreeHead().has_value());
}

Result<VerifyReport> VerifyFile(const fs::path& path, const NodeKey& key) {
  QCCM_TRY(store, OpenSqliteAuditStore(path, false));
  FakeClock clock(Timestamp::FromSeconds(1714550400));
  QCCM_TRY(log, AuditLog::Open(*store, nullptr, clock));
  return log->Verify({.key = key.public_key()});
}

TEST(SqliteAuditStoreTest, OpeningAMissingLogWithoutCreateIsNotFound) {
  fs::path dir = TempDir("missing");
  auto store = OpenSqliteAuditStore(dir / "audit.db", false);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(fs::exists(dir / "audit.db"));
  fs::remove_all(dir);
}

TEST(SqliteAuditStoreTest, ANewerSchemaIsRefused) {
  fs::path dir = TempDir("schema");
  ASSERT_TRUE(OpenSqliteAuditStore(dir / "audit.db", true).has_value());
  Sql(dir / "audit.db", "PRAGMA user_version = 99;");
  auto store = OpenSqliteAuditStore(dir / "audit.db", false);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kUnsupported);
  fs::remove_all(dir);
}

TEST(SqliteAuditStoreTest, LogSurvivesReopeningAndQueriesUseTheIndexes) {
  fs::path dir = TempDir("reopen");
  NodeKey key = testing::TestKey();
  BuildLog(dir / "audit.db", key, 300);
  auto store = OpenSqliteAuditStore(dir / "audit.db", false);
  ASSERT_TRUE(store.has_value());
  FakeClock clock(Timestamp::FromSeconds(1714560000));
  auto log = AuditLog::Open(**store, &key, clock);
  ASSERT_TRUE(log.has_value());
  EXPECT_EQ((*log)->size(), 300U);
  AuditRecord r = SampleRecord(300);
  ASSERT_TRUE((*log)->Append({&r, 1}).has_value());
  ASSERT_TRUE((*log)->SignTreeHead().has_value());
  auto report = (*log)->Verify();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok()) << report->problems[0].message;
  EXPECT_EQ(report->records, 301U);
  EXPECT_GT(report->nodes, 0U);

  auto count = [&](AuditFilter filter) {
    auto page = (*log)->Query(AuditQuery{.filter = filter, .limit = 10000});
    EXPECT_TRUE(page.has_value()) << page.error().ToString();
    return page ? page->records.size() : 0;
  };
  EXPECT_EQ(count({.user = "bob"}), 75U);
  EXPECT_EQ(count({.member = "BRAVO", .action = AuditAction::kRead}), 25U);  // i % 12 == 4
  EXPECT_EQ(count({.object_id = "indicator--7"}), 6U);
  EXPECT_EQ(count({.owner = "CHARLIE"}), 100U);  // (i + 1) % 3 == 2
  EXPECT_EQ(count({.collection = "collection-0",
                   .since = Timestamp::FromSeconds(1714550400 + 100),
                   .until = Timestamp::FromSeconds(1714550400 + 200)}),
            20U);
  auto page = (*log)->Query(AuditQuery{.filter = {.user = "ana"}, .limit = 2});
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->records.size(), 2U);
  EXPECT_EQ(page->records[1].seq, 4U);
  EXPECT_EQ(page->records[1].object_ids, SampleRecord(4).object_ids);
  EXPECT_EQ(page->next, 4U);

  // Proofs at every stored head, from nodes and leaves in the database.
  for (std::uint64_t i : {0, 1, 150, 299, 300}) {
    auto proof = (*log)->ProveInclusion(i);
    ASSERT_TRUE(proof.has_value()) << proof.error().ToString();
    EXPECT_TRUE(VerifyInclusion(i, proof->head.head.tree_size, HashLeaf(proof->record), proof->path,
                                proof->head.head.root));
  }
  ASSERT_TRUE((*log)->PurgeBefore(100));
  EXPECT_EQ(count({.user = "bob"}), 50U);
  EXPECT_EQ(count({.object_id = "indicator--7"}), 4U);
  auto purged = (*log)->Verify();
  ASSERT_TRUE(purged.has_value());
  EXPECT_TRUE(purged->ok());
  EXPECT_EQ(purged->purged, 100U);
  fs::remove_all(dir);
}

// Full scans of tampered copies of one 2,000-record database.
class SqliteTamperTest : public ::testing::Test {
 protected:
  static constexpr std::uint64_t kRecords = 2000;

  static void SetUpTestSuite() {
    dir_ = new fs::path(TempDir("tamper"));
    key_ = new NodeKey(testing::TestKey());
    BuildLog(*dir_ / "pristine.db", *key_, kRecords);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete key_;
  }

  // A fresh copy of the pristine log, tampered by `sql`; returns the first record problem.
  static std::optional<VerifyProblem> Tamper(const std::string& sql) {
    fs::path copy = *dir_ / "copy.db";
    fs::remove(copy);
    fs::copy_file(*dir_ / "pristine.db", copy);
    Sql(copy, sql);
    auto report = VerifyFile(copy, *key_);
    EXPECT_TRUE(report.has_value());
    if (!report) return std::nullopt;
    EXPECT_FALSE(report->ok()) << sql;
    for (const VerifyProblem& p : report->problems) {
      if (p.kind != VerifyProblem::Kind::kHeadMismatch &&
          p.kind != VerifyProblem::Kind::kNodeMismatch &&
          p.kind != VerifyProblem::Kind::kHeadInvalid) {
        return p;
      }
    }
    return std::nullopt;
  }

  static fs::path* dir_;
  static NodeKey* key_;
};

fs::path* SqliteTamperTest::dir_ = nullptr;
NodeKey* SqliteTamperTest::key_ = nullptr;

// Places: both ends, head boundaries, node boundaries, and a stride through the middle.
std::vector<std::uint64_t> Places() {
  return {0, 1, 15, 16, 255, 256, 777, 1000, 1001, 1998, 1999};
}

TEST_F(SqliteTamperTest, ThePristineLogVerifies) {
  auto report = VerifyFile(*dir_ / "pristine.db", *key_);
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->records, kRecords);
}

TEST_F(SqliteTamperTest, EditsDeletionsInsertionsAndSwapsAreNamedAtTheirIndex) {
  for (std::uint64_t i : Places()) {
    const std::string s = std::to_string(i);
    auto check = [&](const std::string& sql, VerifyProblem::Kind kind, const char* what) {
      auto problem = Tamper(sql);
      ASSERT_TRUE(problem.has_value()) << what << " at " << i << " went unnoticed";
      EXPECT_EQ(problem->index, i) << what << ": " << problem->message;
      EXPECT_EQ(problem->kind, kind) << what << ": " << problem->message;
    };
    const bool last = i + 1 == kRecords;
    check("UPDATE audit_record SET user = 'mallory' WHERE seq = " + s, VerifyProblem::Kind::kEdited,
          "an edit");
    check("UPDATE audit_record SET action = 'teleport' WHERE seq = " + s,
          VerifyProblem::Kind::kEdited, "an unknown action");
    const auto deleted = last ? VerifyProblem::Kind::kTruncated : VerifyProblem::Kind::kDeleted;
    check("DELETE FROM audit_record WHERE seq = " + s, deleted, "a deletion");
    check("DELETE FROM audit_record WHERE seq = " + s +
              "; UPDATE audit_record SET seq = -seq WHERE seq > " + s +
              "; UPDATE audit_record SET seq = -seq - 1 WHERE seq < 0",
          deleted, "a renumbering deletion");
    // Insert a well-formed record with a correct leaf hash for place i.
    AuditRecord forged = SampleRecord(i + 777777);
    forged.seq = i;
    std::string leaf = ToHex(HashLeaf(EncodeRecord(forged)));
    check("UPDATE audit_record SET seq = -seq - 1 WHERE seq >= " + s +
              "; UPDATE audit_record SET seq = -seq WHERE seq < 0; "
              "INSERT INTO audit_record (seq, time, request, user, member, action, outcome, "
              "collection, objects, query, owners, leaf) VALUES (" +
              s + ", " + std::to_string(forged.time.micros) + ", '" + forged.request_id + "', '" +
              forged.user + "', '" + forged.member + "', '" +
              std::string(ActionName(forged.action)) + "', '" +
              std::string(OutcomeName(forged.outcome)) + "', '" + forged.collection + "', '" +
              forged.object_ids[0] + char(10) + forged.object_ids[1] + "', '" + forged.query +
              "', '" + forged.owners[0] + "', X'" + leaf + "')",
          VerifyProblem::Kind::kInserted, "an insertion");
    if (!last) {
      const std::string n = std::to_string(i + 1);
      check("UPDATE audit_record SET seq = -1 WHERE seq = " + s +
                "; UPDATE audit_record SET seq = " + s + " WHERE seq = " + n +
                "; UPDATE audit_record SET seq = " + n + " WHERE seq = -1",
            VerifyProblem::Kind::kReordered, "a swap");
    }
    if (HasFailure()) break;
  }
}

TEST_F(SqliteTamperTest, ATruncatedOrForgedHeadIsReported) {
  fs::path copy = *dir_ / "heads.db";
  fs::remove(copy);
  fs::copy_file(*dir_ / "pristine.db", copy);
  // The second head's signature cut short, the last head's root replaced.
  Sql(copy,
      "UPDATE audit_head SET signature = substr(signature, 1, 40) WHERE tree_size = "
      "(SELECT tree_size FROM audit_head ORDER BY tree_size LIMIT 1 OFFSET 1); "
      "UPDATE audit_head SET root = zeroblob(32) WHERE tree_size = " +
          std::to_string(kRecords));
  auto report = VerifyFile(copy, *key_);
  ASSERT_TRUE(report.has_value());
  std::vector<std::uint64_t> invalid;
  for (const VerifyProblem& p : report->problems) {
    if (p.kind == VerifyProblem::Kind::kHeadInvalid) invalid.push_back(p.index);
  }
  ASSERT_EQ(invalid.size(), 2U);
  EXPECT_GT(invalid[0], 1U);
  EXPECT_LT(invalid[0], kRecords);
  EXPECT_EQ(invalid[1], kRecords);
  EXPECT_EQ(report->records, kRecords);  // the records themselves are intact
  fs::remove(copy);
}

}  // namespace
}  // namespace qccm::oversight

namespace qccm::oversight {
namespace {

// Appends from many threads at once are group-committed: every append gets consecutive seqs
// holding exactly its records, no record is lost or doubled, and the log verifies.
TEST(SqliteAuditStoreTest, ConcurrentAppendsEachGetTheirOwnConsecutiveRecords) {
  fs::path dir = TempDir("concurrent");
  NodeKey key = testing::TestKey();
  auto store = OpenSqliteAuditStore(dir / "audit.db", true);
  ASSERT_TRUE(store.has_value());
  FakeClock clock(Timestamp::FromSeconds(1714550400));
  auto log = AuditLog::Open(**store, &key, clock, {.head_every_records = 100});
  ASSERT_TRUE(log.has_value());
  constexpr int kThreads = 8, kAppends = 60;
  std::vector<std::vector<std::pair<std::string, std::uint64_t>>> seen(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAppends; ++i) {
        std::vector<AuditRecord> records;
        for (int k = 0; k <= (t + i) % 3; ++k) {
          AuditRecord r = testing::SampleRecord(static_cast<std::uint64_t>(i));
          r.request_id =
              "t" + std::to_string(t) + "-" + std::to_string(i) + "-" + std::to_string(k);
          records.push_back(r);
        }
        auto appended = (*log)->AppendOwned(records);
        ASSERT_TRUE(appended.has_value()) << appended.error().ToString();
        ASSERT_EQ(appended->size(), static_cast<std::size_t>((t + i) % 3 + 1));
        for (std::size_t k = 0; k < appended->size(); ++k) {
          ASSERT_EQ((*appended)[k], (*appended)[0] + k) << "not consecutive";
          seen[static_cast<std::size_t>(t)].emplace_back(
              "t" + std::to_string(t) + "-" + std::to_string(i) + "-" + std::to_string(k),
              (*appended)[k]);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::size_t total = 0;
  for (const auto& list : seen) total += list.size();
  EXPECT_EQ((*log)->size(), total);
  for (const auto& list : seen) {
    for (const auto& [request, seq] : list) {
      auto stored = (*store)->GetRecord(seq);
      ASSERT_TRUE(stored.has_value());
      EXPECT_EQ(stored->record.request_id, request);
    }
  }
  ASSERT_TRUE((*log)->SignTreeHead().has_value());
  auto report = (*log)->Verify();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok()) << report->problems[0].message;
  EXPECT_EQ(report->records, total);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace qccm::oversight
