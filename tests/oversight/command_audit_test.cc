// Administrative CLI commands leave records in the node's audit log (cli::RunWith, the binary's
// own entry point, on a fresh node): member add, user add, token create and revoke, collection
// add, grant and revoke, export, review renew, hold add and release; each with its action,
// outcome, collection, ids or query; a failed attempt with its failure outcome; and the log
// still verifies.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "qccm/oversight/audit_log.h"
#include "qccm/oversight/sqlite_audit_store.h"
#include "support/cli_run.h"

namespace qccm::oversight {
namespace {

namespace fs = std::filesystem;

using Outcome = test::CliOutcome;

constexpr char kIndicator[] =
    R"({"type":"bundle","id":"bundle--6f1b7c8e-3c44-4b6a-9d0e-111111111111","objects":[)"
    R"({"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",)"
    R"("created":"2024-03-01T10:00:00.000Z","modified":"2024-03-01T10:00:00.000Z","name":"C2",)"
    R"("pattern":"[ipv4-addr:value = '10.0.0.1']","pattern_type":"stix",)"
    R"("valid_from":"2024-03-01T10:00:00Z"}]})";

class CommandAuditTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(Run({"init"}).code, 0); }

  Outcome Run(std::vector<std::string> args, const std::string& input = "") {
    return test::RunCli(std::move(args), input, data_);
  }

  // Every record in the node's log, in order.
  std::vector<AuditRecord> Records() {
    auto store = OpenSqliteAuditStore(AuditDatabasePath(data_), false);
    EXPECT_TRUE(store.has_value());
    if (!store) return {};
    SystemClock clock;
    auto log = AuditLog::Open(**store, nullptr, clock);
    EXPECT_TRUE(log.has_value());
    if (!log) return {};
    auto page = (*log)->Query({.limit = 10000});
    EXPECT_TRUE(page.has_value());
    return page ? page->records : std::vector<AuditRecord>{};
  }

  // The records appended by `args` (run here), checked to be exactly `count`.
  std::vector<AuditRecord> RecordsOf(const std::vector<std::string>& args, int expected_code,
                                     std::size_t count = 1, const std::string& input = "") {
    const std::size_t before = Records().size();
    Outcome o = Run(args, input);
    EXPECT_EQ(o.code, expected_code) << args[0] << " " << args[1] << ": " << o.err;
    std::vector<AuditRecord> all = Records();
    EXPECT_EQ(all.size(), before + count) << args[0] << " " << args[1];
    if (all.size() < before) return {};
    return {all.begin() + static_cast<std::ptrdiff_t>(before), all.end()};
  }

  test::ScratchDir scratch_{"qccm_command_audit"};
  fs::path dir_ = scratch_.path();
  std::string data_ = (dir_ / "node").string();
};

