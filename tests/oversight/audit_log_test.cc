// AuditLog on the in-memory store: appends, heads, proofs, queries, samples, access, retention.
#include "qccm/oversight/audit_log.h"

#include <gtest/gtest.h>

#include "oversight/audit_test_util.h"
#include "oversight/memory_audit_store.h"
#include "qccm/oversight/audit_access.h"
#include "qccm/oversight/proof_json.h"
#include "qccm/sharing/access_policy.h"

namespace qccm::oversight {
namespace {

using testing::MemoryAuditStore;
using testing::SampleRecord;

class AuditLogTest : public ::testing::Test {
 protected:
  std::unique_ptr<AuditLog> Open(AuditLogOptions options = {.head_every_records = 10,
                                                            .head_every_micros = INT64_MAX}) {
    auto log = AuditLog::Open(store_, &key_, clock_, options);
    EXPECT_TRUE(log.has_value()) << log.error().ToString();
    return std::move(*log);
  }

  // Appends records 0..n-1 one request at a time.
  void Fill(AuditLog& log, std::uint64_t n, std::uint64_t first = 0) {
    for (std::uint64_t i = first; i < first + n; ++i) {
      AuditRecord r = SampleRecord(i);
      auto seqs = log.Append({&r, 1});
      ASSERT_TRUE(seqs.has_value()) << seqs.error().ToString();
    }
  }

  std::vector<Hash> StoredLeaves() {
    std::vector<Hash> leaves;
    for (const auto& [seq, r] : store_.records) leaves.push_back(r.leaf);
    return leaves;
  }

  MemoryAuditStore store_;
  NodeKey key_ = testing::TestKey();
  FakeClock clock_{Timestamp::FromSeconds(1714550400)};
};

TEST_F(AuditLogTest, AppendAssignsSeqsTimeAndSortedOwnersInOneBatch) {
  auto log = Open();
  AuditRecord a = SampleRecord(0), b = SampleRecord(1);
  a.time = {};
  a.owners = {"CHARLIE", "ALPHA", "CHARLIE"};
  std::vector<AuditRecord> batch = {a, b};
  auto seqs = log->Append(batch);
  ASSERT_TRUE(seqs.has_value());
  EXPECT_EQ(*seqs, (std::vector<std::uint64_t>{0, 1}));
  ASSERT_EQ(store_.records.size(), 2U);
  const AuditRecord& stored = store_.records[0].record;
  EXPECT_EQ(stored.time, clock_.Now());
  EXPECT_EQ(stored.owners, (std::vector<std::string>{"ALPHA", "CHARLIE"}));
  EXPECT_EQ(store_.records[0].leaf, HashLeaf(EncodeRecord(stored)));
  EXPECT_EQ(log->size(), 2U);
}

TEST_F(AuditLogTest, InvalidRecordIsRefusedAndNothingIsStored) {
  auto log = Open();
  AuditRecord good = SampleRecord(0), bad = SampleRecord(1);
  bad.user = "ana\x01";
  std::vector<AuditRecord> batch = {good, bad};
  auto seqs = log->Append(batch);
  ASSERT_FALSE(seqs.has_value());
  EXPECT_EQ(seqs.error().code, ErrorCode::kInvalidArgument);
  bad.user = "\xff\xfe";
  batch = {bad};
  EXPECT_FALSE(log->Append(batch).has_value());
  bad = SampleRecord(1);
  bad.object_ids.push_back("");
  batch = {bad};
  EXPECT_FALSE(log->Append(batch).has_value());
  EXPECT_TRUE(store_.records.empty());
  EXPECT_EQ(log->size(), 0U);
}

TEST_F(AuditLogTest, HeadsAreSignedEveryNRecordsNotPerAppend) {
  auto log = Open();
  Fill(*log, 25);
  std::vector<std::uint64_t> sizes;
  for (const auto& [size, head] : store_.heads) sizes.push_back(size);
  // The first append signs a first head; then one every 10 records.
  EXPECT_EQ(sizes, (std::vector<std::uint64_t>{1, 11, 21}));
  std::vector<Hash> leaves = StoredLeaves();
  for (const auto& [size, head] : store_.heads) {
    EXPECT_TRUE(VerifyTreeHead(head, key_.public_key()));
    EXPECT_EQ(head.head.root, RootOf(std::span<const Hash>(leaves).first(size)));
  }
}

TEST_F(AuditLogTest, HeadsAreSignedWhenTheIntervalHasPassed) {
  auto log = Open({.head_every_records = 1000000, .head_every_micros = 60'000'000});
  Fill(*log, 5);
  EXPECT_EQ(store_.heads.size(), 1U);
  clock_.Advance(61'000'000);
  auto none = log->MaybeSignTreeHead();
  ASSERT_TRUE(none.has_value());
  ASSERT_TRUE(none->has_value());  // records were appended since the first head
  EXPECT_EQ((*none)->head.tree_size, 5U);
  auto again = log->MaybeSignTreeHead();
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(again->has_value());  // nothing new
  clock_.Advance(61'000'000);
  Fill(*log, 1, 5);  // due by time: signed within the append
  EXPECT_TRUE(store_.heads.contains(6));
}

TEST_F(AuditLogTest, ReopenedLogContinuesTheSameTree) {
  {
    auto log = Open();
    Fill(*log, 37);
  }
  auto log = Open();
  EXPECT_EQ(log->size(), 37U);
  Fill(*log, 30, 37);
  auto head = log->SignTreeHead();
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->head.root, RootOf(StoredLeaves()));
  auto report = log->Verify();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok()) << report->problems[0].message;
  EXPECT_EQ(report->records, 67U);
}

