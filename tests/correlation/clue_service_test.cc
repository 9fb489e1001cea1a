// ClueService and RfiService over a real store: grades from corroboration, circular reporting,
// refutations, hit/no-hit with notifications, answers, the RFI life cycle.
#include <gtest/gtest.h>

#include "correlation/clue_fixture.h"

namespace qccm::correlation::test {
namespace {

const std::string kIp = "[ipv4-addr:value = '203.0.113.7']";

class ClueServiceTest : public ::testing::Test {
 protected:
  ClueWorld w;
  std::string shared =
      w.Collection({"ALPHA", "BRAVO", "CHARLIE", "DELTA"}, {"ALPHA", "BRAVO", "CHARLIE", "DELTA"});
  std::string clue = "indicator--" + Uuid(1);
};

TEST_F(ClueServiceTest, AnUncorroboratedClueIsPossiblyTrue) {
  w.Ingest("ALPHA", shared, {Indicator(1, kIp)});
  auto view = w.clues->Clue(w.As("BRAVO"), clue);
  ASSERT_TRUE(view) << view.error().ToString();
  EXPECT_EQ(view->author, "ALPHA");
  EXPECT_EQ(view->confirming, 0);
  EXPECT_EQ(FormatAdmiralty(view->grade.admiralty), "F3");
  EXPECT_EQ(view->grade.stix_confidence, 50);
  EXPECT_EQ(view->grade.graded_by, "qccm-rules");
}

TEST_F(ClueServiceTest, TwoOtherMembersReportingTheObservableConfirmIt) {
  w.Ingest("ALPHA", shared, {Indicator(1, kIp)});
  w.Ingest("BRAVO", shared, {Indicator(2, kIp)});
  auto one = w.clues->Clue(w.As("DELTA"), clue);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->grade.admiralty.credibility, Credibility::k2);
  w.Ingest("CHARLIE", shared, {Sighting(3, clue)});
  auto two = w.clues->Clue(w.As("DELTA"), clue);
  ASSERT_TRUE(two);
  EXPECT_EQ(two->confirming, 2);
  EXPECT_EQ(two->grade.admiralty.credibility, Credibility::k1);
  EXPECT_EQ(two->grade.rule, "R1");
  EXPECT_EQ(two->reporting_members, 2U);
}

TEST_F(ClueServiceTest, ReReportsNamingTheirSourceAreNotConfirmations) {
  w.Ingest("ALPHA", shared, {Indicator(1, kIp)});
  w.Ingest("BRAVO", shared, {Indicator(2, kIp, R"(,"x_qccm_source_member":"ALPHA")")});
  w.Ingest("CHARLIE", shared,
           {Indicator(
               3, kIp,
               R"(,"external_references":[{"source_name":"qccm-member","external_id":"BRAVO"}])")});
  auto view = w.clues->Clue(w.As("DELTA"), clue);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->confirming, 0);
  EXPECT_EQ(view->grade.admiralty.credibility, Credibility::k3);
  int circular = 0;
  for (const auto& t : view->timeline) circular += t.circular_of.empty() ? 0 : 1;
  EXPECT_EQ(circular, 2);
}

TEST_F(ClueServiceTest, TheSameObjectResubmittedByAnotherMemberIsARereport) {
  std::string other = w.Collection({"ALPHA", "BRAVO", "CHARLIE", "DELTA"}, {"BRAVO"});
  w.Ingest("ALPHA", shared, {Indicator(1, kIp)});
  w.Ingest("BRAVO", other, {Indicator(1, kIp)});
  auto view = w.clues->Clue(w.As("DELTA"), clue);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->confirming, 0);
  EXPECT_EQ(view->collections.size(), 2U);
}

TEST_F(ClueServiceTest, RefutationsLowerTheGradeAndAreSurfaced) {
  w.Ingest("ALPHA", shared, {Indicator(1, kIp)});
  w.Ingest("BRAVO", shared, {Sighting(2, clue)});
  w.Ingest("CHARLIE", shared, {Opinion(3, clue, "strongly-disagree")});
  auto view = w.clues->Clue(w.As("DELTA"), clue);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->refuting, 1);
  EXPECT_TRUE(view->contradicted);
  EXPECT_FALSE(view->contradictions.empty());
  EXPECT_EQ(view->grade.admiralty.credibility, Credibility::k4);
  w.Ingest("DELTA", shared, {Opinion(4, clue, "disagree")});
  auto worse = w.clues->Clue(w.As("ALPHA"), clue);
  ASSERT_TRUE(worse);
  EXPECT_EQ(worse->grade.admiralty.credibility, Credibility::k4);
  EXPECT_EQ(worse->refuting, 2);
}

