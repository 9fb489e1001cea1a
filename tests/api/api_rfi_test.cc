// /api/v1 over real sockets: requests for information, their life cycle (open -> answered ->
// closed, or expired once due), who sees what, attached objects, and refused transitions.
#include <gtest/gtest.h>

#include "api/api_fixture.h"

namespace qccm::api_test {
namespace {

namespace json = boost::json;

constexpr std::int64_t kHour = 3'600'000'000;

class ApiRfis : public ApiFixture {
 protected:
  // alice asks BRAVO and CHARLIE about an address, due in a day (the clock is 2024-06-01).
  json::object AskAboutAddress() {
    return CreateRfi(R"({"observable":{"type":"ipv4","value":"198.51.100.7"},
        "question":"Is this your C2?","priority":"high","due":"2024-06-02T00:00:00Z",
        "to":["BRAVO","CHARLIE"]})");
  }
  std::string RfiPath(const json::object& rfi) {
    return "/api/v1/rfis/" + std::string(rfi.at("id").as_string());
  }
  HttpResult Respond(const json::object& rfi, std::string_view body, std::string_view user) {
    return ApiPost(RfiPath(rfi) + "/responses", body, user);
  }
  std::vector<std::string> ListedIds(std::string_view user) {
    std::vector<std::string> ids;
    // Kept in a local: a temporary in a range-for initialiser dies before the loop body.
    const json::object listing = Expect(ApiGet("/api/v1/rfis", user), 200);
    for (const auto& r : listing.at("rfis").as_array()) {
      ids.emplace_back(r.as_object().at("id").as_string());
    }
    return ids;
  }
};

TEST_F(ApiRfis, CreatedRfisAreOpenVisibleToTheirAddresseesAndNotifyThem) {
  json::object rfi = AskAboutAddress();
  EXPECT_EQ(rfi.at("state").as_string(), "open");
  EXPECT_EQ(rfi.at("requester").as_string(), "ALPHA");
  EXPECT_EQ(rfi.at("priority").as_string(), "high");
  EXPECT_EQ(rfi.at("observable").as_string(), "ipv4:198.51.100.7");
  EXPECT_TRUE(rfi.at("clue_id").is_null());
  EXPECT_EQ(rfi.at("to").as_array(), (json::array{"BRAVO", "CHARLIE"}));
  EXPECT_EQ(rfi.at("due").as_string(), "2024-06-02T00:00:00.000Z");
  std::string id(rfi.at("id").as_string());
  EXPECT_EQ(ListedIds("alice"), std::vector<std::string>{id});
  EXPECT_EQ(ListedIds("bob"), std::vector<std::string>{id});
  EXPECT_EQ(ListedIds("carol"), std::vector<std::string>{id});
  EXPECT_TRUE(ListedIds("dave").empty());
  EXPECT_EQ(Expect(ApiGet(RfiPath(rfi), "carol"), 200).at("id").as_string(), id);
  ExpectError(ApiGet(RfiPath(rfi), "dave"), 404);
  json::array bobs = NotificationsOf("bob");
  ASSERT_EQ(bobs.size(), 1U);
  EXPECT_EQ(bobs[0].as_object().at("kind").as_string(), "rfi");
  EXPECT_EQ(bobs[0].as_object().at("rfi_id").as_string(), id);
  EXPECT_EQ(bobs[0].as_object().at("member").as_string(), "ALPHA");
  EXPECT_TRUE(NotificationsOf("dave").empty());
}

TEST_F(ApiRfis, AnRfiToEveryMemberIsSeenByAllAndDefaultsToMediumPriority) {
  json::object rfi = CreateRfi(
      R"({"observable":{"value":"c2.example.net"},"question":"Anyone?","due":"2024-06-05T00:00:00Z"})");
  EXPECT_EQ(rfi.at("to").as_string(), "all");
  EXPECT_EQ(rfi.at("priority").as_string(), "medium");
  EXPECT_EQ(rfi.at("observable").as_string(), "domain:c2.example.net");
  for (const char* user : {"bob", "carol", "dave"}) {
    EXPECT_EQ(ListedIds(user).size(), 1U) << user;
    EXPECT_EQ(NotificationsOf(user).size(), 1U) << user;
  }
}

TEST_F(ApiRfis, AResponseAnswersTheRfiAndOnlyTheRequesterSeesEveryResponse) {
  json::object rfi = AskAboutAddress();
  json::object response =
      Expect(Respond(rfi, R"({"verdict":"confirm","text":"yes, ours"})", "bob"), 201);
  EXPECT_EQ(response.at("member").as_string(), "BRAVO");
  EXPECT_EQ(response.at("verdict").as_string(), "confirm");
  Expect(Respond(rfi, R"({"verdict":"no_information"})", "carol"), 201);
  json::object seen = Expect(ApiGet(RfiPath(rfi), "alice"), 200);
  EXPECT_EQ(seen.at("state").as_string(), "answered");
  EXPECT_EQ(seen.at("responses").as_array().size(), 2U);
  json::object bobs = Expect(ApiGet(RfiPath(rfi), "bob"), 200);
  ASSERT_EQ(bobs.at("responses").as_array().size(), 1U);
  EXPECT_EQ(bobs.at("responses").as_array()[0].as_object().at("member").as_string(), "BRAVO");
  std::vector<std::string> kinds;
  for (const auto& n : NotificationsOf("alice")) {
    kinds.emplace_back(n.as_object().at("kind").as_string());
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"rfi_response", "rfi_response"}));
}

