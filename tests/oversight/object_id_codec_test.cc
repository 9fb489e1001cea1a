// The compact storage form of audit records' object ids (src/oversight/sqlite/object_id_codec.h):
// every id comes back byte for byte, known STIX ids take 17 bytes, the older text form decodes,
// damaged lists are refused; and on audit.db, object queries find ids in both forms and an
// edited byte of a stored list is reported by verify.
#include "oversight/sqlite/object_id_codec.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "oversight/audit_test_util.h"
#include "qccm/oversight/audit_log.h"
#include "qccm/oversight/sqlite_audit_store.h"

namespace qccm::oversight {
namespace {

namespace fs = std::filesystem;

std::span<const unsigned char> Bytes(const std::string& s) {
  return {reinterpret_cast<const unsigned char*>(s.data()), s.size()};
}

const std::vector<std::string> kMixedIds = {
    "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
    "x-mitre-matrix--00000000-0000-4000-8000-000000000000",
    "malware--FFFFFFFF-0000-4000-8000-000000000000",        // upper case: kept as text
    "x-acme-widget--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",  // unknown type: text
    "indicator--7",                                         // not a UUID: text
    std::string(200, 'a'),                                  // a two-byte length
    "identity--ffffffff-ffff-4fff-bfff-ffffffffffff"};

TEST(ObjectIdCodecTest, EveryIdComesBackByteForByte) {
  std::string stored;
  EncodeObjectIds(kMixedIds, stored);
  std::vector<std::string> decoded = {"stale", "values", "to", "reuse", "x", "y", "z", "w", "v"};
  ASSERT_TRUE(DecodeObjectIds(Bytes(stored), decoded));
  EXPECT_EQ(decoded, kMixedIds);
}

TEST(ObjectIdCodecTest, KnownStixIdsTakeSeventeenBytes) {
  std::string stored;
  EncodeObjectIds({"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                   "relationship--00000000-0000-4000-8000-000000000001"},
                  stored);
  EXPECT_EQ(stored.size(), 1U + 2 * 17);
}

TEST(ObjectIdCodecTest, NoIdsIsEmpty) {
  std::string stored = "junk";
  EncodeObjectIds({}, stored);
  EXPECT_TRUE(stored.empty());
  std::vector<std::string> decoded = {"stale"};
  ASSERT_TRUE(DecodeObjectIds(Bytes(stored), decoded));
  EXPECT_TRUE(decoded.empty());
}

TEST(ObjectIdCodecTest, TheOlderTextFormDecodes) {
  std::vector<std::string> decoded;
  ASSERT_TRUE(DecodeObjectIds(Bytes("indicator--1\nmalware--2"), decoded));
  EXPECT_EQ(decoded, (std::vector<std::string>{"indicator--1", "malware--2"}));
}

TEST(ObjectIdCodecTest, DamagedListsAreRefused) {
  std::string stored;
  EncodeObjectIds(kMixedIds, stored);
  std::vector<std::string> decoded;
  for (std::size_t cut = 2; cut < stored.size(); cut += 7) {
    std::string truncated = stored.substr(0, cut);
    std::vector<std::string> ids;
    const bool ok = DecodeObjectIds(Bytes(truncated), ids);
    // A cut that happens to fall between entries decodes to a shorter list; never to more ids.
    if (ok) {
      EXPECT_LT(ids.size(), kMixedIds.size()) << cut;
    }
  }
  EXPECT_FALSE(DecodeObjectIds(Bytes(std::string("\x01\xF0", 2) + std::string(16, 'x')), decoded))
      << "unknown type code";
  EXPECT_FALSE(DecodeObjectIds(Bytes(std::string("\x01\x00\x00", 3)), decoded)) << "empty id";
  EXPECT_FALSE(DecodeObjectIds(Bytes(std::string("\x01\x00\x05"
                                                 "ab",
                                                 5)),
                               decoded))
      << "length past the end";
}

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

TEST(ObjectIdCodecTest, AuditDbFindsIdsInBothFormsAndVerifyCatchesAnEditedByte) {
  fs::path dir = fs::temp_directory_path() / ("qccm_audit_codec_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path db = dir / "audit.db";
  NodeKey key = testing::TestKey();
  FakeClock clock(Timestamp::FromSeconds(1714550400));
  {
    auto store = OpenSqliteAuditStore(db, true);
    ASSERT_TRUE(store.has_value());
    auto log = AuditLog::Open(**store, &key, clock);
    ASSERT_TRUE(log.has_value());
    std::vector<AuditRecord> records;
    for (std::uint64_t i = 0; i < 4; ++i) {
      AuditRecord r = testing::SampleRecord(i);
      r.object_ids = kMixedIds;
      if (i == 2) r.object_ids = {kMixedIds[0]};
      if (i == 3) r.object_ids.clear();
      records.push_back(r);
    }
    ASSERT_TRUE((*log)->AppendOwned(records).has_value());
    ASSERT_TRUE((*log)->SignTreeHead().has_value());
  }
  // Record 1 as a node before the compact form wrote it: text joined by '\n'.
  std::string joined;
  for (const std::string& id : kMixedIds) joined += (joined.empty() ? "" : "\n") + id;
  Sql(db, "UPDATE audit_record SET objects = '" + joined + "' WHERE seq = 1");

  auto store = OpenSqliteAuditStore(db, false);
  ASSERT_TRUE(store.has_value());
  auto log = AuditLog::Open(**store, &key, clock);
  ASSERT_TRUE(log.has_value());
  auto report = (*log)->Verify();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok()) << report->problems[0].message;
  auto seqs = [&](const std::string& id) {
    std::vector<std::uint64_t> out;
    auto page = (*log)->Query({.filter = {.object_id = id}});
    EXPECT_TRUE(page.has_value());
    if (page) {
      for (const AuditRecord& r : page->records) out.push_back(r.seq);
    }
    return out;
  };
  EXPECT_EQ(seqs(kMixedIds[0]), (std::vector<std::uint64_t>{0, 1, 2}));
  EXPECT_EQ(seqs(kMixedIds[2]), (std::vector<std::uint64_t>{0, 1}));
  EXPECT_EQ(seqs(kMixedIds[4]), (std::vector<std::uint64_t>{0, 1}));
  EXPECT_EQ(seqs("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3e"), std::vector<std::uint64_t>{});
  auto page = (*log)->Query({.filter = {.user = "ana"}});
  ASSERT_TRUE(page.has_value());
  ASSERT_FALSE(page->records.empty());
  EXPECT_EQ(page->records[0].object_ids, kMixedIds);

  // One UUID byte of record 2's compact list changed: the record no longer hashes to its leaf.
  Sql(db,
      "UPDATE audit_record SET objects = CAST(substr(objects, 1, 5) || X'AA' || substr(objects, 7) "
      "AS BLOB) "
      "WHERE seq = 2");
  auto edited = (*log)->Verify();
  ASSERT_TRUE(edited.has_value());
  ASSERT_FALSE(edited->ok());
  EXPECT_EQ(edited->problems[0].kind, VerifyProblem::Kind::kEdited);
  EXPECT_EQ(edited->problems[0].index, 2U);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace qccm::oversight
