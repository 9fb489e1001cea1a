// Matcher results on every supported pattern form, lifecycle (versions, revocation, expiry,
// visibility), and unsupported patterns.
#include "qccm/matching/matcher.h"

#include <gtest/gtest.h>

#include "qccm/correlation/observable.h"

namespace qccm::matching {
namespace {

using correlation::ObservableType;
using T = ObservableType;

constexpr Timestamp kNow = Timestamp::FromSeconds(1700000000);

IndicatorInput Ind(std::string id, std::string pattern, std::int64_t modified = 1) {
  IndicatorInput in;
  in.id = "indicator--" + id;
  in.pattern = std::move(pattern);
  in.modified = Timestamp::FromSeconds(modified);
  return in;
}

std::vector<std::string> Match(const Matcher& m, T type, std::string_view raw,
                               MatchOptions options = {.now = kNow}) {
  auto observable = correlation::Normalize(type, raw);
  EXPECT_TRUE(observable) << raw;
  std::vector<std::string> ids;
  m.MatchObservable(*observable, options, [&](std::span<const std::string_view> hit) {
    ids.assign(hit.begin(), hit.end());
  });
  return ids;
}

std::vector<std::string> MatchSco(const Matcher& m, std::string_view json) {
  std::vector<std::string> ids;
  auto n = m.MatchSco(json, {.now = kNow}, [&](std::span<const std::string_view> hit) {
    ids.assign(hit.begin(), hit.end());
  });
  EXPECT_TRUE(n) << json;
  return ids;
}

using Ids = std::vector<std::string>;

TEST(Matcher, EqualityOnEveryExactTypeMatchesCanonicalValues) {
  Matcher m;
  ASSERT_EQ(m.Add(Ind("a", "[ipv4-addr:value = '198.51.100.1']")).outcome, AddOutcome::kAdded);
  m.Add(Ind("b", "[domain-name:value = 'Evil.EXAMPLE.']"));
  m.Add(Ind("c", "[url:value = 'HTTP://evil.example:80/a/../b']"));
  m.Add(Ind("d", "[file:hashes.'SHA-256' = '" + std::string(64, 'A') + "']"));
  m.Add(Ind("e", "[file:hashes.md5 = '001dd76872d80801692ff942308c64e6']"));
  m.Add(Ind("f", "[email-message:from_ref.value = 'Bob@Example.com']"));
  m.Add(Ind("g", "[ipv6-addr:value = '2001:DB8::0:1']"));
  m.Add(Ind("h", "[mutex:name = 'Global\\\\evil']"));
  m.Add(Ind("i", "[user-account:user_id = 'jdoe']"));
  EXPECT_EQ(Match(m, T::kIpv4, "198.51.100.1"), Ids{"indicator--a"});
  EXPECT_EQ(Match(m, T::kDomain, "evil.example"), Ids{"indicator--b"});
  EXPECT_EQ(Match(m, T::kUrl, "http://EVIL.example/b"), Ids{"indicator--c"});
  EXPECT_EQ(Match(m, T::kSha256, std::string(64, 'a')), Ids{"indicator--d"});
  EXPECT_EQ(Match(m, T::kMd5, "001DD76872D80801692FF942308C64E6"), Ids{"indicator--e"});
  EXPECT_EQ(Match(m, T::kEmail, "Bob@example.COM"), Ids{"indicator--f"});
  EXPECT_EQ(Match(m, T::kIpv6, "2001:db8::1"), Ids{"indicator--g"});
  EXPECT_EQ(Match(m, T::kMutex, "Global\\evil"), Ids{"indicator--h"});
  EXPECT_EQ(Match(m, T::kUserAccount, "jdoe"), Ids{"indicator--i"});
  EXPECT_EQ(Match(m, T::kIpv4, "198.51.100.2"), Ids{});
  EXPECT_EQ(Match(m, T::kEmail, "bob@example.com"), Ids{});  // local part is case-sensitive
}

TEST(Matcher, InSetsAndOrWithinOneObservation) {
  Matcher m;
  m.Add(Ind("a", "[ipv4-addr:value IN ('192.0.2.1', '192.0.2.2')]"));
  m.Add(Ind("b", "[domain-name:value = 'x.example' OR ipv4-addr:value = '192.0.2.2']"));
  EXPECT_EQ(Match(m, T::kIpv4, "192.0.2.1"), Ids{"indicator--a"});
  EXPECT_EQ(Match(m, T::kIpv4, "192.0.2.2"), (Ids{"indicator--a", "indicator--b"}));
  EXPECT_EQ(Match(m, T::kDomain, "x.example"), Ids{"indicator--b"});
}

TEST(Matcher, LikeAndMatches) {
  Matcher m;
  m.Add(Ind("like", "[domain-name:value LIKE '%.Bad.example']"));
  m.Add(Ind("re", "[url:value MATCHES '^https?://[a-z]+\\\\.evil/']"));
  m.Add(Ind("under", "[domain-name:value LIKE 'a_c.example']"));
  m.Add(Ind("prefix", "[url:value LIKE 'http://evil.example/%']"));
  m.Add(Ind("whole", "[domain-name:value LIKE 'Exact.example']"));
  m.Add(Ind("middle", "[domain-name:value LIKE '%.mid.%']"));
  EXPECT_EQ(Match(m, T::kUrl, "http://evil.example/x/y"), Ids{"indicator--prefix"});
  EXPECT_EQ(Match(m, T::kUrl, "http://evil.example"), Ids{"indicator--prefix"});  // gets "/"
  EXPECT_EQ(Match(m, T::kDomain, "exact.example"), Ids{"indicator--whole"});
  EXPECT_EQ(Match(m, T::kDomain, "a.mid.example"), Ids{"indicator--middle"});
  EXPECT_EQ(Match(m, T::kDomain, "www.bad.example"), Ids{"indicator--like"});
  EXPECT_EQ(Match(m, T::kDomain, "bad.example"), Ids{});
  EXPECT_EQ(Match(m, T::kDomain, "abc.example"), Ids{"indicator--under"});
  EXPECT_EQ(Match(m, T::kUrl, "https://abc.evil/x"), Ids{"indicator--re"});
  EXPECT_EQ(Match(m, T::kUrl, "ftp://abc.evil/x"), Ids{});
}

// Regexes loaded in bulk land in several RE2 set shards (compiled on two threads); regexes added
// one at a time afterwards are matched before the next recompile; a regex RE2 rejects is
// reported (alone: unsupported; in one term of several: partial) and the rest still match.
TEST(Matcher, RegexesInBulkAcrossShardsAndAddedOneByOne) {
  Matcher m;
  std::vector<IndicatorInput> bulk;
  for (int i = 0; i < 4500; ++i) {
    bulk.push_back(Ind("re" + std::to_string(i),
                       "[url:value MATCHES '^http://h" + std::to_string(i) + "\\\\.example/']"));
  }
  bulk.push_back(Ind("lookaround", "[url:value MATCHES '^http://(?=x)']"));
  bulk.push_back(Ind(
      "partial", "[url:value MATCHES '(?!y)' OR url:value MATCHES '^http://part\\\\.example/']"));
  auto results = m.AddAll(bulk, 2);
  for (int i = 0; i < 4500; ++i)
    ASSERT_EQ(results[static_cast<std::size_t>(i)].outcome, AddOutcome::kAdded);
  EXPECT_EQ(results[4500].outcome, AddOutcome::kUnsupported);
  EXPECT_NE(results[4500].message.find("RE2"), std::string::npos) << results[4500].message;
  EXPECT_EQ(results[4501].outcome, AddOutcome::kAdded);
  EXPECT_NE(results[4501].message.find("term skipped (1 of 2)"), std::string::npos)
      << results[4501].message;
  EXPECT_EQ(Match(m, T::kUrl, "http://h0.example/a"), Ids{"indicator--re0"});
  EXPECT_EQ(Match(m, T::kUrl, "http://h2047.example/a"), Ids{"indicator--re2047"});
  EXPECT_EQ(Match(m, T::kUrl, "http://h2048.example/a"), Ids{"indicator--re2048"});
  EXPECT_EQ(Match(m, T::kUrl, "http://h4499.example/a"), Ids{"indicator--re4499"});
  EXPECT_EQ(Match(m, T::kUrl, "http://h4500.example/a"), Ids{});
  EXPECT_EQ(Match(m, T::kUrl, "http://part.example/a"), Ids{"indicator--partial"});
  EXPECT_EQ(m.Add(Ind("late", "[url:value MATCHES '^http://late\\\\.example/']")).outcome,
            AddOutcome::kAdded);
  EXPECT_EQ(Match(m, T::kUrl, "http://late.example/a"), Ids{"indicator--late"});
  EXPECT_EQ(Match(m, T::kUrl, "http://h7.example/a"), Ids{"indicator--re7"});
  EXPECT_EQ(m.Stats().regexes, 4502U);
}

// Bulk and one-by-one loading give the same matcher, for every pattern form.
TEST(Matcher, AddAllEqualsAddOneByOne) {
  std::vector<IndicatorInput> inputs = {
      Ind("ip", "[ipv4-addr:value = '198.51.100.1']"),
      Ind("cidr", "[ipv4-addr:value ISSUBSET '203.0.113.0/24']"),
      Ind("like", "[domain-name:value LIKE '%.bad.example']"),
      Ind("and", "[file:hashes.MD5 = '001dd76872d80801692ff942308c64e6' AND file:name = 'a.exe']"),
      Ind("or", "[ipv4-addr:value = '192.0.2.9' OR domain-name:value = 'or.example']"),
      Ind("seq", "[ipv4-addr:value = '192.0.2.1'] FOLLOWEDBY [domain-name:value = 'x.example']"),
      Ind("bad", "[ipv4-addr:value = "),
      Ind("ip", "[ipv4-addr:value = '198.51.100.2']", 2),  // a newer version in the same batch
  };
  Matcher bulk, single;
  auto bulk_results = bulk.AddAll(inputs, 2);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    AddResult one = single.Add(inputs[i]);
    EXPECT_EQ(bulk_results[i].outcome, one.outcome) << i;
    EXPECT_EQ(bulk_results[i].message, one.message) << i;
  }
  for (auto [type, value] : std::vector<std::pair<T, std::string>>{{T::kIpv4, "198.51.100.1"},
                                                                   {T::kIpv4, "198.51.100.2"},
                                                                   {T::kIpv4, "203.0.113.77"},
                                                                   {T::kDomain, "www.bad.example"},
                                                                   {T::kIpv4, "192.0.2.9"},
                                                                   {T::kDomain, "or.example"},
                                                                   {T::kIpv4, "192.0.2.1"}}) {
    EXPECT_EQ(Match(bulk, type, value), Match(single, type, value)) << value;
  }
  EXPECT_EQ(Match(bulk, T::kIpv4, "198.51.100.2"), Ids{"indicator--ip"});
  EXPECT_EQ(Match(bulk, T::kIpv4, "198.51.100.1"), Ids{});
  EXPECT_EQ(
      MatchSco(
          bulk,
          R"({"type":"file","hashes":{"MD5":"001dd76872d80801692ff942308c64e6"},"name":"a.exe"})"),
      Ids{"indicator--and"});
}

TEST(Matcher, CidrRangesBySubsetEqualityAndSuperset) {
  Matcher m;
  m.Add(Ind("sub", "[ipv4-addr:value ISSUBSET '198.51.100.0/24']"));
  m.Add(Ind("eq", "[ipv4-addr:value = '112.64.0.0/15']"));
  m.Add(Ind("sup", "[ipv4-addr:value ISSUPERSET '10.1.2.3']"));
  m.Add(Ind("v6", "[ipv6-addr:value ISSUBSET '2001:db8::/32']"));
  EXPECT_EQ(Match(m, T::kIpv4, "198.51.100.77"), Ids{"indicator--sub"});
  EXPECT_EQ(Match(m, T::kIpv4Cidr, "198.51.100.128/25"), Ids{"indicator--sub"});
  EXPECT_EQ(Match(m, T::kIpv4Cidr, "198.51.0.0/16"), Ids{});
  EXPECT_EQ(Match(m, T::kIpv4, "112.65.1.1"), Ids{"indicator--eq"});
  EXPECT_EQ(Match(m, T::kIpv4Cidr, "112.64.0.0/15"), Ids{"indicator--eq"});
  EXPECT_EQ(Match(m, T::kIpv4Cidr, "10.0.0.0/8"), Ids{"indicator--sup"});
  EXPECT_EQ(Match(m, T::kIpv4, "10.1.2.3"), Ids{"indicator--sup"});
  EXPECT_EQ(Match(m, T::kIpv6, "2001:db8:1::5"), Ids{"indicator--v6"});
  EXPECT_EQ(Match(m, T::kIpv4, "8.8.8.8"), Ids{});
}

TEST(Matcher, NotEqualIsCheckedOnEveryObjectOfItsType) {
  Matcher m;
  m.Add(Ind("ne", "[ipv4-addr:value != '192.0.2.1']"));
  m.Add(Ind("not", "[domain-name:value NOT = 'good.example']"));
  EXPECT_EQ(Match(m, T::kIpv4, "192.0.2.9"), Ids{"indicator--ne"});
  EXPECT_EQ(Match(m, T::kIpv4, "192.0.2.1"), Ids{});
  EXPECT_EQ(Match(m, T::kDomain, "bad.example"), Ids{"indicator--not"});
  EXPECT_EQ(Match(m, T::kDomain, "GOOD.example"), Ids{});
}

TEST(Matcher, AndWithinAnObservationNeedsTheWholeObject) {
  Matcher m;
  m.Add(
      Ind("and", "[file:hashes.MD5 = '001dd76872d80801692ff942308c64e6' AND file:name = 'a.exe']"));
  m.Add(Ind("name", "[file:name = 'CBricksDoc']"));
  // A bare hash cannot satisfy the term: file:name is unknown.
  EXPECT_EQ(Match(m, T::kMd5, "001dd76872d80801692ff942308c64e6"), Ids{});
  EXPECT_EQ(
      MatchSco(
          m,
          R"({"type":"file","hashes":{"MD5":"001DD76872D80801692FF942308C64E6"},"name":"a.exe"})"),
      Ids{"indicator--and"});
  EXPECT_EQ(
      MatchSco(
          m,
          R"({"type":"file","hashes":{"MD5":"001dd76872d80801692ff942308c64e6"},"name":"b.exe"})"),
      Ids{});
  EXPECT_EQ(MatchSco(m, R"({"type":"file","name":"CBricksDoc"})"), Ids{"indicator--name"});
}

TEST(Matcher, UnsupportedAndInvalidPatternsAreReportedAndSkipped) {
  Matcher m;
  AddResult lookahead = m.Add(Ind("la", "[url:value MATCHES '^(?=x)abc']"));
  EXPECT_EQ(lookahead.outcome, AddOutcome::kUnsupported);
  EXPECT_NE(lookahead.message.find("RE2"), std::string::npos) << lookahead.message;
  AddResult bad_value = m.Add(Ind("lz", "[ipv4-addr:value = '010.1.1.1']"));
  EXPECT_EQ(bad_value.outcome, AddOutcome::kUnsupported);
  EXPECT_NE(bad_value.message.find("leading zero"), std::string::npos) << bad_value.message;
  AddResult invalid = m.Add(Ind("bad", "[ipv4-addr:value = "));
  EXPECT_EQ(invalid.outcome, AddOutcome::kInvalid);
  // Partly supported: the evaluable term stays.
  AddResult partial =
      m.Add(Ind("part", "[ipv4-addr:value = '010.1.1.1' OR ipv4-addr:value = '1.1.1.1']"));
  EXPECT_EQ(partial.outcome, AddOutcome::kAdded);
  EXPECT_FALSE(partial.message.empty());
  EXPECT_EQ(Match(m, T::kIpv4, "1.1.1.1"), Ids{"indicator--part"});
  EXPECT_EQ(m.Stats().indicators, 1U);
}

TEST(Matcher, ValidityWindowAndExpiry) {
  Matcher m;
  IndicatorInput in = Ind("t", "[ipv4-addr:value = '192.0.2.1']");
  in.valid_from = Timestamp::FromSeconds(100);
  in.valid_until = Timestamp::FromSeconds(200);
  m.Add(in);
  EXPECT_EQ(Match(m, T::kIpv4, "192.0.2.1", {.now = Timestamp::FromSeconds(99)}), Ids{});
  EXPECT_EQ(Match(m, T::kIpv4, "192.0.2.1", {.now = Timestamp::FromSeconds(150)}),
            Ids{"indicator--t"});
  EXPECT_EQ(Match(m, T::kIpv4, "192.0.2.1", {.now = Timestamp::FromSeconds(200)}), Ids{});
  EXPECT_EQ(m.ExpireUntil(Timestamp::FromSeconds(150)), 0U);
  EXPECT_EQ(m.ExpireUntil(Timestamp::FromSeconds(200)), 1U);
  EXPECT_EQ(Match(m, T::kIpv4, "192.0.2.1", {.now = Timestamp::FromSeconds(150)}), Ids{});
}

TEST(Matcher, RevocationAndNewVersions) {
  Matcher m;
  m.Add(Ind("v", "[ipv4-addr:value = '192.0.2.1']", 1));
  EXPECT_EQ(m.Add(Ind("v", "[ipv4-addr:value = '192.0.2.2']", 2)).outcome, AddOutcome::kReplaced);
  EXPECT_EQ(Match(m, T::kIpv4, "192.0.2.1"), Ids{});
  EXPECT_EQ(Match(m, T::kIpv4, "192.0.2.2"), Ids{"indicator--v"});
  EXPECT_EQ(m.Add(Ind("v", "[ipv4-addr:value = '192.0.2.3']", 1)).outcome, AddOutcome::kIgnored);
  EXPECT_EQ(Match(m, T::kIpv4, "192.0.2.3"), Ids{});
  IndicatorInput revoked = Ind("v", "[ipv4-addr:value = '192.0.2.2']", 3);
  revoked.revoked = true;
  EXPECT_EQ(m.Add(revoked).outcome, AddOutcome::kRemoved);
  EXPECT_EQ(Match(m, T::kIpv4, "192.0.2.2"), Ids{});
  EXPECT_TRUE(m.Add(Ind("w", "[ipv4-addr:value = '192.0.2.2']")).message.empty());
  EXPECT_TRUE(m.Remove("indicator--w"));
  EXPECT_FALSE(m.Remove("indicator--w"));
  EXPECT_EQ(Match(m, T::kIpv4, "192.0.2.2"), Ids{});
}

TEST(Matcher, VisibilityTagsFilterHits) {
  Matcher m;
  IndicatorInput a = Ind("a", "[ipv4-addr:value = '192.0.2.1']");
  a.tags = {7};
  IndicatorInput b = Ind("b", "[ipv4-addr:value = '192.0.2.1']");
  m.Add(a);
  m.Add(b);
  std::vector<std::uint32_t> seven = {7}, eight = {8};
  EXPECT_EQ(Match(m, T::kIpv4, "192.0.2.1", {.now = kNow, .visible_tags = &seven}),
            (Ids{"indicator--a", "indicator--b"}));
  EXPECT_EQ(Match(m, T::kIpv4, "192.0.2.1", {.now = kNow, .visible_tags = &eight}),
            Ids{"indicator--b"});
}

TEST(Matcher, ObservationOperatorsNeverMatchABareObservable) {
  Matcher m;
  m.Add(Ind("seq", "[ipv4-addr:value = '192.0.2.1'] FOLLOWEDBY [domain-name:value = 'x.example']"));
  EXPECT_EQ(Match(m, T::kIpv4, "192.0.2.1"), Ids{});
  EXPECT_EQ(m.Stats().stream_patterns, 1U);
}

}  // namespace
}  // namespace qccm::matching