TEST_F(ApiRfis, TheRequesterClosesAndLaterResponsesAreRefused) {
  json::object rfi = AskAboutAddress();
  Expect(Respond(rfi, R"({"verdict":"partial","text":"seen once"})", "bob"), 201);
  ExpectError(ApiPost(RfiPath(rfi) + "/close", "{}", "bob"), 403, "only the member that asked");
  json::object closed = Expect(ApiPost(RfiPath(rfi) + "/close", "{}", "alice"), 200);
  EXPECT_EQ(closed.at("state").as_string(), "closed");
  EXPECT_FALSE(closed.at("closed_at").is_null());
  ExpectError(Respond(rfi, R"({"verdict":"confirm"})", "carol"), 409, "closed");
  ExpectError(ApiPost(RfiPath(rfi) + "/close", "{}", "alice"), 409, "already closed");
}

TEST_F(ApiRfis, AnRfiPastItsDueTimeExpiresAndTakesNoMoreResponses) {
  json::object rfi = CreateRfi(R"({"observable":{"type":"domain","value":"c2.example.net"},
      "question":"Quick?","due":"2024-06-01T01:00:00Z","to":["BRAVO"]})");
  clock_.Advance(2 * kHour);
  json::object expired = Expect(ApiGet(RfiPath(rfi), "bob"), 200);
  EXPECT_EQ(expired.at("state").as_string(), "expired");
  EXPECT_FALSE(expired.at("closed_at").is_null());
  ExpectError(Respond(rfi, R"({"verdict":"confirm"})", "bob"), 409, "expired");
  ExpectError(ApiPost(RfiPath(rfi) + "/close", "{}", "alice"), 409, "expired");
  EXPECT_EQ(Expect(ApiGet("/api/v1/rfis", "alice"), 200)
                .at("rfis")
                .as_array()[0]
                .as_object()
                .at("state")
                .as_string(),
            "expired");
}

TEST_F(ApiRfis, AConfirmingResponseAboutAClueCountsForTheRequesterOnly) {
  AddObjects("pool", {IndicatorWith(1, "[domain-name:value = 'c2.example.net']")}, "alice");
  json::object rfi = CreateRfi(R"({"clue_id":")" + StixId("indicator", 1) +
                               R"(","question":"Confirm?","due":"2024-06-03T00:00:00Z"})");
  EXPECT_EQ(rfi.at("clue_id").as_string(), StixId("indicator", 1));
  Expect(Respond(rfi, R"({"verdict":"confirm"})", "bob"), 201);
  auto confirming = [&](std::string_view user) {
    return Expect(ApiGet("/api/v1/clues/" + StixId("indicator", 1), user), 200)
        .at("corroboration")
        .as_object()
        .at("confirming_sources")
        .as_int64();
  };
  EXPECT_EQ(confirming("alice"), 1);
  EXPECT_EQ(confirming("carol"), 0);  // RFI feedback is private to requester and responder
}

