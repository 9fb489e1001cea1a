// Unit tests of the TAXII layer's parts: content negotiation, URL parameters, next tokens,
// JSON text, the error mapping and the credential cache.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <random>

#include "http/auth/credential_cache.h"
#include "http/taxii/error_mapping.h"
#include "http/taxii/filters.h"
#include "http/taxii/json_text.h"
#include "http/taxii/negotiation.h"
#include "http/taxii/next_token.h"
#include "http/taxii/writers.h"

namespace qccm::http::taxii {
namespace {

TEST(TaxiiNegotiation, AcceptsTaxii21AndWhatAdmitsIt) {
  for (const char* accept :
       {"", "application/taxii+json;version=2.1", "application/taxii+json", "*/*", "application/*",
        "text/html, */*;q=0.1", "Application/TAXII+JSON; Version=2.1",
        "application/taxii+json;version=\"2.1\""}) {
    EXPECT_TRUE(AcceptsTaxii21(accept)) << accept;
  }
}

TEST(TaxiiNegotiation, RefusesWhatRulesTaxii21Out) {
  for (const char* accept :
       {"application/json", "application/taxii+json;version=2.0", "text/*", "*/*;q=0",
        "application/taxii+json;q=0", "nonsense", "application/stix+json;version=2.1"}) {
    EXPECT_FALSE(AcceptsTaxii21(accept)) << accept;
  }
}

TEST(TaxiiNegotiation, ContentTypeMustBeTaxiiJson21) {
  auto check = [](std::string_view type) {
    Request request;
    if (!type.empty()) request.headers.Set("Content-Type", type);
    return CheckContentType(request).has_value();
  };
  EXPECT_TRUE(check("application/taxii+json;version=2.1"));
  EXPECT_TRUE(check("application/taxii+json; version=2.1; charset=utf-8"));
  EXPECT_TRUE(check("application/taxii+json"));
  EXPECT_FALSE(check("application/taxii+json;version=2.0"));
  EXPECT_FALSE(check("application/json"));
  EXPECT_FALSE(check(""));
}

QueryParams Query(std::initializer_list<std::pair<std::string, std::string>> items) {
  QueryParams query;
  for (const auto& [k, v] : items) query.emplace(k, v);
  return query;
}

TEST(TaxiiFiltersParse, ParsesEveryFilterIntoSortedUniqueLists) {
  auto filters = ParseFilters(Query({{"match[type]", "malware,indicator"},
                                     {"match[type]", "indicator"},
                                     {"match[version]", "first,2024-01-01T00:00:00Z,last"},
                                     {"match[spec_version]", "2.1"},
                                     {"added_after", "2024-01-01T00:00:00.5Z"},
                                     {"limit", "7"}}),
                              Endpoint::kObjects, {});
  ASSERT_TRUE(filters) << filters.error().ToString();
  EXPECT_EQ(filters->types, (std::vector<std::string>{"indicator", "malware"}));
  EXPECT_TRUE(filters->versions.first && filters->versions.last && !filters->versions.all);
  ASSERT_EQ(filters->versions.at.size(), 1u);
  EXPECT_EQ(filters->added_after->micros % 1000000, 500000);
  EXPECT_EQ(filters->limit, 7u);
}

TEST(TaxiiFiltersParse, CanonicalTextIgnoresOrderLimitAndNext) {
  auto a =
      ParseFilters(Query({{"match[type]", "a-b,c-d"}, {"limit", "5"}}), Endpoint::kObjects, {});
  auto b = ParseFilters(Query({{"match[type]", "c-d"}, {"match[type]", "a-b"}, {"next", "x"}}),
                        Endpoint::kObjects, {});
  auto c = ParseFilters(Query({{"match[type]", "c-d"}}), Endpoint::kObjects, {});
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->Canonical(), b->Canonical());
  EXPECT_NE(a->Canonical(), c->Canonical());
}

TEST(TaxiiFiltersParse, DefaultsAndCapsTheLimit) {
  PageLimits limits{.default_size = 10, .max_size = 50};
  EXPECT_EQ(ParseFilters({}, Endpoint::kObjects, limits)->limit, 10u);
  EXPECT_EQ(ParseFilters(Query({{"limit", "51"}}), Endpoint::kObjects, limits)->limit, 50u);
  EXPECT_EQ(ParseFilters(Query({{"limit", "99999999999999999999999"}}), Endpoint::kObjects, limits)
                ->limit,
            50u);
}

TEST(TaxiiFiltersParse, RefusesWhatAnEndpointDoesNotTake) {
  EXPECT_FALSE(ParseFilters(Query({{"match[id]", "x"}}), Endpoint::kVersions, {}));
  EXPECT_FALSE(ParseFilters(Query({{"limit", "1"}}), Endpoint::kDeleteObject, {}));
  EXPECT_FALSE(ParseFilters(Query({{"a", "1"}}), Endpoint::kNoParameters, {}));
  EXPECT_TRUE(ParseFilters(Query({{"match[version]", "all"}}), Endpoint::kDeleteObject, {}));
}

TEST(TaxiiFiltersParse, RefusesMalformedValuesNamingTheParameter) {
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{{"limit", "0"},
                                                        {"limit", "-3"},
                                                        {"limit", "x"},
                                                        {"added_after", "soon"},
                                                        {"match[id]", "indicator--1"},
                                                        {"match[type]", "Bad"},
                                                        {"match[version]", "latest"},
                                                        {"match[spec_version]", "2"},
                                                        {"match[spec_version]", "2.1.1"},
                                                        {"match[id]", ""},
                                                        {"next", ""}}) {
    auto parsed = ParseFilters(Query({{name, value}}), Endpoint::kObjects, {});
    ASSERT_FALSE(parsed) << name << "=" << value;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(parsed.error().message.find(name), std::string::npos) << parsed.error().message;
  }
}