TEST_F(AuditLogTest, TwoWritersOnOneStoreBothAppendInOrder) {
  auto first = Open();
  auto second = Open();
  Fill(*first, 3);
  Fill(*second, 3, 3);  // conflicts once, reloads, appends at 3..5
  Fill(*first, 3, 6);
  EXPECT_EQ(store_.records.size(), 9U);
  auto report = first->Verify();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok());
}

TEST_F(AuditLogTest, FailedStoreAppendChangesNothing) {
  auto log = Open();
  Fill(*log, 4);
  store_.fail_next_append = Error{ErrorCode::kStorage, "disk full", {}};
  AuditRecord r = SampleRecord(4);
  auto failed = log->Append({&r, 1});
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, ErrorCode::kStorage);
  EXPECT_EQ(log->size(), 4U);
  Fill(*log, 3, 4);
  ASSERT_TRUE(log->SignTreeHead().has_value());
  auto report = log->Verify();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok());
}

TEST_F(AuditLogTest, EveryRecordHasAnInclusionProofThatChecksOffline) {
  auto log = Open();
  Fill(*log, 100);
  ASSERT_TRUE(log->SignTreeHead().has_value());
  for (std::uint64_t i = 0; i < 100; ++i) {
    auto proof = log->ProveInclusion(i);
    ASSERT_TRUE(proof.has_value()) << proof.error().ToString();
    EXPECT_EQ(proof->head.head.tree_size, 100U);
    auto parsed = InclusionProofFromJson(InclusionProofToJson(*proof));
    ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
    auto checked = CheckInclusionProof(*parsed, key_.public_key());
    ASSERT_TRUE(checked.has_value()) << i << ": " << checked.error().ToString();
    EXPECT_EQ(checked->leaf_index, i);
  }
  // Against an older head too.
  auto old = log->ProveInclusion(5, 11);
  ASSERT_TRUE(old.has_value());
  EXPECT_TRUE(CheckInclusionProof(*old, key_.public_key()).has_value());
}

TEST_F(AuditLogTest, ProofRequestsForMissingRecordsOrHeadsFailClearly) {
  auto log = Open();
  Fill(*log, 12);
  auto missing = log->ProveInclusion(12);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("no audit record 12"), std::string::npos);
  auto uncovered = log->ProveInclusion(11);  // heads at 1 and 11 only
  ASSERT_FALSE(uncovered.has_value());
  EXPECT_NE(uncovered.error().message.find("not covered"), std::string::npos);
  auto no_head = log->ProveInclusion(0, 7);
  ASSERT_FALSE(no_head.has_value());
  EXPECT_EQ(no_head.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_.heads.size(), 2U);  // nothing was signed on the way
}