TEST_F(ApiRfis, AttachedObjectsAreIngestedAsTheResponder) {
  json::object rfi = AskAboutAddress();
  std::string attached = IndicatorWith(9, "[ipv4-addr:value = '198.51.100.7']");
  json::object response = Expect(
      Respond(rfi, R"({"verdict":"confirm","collection":"pool","objects":[)" + attached + "]}",
              "bob"),
      201);
  EXPECT_EQ(response.at("object_ids").as_array(), json::array{StixId("indicator", 9)});
  EXPECT_EQ(response.at("collection").as_string(), collections_.at("pool"));
  json::object answer = Expect(Lookup("ipv4", "198.51.100.7", "dave"), 200);
  ASSERT_EQ(answer.at("carriers").as_array().size(), 1U);
  EXPECT_EQ(answer.at("carriers").as_array()[0].as_object().at("member").as_string(), "BRAVO");
  // Objects without a collection, or a collection the responder may not write, are refused.
  ExpectError(Respond(rfi, R"({"verdict":"confirm","objects":[)" + attached + "]}", "carol"), 400,
              "collection");
  // Carol's member may neither read nor write "Bravo only": 404, as TAXII answers for a
  // collection whose existence the caller may not learn (docs/api/taxii.md "Rights").
  const std::string bravo_only = collections_.at("bravo");
  ExpectError(Respond(rfi,
                      R"({"verdict":"confirm","collection":")" + bravo_only + R"(","objects":[)" +
                          attached + "]}",
                      "carol"),
              404);
  EXPECT_EQ(Expect(ApiGet(RfiPath(rfi), "alice"), 200).at("responses").as_array().size(), 1U);
}

TEST_F(ApiRfis, BadRfiRequestsAreRefusedWithTheReason) {
  auto refused = [&](std::string_view body, int status, std::string_view mention) {
    SCOPED_TRACE(body);
    ExpectError(ApiPost("/api/v1/rfis", body), status, mention);
  };
  refused(
      R"({"observable":{"value":"c2.example.net"},"question":"q","due":"2024-05-01T00:00:00Z"})",
      400, "future");
  refused(
      R"({"observable":{"value":"c2.example.net"},"question":"q","due":"2024-06-01T00:00:00Z"})",
      400, "future");
  refused(R"({"observable":{"value":"c2.example.net"},"question":"q","due":"next week"})", 400, "");
  refused(R"({"observable":{"value":"c2.example.net"},"question":"q"})", 400, "");
  refused(R"({"question":"q","due":"2024-07-01T00:00:00Z"})", 400, "clue_id or an observable");
  refused(R"({"observable":{"value":"c2.example.net"},"question":"","due":"2024-07-01T00:00:00Z"})",
          400, "question");
  refused(R"({"observable":{"value":"c2.example.net"},"question":"q","priority":"urgent",
              "due":"2024-07-01T00:00:00Z"})",
          400, "priority");
  refused(
      R"({"observable":{"type":"md5","value":"abc"},"question":"q","due":"2024-07-01T00:00:00Z"})",
      400, "md5");
  refused(
      R"({"observable":{"type":"gizmo","value":"x"},"question":"q","due":"2024-07-01T00:00:00Z"})",
      400, "gizmo");
  refused(R"({"observable":{"value":"c2.example.net"},"question":"q","due":"2024-07-01T00:00:00Z",
              "to":["ECHO"]})",
          404, "ECHO");
  refused(R"({"observable":{"value":"c2.example.net"},"question":"q","due":"2024-07-01T00:00:00Z",
              "to":["ALPHA"]})",
          400, "itself");
  refused(R"({"clue_id":"indicator--00000000-0000-4000-8000-000000000000","question":"q",
              "due":"2024-07-01T00:00:00Z"})",
          404, "no clue");
  EXPECT_TRUE(ListedIds("alice").empty());
}

TEST_F(ApiRfis, UnknownRfiIdsAre404OnEveryRfiRoute) {
  const std::string path = "/api/v1/rfis/00000000-0000-4000-8000-000000000000";
  ExpectError(ApiGet(path, "bob"), 404, "no request for information");
  ExpectError(ApiPost(path + "/responses", R"({"verdict":"confirm"})", "bob"), 404);
  ExpectError(ApiPost(path + "/close", "{}", "alice"), 404);
  ExpectError(ApiGet("/api/v1/rfis/not-even-a-uuid", "bob"), 404);
}

TEST_F(ApiRfis, BadResponsesAreRefusedAndTheRequesterCannotAnswerItself) {
  json::object rfi = AskAboutAddress();
  ExpectError(Respond(rfi, R"({"verdict":"maybe"})", "bob"), 400, "verdict");
  ExpectError(
      Respond(rfi, R"({"verdict":"confirm","text":")" + std::string(5000, 'x') + "\"}", "bob"), 413,
      "4096");
  ExpectError(Respond(rfi, R"({"verdict":"confirm"})", "alice"), 404, "addressed to you");
  ExpectError(Respond(rfi, R"({"verdict":"confirm"})", "dave"), 404);
  EXPECT_EQ(Expect(ApiGet(RfiPath(rfi), "alice"), 200).at("state").as_string(), "open");
}

}  // namespace
}  // namespace qccm::api_test
