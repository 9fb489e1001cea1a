// /api/v1 over real sockets: the hit/no-hit boundary. A reader learns about data it may not
// read only "hit: the holder has been notified"; every other byte of every answer is the same
// with and without hidden data, whatever its amount. Holders answer hits by sharing or
// declining.
#include <gtest/gtest.h>

#include "api/api_fixture.h"

namespace qccm::api_test {
namespace {

namespace json = boost::json;

constexpr std::int64_t kMinute = 60'000'000;

class ApiHits : public ApiFixture {
 protected:
  // bob's view of everything the API shows him, hit bits removed (they are compared apart).
  struct View {
    std::vector<json::value> bodies;
    std::vector<bool> hits;
  };
  View BobsView() {
    View view;
    auto take = [&](const HttpResult& r) {
      EXPECT_EQ(r.status, 200) << r.body;
      json::value body = JsonObject(r);
      view.bodies.push_back(body);
    };
    auto take_hit = [&](const HttpResult& r) {
      EXPECT_EQ(r.status, 200) << r.body;
      json::object body = JsonObject(r);
      view.hits.push_back(body.at("hit").as_bool());
      body.erase("hit");
      body.erase("hit_message");
      view.bodies.emplace_back(std::move(body));
    };
    take_hit(Lookup("ipv4", "198.51.100.7", "bob"));
    take_hit(Lookup("domain", "c2.example.net", "bob"));
    take_hit(Lookup("md5", "00112233445566778899aabbccddeeff", "bob"));
    json::object match = JsonObject(
        Match(R"(["198.51.100.7","c2.example.net","00112233445566778899aabbccddeeff"])", "bob"));
    for (auto& r : match["results"].as_array()) {
      view.hits.push_back(r.as_object().at("hit").as_bool());
      r.as_object().erase("hit");
      r.as_object().erase("hit_message");
    }
    view.bodies.emplace_back(std::move(match));
    take(ApiGet("/api/v1/clues/" + StixId("indicator", 1), "bob"));
    take(ApiGet("/api/v1/clues/" + StixId("indicator", 2), "bob"));
    take(ApiGet("/api/v1/members/ALPHA/track-record", "bob"));
    take(ApiGet("/api/v1/members/CHARLIE/track-record", "bob"));
    take(ApiGet("/api/v1/notifications", "bob"));
    take(ApiGet("/api/v1/rfis", "bob"));
    take(ApiGet("/api/v1/reliability", "bob"));
    return view;
  }
  // What bob may read: carol's clue 1 and alice's clue 2 in "pool".
  void ReadableWorld() {
    AddObjects("pool", {IndicatorWith(1, "[ipv4-addr:value = '198.51.100.7']")}, "carol");
    clock_.Advance(kMinute);
    AddObjects("pool", {IndicatorWith(2, "[domain-name:value = 'c2.example.net']")}, "alice");
    clock_.Advance(kMinute);
  }
  // Hidden from bob: copies of the observables, sightings and refutations in collections he
  // cannot read, and TLP:RED objects in "pool" not shared with BRAVO. `copies` scales it.
  void HiddenWorld(int copies) {
    for (int k = 0; k < copies; ++k) {
      int n = 100 + 10 * k;
      AddObjects("alpha",
                 {IndicatorWith(n, "[ipv4-addr:value = '198.51.100.7']"),
                  IndicatorWith(n + 1, "[domain-name:value = 'c2.example.net']"),
                  IndicatorWith(n + 2, "[file:hashes.MD5 = '00112233445566778899aabbccddeeff']"),
                  SightingOf(n + 3, StixId("indicator", 1)),
                  OpinionOn(n + 4, StixId("indicator", 2), "strongly-disagree")},
                 "alice");
      AddObjects("pool",
                 {IndicatorWith(n + 5, "[ipv4-addr:value = '198.51.100.7']", RedFor({})),
                  SightingOf(n + 6, StixId("indicator", 2), RedFor({"CHARLIE"}))},
                 "alice");
      if (k > 0) {
        AddObjects("drop", {IndicatorWith(n + 7, "[domain-name:value = 'c2.example.net']")},
                   "dave");
      }
    }
  }
};

TEST_F(ApiHits, ALookupOfHiddenDataSaysOnlyHitAndNotifiesTheHolder) {
  AddObjects("alpha", {IndicatorWith(1, "[ipv4-addr:value = '198.51.100.7']")}, "alice");
  json::object answer = Expect(Lookup("ipv4", "198.51.100.7", "bob"), 200);
  EXPECT_EQ(answer.at("hit").as_bool(), true);
  EXPECT_EQ(answer.at("hit_message").as_string(), "hit: the holder has been notified");
  EXPECT_TRUE(answer.at("carriers").as_array().empty());
  EXPECT_EQ(answer.at("members").as_int64(), 0);
  EXPECT_EQ(answer.at("independent_sources").as_int64(), 0);
  EXPECT_TRUE(answer.at("first_seen").is_null());
  // The body names nothing of the hidden object.
  EXPECT_EQ(std::string(json::serialize(answer)).find(StixId("indicator", 1)), std::string::npos);
  EXPECT_EQ(std::string(json::serialize(answer)).find("ALPHA"), std::string::npos);

  json::array alphas = NotificationsOf("adam");
  ASSERT_EQ(alphas.size(), 1U);
  const json::object& n = alphas[0].as_object();
  EXPECT_EQ(n.at("kind").as_string(), "hit");
  EXPECT_EQ(n.at("state").as_string(), "open");
  EXPECT_EQ(n.at("member").as_string(), "BRAVO");
  EXPECT_EQ(n.at("observable").as_string(), "ipv4:198.51.100.7");
  EXPECT_EQ(n.at("object_ids").as_array(), json::array{StixId("indicator", 1)});
  EXPECT_TRUE(NotificationsOf("bob").empty());
  // Asking again does not pile up notifications.
  Expect(Lookup("ipv4", "198.51.100.7", "bob"), 200);
  EXPECT_EQ(NotificationsOf("alice").size(), 1U);
}

TEST_F(ApiHits, AValueNobodyHoldsIsNoHitAndNotifiesNobody) {
  AddObjects("alpha", {IndicatorWith(1, "[ipv4-addr:value = '198.51.100.7']")}, "alice");
  json::object answer = Expect(Lookup("ipv4", "198.51.100.8", "bob"), 200);
  EXPECT_EQ(answer.at("hit").as_bool(), false);
  EXPECT_FALSE(answer.contains("hit_message"));
  EXPECT_TRUE(NotificationsOf("alice").empty());
}

TEST_F(ApiHits, AMatchOfHiddenIndicatorsSaysOnlyHit) {
  AddObjects("alpha", {IndicatorWith(1, "[ipv4-addr:value ISSUBSET '203.0.113.0/24']")}, "alice");
  AddObjects("pool", {IndicatorWith(2, "[ipv4-addr:value = '203.0.113.5']")}, "carol");
  json::object body = Expect(Match(R"(["203.0.113.5","203.0.113.6","198.51.100.1"])", "bob"), 200);
  json::array results = body.at("results").as_array();
  ASSERT_EQ(results.size(), 3U);
  EXPECT_EQ(results[0].as_object().at("indicators").as_array(),
            json::array{StixId("indicator", 2)});
  EXPECT_EQ(results[0].as_object().at("hit").as_bool(), true);
  EXPECT_TRUE(results[1].as_object().at("indicators").as_array().empty());
  EXPECT_EQ(results[1].as_object().at("hit").as_bool(), true);
  EXPECT_EQ(results[2].as_object().at("hit").as_bool(), false);
  EXPECT_EQ(std::string(json::serialize(body)).find(StixId("indicator", 1)), std::string::npos);
  // alice reads both collections: no hit for her, both indicators listed.
  json::object hers = Expect(Match(R"(["203.0.113.5"])", "alice"), 200);
  EXPECT_EQ(hers.at("results").as_array()[0].as_object().at("indicators").as_array().size(), 2U);
  EXPECT_EQ(hers.at("results").as_array()[0].as_object().at("hit").as_bool(), false);
  // One notification per requester and observable.
  json::array alphas = NotificationsOf("alice");
  ASSERT_EQ(alphas.size(), 2U);
  for (const auto& n : alphas) EXPECT_EQ(n.as_object().at("member").as_string(), "BRAVO");
}

TEST_F(ApiHits, EveryAnswerIsIdenticalWithAndWithoutHiddenDataApartFromTheHitBit) {
  ReadableWorld();
  View before = BobsView();
  HiddenWorld(1);
  View after = BobsView();
  ASSERT_EQ(before.bodies.size(), after.bodies.size());
  for (std::size_t i = 0; i < before.bodies.size(); ++i) {
    EXPECT_EQ(before.bodies[i], after.bodies[i])
        << "answer " << i << "\nbefore: " << json::serialize(before.bodies[i])
        << "\nafter:  " << json::serialize(after.bodies[i]);
  }
  // Lookups: ipv4, domain, md5; then the match of the same three.
  EXPECT_EQ(before.hits, (std::vector<bool>{false, false, false, false, false, false}));
  EXPECT_EQ(after.hits, (std::vector<bool>{true, true, true, true, true, true}));
}

TEST_F(ApiHits, HowMuchHiddenDataHoldsAValueDoesNotShow) {
  ReadableWorld();
  HiddenWorld(1);
  View one = BobsView();
  HiddenWorld(3);  // more copies, in more collections, from another member too
  View many = BobsView();
  ASSERT_EQ(one.bodies.size(), many.bodies.size());
  for (std::size_t i = 0; i < one.bodies.size(); ++i) {
    // bob's own notifications are the only answer that may change (none do here).
    EXPECT_EQ(one.bodies[i], many.bodies[i]) << "answer " << i;
  }
  EXPECT_EQ(one.hits, many.hits);
}

TEST_F(ApiHits, AHiddenClueIsNotFoundExactlyLikeAnUnknownOne) {
  AddObjects("alpha", {IndicatorWith(1, "[ipv4-addr:value = '198.51.100.7']")}, "alice");
  HttpResult hidden = ApiGet("/api/v1/clues/" + StixId("indicator", 1), "bob");
  HttpResult unknown = ApiGet("/api/v1/clues/" + StixId("indicator", 2), "bob");
  ExpectError(hidden, 404);
  ExpectError(unknown, 404);
  json::object a = JsonObject(hidden), b = JsonObject(unknown);
  for (auto* o : {&a, &b}) {
    o->erase("error_id");  // the request id
    std::string d(o->at("description").as_string());
    o->at("description") = d.substr(0, d.find("indicator--"));
  }
  EXPECT_EQ(a, b);
  // Nor can bob grade it or ask about it.
  ExpectError(ApiPost("/api/v1/clues/" + StixId("indicator", 1) + "/assessments",
                      R"({"scale":"admiralty","value":"B2"})", "bob"),
              404);
  ExpectError(ApiPost("/api/v1/rfis",
                      R"({"clue_id":")" + StixId("indicator", 1) +
                          R"(","question":"?","due":"2024-07-01T00:00:00Z"})",
                      "bob"),
              404);
}

