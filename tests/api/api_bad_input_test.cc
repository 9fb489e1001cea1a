// /api/v1 over real sockets: authentication and roles (no credentials 401, trainers and
// auditors 403 on every route), and bad input on every route answered with the right 4xx and
// an error body saying what is wrong.
#include <gtest/gtest.h>

#include "api/api_fixture.h"
#include "http/router.h"

namespace qccm::api_test {
namespace {

namespace json = boost::json;

struct Call {
  const char* method;
  std::string target;
  std::string body;
};

class ApiBadInput : public ApiFixture {
 protected:
  // One request to every /api/v1 route, well-formed, on objects that exist.
  std::vector<Call> EveryRoute() {
    AddObjects("pool", {IndicatorWith(1, "[ipv4-addr:value = '198.51.100.7']")}, "alice");
    json::object rfi = CreateRfi(
        R"({"observable":{"value":"c2.example.net"},"question":"q","due":"2024-07-01T00:00:00Z"})");
    std::string rfi_path = "/api/v1/rfis/" + std::string(rfi.at("id").as_string());
    const std::string clue = "/api/v1/clues/" + StixId("indicator", 1);
    return {
        {"GET", "/api/v1/observables?type=ipv4&value=198.51.100.7", ""},
        {"POST", "/api/v1/match", R"({"observables":["198.51.100.7"]})"},
        {"GET", clue, ""},
        {"POST", clue + "/assessments", R"({"scale":"admiralty","value":"B2"})"},
        {"PUT", "/api/v1/reliability/BRAVO", R"({"reliability":"B"})"},
        {"GET", "/api/v1/reliability", ""},
        {"GET", "/api/v1/members/BRAVO/track-record", ""},
        {"GET", "/api/v1/notifications", ""},
        {"POST", "/api/v1/notifications/00000000-0000-4000-8000-000000000001/answer",
         R"({"decision":"decline"})"},
        {"POST", "/api/v1/rfis",
         R"({"observable":{"value":"c2.example.net"},"question":"q","due":"2024-07-01T00:00:00Z"})"},
        {"GET", "/api/v1/rfis", ""},
        {"GET", rfi_path, ""},
        {"POST", rfi_path + "/responses", R"({"verdict":"confirm"})"},
        {"POST", rfi_path + "/close", "{}"},
        {"GET", "/api/v1/correlation/stats", ""},
    };
  }
};

TEST_F(ApiBadInput, EveryRouteIsCoveredByTheseTests) {
  std::size_t api_routes = 0;
  for (const auto& route : node_->router().Routes()) {
    // The /api/v1/audit routes are for auditors (tests/app/audit_api_test.cc covers them).
    if (route.path.starts_with("/api/v1/") && !route.path.starts_with("/api/v1/audit/")) {
      ++api_routes;
    }
  }
  EXPECT_EQ(EveryRoute().size(), api_routes);
}

TEST_F(ApiBadInput, NoCredentialsIs401WithAChallengeOnEveryRoute) {
  for (const Call& call : EveryRoute()) {
    SCOPED_TRACE(std::string(call.method) + " " + call.target);
    HttpResult result = Api(call.method, call.target, call.body, "");
    ExpectError(result, 401);
    EXPECT_NE(result.Header("www-authenticate").find("Basic"), std::string::npos);
  }
}

TEST_F(ApiBadInput, TrainersAndAuditorsAreRefusedOnEveryRoute) {
  std::vector<Call> calls = EveryRoute();
  for (const char* user : {"trent", "audrey"}) {
    for (const Call& call : calls) {
      SCOPED_TRACE(std::string(user) + " " + call.method + " " + call.target);
      ExpectError(Api(call.method, call.target, call.body, user), 403);
    }
  }
  // Refusals leave no trace: nothing was rated, asserted, asked or notified.
  EXPECT_TRUE(Expect(ApiGet("/api/v1/reliability"), 200).at("ratings").as_array().empty());
  EXPECT_TRUE(Expect(ApiGet("/api/v1/clues/" + StixId("indicator", 1)), 200)
                  .at("assertions")
                  .as_array()
                  .empty());
  EXPECT_EQ(Expect(ApiGet("/api/v1/rfis"), 200).at("rfis").as_array().size(), 1U);
}

TEST_F(ApiBadInput, MalformedJsonBodiesAre400OnEveryRouteThatTakesOne) {
  for (const Call& call : EveryRoute()) {
    if (call.body.empty()) continue;
    for (std::string_view bad : {std::string_view(R"({"observables":[)"),
                                 std::string_view("[1,2,3]"), std::string_view("\"text\""),
                                 std::string_view("{\"a\":\xff}"), std::string_view("null")}) {
      SCOPED_TRACE(std::string(call.method) + " " + call.target + " " + std::string(bad));
      ExpectError(Api(call.method, call.target, bad, "alice"), 400, "JSON object");
    }
  }
}

TEST_F(ApiBadInput, BadObservablesAreRefusedSayingWhatIsWrong) {
  struct Case {
    const char* type;
    const char* value;
    const char* mention;
  };
  for (const Case& c :
       {Case{"gizmo", "x", "unknown observable type 'gizmo'"},
        Case{"phone", "020 1234567", "country"}, Case{"phone", "+31 20 CALL NOW", ""},
        Case{"phone", "+1", ""}, Case{"md5", "0123456789abcdef0123456789abcde", "32 hex digits"},
        Case{"sha256", "0123456789abcdef", "64 hex digits"},
        Case{"sha1", "zz23456789abcdef0123456789abcdef01234567", "non-hex"},
        Case{"ipv4", "010.1.1.1", "leading zero"}, Case{"ipv4", "1.2.3.256", ""},
        Case{"ipv6", "fe80::1%eth0", "zone"}, Case{"domain", "bad..example", ""},
        Case{"url", "not a url", ""}, Case{"email", "Bob <bob@example.org>", ""},
        Case{"ipv4", "", "empty"}, Case{"", "???", "cannot tell"}}) {
    SCOPED_TRACE(std::string(c.type) + " " + c.value);
    ExpectError(Lookup(c.type, c.value, "bob"), 400, c.mention);
  }
  ExpectError(ApiGet("/api/v1/observables", "bob"), 400);
}

TEST_F(ApiBadInput, BadMatchBodiesAre4xx) {
  ExpectError(ApiPost("/api/v1/match", R"({"observables":"198.51.100.7"})"), 400, "array");
  ExpectError(ApiPost("/api/v1/match", R"({})"), 400, "array");
  ExpectError(ApiPost("/api/v1/match", R"({"observables":[42]})"), 400, "string or");
  std::string many = R"({"observables":[)";
  for (int i = 0; i <= 10000; ++i) many += (i ? ",\"198.51.100.1\"" : "\"198.51.100.1\"");
  ExpectError(ApiPost("/api/v1/match", many + "]}"), 413, "10000");
}

TEST_F(ApiBadInput, UnknownCluesMembersAndNotificationsAre404) {
  ExpectError(ApiGet("/api/v1/clues/indicator--00000000-0000-4000-8000-000000000000"), 404,
              "no clue");
  ExpectError(ApiPost("/api/v1/clues/indicator--00000000-0000-4000-8000-000000000000/assessments",
                      R"({"scale":"admiralty","value":"B2"})"),
              404);
  ExpectError(ApiGet("/api/v1/members/ECHO/track-record"), 404, "ECHO");
  ExpectError(Api("PUT", "/api/v1/reliability/ECHO", R"({"reliability":"B"})"), 404, "ECHO");
  ExpectError(ApiPost("/api/v1/notifications/00000000-0000-4000-8000-000000000000/answer",
                      R"({"decision":"share"})"),
              404, "no notification");
}

TEST_F(ApiBadInput, BadGradesAndRatingsAre400) {
  AddObjects("pool", {IndicatorWith(1, "[ipv4-addr:value = '198.51.100.7']")}, "alice");
  const std::string assess = "/api/v1/clues/" + StixId("indicator", 1) + "/assessments";
  ExpectError(ApiPost(assess, R"({"scale":"nato","value":"B2"})", "bob"), 400, "scale");
  ExpectError(ApiPost(assess, R"({"scale":"admiralty","value":"G9"})", "bob"), 400);
  ExpectError(ApiPost(assess, R"({"scale":"europol","value":"B7"})", "bob"), 400);
  ExpectError(ApiPost(assess, R"({"scale":"stix","value":"101"})", "bob"), 400);
  ExpectError(ApiPost(assess, R"({"scale":"stix","value":"seventy"})", "bob"), 400, "integer");
  ExpectError(ApiPost(assess, R"({"scale":"stix","value":"70","reliability":"Q"})", "bob"), 400);
  ExpectError(Api("PUT", "/api/v1/reliability/ALPHA", R"({"reliability":"Z"})", "bob"), 400);
  ExpectError(Api("PUT", "/api/v1/reliability/ALPHA", R"({})", "bob"), 400);
  ExpectError(Api("PUT", "/api/v1/reliability/BRAVO", R"({"reliability":"A"})", "bob"), 400, "own");
  EXPECT_TRUE(Expect(ApiGet("/api/v1/reliability", "bob"), 200).at("ratings").as_array().empty());
}

TEST_F(ApiBadInput, BadListLimitsAre400) {
  for (const char* limit : {"0", "1001", "-1", "ten", "5x"}) {
    SCOPED_TRACE(limit);
    ExpectError(ApiGet(std::string("/api/v1/notifications?limit=") + limit), 400, "limit");
    ExpectError(ApiGet(std::string("/api/v1/rfis?limit=") + limit), 400, "limit");
  }
}

TEST_F(ApiBadInput, BodiesOnRoutesThatTakeNoneAre413) {
  ExpectError(Api("GET", "/api/v1/notifications", R"({"x":1})"), 413);
}

TEST_F(ApiBadInput, UnknownApiPathsAre404AndWrongMethods405) {
  ExpectError(ApiGet("/api/v1/nothing-here"), 404);
  HttpResult wrong = Api("DELETE", "/api/v1/rfis", "");
  EXPECT_EQ(wrong.status, 405) << wrong.body;
  EXPECT_NE(wrong.Header("allow").find("POST"), std::string::npos);
}

}  // namespace
}  // namespace qccm::api_test
