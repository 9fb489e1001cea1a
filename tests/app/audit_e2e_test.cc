// End to end over the node's router (built as `qccm serve` builds it): every audited route
// appends exactly one record per request, exempt routes none; reads, writes, deletes, denied,
// not-found and unauthenticated attempts carry the right action, ids, owners and outcome.
#include <gtest/gtest.h>

#include <algorithm>

#include "qccm/oversight/audit_log.h"
#include "security/security_world.h"

namespace qccm::app {
namespace {

using http::Method;
using oversight::AuditAction;
using oversight::AuditOutcome;
using oversight::AuditRecord;
using security_test::Access;
using security_test::Caller;
using security_test::Owner;
using security_test::SecurityWorld;

class AuditEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { world_ = SecurityWorld::Create().release(); }
  static void TearDownTestSuite() {
    delete world_;
    world_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(world_, nullptr);
    ASSERT_NE(world_->node().audit_log(), nullptr);
  }

  static oversight::AuditLog& Log() { return *world_->node().audit_log(); }

  // The records appended since the log had `size` records.
  static std::vector<AuditRecord> Since(std::uint64_t size) {
    oversight::AuditQuery query{.limit = 1000};
    if (size > 0) query.after = size - 1;
    auto page = Log().Query(query);
    EXPECT_TRUE(page.has_value()) << page.error().ToString();
    return page ? page->records : std::vector<AuditRecord>{};
  }

  // Sends one request and returns its one record (fails the test unless exactly one).
  static AuditRecord OneRecord(Caller caller, Method method, const std::string& target,
                               int expected_status, std::string body = {}) {
    const std::uint64_t before = Log().size();
    http::Response response = world_->Dispatch(caller, method, target, std::move(body));
    EXPECT_EQ(response.status, expected_status) << target << ": " << response.body;
    std::vector<AuditRecord> records = Since(before);
    EXPECT_EQ(records.size(), 1u) << target;
    return records.empty() ? AuditRecord{} : records.back();
  }

  static bool Names(const AuditRecord& record, const std::string& id) {
    return std::find(record.object_ids.begin(), record.object_ids.end(), id) !=
           record.object_ids.end();
  }

  static std::string Objects(Access access) {
    return "/qccm/collections/" + world_->CollectionId(access) + "/objects/";
  }