TEST_F(ApiHits, AHolderSharesAndTheRequesterIsToldWhoSharedWhat) {
  AddObjects("alpha", {IndicatorWith(1, "[domain-name:value = 'c2.example.net']")}, "alice");
  Expect(Lookup("domain", "c2.example.net", "bob"), 200);
  json::array open = NotificationsOf("alice", "open");
  ASSERT_EQ(open.size(), 1U);
  std::string id(open[0].as_object().at("id").as_string());
  std::string shared = IndicatorWith(2, "[domain-name:value = 'c2.example.net']");
  json::object answered =
      Expect(ApiPost("/api/v1/notifications/" + id + "/answer",
                     R"({"decision":"share","note":"ours","collection":"pool","objects":[)" +
                         shared + "]}",
                     "alice"),
             200);
  EXPECT_EQ(answered.at("state").as_string(), "shared");
  EXPECT_FALSE(answered.at("answered_at").is_null());
  json::array bobs = NotificationsOf("bob");
  ASSERT_EQ(bobs.size(), 1U);
  const json::object& told = bobs[0].as_object();
  EXPECT_EQ(told.at("kind").as_string(), "hit_shared");
  EXPECT_EQ(told.at("member").as_string(), "ALPHA");
  EXPECT_EQ(told.at("object_ids").as_array(), json::array{StixId("indicator", 2)});
  // The shared copy went through ingest: bob now reads it.
  json::object answer = Expect(Lookup("domain", "c2.example.net", "bob"), 200);
  ASSERT_EQ(answer.at("carriers").as_array().size(), 1U);
  EXPECT_EQ(answer.at("carriers").as_array()[0].as_object().at("id").as_string(),
            StixId("indicator", 2));
  // A hit_shared notification is acknowledged with "read".
  std::string told_id(told.at("id").as_string());
  ExpectError(
      ApiPost("/api/v1/notifications/" + told_id + "/answer", R"({"decision":"share"})", "bob"),
      400, "read");
  EXPECT_EQ(Expect(ApiPost("/api/v1/notifications/" + told_id + "/answer", R"({"decision":"read"})",
                           "bob"),
                   200)
                .at("state")
                .as_string(),
            "read");
}

