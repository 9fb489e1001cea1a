// `qccm match` end to end, in-process (cli::RunWith) on a fresh node: rights decide which
// indicators are loaded; output is one NDJSON line per match; bad lines never stop the stream.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/cli_run.h"

namespace qccm::cli {
namespace {

namespace fs = std::filesystem;

using Outcome = test::CliOutcome;

class MatchCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(Run({"init"}).code, 0);
    ASSERT_EQ(Run({"member", "add", "ALPHA"}).code, 0);
    ASSERT_EQ(Run({"member", "add", "BRAVO"}).code, 0);
    Outcome c = Run({"collection", "add", "Shared", "--read", "ALPHA", "--write", "ALPHA"});
    ASSERT_EQ(c.code, 0) << c.err;
    collection_ = c.out.substr(0, c.out.find('\n'));
    std::string bundle =
        R"({"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[)"
        R"({"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":"2016-04-06T20:03:48.000Z","modified":"2016-04-06T20:03:48.000Z","name":"C2","pattern":"[ipv4-addr:value = '198.51.100.1']","pattern_type":"stix","valid_from":"2016-01-01T00:00:00Z"},)"
        R"({"type":"indicator","spec_version":"2.1","id":"indicator--9e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":"2016-04-06T20:03:48.000Z","modified":"2016-04-06T20:03:48.000Z","name":"old","pattern":"[domain-name:value = 'expired.example']","pattern_type":"stix","valid_from":"2016-01-01T00:00:00Z","valid_until":"2017-01-01T00:00:00Z"},)"
        R"({"type":"indicator","spec_version":"2.1","id":"indicator--ae2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":"2016-04-06T20:03:48.000Z","modified":"2016-04-06T20:03:48.000Z","name":"re","pattern":"[url:value MATCHES '^(?=x)']","pattern_type":"stix","valid_from":"2016-01-01T00:00:00Z"})"
        "]}";
    std::ofstream(dir_ / "bundle.json") << bundle;
    Outcome imported = Run(
        {"import", "--collection", collection_, "--as", "ALPHA", (dir_ / "bundle.json").string()});
    ASSERT_EQ(imported.code, 0) << imported.err;
  }

  Outcome Run(std::vector<std::string> args, const std::string& input = "") {
    return test::RunCli(std::move(args), input, data_);
  }

  test::ScratchDir scratch_{"qccm_match"};
  fs::path dir_ = scratch_.path();
  std::string data_ = (dir_ / "node").string();
  std::string collection_;
};

TEST_F(MatchCliTest, MatchesReadableIndicatorsAndReportsBadLines) {
  Outcome o = Run({"match", "--as", "ALPHA"},
                  "198.51.100.1\n010.1.1.1\n\n\xff\xfe\x01garbage\nexpired.example\n8.8.8.8\n");
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out,
            "{\"observable\":{\"type\":\"ipv4\",\"value\":\"198.51.100.1\"},\"indicators\":["
            "\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\"],\"grade\":null}\n");
  EXPECT_NE(o.err.find("loaded 2 indicators"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("unsupported: indicator--ae2e2d2b"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("bad line 2: leading zero"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("2 bad"), std::string::npos) << o.err;
}

TEST_F(MatchCliTest, AMemberWithoutTheReadRightMatchesNothing) {
  Outcome o = Run({"match", "--as", "BRAVO"}, "198.51.100.1\n");
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "");
  EXPECT_NE(o.err.find("loaded 0 indicators"), std::string::npos) << o.err;
}

TEST_F(MatchCliTest, ReadsFilesAndHonoursNow) {
  std::ofstream(dir_ / "in.txt") << "expired.example\n";
  Outcome o =
      Run({"match", "--as", "ALPHA", "--now", "2016-06-01T00:00:00Z", (dir_ / "in.txt").string()});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("indicator--9e2e2d2b"), std::string::npos) << o.out << o.err;
  Outcome missing = Run({"match", "--as", "ALPHA", (dir_ / "nope.txt").string()});
  EXPECT_NE(missing.code, 0);
  EXPECT_NE(missing.err.find("cannot open"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace qccm::cli