  static SecurityWorld* world_;
};

SecurityWorld* AuditEndToEnd::world_ = nullptr;

TEST_F(AuditEndToEnd, AListingRecordsTheIdsItReturnedTheirOwnersAndTheQuery) {
  AuditRecord record =
      OneRecord(Caller::kAnalyst, Method::kGet, Objects(Access::kRead) + "?limit=100", 200);
  EXPECT_EQ(record.action, AuditAction::kRead);
  EXPECT_EQ(record.outcome, AuditOutcome::kOk);
  EXPECT_EQ(record.user, "own-analyst");
  EXPECT_EQ(record.member, world_->MemberCode(Owner::kOwn));
  EXPECT_EQ(record.request_id, "security-test");
  EXPECT_EQ(record.collection, world_->CollectionId(Access::kRead));
  EXPECT_EQ(record.query, "limit=100");
  // Every visible object is named; the other member's TLP:RED one (not returned) is not.
  for (Owner owner : security_test::kOwners) {
    for (stix::Tlp tlp : security_test::kTlps) {
      const std::string id = world_->ObjectId(Access::kRead, owner, tlp);
      const bool visible = tlp != stix::Tlp::kRed || owner == Owner::kOwn;
      EXPECT_EQ(Names(record, id), visible) << id;
    }
  }
  EXPECT_EQ(record.owners, (std::vector<std::string>{world_->MemberCode(Owner::kOther),
                                                     world_->MemberCode(Owner::kOwn)}));
}

TEST_F(AuditEndToEnd, ReadingOneObjectRecordsItsIdAndOwner) {
  const std::string id = world_->ObjectId(Access::kRead, Owner::kOther, stix::Tlp::kGreen);
  AuditRecord record =
      OneRecord(Caller::kAnalyst, Method::kGet, Objects(Access::kRead) + id + "/", 200);
  EXPECT_EQ(record.action, AuditAction::kRead);
  EXPECT_EQ(record.outcome, AuditOutcome::kOk);
  EXPECT_EQ(record.object_ids, std::vector<std::string>{id});
  EXPECT_EQ(record.owners, std::vector<std::string>{world_->MemberCode(Owner::kOther)});
}

TEST_F(AuditEndToEnd, TheManifestAndVersionsAreRecordedAsReads) {
  const std::string id = world_->ObjectId(Access::kRead, Owner::kOwn, stix::Tlp::kAmber);
  AuditRecord manifest = OneRecord(
      Caller::kAnalyst, Method::kGet,
      "/qccm/collections/" + world_->CollectionId(Access::kRead) + "/manifest/?match[id]=" + id,
      200);
  EXPECT_EQ(manifest.action, AuditAction::kRead);
  EXPECT_EQ(manifest.object_ids, std::vector<std::string>{id});
  AuditRecord versions =
      OneRecord(Caller::kAnalyst, Method::kGet, Objects(Access::kRead) + id + "/versions/", 200);
  EXPECT_EQ(versions.action, AuditAction::kRead);
  EXPECT_EQ(versions.object_ids, std::vector<std::string>{id});
}

TEST_F(AuditEndToEnd, AddingObjectsRecordsEveryPostedIdAsAWrite) {
  const std::string first = world_->FreshId();
  const std::string second = world_->FreshId();
  AuditRecord record = OneRecord(
      Caller::kAnalyst, Method::kPost, Objects(Access::kReadWrite), 202,
      security_test::EnvelopeOf(
          {security_test::IndicatorJson(first, stix::Tlp::kGreen, "2024-03-01T00:00:00.000Z"),
           security_test::IndicatorJson(second, stix::Tlp::kAmber, "2024-03-01T00:00:00.000Z")}));
  EXPECT_EQ(record.action, AuditAction::kWrite);
  EXPECT_EQ(record.outcome, AuditOutcome::kOk);
  EXPECT_EQ(record.collection, world_->CollectionId(Access::kReadWrite));
  EXPECT_EQ(record.object_ids, (std::vector<std::string>{first, second}));
  EXPECT_EQ(record.owners, std::vector<std::string>{world_->MemberCode(Owner::kOwn)});
}

TEST_F(AuditEndToEnd, DeletingRecordsTheDeletedId) {
  const std::string id = world_->ObjectId(Access::kReadWrite, Owner::kOwn, stix::Tlp::kClear);
  AuditRecord record =
      OneRecord(Caller::kAnalyst, Method::kDelete, Objects(Access::kReadWrite) + id + "/", 200);
  world_->Restore(Access::kReadWrite, Owner::kOwn, stix::Tlp::kClear);
  EXPECT_EQ(record.action, AuditAction::kDelete);
  EXPECT_EQ(record.outcome, AuditOutcome::kOk);
  EXPECT_EQ(record.object_ids, std::vector<std::string>{id});
}

TEST_F(AuditEndToEnd, AWriteWithoutTheRightIsRecordedAsDenied) {
  const std::string id = world_->FreshId();
  AuditRecord record = OneRecord(Caller::kAnalyst, Method::kPost, Objects(Access::kRead), 403,
                                 security_test::EnvelopeOf({security_test::IndicatorJson(
                                     id, stix::Tlp::kGreen, "2024-03-01T00:00:00.000Z")}));
  EXPECT_EQ(record.action, AuditAction::kWrite);
  EXPECT_EQ(record.outcome, AuditOutcome::kDenied);
  EXPECT_EQ(record.user, "own-analyst");
  EXPECT_EQ(record.collection, world_->CollectionId(Access::kRead));
}

TEST_F(AuditEndToEnd, AnAuditorAskingForContentIsRecordedAsDenied) {
  AuditRecord record = OneRecord(Caller::kAuditor, Method::kGet, Objects(Access::kRead), 403);
  EXPECT_EQ(record.action, AuditAction::kRead);
  EXPECT_EQ(record.outcome, AuditOutcome::kDenied);
  EXPECT_EQ(record.user, "own-auditor");
  EXPECT_TRUE(record.object_ids.empty());
}

TEST_F(AuditEndToEnd, AnInvisibleObjectIsRecordedAsNotFoundWithTheIdAsked) {
  const std::string id = world_->ObjectId(Access::kRead, Owner::kOther, stix::Tlp::kRed);
  AuditRecord record =
      OneRecord(Caller::kAnalyst, Method::kGet, Objects(Access::kRead) + id + "/", 404);
  EXPECT_EQ(record.outcome, AuditOutcome::kNotFound);
  EXPECT_EQ(record.object_ids, std::vector<std::string>{id});
  EXPECT_TRUE(record.owners.empty()) << "nothing of the owner was touched";
}

TEST_F(AuditEndToEnd, AnUnauthenticatedAttemptIsRecordedAsDeniedWithoutAUser) {
  AuditRecord record = OneRecord(Caller::kAnonymous, Method::kGet, Objects(Access::kRead), 401);
  EXPECT_EQ(record.outcome, AuditOutcome::kDenied);
  EXPECT_EQ(record.user, "");
  EXPECT_EQ(record.member, "");
}

// Regression: a path with ill-formed UTF-8 made the record invalid, and the request was answered
// 500 (found by TaxiiBadInput.InvalidUtf8InThePathGivesValidJson).
TEST_F(AuditEndToEnd, AnIllFormedPathIsRecordedWithItsBytesEscaped) {
  AuditRecord record = OneRecord(Caller::kAnalyst, Method::kGet, "/qccm/collections/a%FFb/", 404);
  EXPECT_EQ(record.outcome, AuditOutcome::kNotFound);
  EXPECT_EQ(record.collection, "a\\xFFb");
}

TEST_F(AuditEndToEnd, ExemptRoutesAppendNothing) {
  const std::uint64_t before = Log().size();
  EXPECT_EQ(world_->Dispatch(Caller::kAnalyst, Method::kGet, "/healthz").status, 200);
  EXPECT_EQ(world_->Dispatch(Caller::kAnalyst, Method::kGet, "/taxii2/").status, 200);
  EXPECT_EQ(Log().size(), before);
}

// Every audited route of the router, whatever its answer: one record with the declared action
// (a route added later is covered without changing this test).
TEST_F(AuditEndToEnd, EveryAuditedRouteAppendsExactlyOneRecordWithItsDeclaredAction) {
  const std::string object = world_->ObjectId(Access::kReadWrite, Owner::kOwn, stix::Tlp::kGreen);
  for (const http::RouteInfo& route : world_->router().Routes()) {
    if (!route.audit.audited()) continue;
    SCOPED_TRACE(route.name);
    std::string target = route.path;
    const std::pair<std::string, std::string> fills[] = {
        {"{collection}", world_->CollectionId(Access::kReadWrite)},
        {"{object}", object},
        {"{status}", world_->StatusId(Owner::kOwn)},
        {"{id}", object},
        {"{member}", world_->MemberCode(Owner::kOther)},
        {"{code}", world_->MemberCode(Owner::kOther)},
        {"{seq}", "0"}};
    for (const auto& [from, to] : fills) {
      if (std::size_t at = target.find(from); at != std::string::npos) {
        target.replace(at, from.size(), to);
      }
    }
    // Parameters this test does not know: any value (the answer may be 400 or 404).
    while (target.find('{') != std::string::npos) {
      const std::size_t at = target.find('{');
      target.replace(at, target.find('}', at) - at + 1, "x");
    }
    const std::uint64_t before = Log().size();
    http::Response response = world_->Dispatch(Caller::kAnalyst, route.method, target);
    std::vector<AuditRecord> records = Since(before);
    ASSERT_EQ(records.size(), 1u) << "status " << response.status;
    EXPECT_EQ(oversight::ActionName(records[0].action), route.audit.action);
    EXPECT_EQ(records[0].outcome, response.status < 400    ? AuditOutcome::kOk
                                  : response.status == 404 ? AuditOutcome::kNotFound
                                  : response.status == 403 ? AuditOutcome::kDenied
                                  : response.status >= 500 ? AuditOutcome::kFailed
                                                           : AuditOutcome::kInvalid)
        << "status " << response.status;
    EXPECT_EQ(records[0].user, "own-analyst");
  }
  if (world_->Dispatch(Caller::kAnalyst, Method::kGet, "/healthz").status != 200) {
    ADD_FAILURE() << "node no longer answers";
  }
  world_->Restore(Access::kReadWrite, Owner::kOwn, stix::Tlp::kGreen);
}

TEST_F(AuditEndToEnd, TheLogVerifiesAfterTheRequests) {
  auto head = Log().SignTreeHead();
  ASSERT_TRUE(head.has_value()) << head.error().ToString();
  auto report = Log().Verify();
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_TRUE(report->ok());
  EXPECT_GT(report->records, 0u);
}

}  // namespace
}  // namespace qccm::app
