// The qccm commands run in-process (cli::RunWith) against a fresh node in a temp directory.
#include "cli/cli.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/cli_run.h"

namespace qccm::cli {
namespace {

namespace fs = std::filesystem;

using Outcome = test::CliOutcome;

class CliTest : public ::testing::Test {
 protected:
  Outcome Run(std::vector<std::string> args, const std::string& input = "") {
    return test::RunCli(std::move(args), input);
  }

  std::string Write(const std::string& name, const std::string& text) {
    return scratch_.Write(name, text);
  }

  // A node with members ALPHA and BRAVO and a collection ALPHA writes and both read.
  std::string SetUpNode() {
    EXPECT_EQ(Run({"init", "--data", data_}).code, 0);
    EXPECT_EQ(Run({"member", "add", "ALPHA", "--data", data_}).code, 0);
    EXPECT_EQ(Run({"member", "add", "BRAVO", "--data", data_}).code, 0);
    Outcome c = Run({"collection", "add", "Shared", "--read", "ALPHA,BRAVO", "--write", "ALPHA",
                     "--data", data_});
    EXPECT_EQ(c.code, 0) << c.err;
    std::string id = c.out;
    while (!id.empty() && id.back() == '\n') id.pop_back();
    return id;
  }

  test::ScratchDir scratch_{"qccm_cli"};
  fs::path dir_ = scratch_.path();
  std::string data_ = (dir_ / "node").string();
};

const char* kIndicator =
    R"({"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":"2016-04-06T20:03:48.000Z","modified":"2016-04-06T20:03:48.000Z","name":"C2","pattern":"[ipv4-addr:value = '198.51.100.1']","pattern_type":"stix","valid_from":"2016-01-01T00:00:00Z"})";

TEST_F(CliTest, HelpWorksOnEveryCommand) {
  for (std::vector<std::string> args : {std::vector<std::string>{"--help"},
                                        {"init", "--help"},
                                        {"member", "add", "--help"},
                                        {"user", "add", "--help"},
                                        {"token", "create", "--help"},
                                        {"collection", "add", "--help"},
                                        {"collection", "grant", "--help"},
                                        {"import", "--help"},
                                        {"export", "--help"},
                                        {"validate", "--help"},
                                        {"config", "show", "--help"}}) {
    Outcome o = Run(args);
    EXPECT_EQ(o.code, 0) << args[0];
    EXPECT_NE(o.out.find("Usage"), std::string::npos) << args[0] << o.out << o.err;
  }
}

TEST_F(CliTest, CommandsOnAMissingNodeSayRunInit) {
  Outcome o = Run({"member", "list", "--data", data_});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("qccm init"), std::string::npos) << o.err;
}

TEST_F(CliTest, UserPasswordComesFromStdinNeverArgv) {
  SetUpNode();
  Outcome none =
      Run({"user", "add", "alice", "--member", "ALPHA", "--role", "analyst", "--data", data_});
  EXPECT_NE(none.code, 0);
  EXPECT_NE(none.err.find("standard input"), std::string::npos) << none.err;
  Outcome ok = Run(
      {"user", "add", "alice", "--member", "ALPHA", "--role", "analyst,liaison", "--data", data_},
      "correct horse battery\n");
  EXPECT_EQ(ok.code, 0) << ok.err;
  Outcome list = Run({"user", "list", "--data", data_});
  EXPECT_NE(list.out.find("alice"), std::string::npos);
  EXPECT_NE(list.out.find("analyst,liaison"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find("correct horse"), std::string::npos);
  Outcome dup =
      Run({"user", "add", "alice", "--member", "ALPHA", "--role", "analyst", "--data", data_},
          "another password\n");
  EXPECT_EQ(dup.code, 1);
  Outcome bad_role =
      Run({"user", "add", "bob", "--member", "ALPHA", "--role", "wizard", "--data", data_},
          "another password\n");
  EXPECT_NE(bad_role.code, 0);
  EXPECT_NE(bad_role.err.find("wizard"), std::string::npos);
  Outcome bad_member =
      Run({"user", "add", "bob", "--member", "ZULU", "--role", "analyst", "--data", data_},
          "another password\n");
  EXPECT_EQ(bad_member.code, 1);
  EXPECT_NE(bad_member.err.find("ZULU"), std::string::npos);
}

TEST_F(CliTest, ImportKeepsValidObjectsAndReportsRejectedOnes) {
  std::string collection = SetUpNode();
  std::string bad = R"({"type":"indicator","spec_version":"2.1","id":"indicator--not-a-uuid"})";
  std::string file = Write("mixed.ndjson", std::string(kIndicator) + "\n" + bad + "\n");
  Outcome o = Run({"import", file, "--collection", collection, "--as", "ALPHA", "--data", data_});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("1 added"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("1 rejected"), std::string::npos) << o.out;
  EXPECT_NE(o.err.find("object 1"), std::string::npos) << o.err;
  // Importing the same file again changes nothing.
  Outcome again =
      Run({"import", file, "--collection", collection, "--as", "ALPHA", "--data", data_});
  EXPECT_NE(again.out.find("0 added, 1 unchanged"), std::string::npos) << again.out;
  Outcome exported = Run({"export", "--collection", collection, "--data", data_});
  EXPECT_EQ(exported.code, 0) << exported.err;
  EXPECT_NE(exported.out.find("indicator--8e2e2d2b"), std::string::npos);
  EXPECT_NE(exported.out.find("\"type\":\"bundle\""), std::string::npos);
}

TEST_F(CliTest, ImportFailuresNameThePlaceAndStoreNothing) {
  std::string collection = SetUpNode();
  std::string truncated = Write(
      "truncated.json",
      std::string(
          R"({"type":"bundle","id":"bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","objects":[)") +
          kIndicator);
  Outcome o =
      Run({"import", truncated, "--collection", collection, "--as", "ALPHA", "--data", data_});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("truncated.json"), std::string::npos) << o.err;
  Outcome empty = Run({"import", Write("empty.json", ""), "--collection", collection, "--as",
                       "ALPHA", "--data", data_});
  EXPECT_EQ(empty.code, 1);
  EXPECT_NE(empty.err.find("empty"), std::string::npos) << empty.err;
  Outcome directory =
      Run({"import", dir_.string(), "--collection", collection, "--as", "ALPHA", "--data", data_});
  EXPECT_EQ(directory.code, 1);
  EXPECT_NE(directory.err.find("directory"), std::string::npos) << directory.err;
  Outcome no_collection = Run({"import", Write("ok.json", kIndicator), "--collection", "nope",
                               "--as", "ALPHA", "--data", data_});
  EXPECT_EQ(no_collection.code, 1);
  EXPECT_NE(no_collection.err.find("nope"), std::string::npos);
  Outcome no_member = Run({"import", Write("ok2.json", kIndicator), "--collection", collection,
                           "--as", "ZULU", "--data", data_});
  EXPECT_EQ(no_member.code, 1);
  Outcome read_only = Run({"import", Write("ok3.json", kIndicator), "--collection", collection,
                           "--as", "BRAVO", "--data", data_});
  EXPECT_EQ(read_only.code, 1);
  EXPECT_NE(read_only.err.find("may not write"), std::string::npos) << read_only.err;
  Outcome exported = Run({"export", "--collection", collection, "--data", data_});
  EXPECT_EQ(exported.out.find("indicator--"), std::string::npos) << exported.out;
}

TEST_F(CliTest, ValidateExitsOneWithALinePerProblemAndWarningsDoNotFail) {
  std::string good = Write("good.json", kIndicator);
  EXPECT_EQ(Run({"validate", good}).code, 0);
  std::string bad = Write(
      "bad.json",
      R"({"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":"2016-04-06T20:03:48.000Z","modified":"2015-04-06T20:03:48.000Z","pattern":"[ipv4-addr:value = '1.2.3.4'","pattern_type":"stix","valid_from":"2016-01-01T00:00:00Z"})");
  Outcome o = Run({"validate", bad});
  EXPECT_EQ(o.code, 1);
  EXPECT_GE(std::count(o.out.begin(), o.out.end(), '\n'), 2) << o.out;
  EXPECT_NE(o.out.find("bad.json"), std::string::npos);
  std::string custom =
      std::string(QCCM_SHARED_DATA_DIR) + "/stix/validator-test-examples/identity_custom.json";
  Outcome w = Run({"validate", custom});
  EXPECT_EQ(w.code, 0) << w.out;
  EXPECT_NE(w.out.find("warning"), std::string::npos) << w.out;
}

TEST_F(CliTest, CollectionGrantAndRevokeChangeRights) {
  std::string collection = SetUpNode();
  EXPECT_EQ(Run({"collection", "grant", collection, "BRAVO", "--write", "--data", data_}).code, 0);
  Outcome list = Run({"collection", "list", "--data", data_});
  EXPECT_NE(list.out.find("ALPHA,BRAVO  ALPHA,BRAVO"), std::string::npos) << list.out;
  EXPECT_EQ(Run({"collection", "revoke", collection, "BRAVO", "--data", data_}).code, 0);
  list = Run({"collection", "list", "--data", data_});
  EXPECT_NE(list.out.find("ALPHA  ALPHA"), std::string::npos) << list.out;
  EXPECT_EQ(Run({"collection", "grant", "missing", "BRAVO", "--data", data_}).code, 1);
}

TEST_F(CliTest, TokenCreatePrintsASecretOnce) {
  SetUpNode();
  Run({"user", "add", "alice", "--member", "ALPHA", "--role", "analyst", "--data", data_},
      "correct horse battery\n");
  Outcome o = Run({"token", "create", "alice", "--ttl", "30d", "--data", data_});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out.rfind("qccm_", 0), 0u) << o.out;
  EXPECT_NE(Run({"token", "create", "alice", "--ttl", "soon", "--data", data_}).code, 0);
  EXPECT_EQ(Run({"token", "create", "nobody", "--data", data_}).code, 1);
}

}  // namespace
}  // namespace qccm::cli
