// The /api/v1/audit routes over the node's router: auditors query, sample, get the signed head
// and proofs; other roles get 403 (and the attempt is recorded); any member's user sees who
// touched its own member's contributions and nothing else; reading the log is audited.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "qccm/oversight/audit_log.h"
#include "qccm/oversight/merkle.h"
#include "qccm/oversight/proof_json.h"
#include "qccm/sharing/sharing_service.h"
#include "security/security_world.h"

namespace qccm::app {
namespace {

namespace json = boost::json;
using http::Method;
using oversight::AuditAction;
using oversight::AuditOutcome;
using security_test::Access;
using security_test::Caller;
using security_test::Owner;
using security_test::SecurityWorld;

class AuditApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    world_ = SecurityWorld::Create().release();
    if (world_ == nullptr) return;
    sharing::SharingService& sharing = world_->node().sharing();
    auto user =
        sharing.AddUser("other-reader", world_->MemberCode(Owner::kOther),
                        sharing::RoleBit(sharing::Role::kAnalyst), security_test::kPassword);
    auto token = sharing.CreateToken("other-reader", "audit tests", std::nullopt);
    if (user && token) other_token_ = new std::string(token->secret);
  }
  static void TearDownTestSuite() {
    delete world_;
    delete other_token_;
    world_ = nullptr;
    other_token_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(world_, nullptr);
    ASSERT_NE(other_token_, nullptr);
  }

  static http::Response Get(Caller caller, const std::string& target) {
    return world_->Dispatch(caller, Method::kGet, target);
  }
  static json::array Records(const http::Response& response) {
    EXPECT_EQ(response.status, 200) << response.body;
    boost::system::error_code ec;
    json::value value = json::parse(response.body, ec);
    if (ec || !value.is_object() || !value.as_object().contains("records")) {
      ADD_FAILURE() << "not a records page: " << response.body;
      return {};
    }
    return value.as_object().at("records").as_array();
  }
  static oversight::AuditRecord LastRecord() {
    oversight::AuditLog& log = *world_->node().audit_log();
    const std::uint64_t size = log.size();
    oversight::AuditQuery query{.limit = 1};
    if (size >= 2) query.after = size - 2;  // `after` is exclusive: the record seq size - 1
    auto page = log.Query(query);
    EXPECT_TRUE(page && page->records.size() == 1);
    return page && !page->records.empty() ? page->records[0] : oversight::AuditRecord{};
  }

  static SecurityWorld* world_;
  static std::string* other_token_;
};

SecurityWorld* AuditApi::world_ = nullptr;
std::string* AuditApi::other_token_ = nullptr;

TEST_F(AuditApi, AnAuditorQueriesRecordsOfEveryMemberByUserAndAction) {
  // A write by the other member's user, then the auditor (of the own member) finds it.
  const std::string id = world_->FreshId();
  http::Response posted = world_->DispatchWithToken(
      *other_token_, Method::kPost,
      "/qccm/collections/" + world_->CollectionId(Access::kReadWrite) + "/objects/",
      security_test::EnvelopeOf(
          {security_test::IndicatorJson(id, stix::Tlp::kGreen, "2024-03-01T00:00:00.000Z")}));
  ASSERT_EQ(posted.status, 202) << posted.body;
  json::array records =
      Records(Get(Caller::kAuditor, "/api/v1/audit/records?user=other-reader&action=write"));
  ASSERT_EQ(records.size(), 1u);
  const json::object& record = records[0].as_object();
  EXPECT_EQ(record.at("member").as_string(), world_->MemberCode(Owner::kOther));
  EXPECT_EQ(record.at("action").as_string(), "write");
  EXPECT_EQ(record.at("objects").as_array().at(0).as_string(), id);
  // Metadata only: the posted object's content is nowhere in the answer.
  EXPECT_EQ(Get(Caller::kAuditor, "/api/v1/audit/records?limit=10000")
                .body.find(security_test::kBodyMarker),
            std::string::npos);
  // By object id as well.
  EXPECT_EQ(Records(Get(Caller::kAuditor, "/api/v1/audit/records?object=" + id)).size(), 1u);
}

TEST_F(AuditApi, ReadingTheLogIsItselfRecorded) {
  http::Response response = Get(Caller::kAuditor, "/api/v1/audit/records?member=NOBODY");
  EXPECT_EQ(response.status, 200);
  oversight::AuditRecord record = LastRecord();
  EXPECT_EQ(record.action, AuditAction::kAuditRead);
  EXPECT_EQ(record.outcome, AuditOutcome::kOk);
  EXPECT_EQ(record.user, "own-auditor");
  EXPECT_EQ(record.query, "member=NOBODY");
}

TEST_F(AuditApi, OtherRolesGet403OnTheAuditorRoutesAndTheAttemptIsRecorded) {
  for (Caller caller : {Caller::kAdmin, Caller::kAnalyst, Caller::kLiaison, Caller::kTrainer}) {
    for (const char* target : {"/api/v1/audit/records", "/api/v1/audit/sample?seed=s",
                               "/api/v1/audit/head", "/api/v1/audit/records/0/proof"}) {
      SCOPED_TRACE(std::string(security_test::CallerName(caller)) + " " + target);
      EXPECT_EQ(Get(caller, target).status, 403);
      oversight::AuditRecord record = LastRecord();
      EXPECT_EQ(record.action, AuditAction::kAuditRead);
      EXPECT_EQ(record.outcome, AuditOutcome::kDenied);
    }
  }
  EXPECT_EQ(Get(Caller::kAnonymous, "/api/v1/audit/records").status, 401);
}

