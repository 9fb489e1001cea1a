#include "qccm/core/stix_id.h"

#include <gtest/gtest.h>

#include <set>

namespace qccm {
namespace {

TEST(StixIdTest, AcceptsWellFormedIds) {
  auto parts = ParseStixId("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->type, "indicator");
  EXPECT_TRUE(ParseStixId("x-mitre-tactic--69da72d2-f550-41c5-ab9e-e8255707f28a"));
}

TEST(StixIdTest, RejectsMalformedIds) {
  for (const char* bad : {"indicator", "indicator-8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                          "Indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                          "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3",
                          "indicator--8e2e2d2b-17d4-6cbf-938f-98ee46b3cd3f",  // version 6
                          "indicator--8e2e2d2b-17d4-4cbf-c38f-98ee46b3cd3f",  // variant
                          "in--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "--", ""}) {
    EXPECT_FALSE(ParseStixId(bad)) << bad;
  }
}

TEST(StixIdTest, TypeNamesFollowTheSpecRules) {
  EXPECT_TRUE(IsValidStixType("ipv4-addr"));
  EXPECT_FALSE(IsValidStixType("ab"));
  EXPECT_FALSE(IsValidStixType("a--b"));
  EXPECT_FALSE(IsValidStixType("abc-"));
  EXPECT_FALSE(IsValidStixType("1abc"));
  EXPECT_FALSE(IsValidStixType(std::string(251, 'a')));
}

TEST(StixIdTest, GeneratedUuidsAreVersion4AndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string u = NewUuidV4();
    EXPECT_TRUE(IsValidUuid(u)) << u;
    EXPECT_EQ(u[14], '4');
    seen.insert(u);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_TRUE(ParseStixId(NewStixId("report")));
}

}  // namespace
}  // namespace qccm