TEST_F(ClueServiceTest, ReliabilityIsTheReadersRatingOfTheSource) {
  w.Ingest("ALPHA", shared, {Indicator(1, kIp)});
  ASSERT_TRUE(w.clues->SetReliability(w.As("BRAVO"), "ALPHA", "B"));
  EXPECT_FALSE(w.clues->SetReliability(w.As("BRAVO"), "BRAVO", "A"));
  EXPECT_FALSE(w.clues->SetReliability(w.As("BRAVO"), "ALPHA", "G"));
  auto bravo = w.clues->Clue(w.As("BRAVO"), clue);
  auto charlie = w.clues->Clue(w.As("CHARLIE"), clue);
  ASSERT_TRUE(bravo && charlie);
  EXPECT_EQ(FormatAdmiralty(bravo->grade.admiralty), "B3");
  EXPECT_EQ(FormatEuropol(bravo->grade.europol), "B3");
  EXPECT_EQ(FormatAdmiralty(charlie->grade.admiralty), "F3");
}

TEST_F(ClueServiceTest, AssertionsKeepBothAxesWhoAndWhen) {
  w.Ingest("ALPHA", shared, {Indicator(1, kIp)});
  ASSERT_TRUE(w.clues->AssertGrade(w.As("BRAVO"), clue, "europol", "A2", "", "seen it"));
  ASSERT_TRUE(w.clues->AssertGrade(w.As("CHARLIE"), clue, "stix", "30", "C", ""));
  EXPECT_FALSE(w.clues->AssertGrade(w.As("CHARLIE"), clue, "stix", "300", "", ""));
  EXPECT_FALSE(
      w.clues->AssertGrade(w.As("CHARLIE"), "indicator--" + Uuid(99), "admiralty", "A1", "", ""));
  auto view = w.clues->Clue(w.As("DELTA"), clue);
  ASSERT_TRUE(view);
  ASSERT_EQ(view->assertions.size(), 2U);
  EXPECT_EQ(view->assertion_members[0], "BRAVO");
  EXPECT_EQ(view->assertions[0].reliability, 'A');
  EXPECT_EQ(view->assertions[0].credibility, '2');
  EXPECT_EQ(view->assertions[0].original, "A2");
  EXPECT_EQ(view->assertions[1].reliability, 'C');
  EXPECT_EQ(view->assertions[1].credibility, '4');
}

TEST_F(ClueServiceTest, TrackRecordCountsLaterConfirmationsAndRefutations) {
  w.Ingest("ALPHA", shared,
           {Indicator(1, kIp), Indicator(2, "[domain-name:value = 'bad.example']"),
            Indicator(3, "[domain-name:value = 'quiet.example']")});
  w.Ingest("BRAVO", shared, {Sighting(10, clue), Opinion(11, "indicator--" + Uuid(2), "disagree")});
  auto record = w.clues->TrackRecordOf(w.As("CHARLIE"), "ALPHA");
  ASSERT_TRUE(record);
  EXPECT_EQ(record->clues, 3U);
  EXPECT_EQ(record->confirmed, 1U);
  EXPECT_EQ(record->refuted, 1U);
  EXPECT_EQ(record->unconfirmed, 1U);
}

TEST_F(ClueServiceTest, HiddenDataGivesOnlyTheHitBitAndNotifiesTheHolder) {
  std::string alpha_only = w.Collection({"ALPHA"}, {"ALPHA"});
  w.Ingest("ALPHA", alpha_only, {Indicator(1, kIp)});
  auto answer = w.clues->Lookup(w.As("BRAVO"), "ipv4", "203.0.113.7");
  ASSERT_TRUE(answer);
  EXPECT_TRUE(answer->hit);
  EXPECT_TRUE(answer->carriers.empty());
  EXPECT_EQ(answer->members, 0U);
  EXPECT_FALSE(answer->first_seen);
  EXPECT_FALSE(w.clues->Clue(w.As("BRAVO"), clue));
  auto notes = w.clues->Notifications(w.As("ALPHA"), "open", 10);
  ASSERT_TRUE(notes);
  ASSERT_EQ(notes->size(), 1U);
  EXPECT_EQ((*notes)[0].kind, "hit");
  EXPECT_EQ((*notes)[0].observable, "ipv4:203.0.113.7");
  // Asking again does not notify twice.
  ASSERT_TRUE(w.clues->Lookup(w.As("BRAVO"), "ipv4", "203.0.113.7"));
  EXPECT_EQ(w.clues->Notifications(w.As("ALPHA"), "open", 10)->size(), 1U);
  EXPECT_TRUE(w.clues->Notifications(w.As("BRAVO"), "", 10)->empty());
}