TEST_F(AuditLogTest, OfflineCheckRefusesWrongKeysRecordsAndPaths) {
  auto log = Open();
  Fill(*log, 40);
  ASSERT_TRUE(log->SignTreeHead().has_value());
  auto proof = log->ProveInclusion(17);
  ASSERT_TRUE(proof.has_value());
  NodeKey other = testing::TestKey(9);
  EXPECT_FALSE(CheckInclusionProof(*proof, other.public_key()).has_value());
  InclusionProofBundle edited = *proof;
  edited.record.replace(edited.record.find("\"bob\""), 5, "\"eve\"");
  EXPECT_FALSE(CheckInclusionProof(edited, key_.public_key()).has_value());
  InclusionProofBundle short_path = *proof;
  short_path.path.pop_back();
  EXPECT_FALSE(CheckInclusionProof(short_path, key_.public_key()).has_value());
  InclusionProofBundle moved = *proof;  // a valid record presented at another index
  moved.leaf_index = 16;
  EXPECT_FALSE(CheckInclusionProof(moved, key_.public_key()).has_value());
  InclusionProofBundle forged = *proof;  // a head with another root keeps the old signature
  forged.head.head.root[0] ^= 1U;
  EXPECT_FALSE(CheckInclusionProof(forged, key_.public_key()).has_value());
}

TEST_F(AuditLogTest, ForgedOrTruncatedTreeHeadsAreRefused) {
  auto log = Open();
  Fill(*log, 20);
  auto head = log->SignTreeHead();
  ASSERT_TRUE(head.has_value());
  std::string json = TreeHeadToJson(*head);
  ASSERT_TRUE(TreeHeadFromJson(json).has_value());
  EXPECT_FALSE(TreeHeadFromJson(json.substr(0, json.size() / 2)).has_value());
  std::string cut = json;
  std::size_t sig = cut.find("\"signature\":\"") + 13;
  cut.erase(sig, 8);  // a truncated signature
  auto truncated = TreeHeadFromJson(cut);
  ASSERT_FALSE(truncated.has_value());
  EXPECT_EQ(truncated.error().code, ErrorCode::kInvalidInput);
  SignedTreeHead forged = *head;
  forged.head.tree_size += 1;
  EXPECT_FALSE(VerifyTreeHead(forged, key_.public_key()).has_value());
  // A forged head in the store is reported by Verify, and the records stay intact.
  store_.heads[20] = forged;
  store_.heads[20].head.tree_size = 20;
  store_.heads[20].signature[3] ^= 1U;
  auto report = log->Verify();
  ASSERT_TRUE(report.has_value());
  ASSERT_FALSE(report->ok());
  bool invalid = false;
  for (const auto& p : report->problems) invalid |= p.kind == VerifyProblem::Kind::kHeadInvalid;
  EXPECT_TRUE(invalid);
  EXPECT_EQ(store_.records.size(), 20U);
}

TEST_F(AuditLogTest, ConsistencyProofsLinkSignedHeads) {
  auto log = Open();
  Fill(*log, 35);
  auto proof = log->ProveConsistency(11, 31);
  ASSERT_TRUE(proof.has_value()) << proof.error().ToString();
  EXPECT_TRUE(
      VerifyConsistency(11, 31, proof->first.head.root, proof->second.head.root, proof->path));
  EXPECT_FALSE(log->ProveConsistency(31, 11).has_value());
  EXPECT_EQ(log->ProveConsistency(11, 30).error().code, ErrorCode::kNotFound);
}