class NextTokens : public ::testing::Test {
 protected:
  FakeClock clock_{Timestamp::FromSeconds(1700000000)};
  NextTokenKey key_{1, 2, 3};
  NextTokenCodec codec_{key_, clock_, std::chrono::seconds(3600)};
};

TEST_F(NextTokens, RoundTripsTheCursor) {
  std::string token = codec_.Issue("binding", store::Cursor{123456789});
  EXPECT_EQ(token.size(), 76u);
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  auto cursor = codec_.Open(token, "binding");
  ASSERT_TRUE(cursor) << cursor.error().ToString();
  EXPECT_EQ(cursor->seq, 123456789);
}

TEST_F(NextTokens, RefusesAnotherBindingAKeyOrAnAlteration) {
  std::string token = codec_.Issue("binding", store::Cursor{5});
  EXPECT_FALSE(codec_.Open(token, "other binding"));
  NextTokenKey other_key{9};
  EXPECT_FALSE(
      NextTokenCodec(other_key, clock_, std::chrono::seconds(3600)).Open(token, "binding"));
  for (std::size_t i = 0; i < token.size(); ++i) {
    std::string altered = token;
    altered[i] = altered[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(codec_.Open(altered, "binding")) << i;
  }
  EXPECT_FALSE(codec_.Open(token + "A", "binding"));
  EXPECT_FALSE(codec_.Open(token.substr(1), "binding"));
  EXPECT_FALSE(codec_.Open("", "binding"));
  EXPECT_FALSE(codec_.Open(std::string(5000, 'A'), "binding"));
}

TEST_F(NextTokens, ExpiresAfterItsLifetime) {
  std::string token = codec_.Issue("b", store::Cursor{1});
  clock_.Advance(3600LL * 1000000);
  EXPECT_TRUE(codec_.Open(token, "b"));
  clock_.Advance(1);
  auto expired = codec_.Open(token, "b");
  ASSERT_FALSE(expired);
  EXPECT_NE(expired.error().message.find("expired"), std::string::npos);
}

TEST(NextTokenKeyFile, IsCreatedOnceWithMode0600AndReadBack) {
  std::random_device random;
  auto dir = std::filesystem::temp_directory_path() / ("qccm-key-test-" + std::to_string(random()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "key").string();
  auto created = LoadOrCreateNextTokenKey(path);
  ASSERT_TRUE(created) << created.error().ToString();
  auto again = LoadOrCreateNextTokenKey(path);
  ASSERT_TRUE(again);
  EXPECT_EQ(*created, *again);
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::ofstream(path, std::ios::app) << "x";
  auto damaged = LoadOrCreateNextTokenKey(path);
  ASSERT_FALSE(damaged);
  EXPECT_EQ(damaged.error().code, ErrorCode::kInvalidInput);
  std::filesystem::remove_all(dir);
}

TEST(TaxiiJsonText, RepairsInvalidUtf8AndEscapesControls) {
  EXPECT_EQ(JsonString("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
  EXPECT_EQ(JsonString("\xff"), "\"\\ufffd\"");
  EXPECT_EQ(JsonString("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
  EXPECT_EQ(JsonString("\xc3"), "\"\\ufffd\"");                        // truncated sequence
  EXPECT_EQ(JsonString("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");  // a surrogate
  EXPECT_EQ(JsonString("\xf0\x9f\x98\x80"), "\"\xf0\x9f\x98\x80\"");
  boost::system::error_code ec;
  boost::json::parse(JsonString("\x80\xbf\xfe\xc0\xaf"), ec);
  EXPECT_FALSE(ec);
}

TEST(TaxiiJsonText, TimestampTexts) {
  EXPECT_EQ(VersionText(ParseTimestamp("2024-01-01T00:00:00Z").value()),
            "2024-01-01T00:00:00.000Z");
  EXPECT_EQ(VersionText(ParseTimestamp("2024-01-01T00:00:00.000001Z").value()),
            "2024-01-01T00:00:00.000001Z");
  EXPECT_EQ(DateAddedText(ParseTimestamp("2024-01-01T00:00:00Z").value()),
            "2024-01-01T00:00:00.000000Z");
}

TEST(TaxiiWriters, EnvelopeCopiesStoredTextAndOmitsAnEmptyList) {
  store::ObjectPage page;
  EXPECT_EQ(EnvelopeJson(page, ""), R"({"more":false})");
  page.objects.push_back(store::StoredObject{.json = R"({"id":"x--1"})"});
  page.objects.push_back(store::StoredObject{.json = "{ \"id\" : \"x--2\" }"});
  page.more = true;
  EXPECT_EQ(EnvelopeJson(page, "tok"),
            R"({"more":true,"next":"tok","objects":[{"id":"x--1"},{ "id" : "x--2" }]})");
}

TEST(TaxiiWriters, StatusCountsMatchItsLists) {
  store::StatusRecord status{
      .id = "s", .successes = {{"a", "v", ""}}, .failures = {{"b", "", "why"}}};
  boost::json::object json = boost::json::parse(StatusJson(status)).as_object();
  EXPECT_EQ(json.at("total_count").as_int64(), 2);
  EXPECT_EQ(json.at("success_count").as_int64(), 1);
  EXPECT_EQ(json.at("failure_count").as_int64(), 1);
  EXPECT_EQ(json.at("pending_count").as_int64(), 0);
  EXPECT_EQ(json.at("failures").as_array()[0].as_object().at("message").as_string(), "why");
}

TEST(TaxiiErrorMapping, MapsEveryCodeToAStatus) {
  auto status = [](ErrorCode code, ErrorContext context = ErrorContext::kGeneral) {
    return HttpStatusFor(Error{code, ""}, context);
  };
  EXPECT_EQ(status(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(status(ErrorCode::kInvalidInput), 400);
  EXPECT_EQ(status(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(status(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(status(ErrorCode::kNotFound), 404);
  EXPECT_EQ(status(ErrorCode::kConflict), 409);
  EXPECT_EQ(status(ErrorCode::kTooLarge), 413);
  EXPECT_EQ(status(ErrorCode::kUnsupported, ErrorContext::kAcceptHeader), 406);
  EXPECT_EQ(status(ErrorCode::kUnsupported, ErrorContext::kContentType), 415);
  EXPECT_EQ(status(ErrorCode::kUnsupported, ErrorContext::kRequestBody), 422);
  EXPECT_EQ(status(ErrorCode::kRateLimited), 429);
  EXPECT_EQ(status(ErrorCode::kStorage), 500);
  EXPECT_EQ(status(ErrorCode::kUnavailable), 503);
}

TEST(TaxiiErrorMapping, ServerErrorsHideTheirDetails) {
  Request request;
  request.request_id = "req-1";
  Response response = ErrorResponse(request, Error{ErrorCode::kStorage, "disk /secret/path full"});
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("/secret/path"), std::string::npos);
  EXPECT_NE(response.body.find("req-1"), std::string::npos);
  Response unauthorised = ErrorResponse(request, Error{ErrorCode::kUnauthenticated, "who?"});
  EXPECT_EQ(unauthorised.headers.GetOr("WWW-Authenticate", ""), kAuthChallenge);
  EXPECT_EQ(unauthorised.headers.GetOr("Content-Type", ""), kTaxiiType);
}

TEST(CredentialCache, ForgetsAfterItsTtlAndKeysByEveryPart) {
  FakeClock clock(Timestamp::FromSeconds(1000));
  auth::CredentialCache cache(clock, std::chrono::seconds(30), 100);
  sharing::Principal alice{.user_id = 1, .user_name = "alice", .member_id = 7};
  cache.Insert("basic", "alice", "secret", alice);
  EXPECT_TRUE(cache.Find("basic", "alice", "secret"));
  EXPECT_FALSE(cache.Find("basic", "alice", "secreT"));
  EXPECT_FALSE(cache.Find("basic", "alicesecret", ""));
  EXPECT_FALSE(cache.Find("token", "alice", "secret"));
  clock.Advance(30LL * 1000000 - 1);
  EXPECT_EQ(cache.Find("basic", "alice", "secret")->member_id, 7);
  clock.Advance(1);
  EXPECT_FALSE(cache.Find("basic", "alice", "secret"));
}

TEST(CredentialCache, StaysWithinItsCapacity) {
  FakeClock clock(Timestamp::FromSeconds(1000));
  auth::CredentialCache cache(clock, std::chrono::seconds(30), 10);
  for (int i = 0; i < 100; ++i) cache.Insert("basic", "u" + std::to_string(i), "p", {});
  EXPECT_LE(cache.size(), 10u);
  EXPECT_TRUE(cache.Find("basic", "u99", "p"));
}

}  // namespace
}  // namespace qccm::http::taxii