TEST_F(ClueServiceTest, AHitAnsweredBySharingTellsTheRequesterAndDecliningTellsNothing) {
  std::string alpha_only = w.Collection({"ALPHA"}, {"ALPHA"});
  w.Ingest("ALPHA", alpha_only, {Indicator(1, kIp)});
  ASSERT_TRUE(w.clues->Lookup(w.As("BRAVO"), "ipv4", "203.0.113.7"));
  ASSERT_TRUE(w.clues->Lookup(w.As("CHARLIE"), "", "203.0.113.7"));
  auto notes = *w.clues->Notifications(w.As("ALPHA"), "open", 10);
  ASSERT_EQ(notes.size(), 2U);
  EXPECT_FALSE(w.clues->Answer(w.As("BRAVO"), notes[0].id, "share", "", std::nullopt));
  EXPECT_FALSE(w.clues->Answer(w.As("ALPHA"), notes[0].id, "maybe", "", std::nullopt));
  for (const auto& n : notes) {
    std::string decision =
        w.sharing->FindMember("BRAVO")->id == n.about_member ? "share" : "decline";
    auto answered = w.clues->Answer(w.As("ALPHA"), n.id, decision, "call us", std::nullopt);
    ASSERT_TRUE(answered) << answered.error().ToString();
  }
  EXPECT_EQ(w.clues->Answer(w.As("ALPHA"), notes[0].id, "share", "", std::nullopt).error().code,
            ErrorCode::kConflict);
  auto bravo = *w.clues->Notifications(w.As("BRAVO"), "", 10);
  ASSERT_EQ(bravo.size(), 1U);
  EXPECT_EQ(bravo[0].kind, "hit_shared");
  EXPECT_TRUE(w.clues->Notifications(w.As("CHARLIE"), "", 10)->empty());
}

TEST_F(ClueServiceTest, RedObjectsAreReadOnlyByAuthorAndNamedMembers) {
  w.Ingest("ALPHA", shared, {Indicator(1, kIp, Red({"BRAVO"}))});
  auto bravo = w.clues->Lookup(w.As("BRAVO"), "ipv4", "203.0.113.7");
  auto charlie = w.clues->Lookup(w.As("CHARLIE"), "ipv4", "203.0.113.7");
  ASSERT_TRUE(bravo && charlie);
  EXPECT_EQ(bravo->carriers.size(), 1U);
  EXPECT_FALSE(bravo->hit);
  EXPECT_TRUE(charlie->carriers.empty());
  EXPECT_TRUE(charlie->hit);
}

TEST_F(ClueServiceTest, ExcludedValuesAreNotCorrelated) {
  w.Ingest("ALPHA", shared, {Indicator(1, "[ipv4-addr:value = '10.1.2.3']")});
  auto answer = w.clues->Lookup(w.As("BRAVO"), "ipv4", "10.1.2.3");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->excluded, "private address range 10.0.0.0/8");
  EXPECT_TRUE(answer->carriers.empty());
  EXPECT_FALSE(answer->hit);
}

TEST_F(ClueServiceTest, MatchShowsOnlyReadableIndicators) {
  std::string alpha_only = w.Collection({"ALPHA"}, {"ALPHA"});
  w.Ingest("ALPHA", shared, {Indicator(1, "[ipv4-addr:value = '198.51.100.0/24']")});
  w.Ingest("ALPHA", alpha_only, {Indicator(2, kIp)});
  std::vector<MatchQuery> queries = {{"ipv4", "198.51.100.9"}, {"", "203.0.113.7"}, {"ipv4", "x"}};
  auto answers = w.clues->Match(w.As("BRAVO"), queries);
  ASSERT_TRUE(answers);
  ASSERT_EQ(answers->size(), 3U);
  EXPECT_EQ((*answers)[0].indicators, std::vector<std::string>{clue});
  EXPECT_FALSE((*answers)[0].hit);
  EXPECT_TRUE((*answers)[1].indicators.empty());
  EXPECT_TRUE((*answers)[1].hit);
  EXPECT_FALSE((*answers)[2].error.empty());
  auto alpha = w.clues->Match(w.As("ALPHA"), queries);
  EXPECT_EQ((*alpha)[1].indicators.size(), 1U);
}

TEST_F(ClueServiceTest, TheIndexIsRebuiltFromTheStore) {
  w.Ingest("ALPHA", shared, {Indicator(1, kIp)});
  w.Ingest("BRAVO", shared, {Indicator(2, kIp)});
  CorrelationIndex fresh;
  ClueService rebuilt(fresh, *w.store->correlation(), w.store->sharing(), w.clock);
  ASSERT_TRUE(rebuilt.Rebuild());
  auto answer = rebuilt.Lookup(w.As("CHARLIE"), "ipv4", "203.0.113.7");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->carriers.size(), 2U);
  EXPECT_EQ(fresh.Stats().values, 1U);
}

