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

// The canonical fast path (values used as they are, no tab search) and the slow path
// (normalised, or typed with a tab) give the same results.
TEST_F(LineMatcherTest, CanonicalAndNonCanonicalSpellingsMatchAlike) {
  LineMatchReport report;
  std::string out = Run(
      "198.51.100.1\nipv4\t198.51.100.1\n  198.51.100.1 \t\nEvil.Example\ndomain\tevil.example\n"
      "nosuchtype\t198.51.100.1\nevil.example\n",
      1 << 20, &report);
  EXPECT_EQ(report.matched, 6U) << out;
  EXPECT_EQ(report.bad, 1U);  // the unknown type name
  EXPECT_EQ(report.observables, 6U);
}

// Empty and white-space lines, NUL bytes, bytes >= 0x80, lone CRs and odd percent escapes are
// each handled the same way whether or not the value looked canonical at first sight.
TEST_F(LineMatcherTest, OddBytesAndEscapesAreHandledPredictably) {
  std::string input = std::string("\n \n\t\n\r\n") + std::string("198.51.100.1\0", 13) + "\n" +
                      "\xff\xfe"
                      "198.51.100.1\n" +
                      "198.51.100.1\r\r\n" + "http://evil.example/%7e%41?q=%zz\n" +
                      "http://EVIL.example/a/../b\n" + "http://evil.example/p%2\n" +
                      "evil.example.\n" + "xn--evil.example\n";
  LineMatchReport report;
  std::string whole = Run(input, 1 << 20, &report);
  EXPECT_EQ(Run(input, 3), whole);
  EXPECT_EQ(report.empty, 4U);
  // "198.51.100.1\r\r": only white space is trimmed, \r is white space.
  EXPECT_EQ(report.matched, 2U) << whole;  // that line and "evil.example."
  EXPECT_GE(report.bad, 2U);               // the NUL and the 0xff lines
  // Every URL line was either matched, normalised (counted) or reported: none vanished.
  EXPECT_EQ(report.lines, report.empty + report.observables + report.bad);
}

// Values that need JSON escapes (typed lines take any text) are escaped in the output; control
// characters (which no normaliser lets through) are escaped by AppendJsonString.
TEST(LineMatcherEscapes, OutputIsValidJsonForAnyValue) {
  Matcher matcher;
  IndicatorInput in;
  in.id = "indicator--q";
  in.pattern = "[mutex:name = 'a\"b\\\\c']";
  in.modified = Timestamp::FromSeconds(1);
  ASSERT_EQ(matcher.Add(in).outcome, AddOutcome::kAdded);
  std::string out;
  LineMatcher lines(matcher, {.match = {.now = kNow}}, [&](std::string_view s) { out += s; });
  lines.Feed("mutex\ta\"b\\c\n");
  lines.Finish();
  EXPECT_EQ(out,
            "{\"observable\":{\"type\":\"mutex\",\"value\":\"a\\\"b\\\\c\"},"
            "\"indicators\":[\"indicator--q\"],\"grade\":null}\n");
  std::string plain;
  AppendJsonString(plain, "");
  AppendJsonString(plain, "indicator--1");
  AppendJsonString(plain, "\x1f\\");
  EXPECT_EQ(plain, "\"\"\"indicator--1\"\"\\u001f\\\\\"");
}

// The word-at-a-time scan finds a character to escape at any position and ignores bytes
// >= 0x80 (which pass through as they are).
TEST(LineMatcherEscapes, EveryPositionAndLengthAgreesWithAPlainEscaper) {
  auto plain = [](std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
      auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (u < 0x20) {
        static constexpr char kHex[] = "0123456789abcdef";
        out += "\\u00";
        out += kHex[u >> 4];
        out += kHex[u & 0xF];
      } else {
        out += c;
      }
    }
    return out + "\"";
  };
  for (char special : {'"', '\\', '\x00', '\x1f', '\n', '\x7f', '\x80', '\xff', ' ', '!', '#'}) {
    for (std::size_t length = 1; length <= 20; ++length) {
      for (std::size_t at = 0; at < length; ++at) {
        std::string text(length, 'a');
        text[at] = special;
        std::string out;
        AppendJsonString(out, text);
        ASSERT_EQ(out, plain(text)) << static_cast<int>(special) << " " << length << " " << at;
      }
    }
  }
}

// Many lines (several lookup blocks of the batched, prefetching lookup) with hits, misses,
// values of every exact type and repeated values: each hit is reported once, in input order.
TEST(LineMatcherBatches, EveryHitIsReportedOnceInOrderAcrossBlocks) {
  Matcher matcher;
  std::vector<IndicatorInput> inputs;
  std::vector<std::string> values;
  for (int i = 0; i < 3000; ++i) {
    std::string v;
    switch (i % 4) {
      case 0:
        v = "10." + std::to_string(i / 256 % 256) + "." + std::to_string(i % 256) + ".7";
        inputs.push_back({.id = "indicator--" + std::to_string(i),
                          .pattern = "[ipv4-addr:value = '" + v + "']"});
        break;
      case 1:
        v = "d" + std::to_string(i) + ".example";
        inputs.push_back({.id = "indicator--" + std::to_string(i),
                          .pattern = "[domain-name:value = '" + v + "']"});
        break;
      case 2:
        v = "http://u" + std::to_string(i) + ".example/x";
        inputs.push_back(
            {.id = "indicator--" + std::to_string(i), .pattern = "[url:value = '" + v + "']"});
        break;
      default:
        v = std::string(32 - std::to_string(i).size(), 'a') + std::to_string(i);
        inputs.push_back({.id = "indicator--" + std::to_string(i),
                          .pattern = "[file:hashes.MD5 = '" + v + "']"});
    }
    inputs.back().modified = Timestamp::FromSeconds(1);
    values.push_back(v);
  }
  for (const auto& r : matcher.AddAll(inputs, 2)) ASSERT_EQ(r.outcome, AddOutcome::kAdded);
  std::string input, expected;
  std::size_t hits = 0;
  for (int i = 0; i < 20000; ++i) {
    int k = (i * 7919) % 6000;  // half hits, half misses, repeats
    if (k < 3000) {
      input += values[static_cast<std::size_t>(k)] + "\n";
      expected += "\"indicator--" + std::to_string(k) + "\"";
      ++hits;
    } else {
      input += "miss" + std::to_string(k) + ".example\n";
    }
  }
  std::string out;
  LineMatcher lines(matcher, {.match = {.now = kNow}}, [&](std::string_view s) { out += s; });
  lines.Feed(input);
  lines.Finish();
  EXPECT_EQ(lines.report().matched, hits);
  std::string got;
  for (std::size_t at = out.find("\"indicators\":["); at != std::string::npos;
       at = out.find("\"indicators\":[", at + 1)) {
    std::size_t start = at + 14;
    got += out.substr(start, out.find(']', start) - start);
  }
  EXPECT_EQ(got, expected);
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
