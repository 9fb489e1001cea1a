// Everything the demo generator writes must pass the STIX 2.1 validator without a warning, and
// must point at nobody real: only documentation address ranges and reserved domain names.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>

#include "demo/demo_test_util.h"
#include "qccm/stix/validator.h"

namespace qccm::demo {
namespace {

using testing::Captured;
using testing::GenerateAll;

// Generated once per test process.
const std::vector<std::vector<Captured>>& Samples() {
  static const std::vector<std::vector<Captured>> samples = [] {
    GeneratorOptions collections{.seed = 99, .objects = 20000, .for_collections = true};
    return std::vector<std::vector<Captured>>{
        GenerateAll({.seed = 5, .objects = 20000, .kind = GeneratorKind::kMixed}),
        GenerateAll({.seed = 6, .objects = 5000, .kind = GeneratorKind::kIndicators}),
        GenerateAll(collections)};
  }();
  return samples;
}

TEST(DemoData, EveryGeneratedObjectPassesTheValidatorWithoutWarnings) {
  stix::Validator validator({.strict_property_names = true, .check_patterns = true});
  std::size_t checked = 0;
  for (const auto& sample : Samples()) {
    for (const auto& o : sample) {
      std::vector<stix::Finding> findings;
      auto facts = validator.Validate(o.json, findings);
      ASSERT_TRUE(facts.has_value())
          << (findings.empty() ? "no finding" : findings[0].error.ToString()) << "\n"
          << o.json;
      ASSERT_TRUE(findings.empty()) << findings[0].error.ToString() << "\n" << o.json;
      EXPECT_EQ(facts->id, o.id);
      ++checked;
    }
  }
  EXPECT_GT(checked, 45000u);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Every dotted-quad IPv4 address anywhere in `text`.
std::vector<std::string_view> Ipv4Addresses(std::string_view text) {
  std::vector<std::string_view> found;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!IsDigit(text[i]) || (i > 0 && (IsDigit(text[i - 1]) || text[i - 1] == '.'))) continue;
    std::size_t j = i;
    int groups = 0;
    while (groups < 4) {
      std::size_t digits = 0;
      while (j < text.size() && IsDigit(text[j]) && digits < 4) ++j, ++digits;
      if (digits == 0 || digits > 3) break;
      ++groups;
      if (groups < 4) {
        if (j >= text.size() || text[j] != '.') break;
        ++j;
      }
    }
    if (groups == 4) found.push_back(text.substr(i, j - i));
  }
  return found;
}

// The host after each "://" and each '@' in `text`.
std::vector<std::string_view> Hosts(std::string_view text) {
  std::vector<std::string_view> hosts;
  auto host_at = [&](std::size_t start) {
    std::size_t end = start;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                                 text[end] == '.' || text[end] == '-')) {
      ++end;
    }
    hosts.push_back(text.substr(start, end - start));
  };
  for (std::size_t at = text.find("://"); at != std::string_view::npos;
       at = text.find("://", at + 3)) {
    host_at(at + 3);
  }
  for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    host_at(at + 1);
  }
  return hosts;
}

// Values following `prefix` up to the closing quote ("domain-name:value = '" -> the domain).
std::vector<std::string_view> QuotedAfter(std::string_view text, std::string_view prefix) {
  std::vector<std::string_view> values;
  for (std::size_t at = text.find(prefix); at != std::string_view::npos;
       at = text.find(prefix, at + 1)) {
    std::size_t start = at + prefix.size();
    values.push_back(text.substr(start, text.find('\'', start) - start));
  }
  return values;
}

TEST(DemoData, AddressesAndHostsAreOnlyDocumentationRangesAndReservedNames) {
  simdjson::dom::parser parser;
  std::size_t ipv4 = 0, ipv6 = 0, hosts = 0;
  for (const auto& sample : Samples()) {
    for (const auto& o : sample) {
      for (std::string_view address : Ipv4Addresses(o.json)) {
        EXPECT_TRUE(testing::IsDocumentationIpv4(address)) << address << " in " << o.json;
        ++ipv4;
      }
      for (std::string_view host : Hosts(o.json)) {
        EXPECT_TRUE(testing::IsReservedHost(host)) << host << " in " << o.json;
        ++hosts;
      }
      for (std::string_view domain : QuotedAfter(o.json, "domain-name:value = '")) {
        EXPECT_TRUE(testing::IsReservedHost(domain)) << domain;
      }
      for (std::string_view address : QuotedAfter(o.json, "ipv6-addr:value = '")) {
        EXPECT_TRUE(testing::IsDocumentationIpv6(address)) << address;
        ++ipv6;
      }
      simdjson::dom::element doc;
      ASSERT_EQ(parser.parse(o.json).get(doc), simdjson::SUCCESS);
      std::string_view value;
      if (doc["value"].get(value) != simdjson::SUCCESS) continue;
      bool allowed = o.type == "ipv4-addr"     ? testing::IsDocumentationIpv4(value)
                     : o.type == "ipv6-addr"   ? testing::IsDocumentationIpv6(value)
                     : o.type == "domain-name" ? testing::IsReservedHost(value)
                                               : true;
      EXPECT_TRUE(allowed) << o.type << " " << value;
    }
  }
  // The checks above looked at real data, not at nothing.
  EXPECT_GT(ipv4, 1000u);
  EXPECT_GT(ipv6, 100u);
  EXPECT_GT(hosts, 5000u);
}

TEST(DemoData, NoPropertyDescribesEthnicityReligionOrTheLike) {
  for (const auto& sample : Samples()) {
    for (const auto& o : sample) {
      std::string lower = o.json;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      for (const char* word : {"ethnic", "religio", "race\"", "nationality", "faith", "tribe"}) {
        EXPECT_EQ(lower.find(word), std::string::npos) << word << " in " << o.json;
      }
    }
  }
}

TEST(DemoDataScanners, FindAddressesAndHosts) {
  // The scanners above must see what they are meant to see, or the tests prove nothing.
  auto found = Ipv4Addresses("x 10.1.2.3, v2.1 2024-01-01T00:00:00.123Z 198.51.100.7/28");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0], "10.1.2.3");
  EXPECT_FALSE(testing::IsDocumentationIpv4(found[0]));
  EXPECT_EQ(found[1], "198.51.100.7");
  auto hosts = Hosts("'https://evil.com/a' and ops@mail.example.org.");
  ASSERT_EQ(hosts.size(), 2u);
  EXPECT_FALSE(testing::IsReservedHost(hosts[0]));
  EXPECT_EQ(hosts[1], "mail.example.org.");
  EXPECT_TRUE(testing::IsReservedHost("cdn-x.test"));
  EXPECT_FALSE(testing::IsReservedHost("notexample.com"));
}

}  // namespace
}  // namespace qccm::demo
