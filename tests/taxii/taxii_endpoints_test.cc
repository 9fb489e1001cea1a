// Every TAXII 2.1 endpoint over a real socket: discovery, API root, collections, objects
// (GET/POST), object (GET/DELETE), versions, manifest, status, and the operations routes.
#include <gtest/gtest.h>

#include "taxii/taxii_fixture.h"

namespace qccm::taxii_test {
namespace {

namespace json = boost::json;

class TaxiiEndpoints : public TaxiiFixture {};

TEST_F(TaxiiEndpoints, DiscoveryListsTheApiRootAsDefault) {
  HttpResult result = Get("/taxii2/");
  ASSERT_EQ(result.status, 200) << result.body;
  EXPECT_EQ(result.Header("Content-Type"), kTaxii);
  json::object discovery = JsonObject(result);
  EXPECT_FALSE(discovery.at("title").as_string().empty());
  EXPECT_EQ(discovery.at("default").as_string(), "/qccm/");
  ASSERT_EQ(discovery.at("api_roots").as_array().size(), 1u);
  EXPECT_EQ(discovery.at("api_roots").as_array()[0].as_string(), "/qccm/");
}

TEST_F(TaxiiEndpoints, ApiRootAdvertisesTaxii21AndMaxContentLength) {
  HttpResult result = Get("/qccm/");
  ASSERT_EQ(result.status, 200) << result.body;
  json::object root = JsonObject(result);
  EXPECT_EQ(root.at("versions").as_array()[0].as_string(), kTaxii);
  EXPECT_EQ(root.at("max_content_length").as_int64(), max_body_bytes_);
}

TEST_F(TaxiiEndpoints, CollectionsShowOnlyThoseTheMemberHasRightsOnWithItsRights) {
  json::object alice = JsonObject(Get("/qccm/collections/", "alice"));
  EXPECT_EQ(alice.at("collections").as_array().size(), 3u);
  json::object carol = JsonObject(Get("/qccm/collections/", "carol"));
  ASSERT_EQ(carol.at("collections").as_array().size(), 1u);
  const json::object& shared = carol.at("collections").as_array()[0].as_object();
  EXPECT_EQ(shared.at("id").as_string(), collections_.at("shared"));
  EXPECT_EQ(shared.at("alias").as_string(), "shared");
  EXPECT_TRUE(shared.at("can_read").as_bool());
  EXPECT_FALSE(shared.at("can_write").as_bool());
  EXPECT_EQ(shared.at("media_types").as_array()[0].as_string(),
            "application/stix+json;version=2.1");
  json::object dave = JsonObject(Get("/qccm/collections/", "dave"));
  const json::object& drop = dave.at("collections").as_array()[0].as_object();
  EXPECT_FALSE(drop.at("can_read").as_bool());
  EXPECT_TRUE(drop.at("can_write").as_bool());
}

TEST_F(TaxiiEndpoints, CollectionsOfAMemberWithNoneIsAnEmptyResource) {
  node_->sharing().Revoke("shared", "CHARLIE", true, false).value();
  HttpResult result = Get("/qccm/collections/", "carol");
  ASSERT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "{}");
}

TEST_F(TaxiiEndpoints, CollectionByIdAndByAlias) {
  HttpResult by_id = Get(CollectionPath("shared"), "bob");
  ASSERT_EQ(by_id.status, 200) << by_id.body;
  EXPECT_EQ(JsonObject(by_id).at("title").as_string(), "Shared");
  HttpResult by_alias = Get("/qccm/collections/shared/", "bob");
  ASSERT_EQ(by_alias.status, 200);
  EXPECT_EQ(JsonObject(by_alias).at("id").as_string(), collections_.at("shared"));
}

TEST_F(TaxiiEndpoints, AddObjectsAnswers202WithACompleteStatus) {
  json::object status = AddObjects("shared", {Indicator({.n = 1}), Indicator({.n = 2})});
  EXPECT_EQ(status.at("status").as_string(), "complete");
  EXPECT_EQ(status.at("total_count").as_int64(), 2);
  EXPECT_EQ(status.at("success_count").as_int64(), 2);
  EXPECT_EQ(status.at("failure_count").as_int64(), 0);
  EXPECT_EQ(status.at("pending_count").as_int64(), 0);
  const json::array& successes = status.at("successes").as_array();
  ASSERT_EQ(successes.size(), 2u);
  EXPECT_EQ(successes[0].as_object().at("id").as_string(), IndicatorId(1));
  EXPECT_EQ(successes[0].as_object().at("version").as_string(), "2024-01-01T00:00:00.000Z");
  EXPECT_TRUE(status.contains("request_timestamp"));
}

TEST_F(TaxiiEndpoints, InvalidObjectsAreListedAsFailuresAndValidOnesKept) {
  std::string broken = Indicator({.n = 3});
  broken.replace(broken.find("\"pattern_type\":\"stix\""), 21, "\"pattern_type\":7");
  json::object status = AddObjects("shared", {Indicator({.n = 1}), broken, "{\"type\":\"bogus\"}"});
  EXPECT_EQ(status.at("total_count").as_int64(), 3);
  EXPECT_EQ(status.at("success_count").as_int64(), 1);
  EXPECT_EQ(status.at("failure_count").as_int64(), 2);
  const json::array& failures = status.at("failures").as_array();
  ASSERT_EQ(failures.size(), 2u);
  EXPECT_EQ(failures[0].as_object().at("id").as_string(), IndicatorId(3));
  EXPECT_NE(failures[0].as_object().at("message").as_string().find("pattern_type"),
            json::string::npos)
      << failures[0];
  EXPECT_FALSE(failures[1].as_object().at("message").as_string().empty());
  EXPECT_EQ(IdsOf(Get(ObjectsPath("shared"))), std::vector<std::string>{IndicatorId(1)});
}

TEST_F(TaxiiEndpoints, ResendingTheSameObjectIsASuccessAndAChangedOneAFailure) {
  AddObjects("shared", {Indicator({.n = 1})});
  json::object again = AddObjects("shared", {Indicator({.n = 1})});
  EXPECT_EQ(again.at("success_count").as_int64(), 1);
  json::object conflict =
      AddObjects("shared", {Indicator({.n = 1, .extra = R"(,"description":"changed")"})});
  EXPECT_EQ(conflict.at("failure_count").as_int64(), 1);
}

TEST_F(TaxiiEndpoints, StatusIsReadableLaterByTheSubmittingMember) {
  json::object status = AddObjects("shared", {Indicator({.n = 1})});
  std::string path = "/qccm/status/" + std::string(status.at("id").as_string()) + "/";
  HttpResult later = Get(path, "adam");  // another user of the same member
  ASSERT_EQ(later.status, 200) << later.body;
  EXPECT_EQ(JsonObject(later), status);
}

TEST_F(TaxiiEndpoints, GetObjectsReturnsAnEnvelopeWithDateAddedHeaders) {
  AddObjects("shared", {Indicator({.n = 1}), Indicator({.n = 2})});
  HttpResult result = Get(ObjectsPath("shared"));
  ASSERT_EQ(result.status, 200) << result.body;
  EXPECT_EQ(result.Header("Content-Type"), kTaxii);
  json::object envelope = JsonObject(result);
  EXPECT_FALSE(envelope.at("more").as_bool());
  EXPECT_FALSE(envelope.contains("next"));
  ASSERT_EQ(envelope.at("objects").as_array().size(), 2u);
  // Objects come back as they were sent, byte for byte.
  EXPECT_NE(result.body.find(Indicator({.n = 1})), std::string::npos);
  EXPECT_FALSE(result.Header("X-TAXII-Date-Added-First").empty());
  EXPECT_EQ(result.Header("X-TAXII-Date-Added-First"), result.Header("X-TAXII-Date-Added-Last"));
  EXPECT_TRUE(ParseTimestamp(result.Header("X-TAXII-Date-Added-Last")));
}

TEST_F(TaxiiEndpoints, EmptyCollectionGivesAnEmptyEnvelope) {
  HttpResult result = Get(ObjectsPath("alpha"));
  ASSERT_EQ(result.status, 200) << result.body;
  EXPECT_EQ(result.body, R"({"more":false})");
  EXPECT_EQ(result.Header("X-TAXII-Date-Added-First"), "");
}

TEST_F(TaxiiEndpoints, GetObjectReturnsItsLatestVersionByDefault) {
  AddObjects("shared",
             {Indicator({.n = 1}), Indicator({.n = 1, .modified = "2024-02-01T00:00:00.000Z"}),
              Indicator({.n = 2})});
  HttpResult result = Get(ObjectsPath("shared") + IndicatorId(1) + "/");
  ASSERT_EQ(result.status, 200) << result.body;
  json::array objects = JsonObject(result).at("objects").as_array();
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects[0].as_object().at("modified").as_string(), "2024-02-01T00:00:00.000Z");
  HttpResult all = Get(ObjectsPath("shared") + IndicatorId(1) + "/?match[version]=all");
  EXPECT_EQ(JsonObject(all).at("objects").as_array().size(), 2u);
}

