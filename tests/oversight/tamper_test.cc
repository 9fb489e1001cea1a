// Tamper detection. Exhaustive over a 10,000-record log: for every record, an edit of one
// field (the field rotates with the index), a deletion (a gap, and with the later records
// renumbered down), an insertion before it (a well-formed record with a correct leaf hash,
// later records renumbered up), and a swap with its neighbour; each must be named at the right
// index. To keep 50,000 cases fast, each case resumes the streaming verifier from a copy of its
// state just before the record (the records before it are untouched, so a full scan would
// reach exactly that state) and feeds the tampered records from there. Full scans of a SQLite
// log (AuditLog::Verify on a tampered copy of audit.db) cover a systematic subset in
// sqlite_audit_store_test.cc.
#include <gtest/gtest.h>

#include <functional>

#include "oversight/audit_test_util.h"
#include "oversight/log_verifier.h"
#include "oversight/memory_audit_store.h"
#include "qccm/oversight/audit_log.h"

namespace qccm::oversight {
namespace {

using testing::MemoryAuditStore;
using testing::SampleRecord;

constexpr std::uint64_t kRecords = 10000;

// Rewrites field (i % 10) of a record, keeping its stored leaf.
void EditField(AuditRecord& r, std::uint64_t i) {
  switch (i % 10) {
    case 0:
      r.user += "x";
      break;
    case 1:
      r.member = "ZULU";
      break;
    case 2:
      r.action = r.action == AuditAction::kPurge ? AuditAction::kRead : AuditAction::kPurge;
      break;
    case 3:
      r.outcome = r.outcome == AuditOutcome::kFailed ? AuditOutcome::kOk : AuditOutcome::kFailed;
      break;
    case 4:
      r.collection += "-moved";
      break;
    case 5:
      r.object_ids.pop_back();
      break;
    case 6:
      r.query = "match[id]=indicator--1";
      break;
    case 7:
      r.owners.clear();
      break;
    case 8:
      r.time.micros += 1;
      break;
    default:
      r.request_id = "forged";
      break;
  }
}

class TamperTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    store_ = new MemoryAuditStore();
    key_ = new NodeKey(testing::TestKey());
    FakeClock clock(Timestamp::FromSeconds(1714550400));
    auto log = AuditLog::Open(*store_, key_, clock,
                              {.head_every_records = 1000, .head_every_micros = INT64_MAX});
    ASSERT_TRUE(log.has_value());
    // Requests of 1 to 7 records, as the request path appends them.
    std::vector<AuditRecord> batch;
    std::size_t request_size = 1;
    for (std::uint64_t i = 0; i < kRecords; ++i) {
      batch.push_back(SampleRecord(i));
      if (batch.size() == request_size || i + 1 == kRecords) {
        request_size = 1 + i % 7;
        ASSERT_TRUE((*log)->Append(batch).has_value());
        batch.clear();
      }
    }
    ASSERT_TRUE((*log)->SignTreeHead().has_value());
    for (const auto& [seq, row] : store_->records) rows_->push_back(row);
  }
  static void TearDownTestSuite() {
    delete store_;
    delete key_;
    rows_->clear();
  }

  LogVerifier FreshVerifier() {
    auto heads = store_->Heads();
    EXPECT_TRUE(heads.has_value());
    auto nodes = std::make_shared<LogVerifier::NodeMap>();
    for (const auto& [k, hash] : store_->nodes)
      nodes->emplace(LogVerifier::NodeKey(k.first, k.second), hash);
    return LogVerifier(*heads, key_->public_key(), nodes);
  }

  // Feeds `tampered` (the stored rows from position i on, as the tamperer left them; only the
  // first few are needed to decide) to a copy of `base`, and returns the first record problem.
  static std::optional<VerifyProblem> FirstRecordProblem(
      const LogVerifier& base, const std::vector<StoredRecord>& tampered) {
    LogVerifier verifier = base;
    for (const StoredRecord& row : tampered) verifier.Add(row);
    VerifyReport report = verifier.Finish();
    for (const VerifyProblem& p : report.problems) {
      if (p.kind != VerifyProblem::Kind::kHeadInvalid &&
          p.kind != VerifyProblem::Kind::kHeadMismatch &&
          p.kind != VerifyProblem::Kind::kNodeMismatch) {
        return p;
      }
    }
    return std::nullopt;
  }

  // Rows from position `from` for `count` places with seq shifted by `delta`.
  static std::vector<StoredRecord> Shifted(std::uint64_t from, std::uint64_t count, int delta) {
    std::vector<StoredRecord> out;
    for (std::uint64_t k = from; k < std::min<std::uint64_t>(from + count, kRecords); ++k) {
      StoredRecord row = (*rows_)[k];
      row.record.seq =
          static_cast<std::uint64_t>(static_cast<std::int64_t>(row.record.seq) + delta);
      out.push_back(row);
    }
    return out;
  }

  static MemoryAuditStore* store_;
  static NodeKey* key_;
  static std::vector<StoredRecord>* rows_;
};

MemoryAuditStore* TamperTest::store_ = nullptr;
NodeKey* TamperTest::key_ = nullptr;
std::vector<StoredRecord>* TamperTest::rows_ = new std::vector<StoredRecord>();

constexpr std::uint64_t kLookahead = 3;  // rows fed after the tampered place

