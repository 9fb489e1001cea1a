// The retention commands run in-process (cli::RunWith) against a fresh node: collection purpose
// and review period, review list and renew (reason required), holds, purge (dry run, as-of,
// idempotent, refused under hold), tombstones, and an audit log that still verifies.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/cli_run.h"

namespace qccm::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPerson = "identity--6a1e3a2c-3b1e-4a59-9d0f-6c1b7d3e9a01";
constexpr const char* kEmail = "email-addr--6a1e3a2c-3b1e-4a59-9d0f-6c1b7d3e9a04";
constexpr const char* kLater = "2099-01-01T00:00:00Z";  // past every review date

using Outcome = test::CliOutcome;

class RetentionCliTest : public ::testing::Test {
 protected:
  Outcome Run(std::vector<std::string> args, const std::string& input = "") {
    return test::RunCli(std::move(args), input, data_);
  }

  // ALPHA and BRAVO, an admin and an analyst of ALPHA, an admin of BRAVO, a collection with a
  // 30-day review period holding a person and an e-mail address submitted by ALPHA.
  void SetUpNode() {
    ASSERT_EQ(Run({"init"}).code, 0);
    ASSERT_EQ(Run({"member", "add", "ALPHA"}).code, 0);
    ASSERT_EQ(Run({"member", "add", "BRAVO"}).code, 0);
    ASSERT_EQ(
        Run({"user", "add", "aadmin", "--member", "ALPHA", "--role", "admin"}, "pw-1234567\n").code,
        0);
    ASSERT_EQ(
        Run({"user", "add", "aana", "--member", "ALPHA", "--role", "analyst"}, "pw-1234567\n").code,
        0);
    ASSERT_EQ(
        Run({"user", "add", "badmin", "--member", "BRAVO", "--role", "admin"}, "pw-1234567\n").code,
        0);
    Outcome c = Run({"collection", "add", "Leads", "--read", "ALPHA,BRAVO", "--write",
                     "ALPHA,BRAVO", "--purpose", "CT leads", "--review-days", "30"});
    ASSERT_EQ(c.code, 0) << c.err;
    collection_ = c.out.substr(0, c.out.find('\n'));
    fs::path file = dir_ / "people.json";
    std::ofstream(file)
        << R"({"type":"bundle","id":"bundle--6a1e3a2c-3b1e-4a59-9d0f-6c1b7d3e9a00","objects":[)"
        << R"({"type":"identity","spec_version":"2.1","id":")" << kPerson
        << R"(","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",)"
        << R"("name":"Jane Example","identity_class":"individual"},)"
        << R"({"type":"email-addr","spec_version":"2.1","id":")" << kEmail
        << R"(","value":"jane@example.org"}]})";
    Outcome imported = Run({"import", file.string(), "--collection", collection_, "--as", "ALPHA"});
    ASSERT_EQ(imported.code, 0) << imported.err;
  }

  test::ScratchDir scratch_{"qccm_retention_cli"};
  fs::path dir_ = scratch_.path();
  std::string data_ = (dir_ / "node").string();
  std::string collection_;
};

TEST_F(RetentionCliTest, CollectionAddKeepsItsExistingFormAndRefusesABadPolicy) {
  ASSERT_EQ(Run({"init"}).code, 0);
  ASSERT_EQ(Run({"member", "add", "ALPHA"}).code, 0);
  Outcome plain = Run({"collection", "add", "Plain", "--read", "ALPHA", "--write", "ALPHA"});
  EXPECT_EQ(plain.code, 0) << plain.err;
  Outcome bad = Run({"collection", "add", "Bad", "--purpose", "x", "--review-days", "-3"});
  EXPECT_NE(bad.code, 0);
  EXPECT_NE(bad.err.find("--review-days"), std::string::npos) << bad.err;
  Outcome list = Run({"collection", "list"});
  EXPECT_EQ(list.out.find("Bad"), std::string::npos) << "a refused policy created a collection";
}

TEST_F(RetentionCliTest, ReviewListShowsTheMembersPersonalDataWithItsReviewDate) {
  SetUpNode();
  Outcome list = Run({"review", "list", "--member", "ALPHA"});
  ASSERT_EQ(list.code, 0) << list.err;
  EXPECT_NE(list.out.find(kPerson), std::string::npos) << list.out;
  EXPECT_NE(list.out.find(kEmail), std::string::npos) << list.out;
  Outcome as_user = Run({"review", "list", "--as", "aana"});
  ASSERT_EQ(as_user.code, 0) << as_user.err;
  EXPECT_NE(as_user.out.find(kPerson), std::string::npos) << as_user.out;
  Outcome neither = Run({"review", "list"});
  EXPECT_NE(neither.code, 0);
  Outcome bravo = Run({"review", "list", "--member", "BRAVO"});
  ASSERT_EQ(bravo.code, 0);
  EXPECT_EQ(bravo.out.find(kPerson), std::string::npos) << bravo.out;
}