TEST_F(ApiHits, AHolderDeclinesAndTheRequesterLearnsNothing) {
  AddObjects("alpha", {IndicatorWith(1, "[domain-name:value = 'c2.example.net']")}, "alice");
  Expect(Lookup("domain", "c2.example.net", "bob"), 200);
  std::string id(NotificationsOf("adam")[0].as_object().at("id").as_string());
  EXPECT_EQ(Expect(ApiPost("/api/v1/notifications/" + id + "/answer",
                           R"({"decision":"decline","note":"no"})", "adam"),
                   200)
                .at("state")
                .as_string(),
            "declined");
  EXPECT_TRUE(NotificationsOf("bob").empty());
  EXPECT_EQ(NotificationsOf("alice", "declined").size(), 1U);
  EXPECT_TRUE(NotificationsOf("alice", "open").empty());
  // Answered once only; other members cannot answer it at all.
  ExpectError(
      ApiPost("/api/v1/notifications/" + id + "/answer", R"({"decision":"share"})", "alice"), 409,
      "already answered");
  ExpectError(ApiPost("/api/v1/notifications/" + id + "/answer", R"({"decision":"share"})", "bob"),
              404);
}

TEST_F(ApiHits, ASharedObjectThatFailsValidationRecordsNothing) {
  AddObjects("alpha", {IndicatorWith(1, "[domain-name:value = 'c2.example.net']")}, "alice");
  Expect(Lookup("domain", "c2.example.net", "bob"), 200);
  std::string id(NotificationsOf("alice")[0].as_object().at("id").as_string());
  ExpectError(
      ApiPost("/api/v1/notifications/" + id + "/answer",
              R"({"decision":"share","collection":"pool","objects":[{"type":"indicator"}]})",
              "alice"),
      400, "rejected");
  EXPECT_EQ(NotificationsOf("alice", "open").size(), 1U);
  EXPECT_TRUE(NotificationsOf("bob").empty());
  ExpectError(
      ApiPost("/api/v1/notifications/" + id + "/answer", R"({"decision":"maybe"})", "alice"), 400,
      "share");
}

}  // namespace
}  // namespace qccm::api_test
