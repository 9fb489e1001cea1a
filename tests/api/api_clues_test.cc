// /api/v1 over real sockets: clues with corroboration and grades, assessments, observable
// lookups, batch matching, reliability ratings, track records and the correlation statistics.
#include <gtest/gtest.h>

#include "api/api_fixture.h"

namespace qccm::api_test {
namespace {

namespace json = boost::json;

constexpr std::int64_t kMinute = 60'000'000;

class ApiClues : public ApiFixture {
 protected:
  // ALPHA reports clue 1 (198.51.100.7) in "pool"; later BRAVO reports the same address
  // (clue 2) and CHARLIE sights clue 1: two independent confirmations other than the author.
  void CorroboratedClue() {
    AddObjects("pool", {IndicatorWith(1, "[ipv4-addr:value = '198.51.100.7']")}, "alice");
    clock_.Advance(kMinute);
    AddObjects("pool", {IndicatorWith(2, "[ipv4-addr:value = '198.51.100.7']")}, "bob");
    clock_.Advance(kMinute);
    AddObjects("pool", {SightingOf(3, StixId("indicator", 1))}, "carol");
    clock_.Advance(kMinute);
  }
  json::object Clue(const std::string& id, std::string_view user) {
    return Expect(ApiGet("/api/v1/clues/" + id, user), 200);
  }
};

TEST_F(ApiClues, ACorroboratedClueShowsTwoConfirmationsRuleR1AndItsTimeline) {
  CorroboratedClue();
  json::object clue = Clue(StixId("indicator", 1), "dave");
  EXPECT_EQ(clue.at("id").as_string(), StixId("indicator", 1));
  EXPECT_EQ(clue.at("author").as_string(), "ALPHA");
  EXPECT_EQ(clue.at("collections").as_array(), json::array{collections_.at("pool")});
  json::object corroboration = clue.at("corroboration").as_object();
  EXPECT_EQ(corroboration.at("confirming_sources").as_int64(), 2);
  EXPECT_EQ(corroboration.at("refuting_sources").as_int64(), 0);
  EXPECT_EQ(corroboration.at("contradicted").as_bool(), false);
  json::object grade = clue.at("grade").as_object();
  EXPECT_EQ(grade.at("rule").as_string(), "R1");
  EXPECT_EQ(grade.at("credibility").as_string(), "1");
  // dave set no rating for ALPHA: reliability F, and the grade says so.
  EXPECT_EQ(grade.at("admiralty").as_string(), "F1");
  EXPECT_EQ(grade.at("reliability_rated").as_bool(), false);
  EXPECT_EQ(grade.at("reliability_of").as_string(), "ALPHA");
  EXPECT_EQ(grade.at("stix_confidence").as_int64(), 90);
  std::vector<std::string> kinds;
  for (const auto& e : clue.at("timeline").as_array()) {
    kinds.emplace_back(e.as_object().at("kind").as_string());
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"reported", "same_observable", "sighting"}));
  ASSERT_EQ(clue.at("observables").as_array().size(), 1U);
  EXPECT_EQ(clue.at("observables").as_array()[0].as_object().at("value").as_string(),
            "198.51.100.7");
}

TEST_F(ApiClues, ARefutationLowersTheGradeAndIsListedAsAContradiction) {
  CorroboratedClue();
  AddObjects("pool", {OpinionOn(4, StixId("indicator", 1), "strongly-disagree")}, "dave");
  json::object clue = Clue(StixId("indicator", 1), "bob");
  json::object corroboration = clue.at("corroboration").as_object();
  EXPECT_EQ(corroboration.at("refuting_sources").as_int64(), 1);
  EXPECT_EQ(corroboration.at("contradicted").as_bool(), true);
  ASSERT_EQ(corroboration.at("contradictions").as_array().size(), 1U);
  EXPECT_NE(std::string(corroboration.at("contradictions").as_array()[0].as_string()).find("DELTA"),
            std::string::npos);
  EXPECT_EQ(clue.at("grade").as_object().at("rule").as_string(), "R4");
  EXPECT_EQ(clue.at("grade").as_object().at("credibility").as_string(), "3");
}

