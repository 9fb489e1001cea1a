// Authentication and rights over a real socket: 401 with a challenge, Basic and tokens, 404
// for collections without any right, 403 for a missing right or role, TLP:RED visibility,
// deletes of other members' objects, status privacy.
#include <gtest/gtest.h>

#include "qccm/stix/tlp.h"
#include "qccm/stix/validator.h"
#include "taxii/taxii_fixture.h"

namespace qccm::taxii_test {
namespace {

namespace json = boost::json;

class TaxiiRights : public TaxiiFixture {
 protected:
  // A TLP:RED indicator shared (through the QCCM sharing extension) with `members`.
  std::string RedIndicator(int n, const std::string& members) {
    return Indicator(
        {.n = n,
         .extra = R"(,"object_marking_refs":[")" +
                  std::string(stix::TlpMarkingId(stix::Tlp::kRed)) + R"("],"extensions":{")" +
                  std::string(stix::kQccmSharingExtensionId) +
                  R"(":{"extension_type":"property-extension","shared_with":[)" + members + "]}}"});
  }
  HttpResult GetWith(const std::string& target, Headers headers) {
    headers.emplace_back("Accept", std::string(kTaxii));
    return client_->Send("GET", target, headers);
  }
};

TEST_F(TaxiiRights, NoCredentialsIs401WithAChallengeOnEveryTaxiiRoute) {
  for (const std::string& path : {std::string("/taxii2/"), std::string("/qccm/"),
                                  std::string("/qccm/collections/"), ObjectsPath("shared")}) {
    HttpResult result = Get(path, "");
    EXPECT_EQ(result.status, 401) << path;
    EXPECT_NE(result.Header("WWW-Authenticate").find("Basic"), std::string::npos);
    EXPECT_EQ(JsonObject(result).at("http_status").as_string(), "401");
  }
}

TEST_F(TaxiiRights, WrongPasswordUnknownUserAndMalformedBasicAre401) {
  EXPECT_EQ(GetWith("/taxii2/", {{"Authorization", BasicAuth("alice", "wrong password")}}).status,
            401);
  EXPECT_EQ(GetWith("/taxii2/", {{"Authorization", BasicAuth("mallory", kPassword)}}).status, 401);
  EXPECT_EQ(GetWith("/taxii2/", {{"Authorization", "Basic !!!not-base64"}}).status, 401);
  EXPECT_EQ(GetWith("/taxii2/", {{"Authorization", "Basic"}}).status, 401);
  EXPECT_EQ(GetWith("/taxii2/", {{"Authorization", "Digest abc"}}).status, 401);
}

TEST_F(TaxiiRights, ACachedPasswordStopsWorkingWhenChangedCredentialsDiffer) {
  EXPECT_EQ(Get("/taxii2/", "alice").status, 200);
  // The cache is keyed by user and password: another password is verified afresh.
  EXPECT_EQ(
      GetWith("/taxii2/", {{"Authorization", BasicAuth("alice", "x" + std::string(kPassword))}})
          .status,
      401);
  EXPECT_EQ(Get("/taxii2/", "alice").status, 200);
}

TEST_F(TaxiiRights, BearerAndTokenSchemesAuthenticateWithAnApiToken) {
  EXPECT_EQ(GetWith(ObjectsPath("shared"), {{"Authorization", "Bearer " + alice_token_}}).status,
            200);
  EXPECT_EQ(GetWith(ObjectsPath("shared"), {{"Authorization", "Token " + alice_token_}}).status,
            200);
  EXPECT_EQ(
      GetWith(ObjectsPath("shared"), {{"Authorization", "Bearer qccm_not-a-real-token"}}).status,
      401);
}

TEST_F(TaxiiRights, CollectionWithoutAnyRightIs404LikeAnUnknownOne) {
  HttpResult hidden = Get(CollectionPath("alpha"), "bob");
  HttpResult unknown = Get("/qccm/collections/00000000-0000-4000-8000-000000000000/", "bob");
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(unknown.status, 404);
  for (const std::string& suffix :
       std::vector<std::string>{"objects/", "manifest/", "objects/" + IndicatorId(1) + "/"}) {
    EXPECT_EQ(Get(CollectionPath("alpha") + suffix, "bob").status, 404) << suffix;
  }
  EXPECT_EQ(Post(ObjectsPath("alpha"), Envelope({Indicator({.n = 1})}), "bob").status, 404);
  EXPECT_EQ(Delete(ObjectsPath("alpha") + IndicatorId(1) + "/", "bob").status, 404);
}

TEST_F(TaxiiRights, ReadOnlyMemberCannotPostOrDelete) {
  AddObjects("shared", {Indicator({.n = 1})});
  HttpResult post = Post(ObjectsPath("shared"), Envelope({Indicator({.n = 2})}), "carol");
  EXPECT_EQ(post.status, 403) << post.body;
  EXPECT_EQ(Delete(ObjectsPath("shared") + IndicatorId(1) + "/", "carol").status, 403);
  EXPECT_EQ(Get(ObjectsPath("shared"), "carol").status, 200);
}

TEST_F(TaxiiRights, WriteOnlyMemberCanPostButNotRead) {
  json::object status = AddObjects("drop", {Indicator({.n = 1})}, "dave");
  EXPECT_EQ(status.at("success_count").as_int64(), 1);
  EXPECT_EQ(Get(ObjectsPath("drop"), "dave").status, 403);
  EXPECT_EQ(Get(CollectionPath("drop") + "manifest/", "dave").status, 403);
  EXPECT_EQ(Get(CollectionPath("drop"), "dave").status, 200);
  EXPECT_EQ(IdsOf(Get(ObjectsPath("drop"), "alice")), std::vector<std::string>{IndicatorId(1)});
}

TEST_F(TaxiiRights, TrainersAndAuditorsGet403OnIntelligenceRoutes) {
  AddObjects("shared", {Indicator({.n = 1})});
  for (const char* user : {"trent", "audrey"}) {
    EXPECT_EQ(Get("/taxii2/", user).status, 200) << user;
    EXPECT_EQ(Get("/qccm/", user).status, 200) << user;
    EXPECT_EQ(Get("/qccm/collections/", user).status, 403) << user;
    EXPECT_EQ(Get(CollectionPath("shared"), user).status, 403) << user;
    EXPECT_EQ(Get(ObjectsPath("shared"), user).status, 403) << user;
    EXPECT_EQ(Get(ObjectsPath("shared") + IndicatorId(1) + "/", user).status, 403) << user;
    EXPECT_EQ(Post(ObjectsPath("shared"), Envelope({Indicator({.n = 2})}), user).status, 403)
        << user;
    // Not even an unknown collection's existence is probed: 403 before any lookup.
    EXPECT_EQ(Get("/qccm/collections/nothing-here/objects/", user).status, 403) << user;
  }
}

TEST_F(TaxiiRights, RedObjectsAreVisibleOnlyToTheAuthorAndNamedMembers) {
  json::object status = AddObjects("shared", {RedIndicator(1, R"("BRAVO")"), Indicator({.n = 2})});
  ASSERT_EQ(status.at("success_count").as_int64(), 2) << status;
  const std::string red = ObjectsPath("shared") + IndicatorId(1) + "/";
  EXPECT_EQ(IdsOf(Get(ObjectsPath("shared"), "alice")).size(), 2u);
  EXPECT_EQ(IdsOf(Get(ObjectsPath("shared"), "bob")).size(), 2u);
  EXPECT_EQ(IdsOf(Get(ObjectsPath("shared"), "carol")), std::vector<std::string>{IndicatorId(2)});
  EXPECT_EQ(Get(red, "bob").status, 200);
  // Indistinguishable from a missing object, in every view.
  EXPECT_EQ(Get(red, "carol").status, 404);
  EXPECT_EQ(Get(red + "versions/", "carol").status, 404);
  EXPECT_EQ(JsonObject(Get(CollectionPath("shared") + "manifest/", "carol"))
                .at("objects")
                .as_array()
                .size(),
            1u);
  EXPECT_TRUE(IdsOf(Get(ObjectsPath("shared") + "?match[id]=" + IndicatorId(1), "carol")).empty());
}

TEST_F(TaxiiRights, RedObjectNamingAnUnknownMemberIsRejected) {
  json::object status = AddObjects("shared", {RedIndicator(1, R"("NOBODY")")});
  EXPECT_EQ(status.at("failure_count").as_int64(), 1);
  EXPECT_NE(
      status.at("failures").as_array()[0].as_object().at("message").as_string().find("NOBODY"),
      json::string::npos);
}

TEST_F(TaxiiRights, AMemberCannotDeleteAnotherMembersObject) {
  AddObjects("shared", {Indicator({.n = 1})}, "alice");
  HttpResult result = Delete(ObjectsPath("shared") + IndicatorId(1) + "/", "bob");
  EXPECT_EQ(result.status, 403) << result.body;
  EXPECT_EQ(Delete(ObjectsPath("shared") + IndicatorId(1) + "/?match[version]=all", "bob").status,
            403);
  EXPECT_EQ(Get(ObjectsPath("shared") + IndicatorId(1) + "/", "alice").status, 200);
  // Nor can bob change it by adding a version of his own: that is refused at ingest.
  json::object status =
      AddObjects("shared", {Indicator({.n = 1, .modified = "2024-02-01T00:00:00.000Z"})}, "bob");
  EXPECT_EQ(status.at("failure_count").as_int64(), 1);
  EXPECT_EQ(Delete(ObjectsPath("shared") + IndicatorId(1) + "/", "alice").status, 200);
  EXPECT_EQ(Get(ObjectsPath("shared") + IndicatorId(1) + "/", "alice").status, 404);
}

TEST_F(TaxiiRights, StatusIsHiddenFromOtherMembers) {
  json::object status = AddObjects("shared", {Indicator({.n = 1})}, "alice");
  std::string path = "/qccm/status/" + std::string(status.at("id").as_string()) + "/";
  EXPECT_EQ(Get(path, "bob").status, 404);
  EXPECT_EQ(Get(path, "trent").status, 403);
  EXPECT_EQ(Get(path, "alice").status, 200);
}

TEST_F(TaxiiRights, RevokedRightTakesEffectAtOnce) {
  EXPECT_EQ(Get(ObjectsPath("shared"), "carol").status, 200);
  ASSERT_TRUE(node_->sharing().Revoke("shared", "CHARLIE", true, false));
  EXPECT_EQ(Get(ObjectsPath("shared"), "carol").status, 404);
}

TEST_F(TaxiiRights, NextTokenIsBoundToTheMember) {
  std::vector<std::string> objects;
  for (int n = 1; n <= 3; ++n) objects.push_back(Indicator({.n = n}));
  AddObjects("shared", objects);
  json::object page = JsonObject(Get(ObjectsPath("shared") + "?limit=1", "alice"));
  std::string next(page.at("next").as_string());
  EXPECT_EQ(Get(ObjectsPath("shared") + "?limit=1&next=" + next, "adam").status,
            200);  // same member
  HttpResult other = Get(ObjectsPath("shared") + "?limit=1&next=" + next, "bob");
  EXPECT_EQ(other.status, 400);
}

}  // namespace
}  // namespace qccm::taxii_test