TEST_F(AuditApi, AMalformedTimeRangeIs400WithAClearMessage) {
  for (const char* query : {"?since=2024-06-02T00:00:00Z&until=2024-06-01T00:00:00Z",
                            "?since=yesterday", "?until=2024-13-01T00:00:00Z"}) {
    SCOPED_TRACE(query);
    http::Response response = Get(Caller::kAuditor, std::string("/api/v1/audit/records") + query);
    EXPECT_EQ(response.status, 400);
    EXPECT_NE(response.body.find("malformed time range"), std::string::npos) << response.body;
    EXPECT_EQ(LastRecord().outcome, AuditOutcome::kInvalid);
  }
  EXPECT_EQ(Get(Caller::kAuditor, "/api/v1/audit/records?action=peek").status, 400);
  EXPECT_EQ(Get(Caller::kAuditor, "/api/v1/audit/records?limit=0").status, 400);
}

TEST_F(AuditApi, ATimeRangeSelectsRecordsInIt) {
  // The world's clock is fixed at 2024-06-01: every record is at that instant.
  EXPECT_GT(Records(Get(Caller::kAuditor,
                        "/api/v1/audit/records?since=2024-06-01T00:00:00Z"
                        "&until=2024-06-02T00:00:00Z"))
                .size(),
            0u);
  EXPECT_EQ(
      Records(Get(Caller::kAuditor, "/api/v1/audit/records?since=2025-01-01T00:00:00Z")).size(),
      0u);
}

TEST_F(AuditApi, ASampleIsReproducibleForASeedAndTreeSize) {
  http::Response head = Get(Caller::kAuditor, "/api/v1/audit/head");
  ASSERT_EQ(head.status, 200) << head.body;
  auto sth = oversight::TreeHeadFromJson(head.body);
  ASSERT_TRUE(sth.has_value()) << sth.error().ToString();
  const std::string base =
      "/api/v1/audit/sample?count=5&tree_size=" + std::to_string(sth->head.tree_size) + "&seed=";
  http::Response first = Get(Caller::kAuditor, base + "spot-check-1");
  http::Response again = Get(Caller::kAuditor, base + "spot-check-1");
  http::Response other = Get(Caller::kAuditor, base + "spot-check-2");
  EXPECT_EQ(Records(first).size(), 5u);
  EXPECT_EQ(first.body, again.body);
  EXPECT_NE(first.body, other.body);
  EXPECT_EQ(Get(Caller::kAuditor, "/api/v1/audit/sample").status, 400) << "seed is required";
}

TEST_F(AuditApi, AProofLeadsFromTheRecordToTheSignedHead) {
  http::Response response = Get(Caller::kAuditor, "/api/v1/audit/records/3/proof");
  ASSERT_EQ(response.status, 200) << response.body;
  auto proof = oversight::InclusionProofFromJson(response.body);
  ASSERT_TRUE(proof.has_value()) << proof.error().ToString();
  EXPECT_EQ(proof->leaf_index, 3u);
  EXPECT_TRUE(oversight::VerifyInclusion(proof->leaf_index, proof->head.head.tree_size, proof->leaf,
                                         proof->path, proof->head.head.root)
                  .has_value());
  EXPECT_EQ(Get(Caller::kAuditor, "/api/v1/audit/records/999999999/proof").status, 404);
  EXPECT_EQ(Get(Caller::kAuditor, "/api/v1/audit/records/x/proof").status, 400);
}

TEST_F(AuditApi, WhoReadMyDataShowsTheOtherMembersReadsOfOwnContributionsOnly) {
  // The other member's user reads one of the own member's objects, and one of its own.
  const std::string own = world_->ObjectId(Access::kRead, Owner::kOwn, stix::Tlp::kGreen);
  const std::string theirs = world_->ObjectId(Access::kRead, Owner::kOther, stix::Tlp::kAmber);
  const std::string objects =
      "/qccm/collections/" + world_->CollectionId(Access::kRead) + "/objects/";
  ASSERT_EQ(world_->DispatchWithToken(*other_token_, Method::kGet, objects + own + "/").status,
            200);
  ASSERT_EQ(world_->DispatchWithToken(*other_token_, Method::kGet, objects + theirs + "/").status,
            200);
  json::array records = Records(Get(Caller::kTrainer, "/api/v1/audit/my-data?user=other-reader"));
  bool saw_own = false;
  for (const json::value& value : records) {
    const json::object& record = value.as_object();
    bool owned = false;
    for (const json::value& owner : record.at("owners").as_array()) {
      owned = owned || owner.as_string() == world_->MemberCode(Owner::kOwn);
    }
    EXPECT_TRUE(owned) << json::serialize(record);
    for (const json::value& id : record.at("objects").as_array()) {
      saw_own = saw_own || id.as_string() == own;
      EXPECT_NE(id.as_string(), theirs) << "a read of only the other member's own object";
    }
  }
  EXPECT_TRUE(saw_own);
  // The other member's user sees its own member's side: its read of `theirs` is not there
  // (nobody else touched it), and asking for another owner changes nothing.
  http::Response mine = world_->DispatchWithToken(
      *other_token_, Method::kGet,
      "/api/v1/audit/my-data?owner=" + world_->MemberCode(Owner::kOwn) + "&object=" + own);
  EXPECT_EQ(Records(mine).size(), 0u) << mine.body;
}

}  // namespace
}  // namespace qccm::app