TEST_F(TaxiiEndpoints, UnknownObjectIs404) {
  AddObjects("shared", {Indicator({.n = 1})});
  HttpResult result = Get(ObjectsPath("shared") + IndicatorId(99) + "/");
  EXPECT_EQ(result.status, 404);
  EXPECT_EQ(JsonObject(result).at("http_status").as_string(), "404");
}

TEST_F(TaxiiEndpoints, VersionsListsEveryVersionInDateAddedOrder) {
  AddObjects("shared", {Indicator({.n = 1, .modified = "2024-03-01T00:00:00.000Z"})});
  AddObjects("shared", {Indicator({.n = 1, .modified = "2024-01-01T00:00:00.123456Z"})});
  HttpResult result = Get(ObjectsPath("shared") + IndicatorId(1) + "/versions/");
  ASSERT_EQ(result.status, 200) << result.body;
  json::object versions = JsonObject(result);
  EXPECT_FALSE(versions.at("more").as_bool());
  EXPECT_EQ(versions.at("versions"),
            (json::array{"2024-03-01T00:00:00.000Z", "2024-01-01T00:00:00.123456Z"}));
  EXPECT_FALSE(result.Header("X-TAXII-Date-Added-First").empty());
  EXPECT_EQ(Get(ObjectsPath("shared") + IndicatorId(2) + "/versions/").status, 404);
}