TEST_F(AuditLogTest, QueriesFilterByEveryFieldAndPage) {
  auto log = Open();
  Fill(*log, 120);
  auto by = [&](AuditFilter filter, std::size_t limit = 1000) {
    auto page = log->Query(AuditQuery{.filter = filter, .limit = limit});
    EXPECT_TRUE(page.has_value());
    return page.value_or(AuditPage{});
  };
  EXPECT_EQ(by({.user = "bob"}).records.size(), 30U);
  EXPECT_EQ(by({.member = "ALPHA"}).records.size(), 40U);
  EXPECT_EQ(by({.user = "ana", .member = "ALPHA"}).records.size(), 10U);  // i % 12 == 0
  EXPECT_EQ(by({.action = AuditAction::kWrite}).records.size(), 30U);
  EXPECT_EQ(by({.collection = "collection-3"}).records.size(), 24U);
  EXPECT_EQ(by({.object_id = "indicator--7"}).records.size(), 3U);  // 7, 57, 107
  EXPECT_EQ(by({.owner = "BRAVO"}).records.size(), 40U);
  auto t = [](std::int64_t i) { return Timestamp::FromSeconds(1714550400 + i); };
  auto ranged = by({.since = t(10), .until = t(20)});
  ASSERT_EQ(ranged.records.size(), 10U);
  EXPECT_EQ(ranged.records.front().seq, 10U);
  // Paging: pages of 7 cover everything once, in order.
  std::vector<std::uint64_t> seen;
  AuditQuery query{.filter = {.user = "dora"}, .limit = 7};
  for (;;) {
    auto page = log->Query(query);
    ASSERT_TRUE(page.has_value());
    for (const auto& r : page->records) seen.push_back(r.seq);
    if (!page->next) break;
    query.after = page->next;
  }
  ASSERT_EQ(seen.size(), 30U);
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], 3 + 4 * i);
}

TEST_F(AuditLogTest, MalformedQueriesFailAndChangeNothing) {
  auto log = Open();
  Fill(*log, 10);
  auto before = store_.records.size();
  auto heads = store_.heads.size();
  auto t = Timestamp::FromSeconds(1714550405);
  for (AuditQuery q : {AuditQuery{.filter = {.since = t, .until = t}},
                       AuditQuery{.filter = {.since = Timestamp{t.micros + 1}, .until = t}},
                       AuditQuery{.limit = 0}, AuditQuery{.limit = 10001}}) {
    auto page = log->Query(q);
    ASSERT_FALSE(page.has_value());
    EXPECT_EQ(page.error().code, ErrorCode::kInvalidArgument);
  }
  auto bad_range = log->Query(AuditQuery{.filter = {.since = Timestamp{t.micros + 1}, .until = t}});
  EXPECT_NE(bad_range.error().message.find("malformed time range"), std::string::npos);
  EXPECT_EQ(store_.records.size(), before);
  EXPECT_EQ(store_.heads.size(), heads);
}

TEST_F(AuditLogTest, SamplesAreReproducibleFromTheSeed) {
  auto log = Open();
  Fill(*log, 200);
  ASSERT_TRUE(log->SignTreeHead().has_value());
  auto seqs = [&](const SampleRequest& request) {
    auto sample = log->Sample(request);
    EXPECT_TRUE(sample.has_value());
    std::vector<std::uint64_t> out;
    for (const auto& r : sample.value_or(std::vector<AuditRecord>{})) out.push_back(r.seq);
    return out;
  };
  auto a = seqs({.seed = "2024-Q2 spot check", .count = 12});
  EXPECT_EQ(a.size(), 12U);
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
  EXPECT_EQ(std::adjacent_find(a.begin(), a.end()), a.end());  // no repeats
  Fill(*log, 50, 200);  // appends after the head do not change a sample at that head
  EXPECT_EQ(seqs({.seed = "2024-Q2 spot check", .count = 12, .tree_size = 200}), a);
  EXPECT_NE(seqs({.seed = "another seed", .count = 12, .tree_size = 200}), a);
  auto reads =
      seqs({.seed = "s", .count = 500, .tree_size = 200, .filter = {.action = AuditAction::kRead}});
  EXPECT_EQ(reads.size(), 50U);  // fewer candidates than asked: all of them
  for (std::uint64_t s : reads) EXPECT_EQ(s % 4, 0U);
  EXPECT_FALSE(log->Sample({.seed = "", .count = 3}).has_value());
  EXPECT_FALSE(log->Sample({.seed = "x", .count = 0}).has_value());
  EXPECT_EQ(log->Sample({.seed = "x", .count = 3, .tree_size = 7}).error().code,
            ErrorCode::kNotFound);
}