TEST_F(RetentionCliTest, RenewNeedsAReasonAndTheOwnersUser) {
  SetUpNode();
  Outcome empty = Run({"review", "renew", kPerson, "--reason", "", "--as", "aana"});
  EXPECT_NE(empty.code, 0);
  EXPECT_NE(empty.err.find("a reason is required"), std::string::npos) << empty.err;
  Outcome missing = Run({"review", "renew", kPerson, "--as", "aana"});
  EXPECT_NE(missing.code, 0);
  EXPECT_NE(missing.err.find("--reason"), std::string::npos) << missing.err;
  Outcome other = Run({"review", "renew", kPerson, "--reason", "ours now", "--as", "badmin"});
  EXPECT_NE(other.code, 0);
  EXPECT_NE(other.err.find("no open review task"), std::string::npos) << other.err;
  Outcome ok = Run({"review", "renew", kPerson, "--reason", "case 42", "--as", "aana"});
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.out.find("renewed " + std::string(kPerson)), std::string::npos) << ok.out;
  Outcome list = Run({"review", "list", "--member", "ALPHA"});
  EXPECT_NE(list.out.find("  1  "), std::string::npos) << "one renewal listed: " << list.out;
}

TEST_F(RetentionCliTest, PurgeRespectsHoldsLeavesTombstonesAndIsIdempotent) {
  SetUpNode();
  Outcome hold_missing = Run({"hold", "add", "identity--6a1e3a2c-3b1e-4a59-9d0f-6c1b7d3e9aff",
                              "--reason", "order 1", "--as", "aadmin"});
  EXPECT_NE(hold_missing.code, 0);
  EXPECT_NE(hold_missing.err.find("no object"), std::string::npos) << hold_missing.err;
  Outcome held = Run({"hold", "add", kPerson, "--reason", "order 1", "--as", "aadmin"});
  ASSERT_EQ(held.code, 0) << held.err;

  Outcome early = Run({"purge", kPerson, "--reason", "done", "--as", "aadmin"});
  EXPECT_NE(early.code, 0);
  EXPECT_NE(early.err.find("legal hold"), std::string::npos) << early.err;

  Outcome dry = Run({"purge", "--dry-run", "--as-of", kLater});
  ASSERT_EQ(dry.code, 0) << dry.err;
  EXPECT_NE(dry.out.find("would purge " + std::string(kEmail)), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("held " + std::string(kPerson)), std::string::npos) << dry.out;

  Outcome purged = Run({"purge", "--as-of", kLater});
  ASSERT_EQ(purged.code, 0) << purged.err;
  EXPECT_NE(purged.out.find("purged 1, held 1"), std::string::npos) << purged.out;
  Outcome again = Run({"purge", "--as-of", kLater});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.out.find("purged 0, held 1"), std::string::npos) << again.out;

  Outcome exported = Run({"export", "--collection", collection_, "--as", "ALPHA"});
  EXPECT_EQ(exported.out.find(kEmail), std::string::npos) << "purged content exported";
  EXPECT_NE(exported.out.find(kPerson), std::string::npos) << "held content lost";

  Outcome tombstones = Run({"review", "tombstones"});
  ASSERT_EQ(tombstones.code, 0);
  EXPECT_NE(tombstones.out.find(kEmail), std::string::npos) << tombstones.out;
  EXPECT_EQ(tombstones.out.find("jane@example.org"), std::string::npos) << tombstones.out;

  Outcome audit = Run({"audit", "verify"});
  EXPECT_EQ(audit.code, 0) << audit.out << audit.err;
  EXPECT_EQ(audit.out.rfind("ok: ", 0), 0U) << audit.out;
  // One purge record (the administrative commands above leave records of their own).
  Outcome purges = Run({"audit", "query", "--action", "purge"});
  ASSERT_EQ(purges.code, 0) << purges.err;
  EXPECT_EQ(std::count(purges.out.begin(), purges.out.end(), '\n'), 1) << purges.out;

  ASSERT_EQ(Run({"hold", "release", kPerson, "--reason", "case closed", "--as", "aadmin"}).code, 0);
  Outcome last = Run({"purge", "--as-of", kLater});
  EXPECT_NE(last.out.find("purged 1, held 0"), std::string::npos) << last.out;
}

TEST_F(RetentionCliTest, AuditRetentionMustOutliveDataAndKeepsTheLogVerifiable) {
  SetUpNode();
  ASSERT_EQ(Run({"purge", "--as-of", kLater}).code, 0);  // one purge record
  Outcome shorter =
      Run({"purge", "--audit", "--as-of", kLater, "--set", "retention.audit_retention_days=100"});
  EXPECT_NE(shorter.code, 0);
  EXPECT_NE(shorter.err.find("must be longer than retention.data_review_days"), std::string::npos)
      << shorter.err;
  Outcome audit = Run({"purge", "--audit", "--as-of", kLater});
  ASSERT_EQ(audit.code, 0) << audit.err;
  EXPECT_NE(audit.out.find("content erased up to seq"), std::string::npos) << audit.out;
  Outcome verify = Run({"audit", "verify"});
  EXPECT_EQ(verify.code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("purged)"), std::string::npos) << verify.out;
  EXPECT_EQ(verify.out.find("(0 purged)"), std::string::npos) << verify.out;
}

}  // namespace
}  // namespace qccm::cli