TEST_F(CommandAuditTest, AdministrativeCommandsAreRecordedWithTheirOutcome) {
  auto member = RecordsOf({"member", "add", "Alpha agency", "--code", "ALPHA"}, 0);
  ASSERT_EQ(member.size(), 1U);
  EXPECT_EQ(member[0].user, "cli");
  EXPECT_EQ(member[0].action, AuditAction::kMemberChange);
  EXPECT_EQ(member[0].outcome, AuditOutcome::kOk);
  EXPECT_NE(member[0].query.find("ALPHA"), std::string::npos);
  EXPECT_EQ(member[0].request_id.rfind("cli-", 0), 0U);
  ASSERT_EQ(Run({"member", "add", "Bravo", "--code", "BRAVO"}).code, 0);

  auto twice = RecordsOf({"member", "add", "Alpha again", "--code", "ALPHA"}, 1);
  ASSERT_EQ(twice.size(), 1U);
  EXPECT_EQ(twice[0].action, AuditAction::kMemberChange);
  EXPECT_EQ(twice[0].outcome, AuditOutcome::kInvalid);  // already exists

  auto user = RecordsOf({"user", "add", "ana", "--member", "ALPHA", "--role", "admin,analyst"}, 0,
                        1, "a-long-password-1\n");
  ASSERT_EQ(user.size(), 1U);
  EXPECT_EQ(user[0].action, AuditAction::kUserChange);
  EXPECT_EQ(user[0].member, "ALPHA");
  EXPECT_EQ(user[0].query.find("a-long-password-1"), std::string::npos);
  auto no_member = RecordsOf({"user", "add", "bob", "--member", "NOPE", "--role", "analyst"}, 1, 1,
                             "a-long-password-2\n");
  ASSERT_EQ(no_member.size(), 1U);
  EXPECT_EQ(no_member[0].outcome, AuditOutcome::kNotFound);

  const std::size_t before_token = Records().size();
  Outcome token = Run({"token", "create", "ana", "--label", "sync"});
  ASSERT_EQ(token.code, 0) << token.err;
  std::vector<AuditRecord> after_token = Records();
  ASSERT_EQ(after_token.size(), before_token + 1);
  EXPECT_EQ(after_token.back().action, AuditAction::kUserChange);
  const std::string secret = token.out.substr(0, token.out.find('\n'));
  ASSERT_FALSE(secret.empty());
  EXPECT_EQ(after_token.back().query.find(secret), std::string::npos) << "the secret leaked";
  auto revoke = RecordsOf({"token", "revoke", "999"}, 1);
  ASSERT_EQ(revoke.size(), 1U);
  EXPECT_NE(revoke[0].outcome, AuditOutcome::kOk);

  const std::size_t before_collection = Records().size();
  Outcome added = Run(
      {"collection", "add", "Shared", "--alias", "shared", "--read", "ALPHA", "--write", "ALPHA"});
  ASSERT_EQ(added.code, 0) << added.err;
  const std::string collection = added.out.substr(0, added.out.find('\n'));
  std::vector<AuditRecord> after_collection = Records();
  ASSERT_EQ(after_collection.size(), before_collection + 1);
  EXPECT_EQ(after_collection.back().action, AuditAction::kCollectionChange);
  EXPECT_EQ(after_collection.back().collection, collection);

  auto grant = RecordsOf({"collection", "grant", "shared", "BRAVO", "--read"}, 0);
  ASSERT_EQ(grant.size(), 1U);
  EXPECT_EQ(grant[0].action, AuditAction::kRightsChange);
  EXPECT_EQ(grant[0].collection, collection);
  EXPECT_EQ(grant[0].owners, std::vector<std::string>{"BRAVO"});
  auto revoke_right = RecordsOf({"collection", "revoke", "shared", "BRAVO"}, 0);
  ASSERT_EQ(revoke_right.size(), 1U);
  EXPECT_EQ(revoke_right[0].action, AuditAction::kRightsChange);
  auto bad_grant = RecordsOf({"collection", "grant", "shared", "NOPE"}, 1);
  ASSERT_EQ(bad_grant.size(), 1U);
  EXPECT_NE(bad_grant[0].outcome, AuditOutcome::kOk);

  const std::string bundle = (dir_ / "bundle.json").string();
  std::ofstream(bundle) << kIndicator;
  ASSERT_EQ(Run({"import", bundle, "--collection", "shared", "--as", "ALPHA"}).code, 0);
  auto exported = RecordsOf({"export", "--collection", "shared", "--as", "ALPHA"}, 0);
  ASSERT_EQ(exported.size(), 1U);
  EXPECT_EQ(exported[0].action, AuditAction::kExport);
  EXPECT_EQ(exported[0].member, "ALPHA");
  EXPECT_EQ(exported[0].collection, collection);
  EXPECT_EQ(exported[0].object_ids,
            std::vector<std::string>{"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"});
  EXPECT_EQ(exported[0].owners, std::vector<std::string>{"ALPHA"});
  auto denied = RecordsOf({"export", "--collection", "shared", "--as", "BRAVO"}, 1);
  ASSERT_EQ(denied.size(), 1U);
  EXPECT_EQ(denied[0].outcome, AuditOutcome::kDenied);
  EXPECT_TRUE(denied[0].object_ids.empty());

  auto hold = RecordsOf({"hold", "add", "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                         "--reason", "order 12/2026", "--as", "ana"},
                        0);
  ASSERT_EQ(hold.size(), 1U);
  EXPECT_EQ(hold[0].action, AuditAction::kRetentionChange);
  EXPECT_EQ(hold[0].user, "ana");
  EXPECT_EQ(hold[0].member, "ALPHA");
  auto release = RecordsOf({"hold", "release", "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                            "--reason", "order lifted", "--as", "ana"},
                           0);
  ASSERT_EQ(release.size(), 1U);
  EXPECT_EQ(release[0].outcome, AuditOutcome::kOk);
  // No review task on an indicator (no personal data): the refused renewal is recorded.
  auto renew = RecordsOf({"review", "renew", "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                          "--reason", "still needed", "--as", "ana"},
                         1);
  ASSERT_EQ(renew.size(), 1U);
  EXPECT_EQ(renew[0].action, AuditAction::kRetentionChange);
  EXPECT_NE(renew[0].outcome, AuditOutcome::kOk);

  // Seen by the audit commands: the query by action, and verify.
  Outcome query = Run({"audit", "query", "--action", "rights_change"});
  ASSERT_EQ(query.code, 0) << query.err;
  EXPECT_NE(query.out.find("\"action\":\"rights_change\""), std::string::npos);
  Outcome object = Run({"audit", "query", "--object",
                        "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "--action", "export"});
  ASSERT_EQ(object.code, 0) << object.err;
  EXPECT_NE(object.out.find("\"member\":\"ALPHA\""), std::string::npos) << object.out;
  Outcome verify = Run({"audit", "verify"});
  EXPECT_EQ(verify.code, 0) << verify.out << verify.err;
}

TEST_F(CommandAuditTest, ImportLeavesOneWriteRecordPerFileWithItsOutcome) {
  ASSERT_EQ(Run({"member", "add", "ALPHA"}).code, 0);
  ASSERT_EQ(Run({"member", "add", "BRAVO"}).code, 0);
  Outcome added = Run(
      {"collection", "add", "Shared", "--alias", "shared", "--read", "ALPHA", "--write", "ALPHA"});
  ASSERT_EQ(added.code, 0) << added.err;
  const std::string collection = test::FirstLine(added.out);
  const std::string bundle = scratch_.Write("bundle.json", kIndicator);
  const std::string missing = (dir_ / "missing.json").string();

  // One good file and one that cannot be read: two records, the command fails.
  auto both =
      RecordsOf({"import", bundle, missing, "--collection", "shared", "--as", "ALPHA"}, 1, 2);
  ASSERT_EQ(both.size(), 2U);
  EXPECT_EQ(both[0].action, AuditAction::kWrite);
  EXPECT_EQ(both[0].outcome, AuditOutcome::kOk);
  EXPECT_EQ(both[0].member, "ALPHA");
  EXPECT_EQ(both[0].collection, collection);
  EXPECT_EQ(both[0].owners, std::vector<std::string>{"ALPHA"});
  EXPECT_NE(both[0].query.find(bundle), std::string::npos) << both[0].query;
  EXPECT_NE(both[0].query.find("1 added"), std::string::npos) << both[0].query;
  EXPECT_NE(both[1].outcome, AuditOutcome::kOk);
  EXPECT_NE(both[1].query.find(missing), std::string::npos) << both[1].query;
  EXPECT_EQ(both[0].request_id, both[1].request_id);  // one command, one request id

  // The same file again: stored nothing new, still recorded.
  auto again = RecordsOf({"import", bundle, "--collection", "shared", "--as", "ALPHA"}, 0);
  ASSERT_EQ(again.size(), 1U);
  EXPECT_NE(again[0].query.find("1 unchanged"), std::string::npos) << again[0].query;

  // A member without the write right is refused, and the attempt is recorded as denied or not
  // found (the collection's existence is not revealed to a member that may not read it).
  auto refused = RecordsOf({"import", bundle, "--collection", "shared", "--as", "BRAVO"}, 1);
  ASSERT_EQ(refused.size(), 1U);
  EXPECT_NE(refused[0].outcome, AuditOutcome::kOk);
  EXPECT_EQ(refused[0].member, "BRAVO");

  Outcome verify = Run({"audit", "verify"});
  EXPECT_EQ(verify.code, 0) << verify.out << verify.err;
}

TEST_F(CommandAuditTest, ListingCommandsAndUsageErrorsLeaveNoRecord) {
  ASSERT_EQ(Run({"member", "add", "Alpha", "--code", "ALPHA"}).code, 0);
  const std::size_t before = Records().size();
  EXPECT_EQ(Run({"member", "list"}).code, 0);
  EXPECT_EQ(Run({"collection", "list"}).code, 0);
  EXPECT_NE(Run({"member", "add"}).code, 0);  // refused by the parser: nothing was attempted
  EXPECT_EQ(Records().size(), before);
}

}  // namespace
}  // namespace qccm::oversight
