// Wrong-object (IDOR) substitutions: for every route of the node's router that takes an id,
// each id is replaced by another member's object, a child of a foreign parent, an object of
// another type and a well-formed id that does not exist. None may succeed, nothing may change,
// and the answers must be the same (but for the id itself), so none reveals that a hidden
// object exists.
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <set>

#include "security/security_world.h"

namespace qccm::security_test {
namespace {

using http::Method;

struct Substitute {
  std::string what;
  std::string value;
};

std::string Replace(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
  return text;
}

std::string UuidOf(const std::string& id) { return id.substr(id.find("--") + 2); }

class WrongObject : public ::testing::Test {
 protected:
  void SetUp() override {
    world_ = SecurityWorld::Create();
    ASSERT_TRUE(world_);
  }

  // The value each parameter takes when it is not the one substituted: an object the caller
  // may read, write and delete.
  std::map<std::string, std::string> Baseline() const {
    return {{"collection", world_->CollectionId(Access::kReadWrite)},
            {"object", world_->ObjectId(Access::kReadWrite, Owner::kOwn, stix::Tlp::kGreen)},
            {"status", world_->StatusId(Owner::kOwn)},
            {"member", world_->MemberCode(Owner::kOther)},
            {"code", world_->MemberCode(Owner::kOther)}};
  }

  std::vector<Substitute> Substitutes(const http::RouteInfo& route,
                                      const std::string& param) const {
    const std::string missing_uuid = "5ec0a11d-dead-4bad-8bad-00000000beef";
    using Role = SecurityWorld::RfiRole;
    if (param == "id" && route.name.starts_with("api.clue")) {
      // A clue is an object, read across the collections the caller may read.
      const std::string own = world_->ObjectId(Access::kReadWrite, Owner::kOwn, stix::Tlp::kGreen);
      return {{"another member's hidden object",
               world_->ObjectId(Access::kReadWrite, Owner::kOther, stix::Tlp::kRed)},
              {"an object in a collection without a right",
               world_->ObjectId(Access::kNone, Owner::kOther, stix::Tlp::kGreen)},
              {"an object of another type (same uuid)", "malware--" + UuidOf(own)},
              {"a notification id", world_->NotificationId(Owner::kOwn)},
              {"a well-formed id that does not exist", "indicator--" + missing_uuid}};
    }
    if (param == "id" && route.name.starts_with("api.notification")) {
      return {
          {"another member's notification", world_->NotificationId(Owner::kOther)},
          {"an object of another type (an RFI id)", world_->RfiId(Role::kAskedByOwn, Owner::kOwn)},
          {"a well-formed id that does not exist", missing_uuid}};
    }
    if (param == "id" && route.name.starts_with("api.rfi")) {
      return {
          {"an RFI between two other members", world_->RfiId(Role::kAskedByOwn, Owner::kOther)},
          {"an object of another type (a notification id)", world_->NotificationId(Owner::kOwn)},
          {"a well-formed id that does not exist", missing_uuid}};
    }
    if (param == "collection") {
      return {{"another member's collection", world_->CollectionId(Access::kNone)},
              {"an object of another type (a status id)", world_->StatusId(Owner::kOwn)},
              {"a well-formed id that does not exist", missing_uuid}};
    }
    if (param == "object") {
      const std::string own = world_->ObjectId(Access::kReadWrite, Owner::kOwn, stix::Tlp::kGreen);
      return {{"another member's hidden object",
               world_->ObjectId(Access::kReadWrite, Owner::kOther, stix::Tlp::kRed)},
              {"a child of a foreign parent (in a collection without a right)",
               world_->ObjectId(Access::kNone, Owner::kOther, stix::Tlp::kGreen)},
              {"an own object of another collection",
               world_->ObjectId(Access::kRead, Owner::kOwn, stix::Tlp::kGreen)},
              {"an object of another type (same uuid)", "malware--" + UuidOf(own)},
              {"a well-formed id that does not exist", "indicator--" + missing_uuid}};
    }
    if (param == "seq") {
      // Audit record numbers (api.audit.proof): auditors read every member's records; the
      // callers here are refused whatever the number.
      return {{"a record of another member's request", "1"},
              {"a record beyond the log", "999999999"}};
    }
    if (param == "status") {
      return {
          {"another member's status", world_->StatusId(Owner::kOther)},
          {"an object of another type (a collection id)", world_->CollectionId(Access::kReadWrite)},
          {"a well-formed id that does not exist", missing_uuid}};
    }
    return {};
  }

  // A valid body for the /api/v1 write routes, so that only the id can make them fail.
  static std::string BodyFor(const std::string& route) {
    if (route == "api.clue.assess") return R"({"scale":"admiralty","value":"B2"})";
    if (route == "api.notification.answer") return R"({"decision":"decline"})";
    if (route == "api.rfi.respond") return R"({"verdict":"no_information","text":"none"})";
    return "{}";
  }

  std::int64_t StoredVersions() {
    auto count = world_->node().store().objects().CountObjects("");
    EXPECT_TRUE(count);
    return count.value_or(-1);
  }