TEST_F(ApiClues, ARereportOfReceivedInformationIsCircularNotAConfirmation) {
  AddObjects("pool", {IndicatorWith(1, "[domain-name:value = 'c2.example.net']")}, "alice");
  clock_.Advance(kMinute);
  AddObjects("pool",
             {IndicatorWith(2, "[domain-name:value = 'c2.example.net']",
                            R"(,"x_qccm_source_member":"ALPHA")")},
             "bob");
  json::object clue = Clue(StixId("indicator", 1), "carol");
  EXPECT_EQ(clue.at("corroboration").as_object().at("confirming_sources").as_int64(), 0);
  EXPECT_EQ(clue.at("grade").as_object().at("rule").as_string(), "R3");
  bool circular = false;
  for (const auto& e : clue.at("timeline").as_array()) {
    const json::object& entry = e.as_object();
    if (entry.at("member").as_string() == "BRAVO") {
      EXPECT_FALSE(entry.at("independent").as_bool());
      circular = entry.contains("circular_of") && entry.at("circular_of").as_string() == "ALPHA";
    }
  }
  EXPECT_TRUE(circular) << json::serialize(clue);
}

TEST_F(ApiClues, ReliabilityRatingsAreTheReadersOwnAndShowInItsGrades) {
  CorroboratedClue();
  HttpResult put = Api("PUT", "/api/v1/reliability/ALPHA", R"({"reliability":"B"})", "bob");
  json::object rating = Expect(put, 200);
  EXPECT_EQ(rating.at("member").as_string(), "ALPHA");
  EXPECT_EQ(rating.at("reliability").as_string(), "B");
  json::object list = Expect(ApiGet("/api/v1/reliability", "bob"), 200);
  ASSERT_EQ(list.at("ratings").as_array().size(), 1U);
  EXPECT_EQ(list.at("ratings").as_array()[0].as_object().at("member").as_string(), "ALPHA");
  EXPECT_EQ(list.at("ratings").as_array()[0].as_object().at("reliability").as_string(), "B");
  EXPECT_EQ(Clue(StixId("indicator", 1), "bob").at("grade").as_object().at("admiralty").as_string(),
            "B1");
  // Another member's view is unaffected by bob's rating.
  EXPECT_EQ(
      Clue(StixId("indicator", 1), "carol").at("grade").as_object().at("admiralty").as_string(),
      "F1");
  EXPECT_TRUE(Expect(ApiGet("/api/v1/reliability", "carol"), 200).at("ratings").as_array().empty());
}

TEST_F(ApiClues, AnAssessmentIsStoredWithWhoScaleAndValueAndShownOnTheClue) {
  CorroboratedClue();
  json::object assertion =
      Expect(ApiPost("/api/v1/clues/" + StixId("indicator", 1) + "/assessments",
                     R"({"scale":"europol","value":"A2","note":"seen"})", "bob"),
             201);
  EXPECT_EQ(assertion.at("member").as_string(), "BRAVO");
  EXPECT_EQ(assertion.at("scale").as_string(), "europol");
  EXPECT_EQ(assertion.at("original").as_string(), "A2");
  EXPECT_EQ(assertion.at("admiralty").as_string(), "A2");
  Expect(ApiPost("/api/v1/clues/" + StixId("indicator", 1) + "/assessments",
                 R"({"scale":"stix","value":"70","reliability":"C"})", "carol"),
         201);
  json::object clue = Clue(StixId("indicator", 1), "dave");
  json::array assertions = clue.at("assertions").as_array();
  ASSERT_EQ(assertions.size(), 2U);
  EXPECT_EQ(assertions[0].as_object().at("member").as_string(), "BRAVO");
  EXPECT_EQ(assertions[1].as_object().at("admiralty").as_string(), "C2");
  // The computed grade is kept apart from the assertions.
  EXPECT_EQ(clue.at("grade").as_object().at("graded_by").as_string(), "qccm-rules");
}

