// Bad input over a real socket: each gets the right 4xx with a TAXII error resource, the
// server stays up, and nothing is half-written.
#include <gtest/gtest.h>

#include "http/server.h"
#include "taxii/taxii_fixture.h"

namespace qccm::taxii_test {
namespace {

namespace json = boost::json;

class TaxiiBadInput : public TaxiiFixture {
 protected:
  // Expects `status` with a TAXII error resource, then that the server still answers.
  void ExpectError(const HttpResult& result, int status, std::string_view mentions = {}) {
    EXPECT_EQ(result.status, status) << result.body;
    EXPECT_EQ(result.Header("Content-Type"), kTaxii) << result.body;
    json::object error = JsonObject(result);
    EXPECT_EQ(error.at("http_status").as_string(), std::to_string(status));
    EXPECT_FALSE(error.at("title").as_string().empty());
    if (!mentions.empty()) {
      EXPECT_NE(result.body.find(mentions), std::string::npos) << result.body;
    }
    HttpClient fresh(node_->server().port());
    EXPECT_EQ(fresh.Send("GET", "/healthz").status, 200);
  }
  std::size_t StoredObjects() {
    return static_cast<std::size_t>(node_->store().objects().CountObjects("").value());
  }
};

TEST_F(TaxiiBadInput, MalformedJsonIs400AndStoresNothing) {
  ExpectError(Post(ObjectsPath("shared"), R"({"objects":[{"type":"indicator",)"), 400,
              "request body");
  EXPECT_EQ(StoredObjects(), 0u);
}

TEST_F(TaxiiBadInput, InvalidUtf8Is400) {
  std::string body = Envelope({Indicator({.n = 1, .extra = ",\"description\":\"\xff\xfe\""})});
  ExpectError(Post(ObjectsPath("shared"), body), 400);
  EXPECT_EQ(StoredObjects(), 0u);
}

TEST_F(TaxiiBadInput, JsonNestedTenThousandDeepIs400) {
  std::string body = R"({"objects":[)" + std::string(10000, '[') + std::string(10000, ']') + "]}";
  ExpectError(Post(ObjectsPath("shared"), body), 400);
}

TEST_F(TaxiiBadInput, ABodyThatIsNotAnEnvelopeIs422) {
  std::string bundle =
      R"({"type":"bundle","id":"bundle--6ba7b810-9dad-41d1-80b4-00c04fd430c8","objects":[)" +
      Indicator({.n = 1}) + "]}";
  ExpectError(Post(ObjectsPath("shared"), bundle), 422, "envelope");
  ExpectError(Post(ObjectsPath("shared"), Indicator({.n = 1})), 422, "envelope");
  EXPECT_EQ(StoredObjects(), 0u);
}

TEST_F(TaxiiBadInput, AGigabyteAnnouncedInContentLengthIs413BeforeTheBodyIsRead) {
  HttpResult result =
      client_->SendRaw("POST " + ObjectsPath("shared") + " HTTP/1.1\r\nHost: x\r\nAuthorization: " +
                       BasicAuth("alice", kPassword) + "\r\nContent-Type: " + std::string(kTaxii) +
                       "\r\nContent-Length: 1073741824\r\n\r\n{\"objects\":[");
  ExpectError(result, 413);
}

TEST_F(TaxiiBadInput, ABodyOverMaxContentLengthIs413) {
  std::string body = Envelope(
      {Indicator({.n = 1,
                  .extra = ",\"description\":\"" +
                           std::string(static_cast<std::size_t>(max_body_bytes_), 'x') + "\""})});
  ExpectError(Post(ObjectsPath("shared"), body), 413);
  EXPECT_EQ(StoredObjects(), 0u);
}

TEST_F(TaxiiBadInput, ABodyLargerThanAnnouncedIsCutAtContentLength) {
  std::string body = Envelope({Indicator({.n = 1})});
  HttpResult result =
      client_->SendRaw("POST " + ObjectsPath("shared") + " HTTP/1.1\r\nHost: x\r\nAuthorization: " +
                       BasicAuth("alice", kPassword) + "\r\nContent-Type: " + std::string(kTaxii) +
                       "\r\nContent-Length: 20\r\n\r\n" + body);
  ExpectError(result, 400);  // the first 20 bytes are not a whole JSON document
  // The rest arrives as a next request on the connection, and is no HTTP request either.
  EXPECT_EQ(client_->Send("GET", "/healthz").status, 400);
  EXPECT_EQ(StoredObjects(), 0u);
}

TEST_F(TaxiiBadInput, HeadersTooLargeAre431) {
  HttpResult result = Get("/taxii2/", "alice", {{"X-Padding", std::string(20000, 'a')}});
  ExpectError(result, 431);
}

TEST_F(TaxiiBadInput, UnknownQueryParametersAre400NamingThem) {
  ExpectError(Get(ObjectsPath("shared") + "?match[colour]=red"), 400, "match[colour]");
  ExpectError(Get(ObjectsPath("shared") + "?sort=asc"), 400, "sort");
  ExpectError(Get("/taxii2/?x=1"), 400);
  ExpectError(Get(ObjectsPath("shared") + IndicatorId(1) + "/versions/?match[type]=indicator"),
              400);
}

TEST_F(TaxiiBadInput, BadLimitsAre400) {
  for (const char* limit : {"0", "-1", "abc", "1.5", "", "10abc"}) {
    ExpectError(Get(ObjectsPath("shared") + "?limit=" + limit), 400, "limit");
  }
  ExpectError(Get(ObjectsPath("shared") + "?limit=1&limit=2"), 400, "more than once");
}

TEST_F(TaxiiBadInput, ForgedAlteredAndForeignNextTokensAre400) {
  AddObjects("shared", {Indicator({.n = 1}), Indicator({.n = 2}), Indicator({.n = 3})});
  json::object page = JsonObject(Get(ObjectsPath("shared") + "?limit=1"));
  std::string next(page.at("next").as_string());
  ExpectError(Get(ObjectsPath("shared") + "?next=garbage"), 400, "next");
  std::string altered = next;
  altered[10] = altered[10] == 'A' ? 'B' : 'A';
  ExpectError(Get(ObjectsPath("shared") + "?next=" + altered), 400, "next");
  ExpectError(Get(ObjectsPath("shared") + "?match[type]=indicator&next=" + next), 400, "next");
  ExpectError(Get(CollectionPath("shared") + "manifest/?next=" + next), 400, "next");
  EXPECT_EQ(Get(ObjectsPath("shared") + "?limit=5&next=" + next).status, 200);
}

TEST_F(TaxiiBadInput, ExpiredNextTokenIs400SayingSo) {
  AddObjects("shared", {Indicator({.n = 1}), Indicator({.n = 2})});
  json::object page = JsonObject(Get(ObjectsPath("shared") + "?limit=1"));
  clock_.Advance(25LL * 3600 * 1000000);
  ExpectError(Get(ObjectsPath("shared") + "?next=" + std::string(page.at("next").as_string())), 400,
              "expired");
}

TEST_F(TaxiiBadInput, AddedAfterThatIsNotATimestampIs400) {
  for (const char* value : {"yesterday", "2024-13-01T00:00:00Z", "2024-01-01", "1700000000"}) {
    ExpectError(Get(ObjectsPath("shared") + "?added_after=" + value), 400, "added_after");
  }
}

TEST_F(TaxiiBadInput, IdsOfTheWrongFormAre400) {
  ExpectError(Get(ObjectsPath("shared") + "?match[id]=indicator--not-a-uuid"), 400, "match[id]");
  ExpectError(Get(ObjectsPath("shared") + "?match[id]=" + IndicatorId(1) + ",,"), 400, "match[id]");
  ExpectError(Get(ObjectsPath("shared") + "?match[type]=Not_A_Type"), 400, "match[type]");
  ExpectError(Get(ObjectsPath("shared") + "?match[version]=newest"), 400, "match[version]");
  ExpectError(Get(ObjectsPath("shared") + "?match[spec_version]=two"), 400, "match[spec_version]");
  ExpectError(Get(ObjectsPath("shared") + "not-an-id/"), 400, "STIX identifier");
  ExpectError(Delete(ObjectsPath("shared") + "indicator--123/"), 400);
  ExpectError(Get("/qccm/status/not-a-uuid/"), 400, "UUID");
}

TEST_F(TaxiiBadInput, UnknownApiRootsAndPathsAre404) {
  ExpectError(Get("/other/"), 404);
  ExpectError(Get("/other/collections/"), 404);
  ExpectError(Get("/qccm/collections/" + collections_.at("shared") + "/objects"), 404);  // no slash
  ExpectError(Get("/qccm/status/00000000-0000-4000-8000-000000000000/"), 404);
}

TEST_F(TaxiiBadInput, WrongMethodIs405WithAllow) {
  HttpResult result = client_->Send("PUT", ObjectsPath("shared"),
                                    {{"Authorization", BasicAuth("alice", kPassword)}});
  ExpectError(result, 405);
  EXPECT_NE(result.Header("Allow").find("POST"), std::string::npos);
}

TEST_F(TaxiiBadInput, AcceptThatRulesOutTaxii21Is406) {
  for (const char* accept : {"application/json", "application/taxii+json;version=2.0", "text/html",
                             "application/taxii+json;version=2.1;q=0"}) {
    ExpectError(
        client_->Send("GET", "/taxii2/",
                      {{"Accept", accept}, {"Authorization", BasicAuth("alice", kPassword)}}),
        406);
  }
}

TEST_F(TaxiiBadInput, AcceptThatAllowsTaxii21Is200) {
  for (const char* accept :
       {"application/taxii+json;version=2.1", "application/taxii+json", "*/*", "application/*",
        "text/html, application/taxii+json; version=2.1", "APPLICATION/TAXII+JSON ; VERSION=2.1"}) {
    HttpResult result = client_->Send(
        "GET", "/taxii2/", {{"Accept", accept}, {"Authorization", BasicAuth("alice", kPassword)}});
    EXPECT_EQ(result.status, 200) << accept;
  }
  EXPECT_EQ(
      client_->Send("GET", "/taxii2/", {{"Authorization", BasicAuth("alice", kPassword)}}).status,
      200);
}

TEST_F(TaxiiBadInput, PostWithoutTheTaxiiContentTypeIs415) {
  for (const char* type : {"application/json", "application/stix+json;version=2.1",
                           "application/taxii+json;version=2.0", "text/plain"}) {
    HttpResult result =
        client_->Send("POST", ObjectsPath("shared"),
                      {{"Content-Type", type}, {"Authorization", BasicAuth("alice", kPassword)}},
                      Envelope({Indicator({.n = 1})}));
    ExpectError(result, 415);
  }
  HttpResult none = client_->Send("POST", ObjectsPath("shared"),
                                  {{"Authorization", BasicAuth("alice", kPassword)}},
                                  Envelope({Indicator({.n = 1})}));
  ExpectError(none, 415);
  EXPECT_EQ(StoredObjects(), 0u);
}

TEST_F(TaxiiBadInput, AGetWithABodyIs413) {
  HttpResult result = client_->Send(
      "GET", "/taxii2/", {{"Authorization", BasicAuth("alice", kPassword)}}, "unexpected");
  ExpectError(result, 413);
}

TEST_F(TaxiiBadInput, GarbageRequestLineIs400AndTheServerStaysUp) {
  HttpResult result = client_->SendRaw("NOT HTTP AT ALL\r\n\r\n");
  EXPECT_EQ(result.status, 400);
  EXPECT_EQ(client_->Send("GET", "/healthz").status, 200);
}

TEST_F(TaxiiBadInput, InvalidUtf8InThePathGivesValidJson) {
  HttpResult result = Get("/qccm/collections/%FF%FE/");
  ExpectError(result, 404);
}

}  // namespace
}  // namespace qccm::taxii_test