class RfiTest : public ClueServiceTest {};

TEST_F(RfiTest, LifeCycleOpenAnsweredClosed) {
  w.Ingest("ALPHA", shared, {Indicator(1, kIp)});
  NewRfi request{.clue_id = clue,
                 .question = "Seen this?",
                 .priority = "high",
                 .due = Timestamp::FromSeconds(1800000000),
                 .to = {"BRAVO", "CHARLIE"}};
  auto created = w.rfis->Create(w.As("ALPHA"), request);
  ASSERT_TRUE(created) << created.error().ToString();
  EXPECT_EQ(created->rfi.state, "open");
  const std::string id = created->rfi.id;
  EXPECT_EQ(w.clues->Notifications(w.As("BRAVO"), "open", 10)->front().kind, "rfi");
  EXPECT_FALSE(w.rfis->Get(w.As("DELTA"), id));  // not addressed: not found
  EXPECT_FALSE(w.rfis->Respond(w.As("DELTA"), id, {.verdict = "confirm"}));
  EXPECT_FALSE(w.rfis->Respond(w.As("BRAVO"), id, {.verdict = "yes"}));
  ASSERT_TRUE(w.rfis->Respond(w.As("BRAVO"), id, {.verdict = "confirm", .text = "yes"}));
  ASSERT_TRUE(w.rfis->Respond(w.As("CHARLIE"), id, {.verdict = "no_information"}));
  auto seen = w.rfis->Get(w.As("ALPHA"), id);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->rfi.state, "answered");
  EXPECT_EQ(seen->responses.size(), 2U);
  EXPECT_EQ(w.rfis->Get(w.As("BRAVO"), id)->responses.size(), 1U);
  // The confirmation counts for the requester's view of the clue only.
  EXPECT_EQ(w.clues->Clue(w.As("ALPHA"), clue)->confirming, 1);
  EXPECT_EQ(w.clues->Clue(w.As("DELTA"), clue)->confirming, 0);
  EXPECT_EQ(w.rfis->Close(w.As("BRAVO"), id).error().code, ErrorCode::kPermissionDenied);
  auto closed = w.rfis->Close(w.As("ALPHA"), id);
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->rfi.state, "closed");
  EXPECT_EQ(w.rfis->Respond(w.As("BRAVO"), id, {.verdict = "refute"}).error().code,
            ErrorCode::kConflict);
}

TEST_F(RfiTest, AnUnclosedRfiExpiresAfterItsDueTime) {
  auto created = w.rfis->Create(
      w.As("ALPHA"), {.observable_value = "bad.example", .question = "Who?", .due = w.clock.Now()});
  EXPECT_FALSE(created);  // the due time must be in the future
  created = w.rfis->Create(w.As("ALPHA"), {.observable_value = "bad.example",
                                           .question = "Who?",
                                           .due = Timestamp{w.clock.Now().micros + 60000000}});
  ASSERT_TRUE(created) << created.error().ToString();
  EXPECT_EQ(created->rfi.observable, "domain:bad.example");
  EXPECT_TRUE(created->addressees.empty());  // every member
  w.clock.Advance(61000000);
  auto view = w.rfis->Get(w.As("DELTA"), created->rfi.id);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->rfi.state, "expired");
  EXPECT_EQ(w.rfis->Respond(w.As("DELTA"), created->rfi.id, {.verdict = "partial"}).error().code,
            ErrorCode::kConflict);
}

TEST_F(RfiTest, AttachedObjectsGoThroughIngest) {
  auto created = w.rfis->Create(w.As("ALPHA"), {.observable_value = "203.0.113.7",
                                                .question = "Anything?",
                                                .due = Timestamp{w.clock.Now().micros + 60000000},
                                                .to = {"BRAVO"}});
  ASSERT_TRUE(created);
  std::string object = Indicator(50, kIp);
  std::vector<stix::RawObject> raw = {{.json = object}};
  auto response = w.rfis->Respond(w.As("BRAVO"), created->rfi.id,
                                  {.verdict = "confirm", .collection = shared, .objects = raw});
  ASSERT_TRUE(response) << response.error().ToString();
  EXPECT_EQ(response->object_ids, std::vector<std::string>{"indicator--" + Uuid(50)});
  EXPECT_EQ(w.clues->Lookup(w.As("ALPHA"), "ipv4", "203.0.113.7")->carriers.size(), 1U);
}

}  // namespace
}  // namespace qccm::correlation::test
