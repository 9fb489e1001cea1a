// Corroboration rules: the credibility table, independence, circular reporting, refutations.
#include "qccm/correlation/corroboration.h"

#include <gtest/gtest.h>

namespace qccm::correlation {
namespace {

Report R(ReportKind kind, std::int64_t member, std::vector<std::int64_t> origins = {},
         std::int64_t t = 10) {
  return Report{.kind = kind,
                .object_id = "x--" + std::to_string(member),
                .member = member,
                .origins = std::move(origins),
                .time = Timestamp{t}};
}

TEST(CorroborationTest, RulesTableGivesEachCredibility) {
  std::string rule;
  EXPECT_EQ(CredibilityFor(2, 0, true, &rule), Credibility::k1);
  EXPECT_EQ(rule, "R1");
  EXPECT_EQ(CredibilityFor(1, 0, true, &rule), Credibility::k2);
  EXPECT_EQ(CredibilityFor(0, 0, true, &rule), Credibility::k3);
  EXPECT_EQ(CredibilityFor(0, 0, false, &rule), Credibility::k6);
  EXPECT_EQ(CredibilityFor(3, 1, true, &rule), Credibility::k3);
  EXPECT_EQ(rule, "R4");
  EXPECT_EQ(CredibilityFor(1, 1, true, &rule), Credibility::k4);
  EXPECT_EQ(CredibilityFor(0, 1, true, &rule), Credibility::k4);
  EXPECT_EQ(CredibilityFor(0, 2, true, &rule), Credibility::k5);
  EXPECT_EQ(rule, "R7");
}

TEST(CorroborationTest, ConfirmedNeedsTwoMembersOtherThanTheAuthor) {
  auto one = Corroborate(1, {}, {R(ReportKind::kSameObservable, 2)}, true);
  EXPECT_EQ(one.confirming, 1);
  EXPECT_EQ(one.credibility, Credibility::k2);
  auto two =
      Corroborate(1, {}, {R(ReportKind::kSameObservable, 2), R(ReportKind::kSighting, 3)}, true);
  EXPECT_EQ(two.confirming, 2);
  EXPECT_EQ(two.credibility, Credibility::k1);
}

TEST(CorroborationTest, TheAuthorConfirmingItselfIsNotAConfirmation) {
  auto c =
      Corroborate(1, {}, {R(ReportKind::kSameObservable, 1), R(ReportKind::kSighting, 1)}, true);
  EXPECT_EQ(c.confirming, 0);
  EXPECT_EQ(c.credibility, Credibility::k3);
}

TEST(CorroborationTest, ReReportingWhatTheAuthorSaidIsCircular) {
  // Member 2 says it received the information from member 1, the author.
  auto c = Corroborate(1, {}, {R(ReportKind::kSameObservable, 2, {1}), R(ReportKind::kSighting, 3)},
                       true);
  EXPECT_EQ(c.confirming, 1);
  EXPECT_EQ(c.credibility, Credibility::k2);
  EXPECT_FALSE(c.verdicts[0].independent);
  EXPECT_EQ(c.verdicts[0].circular_of, 1);
  EXPECT_TRUE(c.verdicts[1].independent);
}

TEST(CorroborationTest, AChainOfReReportsIsOneSource) {
  // 3 got it from 2, and 2 from 4: one source, however many members repeat it.
  auto c = Corroborate(1, {},
                       {R(ReportKind::kSameObservable, 2, {4}),
                        R(ReportKind::kSameObservable, 3, {2}), R(ReportKind::kSameObservable, 4)},
                       true);
  EXPECT_EQ(c.confirming, 1);
}

TEST(CorroborationTest, AResubmissionOfTheClueIsNotAConfirmation) {
  auto c = Corroborate(
      1, {}, {R(ReportKind::kResubmission, 2), R(ReportKind::kSighting, 2, {}, 20)}, true);
  EXPECT_EQ(c.confirming, 0);
  EXPECT_EQ(c.verdicts[0].circular_of, 1);
}

TEST(CorroborationTest, TheAuthorsOwnProvenanceJoinsItsGroup) {
  // The author received the clue from member 5: 5 confirming it is circular.
  auto c = Corroborate(1, {5}, {R(ReportKind::kSameObservable, 5)}, true);
  EXPECT_EQ(c.confirming, 0);
}

TEST(CorroborationTest, RefutationsLowerTheGradeAndContradictionsAreSurfaced) {
  auto c = Corroborate(
      1, {},
      {R(ReportKind::kSighting, 2), R(ReportKind::kSighting, 3), R(ReportKind::kDisagree, 4)},
      true);
  EXPECT_EQ(c.confirming, 2);
  EXPECT_EQ(c.refuting, 1);
  EXPECT_TRUE(c.contradicted);
  EXPECT_EQ(c.credibility, Credibility::k3);
  auto refuted =
      Corroborate(1, {}, {R(ReportKind::kDisagree, 2), R(ReportKind::kRfiRefute, 3)}, true);
  EXPECT_EQ(refuted.credibility, Credibility::k5);
  EXPECT_FALSE(refuted.contradicted);
}

TEST(CorroborationTest, ALaterRefutationBySameSourceReplacesItsConfirmation) {
  auto c = Corroborate(
      1, {}, {R(ReportKind::kSighting, 2, {}, 10), R(ReportKind::kDisagree, 2, {}, 20)}, true);
  EXPECT_EQ(c.confirming, 0);
  EXPECT_EQ(c.refuting, 1);
  EXPECT_TRUE(c.contradicted);
  EXPECT_EQ(c.credibility, Credibility::k4);
}

}  // namespace
}  // namespace qccm::correlation
