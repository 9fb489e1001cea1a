// ParsePattern on valid patterns: the canonical text of every operator, qualifier, constant
// kind and path form, and the AST the matcher and correlation will read.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "qccm/stix/pattern.h"

namespace qccm::stix {
namespace {

std::string Canonical(std::string_view text) {
  auto parsed = ParsePattern(text);
  if (!parsed) return "ERROR: " + parsed.error().ToString();
  return ToString(*parsed);
}

struct ValidCase {
  const char* text;
  const char* canonical;  // nullptr: same as text
};

void ExpectCanonical(const std::vector<ValidCase>& cases) {
  for (const ValidCase& c : cases) {
    const std::string expected = c.canonical != nullptr ? c.canonical : c.text;
    EXPECT_EQ(Canonical(c.text), expected) << "pattern: " << c.text;
    // The canonical text is a fixed point.
    EXPECT_EQ(Canonical(expected), expected) << "pattern: " << expected;
  }
}

TEST(PatternParseTest, PrintsEveryComparisonOperatorCanonically) {
  ExpectCanonical({
      {"[ipv4-addr:value = '198.51.100.1']", nullptr},
      {"[ ipv4-addr:value='10.0.0.0' ]", "[ipv4-addr:value = '10.0.0.0']"},
      {"[file:name == 'a']", "[file:name = 'a']"},
      {"[file:name != 'a']", nullptr},
      {"[file:name <> 'a']", "[file:name != 'a']"},
      {"[file:size < 5]", nullptr},
      {"[file:size <= 5]", nullptr},
      {"[file:size > 5]", nullptr},
      {"[file:size >= 5]", nullptr},
      {"[file:name IN ('a', 'b')]", nullptr},
      {"[file:size IN (1,2 ,3)]", "[file:size IN (1, 2, 3)]"},
      {"[file:size IN ()]", nullptr},
      {"[file:name LIKE 'setup%.exe']", nullptr},
      {"[file:name MATCHES '^setup[0-9]+\\\\.exe$']", nullptr},
      {"[network-traffic:dst_ref.value ISSUBSET '10.0.0.0/8']", nullptr},
      {"[network-traffic:dst_ref.value ISSUPERSET '10.1.2.0/24']", nullptr},
      {"[EXISTS windows-registry-key:values]", nullptr},
      {"[NOT EXISTS file:name]", nullptr},
  });
}

TEST(PatternParseTest, PrintsNegatedOperatorsWithNotBeforeTheOperator) {
  ExpectCanonical({
      {"[file:name NOT = 'a']", nullptr},
      {"[file:name NOT != 'a']", nullptr},
      {"[file:size NOT < 5]", nullptr},
      {"[file:size NOT >= 5]", nullptr},
      {"[file:name NOT IN ('a')]", nullptr},
      {"[file:name NOT LIKE 'a%']", nullptr},
      {"[file:name NOT MATCHES 'a+']", nullptr},
      {"[network-traffic:dst_ref.value NOT ISSUBSET '10.0.0.0/8']", nullptr},
      {"[network-traffic:dst_ref.value NOT ISSUPERSET '10.0.0.0/8']", nullptr},
  });
}

TEST(PatternParseTest, PrintsEveryPathForm) {
  ExpectCanonical({
      {"[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]", nullptr},
      {"[email-message:body_multipart[0].body_raw_ref.name = 'x']", nullptr},
      {"[x-foo:list[-1] = 1]", nullptr},
      {"[x-foo:list[+2] = 1]", "[x-foo:list[2] = 1]"},
      {"[x-foo:'first key' = 1]", nullptr},
      {"[x-foo:'plain' = 1]", "[x-foo:plain = 1]"},
      {"[x-foo:IN = 1]", "[x-foo:'IN' = 1]"},
      {"[x-foo:bar.true = 1]", "[x-foo:bar.'true' = 1]"},
      {"[x-foo:'it\\'s'.'a\\\\b' = 1]", nullptr},
      {"[x-foo:a[*][0].'' = 1]", nullptr},
      {"[file:hashes.'SHA-256' = 'ef53']", nullptr},
  });
}

TEST(PatternParseTest, PrintsEveryConstantKind) {
  ExpectCanonical({
      {"[file:name = 'it\\'s a \\\\ path']", nullptr},
      {"[file:name = '']", nullptr},
      {"[file:name = 'caf\xC3\xA9 \xE2\x82\xAC']", nullptr},
      {"[file:size = -5]", nullptr},
      {"[file:size = +5]", "[file:size = 5]"},
      {"[file:size = 0]", nullptr},
      {"[file:size = -9223372036854775808]", nullptr},
      {"[x-foo:f = 1.5]", nullptr},
      {"[x-foo:f = .5]", "[x-foo:f = 0.5]"},
      {"[x-foo:f = -0.25]", nullptr},
      {"[x-foo:f = +1.0]", "[x-foo:f = 1.0]"},
      {"[x-foo:f = 007.50]", "[x-foo:f = 7.5]"},
      {"[x-foo:f = 0.0000001]", nullptr},
      {"[x-foo:b = true]", nullptr},
      {"[x-foo:b = false]", nullptr},
      {"[file:created = t'2016-01-01T00:00:00Z']", nullptr},
      {"[file:created = t'2016-01-01T00:00:00.123Z']", nullptr},
      {"[file:created = t'2016-01-01T00:00:00.100000Z']",
       "[file:created = t'2016-01-01T00:00:00.100Z']"},
      {"[file:created = t'2016-01-01T00:00:00.123456789Z']",
       "[file:created = t'2016-01-01T00:00:00.123456Z']"},
      {"[file:created = t'2016-12-31T23:59:60Z']",
       "[file:created = t'2016-12-31T23:59:59.999999Z']"},
      {"[artifact:payload_bin = b'AAEC']", nullptr},
      {"[artifact:payload_bin = b'QQ==']", nullptr},
      {"[artifact:payload_bin = b'QUI=']", nullptr},
      {"[file:hashes.md5 = h'DEADbeef']", "[file:hashes.md5 = h'deadbeef']"},
      {"[file:hashes.md5 = h'']", nullptr},
      {"[x-foo:s IN ('a', 1, 2.5, true, t'2016-01-01T00:00:00Z', b'AAEC', h'00')]", nullptr},
  });
}

TEST(PatternParseTest, PrintsObservationOperatorsWithMinimalParentheses) {
  ExpectCanonical({
      {"[file:name = 'a'] AND [url:value = 'u']", nullptr},
      {"[file:name = 'a'] OR [url:value = 'u'] AND [ipv4-addr:value = '1']", nullptr},
      {"([file:name = 'a'] OR [url:value = 'u']) AND [ipv4-addr:value = '1']", nullptr},
      {"[file:name = 'a'] FOLLOWEDBY [url:value = 'u'] OR [ipv4-addr:value = '1']", nullptr},
      {"([file:name = 'a'] FOLLOWEDBY [url:value = 'u']) OR [ipv4-addr:value = '1']", nullptr},
      {"(([file:name = 'a']))", "[file:name = 'a']"},
      {"([file:name = 'a'] AND [url:value = 'u']) AND [ipv4-addr:value = '1']",
       "[file:name = 'a'] AND [url:value = 'u'] AND [ipv4-addr:value = '1']"},
      {"[file:name = 'a'] FOLLOWEDBY ([url:value = 'u'] FOLLOWEDBY [ipv4-addr:value = '1'])",
       "[file:name = 'a'] FOLLOWEDBY [url:value = 'u'] FOLLOWEDBY [ipv4-addr:value = '1']"},
  });
}

TEST(PatternParseTest, PrintsQualifiersAfterTheExpressionTheyQualify) {
  ExpectCanonical({
      {"[file:name = 'a'] WITHIN 5 SECONDS", nullptr},
      {"[file:name = 'a'] WITHIN 2.5 SECONDS", nullptr},
      {"[file:name = 'a'] WITHIN 5.0 SECONDS", "[file:name = 'a'] WITHIN 5 SECONDS"},
      {"[file:name = 'a'] REPEATS 5 TIMES", nullptr},
      {"[file:name = 'a'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'", nullptr},
      {"[file:name = 'a'] REPEATS 2 TIMES WITHIN 10 SECONDS", nullptr},
      {"([file:name = 'a'] AND [url:value = 'u']) WITHIN 10 SECONDS", nullptr},
      {"([file:name = 'a']) WITHIN 10 SECONDS", "[file:name = 'a'] WITHIN 10 SECONDS"},
      {"([file:name = 'a'] WITHIN 5 SECONDS) REPEATS 2 TIMES",
       "[file:name = 'a'] WITHIN 5 SECONDS REPEATS 2 TIMES"},
      {"[file:name = 'a'] AND [url:value = 'u'] WITHIN 5 SECONDS", nullptr},
      {"([file:name = 'a'] OR [url:value = 'u']) WITHIN 5 SECONDS OR [ipv4-addr:value = '1']",
       nullptr},
      // A kind may repeat across parentheses; the printer keeps them.
      {"([file:name = 'a'] WITHIN 5 SECONDS) WITHIN 10 SECONDS", nullptr},
      {"(([file:name = 'a'] OR [url:value='u']) REPEATS 2 TIMES) REPEATS 3 TIMES",
       "(([file:name = 'a'] OR [url:value = 'u']) REPEATS 2 TIMES) REPEATS 3 TIMES"},
      {"((([file:name = 'a']) WITHIN 5 SECONDS REPEATS 2 TIMES)) WITHIN 10 SECONDS",
       "([file:name = 'a'] WITHIN 5 SECONDS REPEATS 2 TIMES) WITHIN 10 SECONDS"},
  });
}

TEST(PatternParseTest, PrintsComparisonGroupingWithMinimalParentheses) {
  ExpectCanonical({
      {"[file:name = 'a' OR file:name = 'b' AND file:size = 1]", nullptr},
      {"[(file:name = 'a' OR file:name = 'b') AND file:size = 1]", nullptr},
      {"[((file:name = 'a'))]", "[file:name = 'a']"},
      {"[(file:name = 'a' OR file:name = 'b') OR file:size = 1]",
       "[file:name = 'a' OR file:name = 'b' OR file:size = 1]"},
      {"[file:name = 'a' OR ipv4-addr:value = '1']", nullptr},
      {"[(file:name = 'a' OR ipv4-addr:value = 'b') AND (file:size = 1 OR ipv4-addr:value = 'c')]",
       nullptr},
  });
}

TEST(PatternParseTest, SkipsWhitespaceAndComments) {
  ExpectCanonical({
      {"/* lead */[file:name = 'a'] // trailing", "[file:name = 'a']"},
      {"[file:name\t=\r\n'a']\n", "[file:name = 'a']"},
      {"[file:name\xC2\xA0=\xE3\x80\x80'a']\xE2\x80\xAF", "[file:name = 'a']"},
      {"[file:name = 'a' /* AND */]", "[file:name = 'a']"},
      {"[file:name = '/* not a comment */']", nullptr},
  });
}

TEST(PatternParseTest, BuildsTheAstOfASimpleComparison) {
  auto parsed = ParsePattern("[file:hashes.'SHA-256' = 'ef53']");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  const Pattern& p = *parsed;
  ASSERT_EQ(p.observations.size(), 1u);
  EXPECT_EQ(p.Root().kind, ObservationKind::kObservation);
  ASSERT_EQ(p.comparisons.size(), 1u);
  const Comparison& c = p.comparisons[0];
  EXPECT_EQ(c.object_type, "file");
  ASSERT_EQ(c.path.size(), 2u);
  EXPECT_EQ(c.path[0].property, "hashes");
  EXPECT_EQ(c.path[1].property, "SHA-256");
  EXPECT_EQ(c.op, ComparisonOperator::kEqual);
  EXPECT_FALSE(c.negated);
  EXPECT_EQ(c.value.kind(), ConstantKind::kString);
  EXPECT_EQ(std::get<std::string>(c.value.value), "ef53");
  EXPECT_EQ(c.observation, p.root);
  EXPECT_EQ(p.expressions[p.Root().expression].kind, ExpressionKind::kComparison);
}

TEST(PatternParseTest, BuildsNaryExpressionTreesWithoutUnreachableNodes) {
  auto parsed = ParsePattern(
      "[file:name = 'a' OR (file:size = 5 AND file:x = true)] AND ([url:value = 'u'] AND "
      "[url:value = 'v'])");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  const Pattern& p = *parsed;
  EXPECT_EQ(p.Root().kind, ObservationKind::kAnd);
  ASSERT_EQ(p.Children(p.Root()).size(), 3u);
  EXPECT_EQ(p.observations.size(), 4u);  // the AND and three observations
  const ObservationExpression& first = p.observations[p.Children(p.Root())[0]];
  const ComparisonExpression& top = p.expressions[first.expression];
  EXPECT_EQ(top.kind, ExpressionKind::kOr);
  ASSERT_EQ(p.Children(top).size(), 2u);
  EXPECT_EQ(p.expressions[p.Children(top)[1]].kind, ExpressionKind::kAnd);
  EXPECT_EQ(p.expressions.size(), 7u);  // OR, AND and five comparisons
}

TEST(PatternParseTest, DecodesConstants) {
  auto parsed = ParsePattern(
      "[x-foo:a IN ('it\\'s', -3, 2.5, false, t'2016-01-01T00:00:01.5Z', b'AAEC', h'0aFF')]");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  const auto& items = std::get<SetConstant>(parsed->comparisons[0].value.value).items;
  ASSERT_EQ(items.size(), 7u);
  EXPECT_EQ(std::get<std::string>(items[0].value), "it's");
  EXPECT_EQ(std::get<std::int64_t>(items[1].value), -3);
  EXPECT_EQ(std::get<double>(items[2].value), 2.5);
  EXPECT_EQ(std::get<bool>(items[3].value), false);
  EXPECT_EQ(std::get<Timestamp>(items[4].value).micros, 1451606401500000);
  EXPECT_EQ(std::get<BinaryConstant>(items[5].value).bytes, std::string("\x00\x01\x02", 3));
  EXPECT_EQ(std::get<HexConstant>(items[6].value).bytes, "\x0a\xff");
}

TEST(PatternParseTest, DecodesQualifiers) {
  auto parsed = ParsePattern(
      "[file:name = 'a'] REPEATS 3 TIMES WITHIN 2.5 SECONDS START t'2016-06-01T00:00:00Z' STOP "
      "t'2016-07-01T00:00:00Z'");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  auto qualifiers = parsed->Qualifiers(parsed->Root());
  ASSERT_EQ(qualifiers.size(), 3u);
  EXPECT_EQ(qualifiers[0].kind, Qualifier::Kind::kRepeats);
  EXPECT_EQ(qualifiers[0].times, 3);
  EXPECT_EQ(qualifiers[1].kind, Qualifier::Kind::kWithin);
  EXPECT_EQ(qualifiers[1].seconds, 2.5);
  EXPECT_EQ(qualifiers[2].kind, Qualifier::Kind::kStartStop);
  EXPECT_EQ(qualifiers[2].start, *ParseTimestamp("2016-06-01T00:00:00Z"));
  EXPECT_EQ(qualifiers[2].stop, *ParseTimestamp("2016-07-01T00:00:00Z"));
}

TEST(PatternParseTest, KeepsQualifiersOnTheParenthesisedExpression) {
  auto parsed = ParsePattern(
      "([file:name = 'a'] OR [url:value = 'u']) WITHIN 5 SECONDS OR [ipv4-addr:value = '1']");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  const Pattern& p = *parsed;
  EXPECT_EQ(p.Root().kind, ObservationKind::kOr);
  ASSERT_EQ(p.Children(p.Root()).size(), 2u);
  const ObservationExpression& grouped = p.observations[p.Children(p.Root())[0]];
  EXPECT_EQ(grouped.kind, ObservationKind::kOr);
  ASSERT_EQ(p.Qualifiers(grouped).size(), 1u);
  EXPECT_EQ(p.Qualifiers(grouped)[0].seconds, 5);
  EXPECT_TRUE(p.Qualifiers(p.Root()).empty());
}

TEST(PatternParseTest, ForEachComparisonVisitsInTextOrderWithTheirObservation) {
  auto parsed = ParsePattern(
      "[domain-name:value = 'x.example' OR ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY "
      "[EXISTS file:name]");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  std::vector<std::string> seen;
  std::vector<std::uint32_t> observations;
  ForEachComparison(*parsed, [&](const Comparison& c) {
    seen.push_back(c.object_type + ":" + c.path[0].property + " " +
                   std::string(OperatorText(c.op)) + " " + ToString(c.value));
    observations.push_back(c.observation);
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"domain-name:value = 'x.example'",
                                            "ipv4-addr:value = '1.2.3.4'", "file:name EXISTS "}));
  ASSERT_EQ(observations.size(), 3u);
  EXPECT_EQ(observations[0], observations[1]);
  EXPECT_NE(observations[1], observations[2]);
  EXPECT_EQ(parsed->observations[observations[2]].kind, ObservationKind::kObservation);
}

TEST(PatternParseTest, EqualityIgnoresSpellingButNotMeaning) {
  auto a = ParsePattern("[file:name == 'a' AND (file:size > +5)] WITHIN 5.0 SECONDS");
  auto b = ParsePattern("(([file:name='a' AND file:size>5])) WITHIN 5 SECONDS");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  for (const char* different : {"[file:name = 'a' AND file:size > 6] WITHIN 5 SECONDS",
                                "[file:name = 'a' AND file:size NOT > 5] WITHIN 5 SECONDS",
                                "[file:name = 'a' OR file:size > 5] WITHIN 5 SECONDS",
                                "[file:name = 'a' AND file:size > 5] WITHIN 6 SECONDS",
                                "[file:name = 'a' AND file:size > 5.0] WITHIN 5 SECONDS",
                                "[file:name = 'a' AND file:size > 5]"}) {
    auto c = ParsePattern(different);
    ASSERT_TRUE(c) << different;
    EXPECT_NE(*a, *c) << different;
  }
}

}  // namespace
}  // namespace qccm::stix