TEST_F(AuditLogTest, OnlyAuditorsReadTheLogAndMembersSeeWhoTouchedTheirData) {
  auto log = Open();
  Fill(*log, 30);
  sharing::Principal auditor{.user_id = 1,
                             .user_name = "olga",
                             .member_id = 9,
                             .member_code = "OVERSIGHT",
                             .roles = sharing::RoleBit(sharing::Role::kAuditor)};
  sharing::Principal analyst{.user_id = 2,
                             .user_name = "ana",
                             .member_id = 1,
                             .member_code = "BRAVO",
                             .roles = sharing::RoleBit(sharing::Role::kAnalyst)};
  sharing::Principal admin = analyst;
  admin.roles = sharing::RoleBit(sharing::Role::kAdmin);
  EXPECT_FALSE(sharing::MayHandleIntelligence(auditor));  // no intelligence content, ever
  EXPECT_TRUE(QueryAs(*log, auditor, {}).has_value());
  EXPECT_EQ(QueryAs(*log, analyst, {}).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(QueryAs(*log, admin, {}).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(SampleAs(*log, analyst, {.seed = "x"}).error().code, ErrorCode::kPermissionDenied);
  // The analyst's member is BRAVO: only records that touched BRAVO's contributions.
  auto mine =
      WhoReadMyDataAs(*log, analyst, AuditQuery{.filter = {.owner = "ALPHA"}, .limit = 100});
  ASSERT_TRUE(mine.has_value());
  EXPECT_EQ(mine->records.size(), 10U);
  for (const auto& r : mine->records) {
    EXPECT_EQ(r.owners, std::vector<std::string>{"BRAVO"});
  }
}

TEST_F(AuditLogTest, RetentionPurgesContentButTheTreeStillVerifies) {
  auto log = Open();
  Fill(*log, 50);
  ASSERT_TRUE(log->SignTreeHead().has_value());
  EXPECT_EQ(log->PurgeBefore(51).error().code, ErrorCode::kInvalidArgument);
  ASSERT_TRUE(log->PurgeBefore(32));
  auto report = log->Verify();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->purged, 32U);
  auto page = log->Query(AuditQuery{.limit = 1000});
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->records.size(), 18U);
  EXPECT_EQ(page->records.front().seq, 32U);
  auto proof = log->ProveInclusion(3);
  ASSERT_TRUE(proof.has_value());
  EXPECT_TRUE(proof->record.empty());
  EXPECT_TRUE(VerifyInclusion(3, 50, proof->leaf, proof->path, proof->head.head.root));
  Fill(*log, 5, 50);
  ASSERT_TRUE(log->SignTreeHead().has_value());
  auto after = log->Verify();
  ASSERT_TRUE(after.has_value());
  EXPECT_TRUE(after->ok());
}

TEST_F(AuditLogTest, ReadOnlyLogRefusesToWriteButVerifiesWithAGivenKey) {
  {
    auto log = Open();
    Fill(*log, 15);
  }
  auto read_only = AuditLog::Open(store_, nullptr, clock_);
  ASSERT_TRUE(read_only.has_value());
  AuditRecord r = SampleRecord(0);
  EXPECT_EQ((*read_only)->Append({&r, 1}).error().code, ErrorCode::kPermissionDenied);
  EXPECT_FALSE((*read_only)->Verify().has_value());  // no key to check heads with
  auto report = (*read_only)->Verify({.key = key_.public_key()});
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok());
  auto wrong = (*read_only)->Verify({.key = testing::TestKey(3).public_key()});
  ASSERT_TRUE(wrong.has_value());
  EXPECT_FALSE(wrong->ok());
}

}  // namespace
}  // namespace qccm::oversight