  std::unique_ptr<SecurityWorld> world_;
};

TEST_F(WrongObject, NoSubstitutedIdSucceedsOrChangesAnythingAndAllAnswersAlike) {
  const std::int64_t before = StoredVersions();
  std::size_t requests = 0;
  std::size_t routes_with_ids = 0;
  for (const http::RouteInfo& route : world_->router().Routes()) {
    std::vector<std::string> params;
    for (std::size_t at = route.path.find('{'); at != std::string::npos;
         at = route.path.find('{', at + 1)) {
      params.push_back(route.path.substr(at + 1, route.path.find('}', at) - at - 1));
    }
    if (params.empty()) continue;
    ++routes_with_ids;
    std::vector<Method> methods{route.method};
    if (route.method == Method::kGet) methods.push_back(Method::kHead);
    for (const std::string& param : params) {
      // Member codes name agencies, not objects: any member may rate another or read its track
      // record (counted from readable clues only; tests/correlation checks that).
      if (param == "member" || param == "code") continue;
      std::vector<Substitute> substitutes = Substitutes(route, param);
      ASSERT_FALSE(substitutes.empty())
          << "route '" << route.name << "' takes {" << param
          << "}: add its wrong-object substitutes to WrongObject::Substitutes in "
             "tests/security/idor_test.cc";
      for (Method method : methods) {
        for (Caller caller : {Caller::kAnalyst, Caller::kAdmin}) {
          std::string reference;
          for (const Substitute& substitute : substitutes) {
            std::string target = route.path;
            for (const auto& [name, value] : Baseline()) {
              target = Replace(target, "{" + name + "}", name == param ? substitute.value : value);
            }
            std::string body;
            if (method == Method::kPost && route.name.starts_with("taxii")) {
              body = EnvelopeOf({IndicatorJson(world_->FreshId(), stix::Tlp::kGreen,
                                               "2024-01-01T00:00:00.000Z")});
            } else if (method == Method::kPost || method == Method::kPut) {
              body = BodyFor(route.name);
            }
            http::Response response = world_->Dispatch(caller, method, target, body);
            ++requests;
            const std::string where = route.name + " " + std::string(http::MethodName(method)) +
                                      " {" + param + "} = " + substitute.what + " as " +
                                      std::string(CallerName(caller));
            EXPECT_GE(response.status, 400) << where << ": " << response.body;
            // Equal answers but for the id itself (and the request id).
            std::string seen = std::to_string(response.status) + " " +
                               Replace(response.body, substitute.value, "<id>");
            if (reference.empty()) {
              reference = seen;
            } else {
              EXPECT_EQ(seen, reference) << where << " answers unlike the other substitutes";
            }
          }
        }
      }
    }
  }
  EXPECT_EQ(StoredVersions(), before) << "a wrong-object request changed the store";
  EXPECT_GE(routes_with_ids, 8u);
  std::cout << "wrong-object: " << routes_with_ids << " routes with ids, " << requests
            << " substituted requests\n";
}

// A DELETE of another member's visible object is refused and the object stays (the delete
// checks the object's author, not only the collection right).
TEST_F(WrongObject, DeleteOfAnotherMembersVisibleObjectLeavesItInPlace) {
  const std::string id = world_->ObjectId(Access::kReadWrite, Owner::kOther, stix::Tlp::kAmber);
  const std::string path =
      "/qccm/collections/" + world_->CollectionId(Access::kReadWrite) + "/objects/" + id + "/";
  EXPECT_EQ(world_->Dispatch(Caller::kAnalyst, Method::kDelete, path).status, 403);
  EXPECT_EQ(world_->Dispatch(Caller::kAnalyst, Method::kGet, path).status, 200);
}

// Regression (MISP-style wrong-object write): reusing another member's object id in an
// add-objects request must not add a version of it, hidden TLP:RED objects included.
TEST_F(WrongObject, NewVersionOfAnotherMembersObjectIsRefused) {
  for (stix::Tlp tlp : {stix::Tlp::kGreen, stix::Tlp::kRed}) {
    const std::string id = world_->ObjectId(Access::kReadWrite, Owner::kOther, tlp);
    const std::string objects =
        "/qccm/collections/" + world_->CollectionId(Access::kReadWrite) + "/objects/";
    http::Response posted = world_->Dispatch(
        Caller::kAnalyst, Method::kPost, objects,
        EnvelopeOf({IndicatorJson(id, stix::Tlp::kGreen, "2025-01-01T00:00:00.000Z")}));
    ASSERT_EQ(posted.status, 202) << posted.body;
    EXPECT_NE(posted.body.find("\"failure_count\":1"), std::string::npos) << posted.body;
    EXPECT_NE(posted.body.find("another member"), std::string::npos) << posted.body;
    // The other member still sees only its own version.
    auto page = world_->node().store().objects().ListObjects(
        world_->CollectionId(Access::kReadWrite),
        {.ids = {id}, .versions = {.all = true}, .with_json = false},
        store::Viewer{.member_id = world_->MemberId(Owner::kOther)});
    ASSERT_TRUE(page);
    ASSERT_EQ(page->objects.size(), 1u);
    EXPECT_EQ(page->objects[0].author_member, world_->MemberId(Owner::kOther));
  }
}

}  // namespace
}  // namespace qccm::security_test