TEST_F(TaxiiEndpoints, ManifestHasOneRecordPerObjectWithVersionAndMediaType) {
  AddObjects("shared",
             {Indicator({.n = 1}), Indicator({.n = 2, .modified = "2024-05-05T05:05:05.500Z"})});
  HttpResult result = Get(CollectionPath("shared") + "manifest/");
  ASSERT_EQ(result.status, 200) << result.body;
  json::array records = JsonObject(result).at("objects").as_array();
  ASSERT_EQ(records.size(), 2u);
  const json::object& second = records[1].as_object();
  EXPECT_EQ(second.at("id").as_string(), IndicatorId(2));
  EXPECT_EQ(second.at("version").as_string(), "2024-05-05T05:05:05.500Z");
  EXPECT_EQ(second.at("media_type").as_string(), "application/stix+json;version=2.1");
  EXPECT_TRUE(ParseTimestamp(std::string(second.at("date_added").as_string())));
  EXPECT_FALSE(second.contains("pattern"));
}

TEST_F(TaxiiEndpoints, DeleteRemovesEveryVersionOfTheMembersObject) {
  AddObjects("shared",
             {Indicator({.n = 1}), Indicator({.n = 1, .modified = "2024-02-01T00:00:00.000Z"}),
              Indicator({.n = 2})});
  HttpResult deleted = Delete(ObjectsPath("shared") + IndicatorId(1) + "/");
  EXPECT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(Get(ObjectsPath("shared") + IndicatorId(1) + "/?match[version]=all").status, 404);
  EXPECT_EQ(IdsOf(Get(ObjectsPath("shared"))), std::vector<std::string>{IndicatorId(2)});
  EXPECT_EQ(Delete(ObjectsPath("shared") + IndicatorId(1) + "/").status, 404);
}

TEST_F(TaxiiEndpoints, DeleteWithMatchVersionRemovesOnlyThatVersion) {
  AddObjects("shared",
             {Indicator({.n = 1}), Indicator({.n = 1, .modified = "2024-02-01T00:00:00.000Z"})});
  EXPECT_EQ(Delete(ObjectsPath("shared") + IndicatorId(1) + "/?match[version]=last").status, 200);
  HttpResult left = Get(ObjectsPath("shared") + IndicatorId(1) + "/versions/");
  EXPECT_EQ(JsonObject(left).at("versions"), (json::array{"2024-01-01T00:00:00.000Z"}));
  EXPECT_EQ(Delete(ObjectsPath("shared") + IndicatorId(1) +
                   "/?match[version]=2024-01-01T00:00:00Z&match[spec_version]=2.1")
                .status,
            200);
  EXPECT_EQ(Get(ObjectsPath("shared") + IndicatorId(1) + "/versions/").status, 404);
}

TEST_F(TaxiiEndpoints, HeadAnswersLikeGetWithoutABody) {
  AddObjects("shared", {Indicator({.n = 1})});
  Headers headers = {{"Accept", std::string(kTaxii)},
                     {"Authorization", BasicAuth("alice", kPassword)}};
  HttpResult head = client_->Send("HEAD", ObjectsPath("shared"), headers);
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_FALSE(head.Header("X-TAXII-Date-Added-First").empty());
}

TEST_F(TaxiiEndpoints, HealthzAndMetricsNeedNoCredentials) {
  AddObjects("shared", {Indicator({.n = 1}), "{}"});
  Get(ObjectsPath("shared"));
  HttpResult health = client_->Send("GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  HttpResult metrics = client_->Send("GET", "/metrics");
  ASSERT_EQ(metrics.status, 200);
  const std::string& text = metrics.body;
  EXPECT_NE(
      text.find(
          "qccm_http_requests_total{route=\"taxii.objects.add\",method=\"POST\",status=\"202\"} 1"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("qccm_http_request_duration_seconds_bucket{route=\"taxii.objects.get\""),
            std::string::npos);
  EXPECT_NE(text.find("qccm_taxii_objects_ingested_total{outcome=\"added\"} 1"), std::string::npos);
  EXPECT_NE(text.find("qccm_taxii_objects_ingested_total{outcome=\"rejected\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("qccm_store_objects 1"), std::string::npos);
  EXPECT_NE(text.find("qccm_store_bytes "), std::string::npos);
}

}  // namespace
}  // namespace qccm::taxii_test