TEST_F(ApiClues, ATrackRecordCountsLaterConfirmationsAndRefutations) {
  CorroboratedClue();
  AddObjects("pool", {IndicatorWith(5, "[domain-name:value = 'lonely.example.org']")}, "alice");
  clock_.Advance(kMinute);
  AddObjects("pool", {IndicatorWith(6, "[domain-name:value = 'wrong.example.org']")}, "alice");
  clock_.Advance(kMinute);
  AddObjects("pool", {OpinionOn(7, StixId("indicator", 6), "disagree")}, "bob");
  json::object record = Expect(ApiGet("/api/v1/members/ALPHA/track-record", "dave"), 200);
  EXPECT_EQ(record.at("member").as_string(), "ALPHA");
  EXPECT_EQ(record.at("clues").as_int64(), 3);
  EXPECT_EQ(record.at("confirmed").as_int64(), 1);
  EXPECT_EQ(record.at("refuted").as_int64(), 1);
  EXPECT_EQ(record.at("unconfirmed").as_int64(), 1);
  EXPECT_EQ(record.at("contested").as_int64(), 0);
  // The same figures sit beside the author on the clue.
  EXPECT_EQ(Clue(StixId("indicator", 1), "dave").at("author_track_record").as_object(), record);
}

TEST_F(ApiClues, ALookupListsReadableCarriersMembersAndIndependentSources) {
  CorroboratedClue();
  json::object answer = Expect(Lookup("ipv4", "198.51.100.7", "carol"), 200);
  EXPECT_EQ(answer.at("observable").as_object().at("type").as_string(), "ipv4");
  ASSERT_EQ(answer.at("carriers").as_array().size(), 2U);
  EXPECT_EQ(answer.at("carriers").as_array()[0].as_object().at("member").as_string(), "ALPHA");
  EXPECT_EQ(answer.at("carriers").as_array()[1].as_object().at("member").as_string(), "BRAVO");
  EXPECT_EQ(answer.at("members").as_int64(), 2);
  EXPECT_EQ(answer.at("independent_sources").as_int64(), 2);
  EXPECT_EQ(answer.at("hit").as_bool(), false);
  EXPECT_FALSE(answer.contains("hit_message"));
}

TEST_F(ApiClues, ALookupNormalisesAndDetectsTheType) {
  AddObjects("pool", {IndicatorWith(1, "[domain-name:value = 'mixed.example.com']")}, "alice");
  // No type given: detected; upper case and a trailing dot normalised away.
  json::object answer = Expect(Lookup("", "MiXeD.Example.COM.", "bob"), 200);
  EXPECT_EQ(answer.at("observable").as_object().at("type").as_string(), "domain");
  EXPECT_EQ(answer.at("observable").as_object().at("value").as_string(), "mixed.example.com");
  EXPECT_EQ(answer.at("carriers").as_array().size(), 1U);
}

TEST_F(ApiClues, AnExcludedValueSaysWhyAndListsNothing) {
  AddObjects("pool", {IndicatorWith(1, "[ipv4-addr:value = '10.1.2.3']")}, "alice");
  json::object answer = Expect(Lookup("ipv4", "10.1.2.3", "bob"), 200);
  EXPECT_FALSE(std::string(answer.at("excluded").as_string()).empty());
  EXPECT_TRUE(answer.at("carriers").as_array().empty());
}

