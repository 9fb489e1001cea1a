// Positive tests per type: a minimal and a rich valid object of every STIX 2.1 type pass with
// no finding, and the facts ingest needs are extracted from them.
#include <gtest/gtest.h>

#include <set>

#include "qccm/stix/validator.h"
#include "stix/validator_test_util.h"

namespace qccm::stix {
namespace {

using vtest::Check;
using vtest::FixtureLines;
using vtest::FixtureOfType;
using vtest::TypeOf;

const std::set<std::string> kSpecTypes = {
    // SDOs
    "attack-pattern", "campaign", "course-of-action", "grouping", "identity", "incident",
    "indicator", "infrastructure", "intrusion-set", "location", "malware", "malware-analysis",
    "note", "observed-data", "opinion", "report", "threat-actor", "tool", "vulnerability",
    // SROs
    "relationship", "sighting",
    // SCOs
    "artifact", "autonomous-system", "directory", "domain-name", "email-addr", "email-message",
    "file", "ipv4-addr", "ipv6-addr", "mac-addr", "mutex", "network-traffic", "process", "software",
    "url", "user-account", "windows-registry-key", "x509-certificate",
    // meta
    "marking-definition", "language-content", "extension-definition"};

TEST(ValidatorTypesTest, EveryTypeFixtureHasOneMinimalObjectOfEachSpecType) {
  std::set<std::string> seen;
  for (const std::string& line : FixtureLines("every-type.ndjson")) {
    std::string type = TypeOf(line);
    EXPECT_TRUE(seen.insert(type).second) << "twice: " << type;
  }
  EXPECT_EQ(seen, kSpecTypes);
}

TEST(ValidatorTypesTest, MinimalObjectOfEveryTypeValidatesWithoutFindings) {
  for (const std::string& line : FixtureLines("every-type.ndjson")) {
    auto outcome = Check(line);
    EXPECT_TRUE(outcome.facts) << TypeOf(line) << "\n" << outcome.Dump();
    EXPECT_TRUE(outcome.findings.empty()) << TypeOf(line) << "\n" << outcome.Dump();
  }
}

TEST(ValidatorTypesTest, RichObjectOfEveryTypeValidatesWithoutFindings) {
  std::set<std::string> seen;
  for (const std::string& line : FixtureLines("rich.ndjson")) {
    auto outcome = Check(line);
    EXPECT_TRUE(outcome.facts) << TypeOf(line) << "\n" << outcome.Dump();
    EXPECT_TRUE(outcome.findings.empty()) << TypeOf(line) << "\n" << outcome.Dump();
    seen.insert(TypeOf(line));
  }
  for (const std::string& type : kSpecTypes) EXPECT_TRUE(seen.contains(type)) << type;
}

TEST(ValidatorTypesTest, IsSpecObjectTypeKnowsExactlyTheSpecTypes) {
  for (const std::string& type : kSpecTypes) EXPECT_TRUE(IsSpecObjectType(type)) << type;
  EXPECT_FALSE(IsSpecObjectType("bundle"));
  EXPECT_FALSE(IsSpecObjectType("x-mitre-tactic"));
  EXPECT_FALSE(IsSpecObjectType("foo"));
  EXPECT_FALSE(IsSpecObjectType(""));
}

TEST(ValidatorTypesTest, CategoryFollowsTheType) {
  auto category = [](const std::string& type) {
    auto outcome = Check(FixtureOfType("rich.ndjson", type));
    EXPECT_TRUE(outcome.facts) << type << "\n" << outcome.Dump();
    return outcome.facts ? outcome.facts->category : ObjectCategory::kSdo;
  };
  EXPECT_EQ(category("indicator"), ObjectCategory::kSdo);
  EXPECT_EQ(category("sighting"), ObjectCategory::kSro);
  EXPECT_EQ(category("file"), ObjectCategory::kSco);
  EXPECT_EQ(category("marking-definition"), ObjectCategory::kMeta);
  EXPECT_EQ(category("language-content"), ObjectCategory::kMeta);
  EXPECT_EQ(category("extension-definition"), ObjectCategory::kMeta);
  EXPECT_EQ(category("x-example-tactic"), ObjectCategory::kCustom);
  EXPECT_EQ(category("example-widget"), ObjectCategory::kCustom);
}

TEST(ValidatorTypesTest, IndicatorFactsCarryVersionMarkingsAndSharing) {
  auto outcome = Check(FixtureOfType("rich.ndjson", "indicator"));
  ASSERT_TRUE(outcome.facts) << outcome.Dump();
  const ObjectFacts& f = *outcome.facts;
  EXPECT_EQ(f.id, "indicator--" + f.id.substr(11));
  EXPECT_EQ(f.type, "indicator");
  EXPECT_EQ(f.spec_version, "2.1");
  ASSERT_TRUE(f.created && f.modified && f.version && f.valid_until);
  EXPECT_EQ(FormatTimestamp(*f.created), "2024-01-15T10:00:00.000Z");
  EXPECT_EQ(*f.version, *f.modified);
  EXPECT_EQ(f.version_text, "2024-01-15T10:00:00.000Z");
  EXPECT_EQ(FormatTimestamp(*f.valid_until), "2024-02-01T08:30:00.000Z");
  EXPECT_EQ(f.created_by_ref, "identity--0770c8a1-44cb-5a4d-b8ef-d7a1fb969585");
  // TLP 1.0 GREEN and TLP 2.0 RED: the most restrictive wins.
  EXPECT_EQ(f.tlp, Tlp::kRed);
  EXPECT_EQ(f.object_marking_refs.size(), 2u);
  EXPECT_EQ(f.shared_with, (std::vector<std::string>{"NLD-NCTV", "BEL_OCAM"}));
  EXPECT_FALSE(f.revoked);
}

TEST(ValidatorTypesTest, ScoFactsHaveNoVersion) {
  auto outcome = Check(FixtureOfType("every-type.ndjson", "ipv4-addr"));
  ASSERT_TRUE(outcome.facts);
  EXPECT_EQ(outcome.facts->category, ObjectCategory::kSco);
  EXPECT_FALSE(outcome.facts->created);
  EXPECT_FALSE(outcome.facts->modified);
  EXPECT_FALSE(outcome.facts->version);
  EXPECT_EQ(outcome.facts->version_text, "");
  EXPECT_EQ(outcome.facts->spec_version, "");  // optional on SCOs, absent here
  EXPECT_EQ(outcome.facts->tlp, Tlp::kNone);
}

TEST(ValidatorTypesTest, MarkingDefinitionVersionIsItsCreatedTime) {
  auto outcome = Check(FixtureOfType("every-type.ndjson", "marking-definition"));
  ASSERT_TRUE(outcome.facts);
  EXPECT_FALSE(outcome.facts->modified);
  ASSERT_TRUE(outcome.facts->version);
  EXPECT_EQ(*outcome.facts->version, *outcome.facts->created);
  EXPECT_EQ(outcome.facts->version_text, "2024-01-15T10:00:00.000Z");
}

TEST(ValidatorTypesTest, RevokedIsReported) {
  auto outcome = Check(
      R"({"type":"tool","spec_version":"2.1","id":"tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
    "created":"2016-04-06T20:03:48.000Z","modified":"2016-04-06T20:03:48.000Z","name":"VNC",
    "revoked":true})");
  ASSERT_TRUE(outcome.facts) << outcome.Dump();
  EXPECT_TRUE(outcome.facts->revoked);
}

TEST(ValidatorTypesTest, FractionDigitsBeyondMicrosecondsAreKeptInVersionText) {
  auto outcome = Check(
      R"({"type":"tool","spec_version":"2.1","id":"tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
    "created":"2016-04-06T20:03:48.123Z","modified":"2016-04-06T20:03:48.123456789Z","name":"VNC"})");
  ASSERT_TRUE(outcome.facts) << outcome.Dump();
  EXPECT_EQ(outcome.facts->version_text, "2016-04-06T20:03:48.123456789Z");
  EXPECT_EQ(outcome.facts->version->micros % 1000000, 123456);
}

TEST(ValidatorTypesTest, ValidatorIsReusableAcrossObjects) {
  Validator validator;
  for (int round = 0; round < 3; ++round) {
    for (const std::string& line : FixtureLines("rich.ndjson")) {
      std::vector<Finding> findings;
      EXPECT_TRUE(validator.Validate(line, findings)) << TypeOf(line);
      EXPECT_TRUE(findings.empty());
    }
  }
}

}  // namespace
}  // namespace qccm::stix