TEST_F(TamperTest, TheUntamperedLogVerifies) {
  LogVerifier verifier = FreshVerifier();
  for (const StoredRecord& row : *rows_) verifier.Add(row);
  VerifyReport report = verifier.Finish();
  EXPECT_TRUE(report.ok()) << report.problems[0].message;
  EXPECT_EQ(report.records, kRecords);
  EXPECT_EQ(report.heads, store_->heads.size());
  EXPECT_GE(report.heads, 11U);  // the first append's, one per 1000 records, the final one
}

TEST_F(TamperTest, EveryRecordEditDeletionInsertionAndSwapIsNamedAtItsIndex) {
  LogVerifier base = FreshVerifier();
  std::uint64_t checked = 0;
  for (std::uint64_t i = 0; i < kRecords; ++i) {
    const std::string at = "record " + std::to_string(i);
    auto expect = [&](const std::vector<StoredRecord>& tampered, VerifyProblem::Kind kind,
                      std::uint64_t index, const char* what) {
      auto problem = FirstRecordProblem(base, tampered);
      ASSERT_TRUE(problem.has_value()) << what << " of " << at << " went unnoticed";
      EXPECT_EQ(problem->index, index) << what << " of " << at << ": " << problem->message;
      EXPECT_EQ(problem->kind, kind) << what << " of " << at << ": " << problem->message;
      ++checked;
    };
    const bool last = i + 1 == kRecords;

    // Edit one field (the stored leaf hash stays).
    std::vector<StoredRecord> edited = Shifted(i, kLookahead, 0);
    EditField(edited[0].record, i);
    expect(edited, VerifyProblem::Kind::kEdited, i, "an edit");

    // Delete it, leaving a gap; and delete it renumbering the later records down. Deleting the
    // last record is a truncation that the final signed head reveals.
    const auto deleted_kind =
        last ? VerifyProblem::Kind::kTruncated : VerifyProblem::Kind::kDeleted;
    expect(Shifted(i + 1, kLookahead, 0), deleted_kind, i, "a deletion");
    expect(Shifted(i + 1, kLookahead, -1), deleted_kind, i, "a renumbering deletion");

    // Insert a well-formed record, with a correct leaf hash for its place, before it.
    StoredRecord forged{.record = SampleRecord(i + 500000)};
    forged.record.seq = i;
    forged.leaf = HashLeaf(EncodeRecord(forged.record));
    std::vector<StoredRecord> inserted = {forged};
    for (const StoredRecord& row : Shifted(i, kLookahead, 1)) inserted.push_back(row);
    expect(inserted, VerifyProblem::Kind::kInserted, i, "an insertion");

    // Swap it with its next neighbour (rows keep their places' seqs, trade everything else).
    if (!last) {
      std::vector<StoredRecord> swapped = Shifted(i, kLookahead, 0);
      std::swap(swapped[0], swapped[1]);
      swapped[0].record.seq = i;
      swapped[1].record.seq = i + 1;
      expect(swapped, VerifyProblem::Kind::kReordered, i, "a swap");
    }
    if (::testing::Test::HasFailure()) break;  // one broken index is enough to read
    base.Add((*rows_)[i]);
  }
  EXPECT_EQ(checked, kRecords * 5 - 1);
}

TEST_F(TamperTest, ResumingFromACheckpointFindsWhatAFullScanFinds) {
  // The equivalence the exhaustive test relies on, on a sample of places.
  for (std::uint64_t i : std::vector<std::uint64_t>{0, 1, 999, 1000, 4096, 7777, kRecords - 2}) {
    std::vector<StoredRecord> all = *rows_;
    EditField(all[i].record, i);
    LogVerifier full = FreshVerifier();
    LogVerifier resumed = FreshVerifier();
    for (std::uint64_t k = 0; k < i; ++k) resumed.Add(all[k]);
    for (const StoredRecord& row : all) full.Add(row);
    for (std::uint64_t k = i; k < std::min(i + kLookahead, kRecords); ++k) resumed.Add(all[k]);
    VerifyReport a = full.Finish();
    VerifyReport b = resumed.Finish();
    ASSERT_FALSE(a.problems.empty());
    ASSERT_FALSE(b.problems.empty());
    EXPECT_EQ(a.problems[0].index, b.problems[0].index);
    EXPECT_EQ(a.problems[0].kind, b.problems[0].kind);
    EXPECT_EQ(a.problems[0].message, b.problems[0].message);
  }
}

TEST_F(TamperTest, ARewriteWithRecomputedLeavesIsCaughtBySignedHeadsAndNodes) {
  // Someone who also recomputes the leaf hash leaves every record self-consistent: the signed
  // heads catch it (to the span between two heads) and the stored nodes narrow it to 16 records.
  std::vector<StoredRecord> all = *rows_;
  const std::uint64_t i = 4321;
  all[i].record.user = "mallory";
  all[i].leaf = HashLeaf(EncodeRecord(all[i].record));
  LogVerifier verifier = FreshVerifier();
  for (const StoredRecord& row : all) verifier.Add(row);
  VerifyReport report = verifier.Finish();
  ASSERT_FALSE(report.ok());
  bool head = false, node = false;
  for (const VerifyProblem& p : report.problems) {
    if (p.kind == VerifyProblem::Kind::kHeadMismatch && p.index <= i && i < p.end) head = true;
    if (p.kind == VerifyProblem::Kind::kNodeMismatch && p.end - p.index == 16) {
      EXPECT_LE(p.index, i);
      EXPECT_LT(i, p.end);
      node = true;
    }
  }
  EXPECT_TRUE(head);
  EXPECT_TRUE(node);
}

}  // namespace
}  // namespace qccm::oversight