TEST_F(ApiClues, AMatchReturnsTheReadableIndicatorsPerObservableInOrder) {
  AddObjects("pool",
             {IndicatorWith(1, "[ipv4-addr:value = '198.51.100.7']"),
              IndicatorWith(2, "[ipv4-addr:value ISSUBSET '203.0.113.0/24']"),
              IndicatorWith(3, "[domain-name:value LIKE '%.evil.example']"),
              IndicatorWith(4, R"([file:hashes.MD5 = '0123456789abcdef0123456789abcdef'])")},
             "alice");
  json::object body = Expect(Match(R"(["198.51.100.7", "203.0.113.9", "x.EVIL.example",
      {"type":"md5","value":"0123456789ABCDEF0123456789ABCDEF"}, "198.51.100.8",
      {"type":"domain","value":"quiet.example"}])",
                                   "bob"),
                             200);
  json::array results = body.at("results").as_array();
  ASSERT_EQ(results.size(), 6U);
  auto ids = [&](std::size_t i) { return results[i].as_object().at("indicators").as_array(); };
  EXPECT_EQ(ids(0), json::array{StixId("indicator", 1)});
  EXPECT_EQ(ids(1), json::array{StixId("indicator", 2)});
  EXPECT_EQ(ids(2), json::array{StixId("indicator", 3)});
  EXPECT_EQ(ids(3), json::array{StixId("indicator", 4)});
  EXPECT_TRUE(ids(4).empty());
  EXPECT_TRUE(ids(5).empty());
  EXPECT_EQ(results[2].as_object().at("observable").as_object().at("value").as_string(),
            "x.evil.example");
  EXPECT_EQ(results[3].as_object().at("observable").as_object().at("type").as_string(), "md5");
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i].as_object().at("index").as_int64(), static_cast<std::int64_t>(i));
    EXPECT_EQ(results[i].as_object().at("hit").as_bool(), false);
  }
}

TEST_F(ApiClues, AMatchReportsValuesThatDoNotNormalisePerItemAndMatchesTheRest) {
  AddObjects("pool", {IndicatorWith(1, "[ipv4-addr:value = '198.51.100.7']")}, "alice");
  json::object body =
      Expect(Match(R"(["010.1.1.1", {"type":"bogus","value":"x"}, {"type":"md5","value":"abc"},
                     {"type":"phone","value":"020 1234567"}, "198.51.100.7"])",
                   "bob"),
             200);
  json::array results = body.at("results").as_array();
  ASSERT_EQ(results.size(), 5U);
  for (std::size_t i = 0; i < 4; ++i) {
    const json::object& r = results[i].as_object();
    EXPECT_FALSE(r.contains("observable")) << i;
    EXPECT_FALSE(std::string(r.at("error").as_string()).empty()) << i;
    EXPECT_TRUE(r.at("indicators").as_array().empty()) << i;
  }
  EXPECT_NE(std::string(results[1].as_object().at("error").as_string()).find("bogus"),
            std::string::npos);
  EXPECT_EQ(results[4].as_object().at("indicators").as_array(),
            json::array{StixId("indicator", 1)});
}

TEST_F(ApiClues, AnIndicatorAddedOrRevokedOverTaxiiIsMatchedOrNotAtOnce) {
  AddObjects("pool", {IndicatorWith(1, "[url:value = 'http://bad.example/x']")}, "alice");
  auto first = [&] {
    json::object body = Expect(Match(R"(["HTTP://BAD.example:80/x"])", "bob"), 200);
    return body.at("results").as_array()[0].as_object().at("indicators").as_array();
  };
  EXPECT_EQ(first(), json::array{StixId("indicator", 1)});
  std::string revoked =
      IndicatorWith(1, "[url:value = 'http://bad.example/x']", R"(,"revoked":true)");
  auto at = revoked.find(R"("modified":"2024-01-01T00:00:00.000Z")");
  revoked.replace(at, 37, R"("modified":"2024-02-01T00:00:00.000Z")");
  AddObjects("pool", {revoked}, "alice");
  EXPECT_TRUE(first().empty());
}

TEST_F(ApiClues, CorrelationStatsAreForAdminsAndCountTheIndex) {
  CorroboratedClue();
  json::object stats = Expect(ApiGet("/api/v1/correlation/stats", "root"), 200);
  EXPECT_GE(stats.at("values").as_int64(), 1);
  EXPECT_GE(stats.at("objects").as_int64(), 3);
  EXPECT_GT(stats.at("memory_bytes").as_int64(), 0);
  EXPECT_GT(stats.at("bytes_per_value").as_double(), 0.0);
  ExpectError(ApiGet("/api/v1/correlation/stats", "alice"), 403, "admin");
}

}  // namespace
}  // namespace qccm::api_test
