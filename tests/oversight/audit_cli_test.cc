// `qccm audit ...` run in-process (cli::RunWith) against a node whose audit log the test
// writes through the library (no command appends records yet: the HTTP routes will).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "oversight/audit_test_util.h"
#include "qccm/oversight/audit_log.h"
#include "qccm/oversight/sqlite_audit_store.h"
#include "support/cli_run.h"

namespace qccm::oversight {
namespace {

namespace fs = std::filesystem;

using Outcome = test::CliOutcome;

class AuditCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(Run({"init"}).code, 0);
    // 50 records, a head signed at the end.
    auto store = OpenSqliteAuditStore(AuditDatabasePath(data_), true);
    ASSERT_TRUE(store.has_value());
    auto key = NodeKey::LoadOrCreate(KeysDirectory(data_));
    ASSERT_TRUE(key.has_value());
    SystemClock clock;
    auto log = AuditLog::Open(**store, &*key, clock);
    ASSERT_TRUE(log.has_value());
    for (std::uint64_t i = 0; i < 50; ++i) {
      AuditRecord r = testing::SampleRecord(i);
      ASSERT_TRUE((*log)->Append({&r, 1}).has_value());
    }
    ASSERT_TRUE((*log)->SignTreeHead().has_value());
    public_key_ = EncodePublicKey(key->public_key());
  }

  Outcome Run(std::vector<std::string> args, const std::string& input = "") {
    return test::RunCli(std::move(args), input, data_);
  }

  std::string Write(const std::string& name, const std::string& text) {
    return scratch_.Write(name, text);
  }

  void Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(AuditDatabasePath(data_).c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }

  static std::size_t Lines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  }

  test::ScratchDir scratch_{"qccm_audit_cli"};
  fs::path dir_ = scratch_.path();
  std::string data_ = (dir_ / "node").string();
  std::string public_key_;
};

TEST_F(AuditCliTest, VerifyPassesOnAGoodLogAndNamesTheTamperedRecord) {
  Outcome good = Run({"audit", "verify"});
  EXPECT_EQ(good.code, 0) << good.out << good.err;
  EXPECT_NE(good.out.find("ok: 50 records"), std::string::npos) << good.out;
  Sql("UPDATE audit_record SET member = 'ZULU' WHERE seq = 17");
  Outcome bad = Run({"audit", "verify"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.out.find("TAMPERED"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("edited at record 17"), std::string::npos) << bad.out;
}

TEST_F(AuditCliTest, VerifyAgainstAnotherKeyFails) {
  Outcome wrong =
      Run({"audit", "verify", "--key", EncodePublicKey(testing::TestKey(4).public_key())});
  EXPECT_EQ(wrong.code, 1);
  EXPECT_NE(wrong.out.find("head_invalid"), std::string::npos) << wrong.out;
  Outcome malformed = Run({"audit", "verify", "--key", "not-a-key"});
  EXPECT_EQ(malformed.code, 2);
}

TEST_F(AuditCliTest, KeyIsPrintedAndItsSecretFileIsPrivate) {
  Outcome key = Run({"audit", "key"});
  ASSERT_EQ(key.code, 0);
  EXPECT_EQ(key.out, public_key_ + "\n");
  struct stat info {};
  ASSERT_EQ(::stat(NodeKey::SecretKeyPath(KeysDirectory(data_)).c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777U, 0600U);
}

TEST_F(AuditCliTest, QueryFiltersAndRefusesMalformedTimeRanges) {
  Outcome bob = Run({"audit", "query", "--user", "bob", "--limit", "5"});
  ASSERT_EQ(bob.code, 0) << bob.err;
  EXPECT_EQ(Lines(bob.out), 5U);
  EXPECT_NE(bob.out.find("\"user\":\"bob\""), std::string::npos);
  EXPECT_NE(bob.err.find("more: --after"), std::string::npos);
  Outcome ranged = Run({"audit", "query", "--since", "2024-05-01T08:00:10Z", "--until",
                        "2024-05-01T08:00:20Z", "--action", "read"});
  ASSERT_EQ(ranged.code, 0) << ranged.err;
  EXPECT_EQ(Lines(ranged.out), 2U);  // 12 and 16: until is exclusive
  Outcome table = Run({"audit", "query", "--member", "ALPHA", "--table", "--limit", "3"});
  ASSERT_EQ(table.code, 0);
  EXPECT_EQ(table.out.rfind("SEQ", 0), 0U) << table.out;
  Outcome reversed =
      Run({"audit", "query", "--since", "2024-05-02T00:00:00Z", "--until", "2024-05-01T00:00:00Z"});
  EXPECT_EQ(reversed.code, 2);
  EXPECT_NE(reversed.err.find("malformed time range"), std::string::npos) << reversed.err;
  Outcome garbage = Run({"audit", "query", "--since", "yesterday"});
  EXPECT_EQ(garbage.code, 2);
  EXPECT_NE(garbage.err.find("--since"), std::string::npos);
  EXPECT_EQ(Run({"audit", "query", "--action", "teleport"}).code, 2);
  EXPECT_EQ(Run({"audit", "verify"}).code, 0);  // nothing changed
}

TEST_F(AuditCliTest, ProofsCheckOfflineWithThePublishedKey) {
  Outcome proof = Run({"audit", "prove", "--record", "7"});
  ASSERT_EQ(proof.code, 0) << proof.err;
  std::string file = Write("proof.json", proof.out);
  std::string key_file = Write("node.pub", public_key_ + "\n");
  Outcome ok = Run({"audit", "check-proof", file, "--key", public_key_});
  EXPECT_EQ(ok.code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("ok: record 7 is in the log of 50 records"), std::string::npos) << ok.out;
  EXPECT_EQ(Run({"audit", "check-proof", file, "--key", key_file}).code, 0);
  EXPECT_EQ(Run({"audit", "check-proof", "-", "--key", public_key_}, proof.out).code, 0);
  std::string forged = proof.out;
  const std::string dora = R"(\"user\":\"dora\")";
  ASSERT_NE(forged.find(dora), std::string::npos) << forged;
  forged.replace(forged.find(dora), dora.size(), R"(\"user\":\"eve\")");
  Outcome bad = Run({"audit", "check-proof", Write("forged.json", forged), "--key", public_key_});
  EXPECT_EQ(bad.code, 1) << bad.out << bad.err;
  EXPECT_NE(bad.out.find("INVALID"), std::string::npos);
  Outcome truncated = Run(
      {"audit", "check-proof", Write("cut.json", proof.out.substr(0, 200)), "--key", public_key_});
  EXPECT_NE(truncated.code, 0);
  Outcome missing = Run({"audit", "prove", "--record", "999"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("no audit record 999"), std::string::npos) << missing.err;
}

TEST_F(AuditCliTest, HeadAndSampleAreStable) {
  Outcome head = Run({"audit", "head"});
  ASSERT_EQ(head.code, 0);
  EXPECT_NE(head.out.find("\"tree_size\":50"), std::string::npos) << head.out;
  Outcome a = Run({"audit", "sample", "--seed", "spot check 1", "--count", "5"});
  Outcome b = Run({"audit", "sample", "--seed", "spot check 1", "--count", "5"});
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_EQ(Lines(a.out), 5U);
  EXPECT_EQ(a.out, b.out);
  Outcome signed_head = Run({"audit", "head", "--sign"});
  ASSERT_EQ(signed_head.code, 0);
  EXPECT_NE(signed_head.out.find("\"tree_size\":50"), std::string::npos);  // nothing new to sign
}

}  // namespace
}  // namespace qccm::oversight
