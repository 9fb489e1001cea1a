// LineMatcher: line splitting across chunks, typed lines, SCO and observed-data lines, and
// every kind of bad input (empty lines, undetectable values, invalid values, binary garbage,
// overlong lines, bad JSON) counted and reported without stopping the stream.
#include "qccm/matching/line_matcher.h"

#include <gtest/gtest.h>

#include <random>

namespace qccm::matching {
namespace {

constexpr Timestamp kNow = Timestamp::FromSeconds(1700000000);

class LineMatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto [id, pattern] : std::vector<std::pair<std::string, std::string>>{
             {"ip", "[ipv4-addr:value = '198.51.100.1']"},
             {"dom", "[domain-name:value = 'evil.example']"},
             {"mutex", "[mutex:name = 'Global\\\\evil']"},
             {"file",
              "[file:hashes.MD5 = '001dd76872d80801692ff942308c64e6' AND file:name = 'a.exe']"},
             {"seq",
              "[ipv4-addr:value = '198.51.100.1'] FOLLOWEDBY [domain-name:value = "
              "'evil.example']"}}) {
      IndicatorInput in;
      in.id = "indicator--" + id;
      in.pattern = pattern;
      in.modified = Timestamp::FromSeconds(1);
      ASSERT_EQ(matcher_.Add(in).outcome, AddOutcome::kAdded);
    }
  }
  std::string Run(const std::string& input, std::size_t chunk, LineMatchReport* report = nullptr) {
    std::string out;
    LineMatcher lines(matcher_, {.match = {.now = kNow}}, [&](std::string_view s) { out += s; });
    for (std::size_t i = 0; i < input.size(); i += chunk) {
      lines.Feed(std::string_view(input).substr(i, chunk));
    }
    lines.Finish();
    if (report != nullptr) *report = lines.report();
    return out;
  }
  Matcher matcher_;
};

TEST_F(LineMatcherTest, WritesOneLinePerMatchAndNothingForMisses) {
  std::string out = Run("198.51.100.1\r\n8.8.8.8\nEVIL.example.\n", 1 << 20);
  EXPECT_EQ(out,
            "{\"observable\":{\"type\":\"ipv4\",\"value\":\"198.51.100.1\"},\"indicators\":["
            "\"indicator--ip\"],\"grade\":null}\n"
            "{\"observable\":{\"type\":\"domain\",\"value\":\"evil.example\"},\"indicators\":["
            "\"indicator--dom\"],\"grade\":null}\n");
}

TEST_F(LineMatcherTest, ChunkBoundariesDoNotMatter) {
  std::string input = "198.51.100.1\n\nmutex\tGlobal\\evil\nevil.example";  // no final newline
  std::string whole = Run(input, 1 << 20);
  EXPECT_EQ(Run(input, 1), whole);
  EXPECT_EQ(Run(input, 7), whole);
  EXPECT_NE(whole.find("\"value\":\"Global\\\\evil\""), std::string::npos) << whole;
}

TEST_F(LineMatcherTest, BadLinesAreCountedWithLineNumbersAndNeverStopTheStream) {
  std::string garbage;
  std::mt19937 rng(3);
  for (int i = 0; i < 4000; ++i) garbage += static_cast<char>(rng() % 256);
  std::string input = "010.1.1.1\n\nfe80::1%eth0\n" + std::string(31, 'a') + "\nnosuchtype\tx\n" +
                      "{not json\n" + garbage + "\n" + std::string(kMaxLineBytes + 10, 'x') +
                      "\n020 123 4567\n198.51.100.1\n";
  LineMatchReport report;
  std::string out = Run(input, 4096, &report);
  EXPECT_NE(out.find("indicator--ip"), std::string::npos);  // the last line still matched
  EXPECT_EQ(report.empty, 1U);
  EXPECT_GE(report.bad, 8U);
  ASSERT_EQ(report.first_errors.size(), 5U);
  EXPECT_NE(report.first_errors[0].find("line 1: leading zero"), std::string::npos)
      << report.first_errors[0];
  EXPECT_NE(report.first_errors[1].find("line 3: IPv6 zone id"), std::string::npos)
      << report.first_errors[1];
  EXPECT_NE(report.first_errors[2].find("line 4: cannot tell"), std::string::npos)
      << report.first_errors[2];
  EXPECT_EQ(report.matched, 1U);
}

TEST_F(LineMatcherTest, ScoLinesMatchCompoundTerms) {
  LineMatchReport report;
  std::string out = Run(
      R"({"type":"file","id":"file--1","hashes":{"MD5":"001dd76872d80801692ff942308c64e6"},"name":"a.exe"})"
      "\n",
      1 << 20, &report);
  EXPECT_NE(out.find("\"object\":\"file--1\""), std::string::npos) << out;
  EXPECT_NE(out.find("indicator--file"), std::string::npos) << out;
  EXPECT_EQ(report.objects, 1U);
}

TEST_F(LineMatcherTest, ObservedDataLinesFeedTheStreamEvaluator) {
  std::string a =
      R"({"type":"observed-data","id":"observed-data--a","first_observed":"2020-01-01T00:00:00Z","last_observed":"2020-01-01T00:00:00Z","number_observed":1,"objects":{"0":{"type":"ipv4-addr","value":"198.51.100.1"}}})";
  std::string b =
      R"({"type":"observed-data","id":"observed-data--b","first_observed":"2020-01-01T00:01:00Z","last_observed":"2020-01-01T00:01:00Z","number_observed":1,"objects":{"0":{"type":"domain-name","value":"evil.example"}}})";
  std::string out = Run(a + "\n" + b + "\n", 1 << 20);
  EXPECT_NE(out.find("{\"observation\":\"observed-data--a\",\"indicators\":[\"indicator--ip\"],"
                     "\"sequence_indicators\":[]"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("{\"observation\":\"observed-data--b\",\"indicators\":[\"indicator--dom\"],"
                     "\"sequence_indicators\":[\"indicator--seq\"]"),
            std::string::npos)
      << out;
}

TEST_F(LineMatcherTest, BatchFunctionForTheApi) {
  std::vector<std::string> values = {"198.51.100.1", "bad value", "8.8.8.8"};
  auto results = MatchValues(matcher_, values, {.match = {.now = kNow}});
  ASSERT_EQ(results.size(), 3U);
  EXPECT_EQ(results[0].indicators, std::vector<std::string>{"indicator--ip"});
  EXPECT_FALSE(results[1].error.empty());
  EXPECT_TRUE(results[2].observable.has_value());
  EXPECT_TRUE(results[2].indicators.empty());
}

}  // namespace
}  // namespace qccm::matching
