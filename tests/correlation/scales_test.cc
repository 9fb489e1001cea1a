// Grading scales: the STIX 2.1 Appendix A confidence mapping, Europol 4x4 round trips, parsing.
#include "qccm/correlation/scales.h"

#include <gtest/gtest.h>

#include <set>

namespace qccm::correlation {
namespace {

TEST(ScalesTest, CredibilityMapsToStixAppendixConfidence) {
  EXPECT_EQ(ToStixConfidence(Credibility::k1), 90);
  EXPECT_EQ(ToStixConfidence(Credibility::k2), 70);
  EXPECT_EQ(ToStixConfidence(Credibility::k3), 50);
  EXPECT_EQ(ToStixConfidence(Credibility::k4), 30);
  EXPECT_EQ(ToStixConfidence(Credibility::k5), 10);
  EXPECT_EQ(ToStixConfidence(Credibility::k6), std::nullopt);
}

TEST(ScalesTest, StixConfidenceBucketsFollowTheAppendix) {
  EXPECT_EQ(*FromStixConfidence(100), Credibility::k1);
  EXPECT_EQ(*FromStixConfidence(80), Credibility::k1);
  EXPECT_EQ(*FromStixConfidence(79), Credibility::k2);
  EXPECT_EQ(*FromStixConfidence(40), Credibility::k3);
  EXPECT_EQ(*FromStixConfidence(20), Credibility::k4);
  EXPECT_EQ(*FromStixConfidence(19), Credibility::k5);
  EXPECT_EQ(*FromStixConfidence(0), Credibility::k5);
  EXPECT_EQ(*FromStixConfidence(std::nullopt), Credibility::k6);
  EXPECT_FALSE(FromStixConfidence(101));
  EXPECT_FALSE(FromStixConfidence(-1));
}

TEST(ScalesTest, EveryCredibilitySurvivesTheStixRoundTrip) {
  for (int c = 0; c < 6; ++c) {
    auto credibility = static_cast<Credibility>(c);
    EXPECT_EQ(*FromStixConfidence(ToStixConfidence(credibility)), credibility);
  }
}

TEST(ScalesTest, EveryEuropolGradeSurvivesTheAdmiraltyRoundTrip) {
  std::set<std::string> images;
  for (int s = 0; s < 4; ++s) {
    for (int i = 0; i < 4; ++i) {
      EuropolGrade g{static_cast<EuropolSource>(s), static_cast<EuropolInformation>(i)};
      EXPECT_EQ(ToEuropol(ToAdmiralty(g)), g) << FormatEuropol(g);
      images.insert(FormatAdmiralty(ToAdmiralty(g)));
    }
  }
  EXPECT_EQ(images.size(), 16U);  // injective
}

TEST(ScalesTest, AdmiraltyProjectsOntoEuropolAsDocumented) {
  EXPECT_EQ(FormatEuropol(ToEuropol(*ParseAdmiralty("A1"))), "A1");
  EXPECT_EQ(FormatEuropol(ToEuropol(*ParseAdmiralty("C3"))), "B3");
  EXPECT_EQ(FormatEuropol(ToEuropol(*ParseAdmiralty("E5"))), "C4");
  EXPECT_EQ(FormatEuropol(ToEuropol(*ParseAdmiralty("F6"))), "X4");
  EXPECT_EQ(FormatAdmiralty(ToAdmiralty(*ParseEuropol("X4"))), "F6");
  EXPECT_EQ(FormatAdmiralty(ToAdmiralty(*ParseEuropol("c2"))), "D2");
}

TEST(ScalesTest, EveryAdmiraltyGradeSurvivesTheStixExtensionRoundTrip) {
  for (int r = 0; r < 6; ++r) {
    for (int c = 0; c < 6; ++c) {
      AdmiraltyGrade g{static_cast<Reliability>(r), static_cast<Credibility>(c)};
      std::string object = std::string(R"({"type":"indicator","extensions":{")") +
                           std::string(kGradeExtensionId) + "\":" + StixGradeExtensionJson(g) +
                           "}}";
      auto back = GradeFromStixJson(object);
      ASSERT_TRUE(back && *back) << object;
      EXPECT_EQ(**back, g);
    }
  }
}

TEST(ScalesTest, ConfidenceAloneGivesCredibilityWithUnjudgedReliability) {
  auto g = GradeFromStixJson(R"({"type":"report","confidence":72})");
  ASSERT_TRUE(g && *g);
  EXPECT_EQ(FormatAdmiralty(**g), "F2");
  auto none = GradeFromStixJson(R"({"type":"report"})");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  EXPECT_FALSE(GradeFromStixJson(R"({"confidence":"high"})"));
}

TEST(ScalesTest, ParsersRejectWhatIsOffTheScale) {
  EXPECT_FALSE(ParseAdmiralty("G1"));
  EXPECT_FALSE(ParseAdmiralty("A7"));
  EXPECT_FALSE(ParseAdmiralty("A"));
  EXPECT_FALSE(ParseEuropol("D1"));
  EXPECT_FALSE(ParseEuropol("A5"));
  EXPECT_EQ(FormatAdmiralty(*ParseAdmiralty("b3")), "B3");
}

}  // namespace
}  // namespace qccm::correlation
