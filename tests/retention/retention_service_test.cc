// RetentionService over a real SQLite store and audit log: review dates, renewals (reason
// required), rights, legal holds, purges (every version gone, tombstone kept, audit verifies,
// idempotent), expired indicators.
#include "qccm/retention/retention_service.h"

#include <gtest/gtest.h>

#include "retention/retention_test_world.h"

namespace qccm::retention {
namespace {

using sharing::Role;
using test::EmailAddr;
using test::Indicator;
using test::kStart;
using test::Organisation;
using test::Person;
using test::RetentionWorld;

constexpr std::int64_t kDay = kMicrosPerDay;
const std::string kPerson = "identity--6a1e3a2c-3b1e-4a59-9d0f-6c1b7d3e9a01";
const std::string kPerson2 = "identity--6a1e3a2c-3b1e-4a59-9d0f-6c1b7d3e9a02";
const std::string kOrg = "identity--6a1e3a2c-3b1e-4a59-9d0f-6c1b7d3e9a03";
const std::string kEmail = "email-addr--6a1e3a2c-3b1e-4a59-9d0f-6c1b7d3e9a04";
const std::string kIndicator = "indicator--6a1e3a2c-3b1e-4a59-9d0f-6c1b7d3e9a05";
const std::string kMissing = "identity--6a1e3a2c-3b1e-4a59-9d0f-6c1b7d3e9aff";

class RetentionServiceTest : public ::testing::Test {
 protected:
  RetentionWorld w;
  RetentionService& service() { return *w.retention; }
};

TEST_F(RetentionServiceTest, PersonalDataGetsReviewDateOfDateAddedPlusCollectionPeriod) {
  std::string c = w.Collection(30);
  w.Put(c, "ALPHA", kPerson, Person(kPerson));
  w.Put(c, "ALPHA", kOrg, Organisation(kOrg));
  w.Put(c, "ALPHA", kIndicator, Indicator(kIndicator));
  w.Put(c, "ALPHA", kEmail, EmailAddr(kEmail, "jane@example.org"));
  auto tasks = service().ReviewTasks(w.As("ALPHA", Role::kAnalyst));
  ASSERT_TRUE(tasks) << tasks.error().ToString();
  ASSERT_EQ(tasks->size(), 2u);  // the person and the e-mail address, not the org or indicator
  for (const Review& r : *tasks) {
    EXPECT_EQ(r.collection_id, c);
    EXPECT_EQ(r.owner_member, w.MemberId("ALPHA"));
    EXPECT_EQ(r.review_date.micros, r.date_added.micros + 30 * kDay);
    EXPECT_EQ(r.state, ReviewState::kOpen);
  }
}

TEST_F(RetentionServiceTest, CollectionWithoutPolicyUsesTheDefaultPeriod) {
  std::string c = w.Collection();
  w.Put(c, "ALPHA", kPerson, Person(kPerson));
  auto tasks = service().ReviewTasksOfMember(w.MemberId("ALPHA"));
  ASSERT_TRUE(tasks);
  ASSERT_EQ(tasks->size(), 1u);
  EXPECT_EQ((*tasks)[0].review_date.micros, (*tasks)[0].date_added.micros + 365 * kDay);
  auto policy = service().PolicyOf(c);
  ASSERT_TRUE(policy);
  EXPECT_EQ(policy->review_days, 365);
}

TEST_F(RetentionServiceTest, ANewVersionDoesNotMoveTheReviewDate) {
  std::string c = w.Collection(30);
  w.Put(c, "ALPHA", kPerson, Person(kPerson));
  auto first = service().ReviewTasksOfMember(w.MemberId("ALPHA"));
  ASSERT_TRUE(first);
  w.clock.Advance(5 * kDay);
  w.Put(c, "ALPHA", kPerson, Person(kPerson, "Jane Renamed"), Timestamp{kStart.micros + 1});
  auto second = service().ReviewTasksOfMember(w.MemberId("ALPHA"));
  ASSERT_TRUE(second);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].review_date, (*first)[0].review_date);
}

TEST_F(RetentionServiceTest, TasksAreListedOnlyForTheOwningMember) {
  std::string c = w.Collection(30);
  w.Put(c, "ALPHA", kPerson, Person(kPerson));
  w.Put(c, "BRAVO", kPerson2, Person(kPerson2));
  auto alpha = service().ReviewTasks(w.As("ALPHA", Role::kAdmin));
  ASSERT_TRUE(alpha);
  ASSERT_EQ(alpha->size(), 1u);
  EXPECT_EQ((*alpha)[0].object_id, kPerson);
  auto charlie = service().ReviewTasks(w.As("CHARLIE", Role::kAnalyst));
  ASSERT_TRUE(charlie);
  EXPECT_TRUE(charlie->empty());
}

TEST_F(RetentionServiceTest, LiaisonAndAuditorMayNotSeeReviewTasks) {
  std::string c = w.Collection(30);
  w.Put(c, "ALPHA", kPerson, Person(kPerson));
  for (Role role : {Role::kLiaison, Role::kAuditor, Role::kTrainer}) {
    auto tasks = service().ReviewTasks(w.As("ALPHA", role));
    ASSERT_FALSE(tasks);
    EXPECT_EQ(tasks.error().code, ErrorCode::kPermissionDenied);
  }
}

TEST_F(RetentionServiceTest, RenewalWithoutAReasonIsRefusedAndChangesNothing) {
  std::string c = w.Collection(30);
  w.Put(c, "ALPHA", kPerson, Person(kPerson));
  auto before = service().ReviewTasksOfMember(w.MemberId("ALPHA"));
  ASSERT_TRUE(before);
  for (std::string_view reason : {"", "   ", "\t\n"}) {
    auto renewed = service().Renew(w.As("ALPHA", Role::kAnalyst), kPerson, reason);
    ASSERT_FALSE(renewed);
    EXPECT_EQ(renewed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(renewed.error().message.find("a reason is required"), std::string::npos)
        << renewed.error().message;
  }
  auto after = service().ReviewTasksOfMember(w.MemberId("ALPHA"));
  ASSERT_TRUE(after);
  EXPECT_EQ((*after)[0].review_date, (*before)[0].review_date);
  EXPECT_EQ((*after)[0].renewals, 0);
  auto renewals = w.store->retention()->ListRenewals((*after)[0].id);
  ASSERT_TRUE(renewals);
  EXPECT_TRUE(renewals->empty());
}

TEST_F(RetentionServiceTest, RenewalMovesTheReviewDateOnePeriodAndRecordsWhoAndWhy) {
  std::string c = w.Collection(30);
  w.Put(c, "ALPHA", kPerson, Person(kPerson));
  auto before = service().ReviewTasksOfMember(w.MemberId("ALPHA"));
  ASSERT_TRUE(before);
  auto renewed =
      service().Renew(w.As("ALPHA", Role::kAnalyst, "ana"), kPerson, "case 42 still open");
  ASSERT_TRUE(renewed) << renewed.error().ToString();
  ASSERT_EQ(renewed->size(), 1u);
  EXPECT_EQ((*renewed)[0].review_date.micros, (*before)[0].review_date.micros + 30 * kDay);
  auto renewals = w.store->retention()->ListRenewals((*before)[0].id);
  ASSERT_TRUE(renewals);
  ASSERT_EQ(renewals->size(), 1u);
  EXPECT_EQ((*renewals)[0].user, "ana");
  EXPECT_EQ((*renewals)[0].reason, "case 42 still open");
  EXPECT_EQ((*renewals)[0].previous_date, (*before)[0].review_date);
}

TEST_F(RetentionServiceTest, RenewalOfAnotherMembersObjectIsNotFoundAndChangesNothing) {
  std::string c = w.Collection(30);
  w.Put(c, "BRAVO", kPerson, Person(kPerson));
  auto renewed = service().Renew(w.As("ALPHA", Role::kAdmin), kPerson, "we want it");
  ASSERT_FALSE(renewed);
  EXPECT_EQ(renewed.error().code, ErrorCode::kNotFound);
  auto missing = service().Renew(w.As("ALPHA", Role::kAdmin), kMissing, "we want it");
  ASSERT_FALSE(missing);
  EXPECT_EQ(
      missing.error().message,
      renewed.error().message.substr(0, renewed.error().message.size() - kPerson.size()) + kMissing)
      << "another member's object must answer like a missing one";
  auto bravo = service().ReviewTasksOfMember(w.MemberId("BRAVO"));
  ASSERT_TRUE(bravo);
  EXPECT_EQ((*bravo)[0].renewals, 0);
}

TEST_F(RetentionServiceTest, RenewalNeedsACollectionWhenTheObjectIsReviewedInSeveral) {
  std::string c1 = w.Collection(30);
  std::string c2 = w.Collection(60);
  w.Put(c1, "ALPHA", kPerson, Person(kPerson));
  w.Put(c2, "ALPHA", kPerson, Person(kPerson));
  auto ambiguous = service().Renew(w.As("ALPHA", Role::kAnalyst), kPerson, "needed");
  ASSERT_FALSE(ambiguous);
  EXPECT_EQ(ambiguous.error().code, ErrorCode::kInvalidArgument);
  auto renewed = service().Renew(w.As("ALPHA", Role::kAnalyst), kPerson, "needed", c2);
  ASSERT_TRUE(renewed) << renewed.error().ToString();
  ASSERT_EQ(renewed->size(), 1u);
  EXPECT_EQ((*renewed)[0].collection_id, c2);
  EXPECT_EQ((*renewed)[0].review_date.micros, (*renewed)[0].date_added.micros + 120 * kDay);
}

TEST_F(RetentionServiceTest, PurgeDeletesEveryVersionKeepsATombstoneAndTheAuditLogVerifies) {
  std::string c = w.Collection(30);
  w.Put(c, "ALPHA", kPerson, Person(kPerson));
  w.Put(c, "ALPHA", kPerson, Person(kPerson, "Jane v2"), Timestamp{kStart.micros + 1000});
  w.Put(c, "ALPHA", kOrg, Organisation(kOrg));
  ASSERT_EQ(w.CountVersions(c, kPerson), 2);
  // Not yet due.
  auto early = service().PurgeDue(w.clock.Now());
  ASSERT_TRUE(early);
  EXPECT_TRUE(early->purged.empty());

  w.clock.Advance(31 * kDay);
  auto report = service().PurgeDue(w.clock.Now());
  ASSERT_TRUE(report) << report.error().ToString();
  ASSERT_EQ(report->purged.size(), 1u);
  const Tombstone& t = report->purged[0];
  EXPECT_EQ(t.object_id, kPerson);
  EXPECT_EQ(t.collection_id, c);
  EXPECT_EQ(t.versions, 2);
  EXPECT_EQ(t.purged_by, "node");
  EXPECT_FALSE(t.reason.empty());
  EXPECT_EQ(w.CountVersions(c, kPerson), 0);
  EXPECT_EQ(w.CountVersions(c, kOrg), 1);

  auto tombstones = service().Tombstones();
  ASSERT_TRUE(tombstones);
  ASSERT_EQ(tombstones->size(), 1u);
  EXPECT_EQ((*tombstones)[0].object_id, kPerson);

  ASSERT_EQ(w.audit->size(), 1u);
  auto page = w.audit->Query({.filter = {.action = oversight::AuditAction::kPurge}});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->records.size(), 1u);
  const oversight::AuditRecord& record = page->records[0];
  EXPECT_EQ(record.object_ids, std::vector<std::string>{kPerson});
  EXPECT_EQ(record.owners, std::vector<std::string>{"ALPHA"});
  std::string encoded = oversight::EncodeRecord(record);
  EXPECT_EQ(encoded.find("Jane"), std::string::npos) << "content in the audit log: " << encoded;
  auto verified = w.audit->Verify();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok());
  auto integrity = w.store->CheckIntegrity();
  EXPECT_TRUE(integrity) << integrity.error().ToString();
}

TEST_F(RetentionServiceTest, DoublePurgeIsIdempotent) {
  std::string c = w.Collection(30);
  w.Put(c, "ALPHA", kPerson, Person(kPerson));
  w.clock.Advance(31 * kDay);
  auto first = service().PurgeDue(w.clock.Now());
  ASSERT_TRUE(first);
  ASSERT_EQ(first->purged.size(), 1u);
  auto second = service().PurgeDue(w.clock.Now());
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->purged.empty());
  auto owner = service().PurgeObject(w.As("ALPHA", Role::kAdmin), kPerson, "gone already");
  ASSERT_TRUE(owner) << owner.error().ToString();
  EXPECT_TRUE(owner->empty());
  auto tombstones = service().Tombstones();
  ASSERT_TRUE(tombstones);
  EXPECT_EQ(tombstones->size(), 1u);
  EXPECT_EQ(w.audit->size(), 1u);
}

TEST_F(RetentionServiceTest, DryRunReportsWithoutPurging) {
  std::string c = w.Collection(30);
  w.Put(c, "ALPHA", kPerson, Person(kPerson));
  w.clock.Advance(31 * kDay);
  auto report = service().PurgeDue(w.clock.Now(), true);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->due.size(), 1u);
  EXPECT_TRUE(report->purged.empty());
  EXPECT_EQ(w.CountVersions(c, kPerson), 1);
  EXPECT_EQ(w.audit->size(), 0u);
}

TEST_F(RetentionServiceTest, RenewedObjectSurvivesUntilItsNewDate) {
  std::string c = w.Collection(30);
  w.Put(c, "ALPHA", kPerson, Person(kPerson));
  w.clock.Advance(29 * kDay);
  ASSERT_TRUE(service().Renew(w.As("ALPHA", Role::kAnalyst), kPerson, "still needed"));
  w.clock.Advance(2 * kDay);  // past the first date, before the renewed one
  auto report = service().PurgeDue(w.clock.Now());
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->purged.empty());
  EXPECT_EQ(w.CountVersions(c, kPerson), 1);
  w.clock.Advance(30 * kDay);
  report = service().PurgeDue(w.clock.Now());
  ASSERT_TRUE(report);
  EXPECT_EQ(report->purged.size(), 1u);
}

TEST_F(RetentionServiceTest, PurgeUnderLegalHoldIsRefusedAndChangesNothing) {
  std::string c = w.Collection(30);
  w.Put(c, "ALPHA", kPerson, Person(kPerson));
  ASSERT_TRUE(service().PlaceHold(w.As("ALPHA", Role::kAdmin), kPerson, "court order 7/2026"));
  auto refused = service().PurgeObject(w.As("ALPHA", Role::kAdmin), kPerson, "not needed");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find("legal hold"), std::string::npos);
  EXPECT_EQ(w.CountVersions(c, kPerson), 1);

  w.clock.Advance(31 * kDay);
  auto report = service().PurgeDue(w.clock.Now());
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->purged.empty());
  ASSERT_EQ(report->held.size(), 1u);
  EXPECT_EQ(report->held[0].object_id, kPerson);
  EXPECT_EQ(w.CountVersions(c, kPerson), 1);
  auto tombstones = service().Tombstones();
  ASSERT_TRUE(tombstones);
  EXPECT_TRUE(tombstones->empty());
  EXPECT_EQ(w.audit->size(), 0u);

  ASSERT_TRUE(service().ReleaseHold(w.As("ALPHA", Role::kAdmin), kPerson, "case closed"));
  report = service().PurgeDue(w.clock.Now());
  ASSERT_TRUE(report);
  EXPECT_EQ(report->purged.size(), 1u);
  EXPECT_EQ(w.CountVersions(c, kPerson), 0);
}

TEST_F(RetentionServiceTest, HoldOnAMissingObjectIsNotFound) {
  w.Collection(30);
  auto held = service().PlaceHold(w.As("ALPHA", Role::kAdmin), kMissing, "court order");
  ASSERT_FALSE(held);
  EXPECT_EQ(held.error().code, ErrorCode::kNotFound);
  auto holds = service().Holds();
  ASSERT_TRUE(holds);
  EXPECT_TRUE(holds->empty());
}

TEST_F(RetentionServiceTest, HoldNeedsAnAdminOfTheOwningMemberAndAReason) {
  std::string c = w.Collection(30);
  w.Put(c, "ALPHA", kPerson, Person(kPerson));
  auto analyst = service().PlaceHold(w.As("ALPHA", Role::kAnalyst), kPerson, "order");
  ASSERT_FALSE(analyst);
  EXPECT_EQ(analyst.error().code, ErrorCode::kPermissionDenied);
  auto other = service().PlaceHold(w.As("BRAVO", Role::kAdmin), kPerson, "order");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
  auto no_reason = service().PlaceHold(w.As("ALPHA", Role::kAdmin), kPerson, "");
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().code, ErrorCode::kInvalidArgument);
  auto holds = service().Holds();
  ASSERT_TRUE(holds);
  EXPECT_TRUE(holds->empty());

  ASSERT_TRUE(service().PlaceHold(w.As("ALPHA", Role::kAdmin), kPerson, "order"));
  auto twice = service().PlaceHold(w.As("ALPHA", Role::kAdmin), kPerson, "order");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kAlreadyExists);
  auto release_other = service().ReleaseHold(w.As("BRAVO", Role::kAdmin), kPerson, "mine");
  ASSERT_FALSE(release_other);
  EXPECT_EQ(release_other.error().code, ErrorCode::kNotFound);
  auto release_analyst = service().ReleaseHold(w.As("ALPHA", Role::kAnalyst), kPerson, "done");
  ASSERT_FALSE(release_analyst);
  EXPECT_EQ(release_analyst.error().code, ErrorCode::kPermissionDenied);
  holds = service().Holds();
  ASSERT_TRUE(holds);
  ASSERT_EQ(holds->size(), 1u);
  EXPECT_EQ((*holds)[0].placed_by, "admin-ALPHA");
}

TEST_F(RetentionServiceTest, OwnerMayPurgeEarlyButNotAnotherMembersObject) {
  std::string c = w.Collection(30);
  w.Put(c, "ALPHA", kPerson, Person(kPerson));
  auto other = service().PurgeObject(w.As("BRAVO", Role::kAdmin), kPerson, "not ours");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(w.CountVersions(c, kPerson), 1);
  auto purged = service().PurgeObject(w.As("ALPHA", Role::kAnalyst, "ana"), kPerson,
                                      "no longer needed for case 42");
  ASSERT_TRUE(purged) << purged.error().ToString();
  ASSERT_EQ(purged->size(), 1u);
  EXPECT_EQ((*purged)[0].purged_by, "ana");
  EXPECT_EQ(w.CountVersions(c, kPerson), 0);
  auto verified = w.audit->Verify();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok());
}

TEST_F(RetentionServiceTest, AnObjectStoredAgainAfterAPurgeGetsANewReview) {
  std::string c = w.Collection(30);
  w.Put(c, "ALPHA", kPerson, Person(kPerson));
  w.clock.Advance(31 * kDay);
  ASSERT_TRUE(service().PurgeDue(w.clock.Now()));
  w.Put(c, "ALPHA", kPerson, Person(kPerson));
  auto tasks = service().ReviewTasksOfMember(w.MemberId("ALPHA"));
  ASSERT_TRUE(tasks);
  ASSERT_EQ(tasks->size(), 1u);
  EXPECT_EQ((*tasks)[0].review_date.micros, w.clock.Now().micros + 30 * kDay);
}

TEST_F(RetentionServiceTest, CollectionPolicyIsValidated) {
  std::string c = w.Collection();
  EXPECT_EQ(service().SetCollectionPolicy(c, "", 30).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(service().SetCollectionPolicy(c, "leads", 0).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(service().SetCollectionPolicy(c, "leads", kMaxReviewDays + 1).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(service().SetCollectionPolicy("no-such-collection", "leads", 30).error().code,
            ErrorCode::kNotFound);
  ASSERT_TRUE(service().SetCollectionPolicy(c, "leads", 90));
  auto policy = service().PolicyOf(c);
  ASSERT_TRUE(policy);
  EXPECT_EQ(policy->purpose, "leads");
  EXPECT_EQ(policy->review_days, 90);
}

TEST_F(RetentionServiceTest, IndicatorsPastValidUntilAreMarkedExpired) {
  std::string c = w.Collection();
  const std::string live = "indicator--6a1e3a2c-3b1e-4a59-9d0f-6c1b7d3e9a06";
  w.Put(c, "ALPHA", kIndicator, Indicator(kIndicator), kStart,
        Timestamp{kStart.micros + 10 * kDay});
  w.Put(c, "ALPHA", live, Indicator(live), kStart, Timestamp{kStart.micros + 100 * kDay});
  auto none = service().MarkExpired(w.clock.Now());
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  w.clock.Advance(11 * kDay);
  auto marked = service().MarkExpired(w.clock.Now());
  ASSERT_TRUE(marked) << marked.error().ToString();
  ASSERT_EQ(marked->size(), 1u);
  EXPECT_EQ((*marked)[0].object_id, kIndicator);
  EXPECT_EQ((*marked)[0].collection_id, c);
  auto again = service().MarkExpired(w.clock.Now());
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty()) << "already marked";
  // A later version extends valid_until: no longer expired.
  w.Put(c, "ALPHA", kIndicator, Indicator(kIndicator), Timestamp{kStart.micros + 1},
        Timestamp{kStart.micros + 200 * kDay});
  ASSERT_TRUE(service().MarkExpired(w.clock.Now()));
  auto listed = service().ExpiredIndicators();
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
}

TEST_F(RetentionServiceTest, AuditRetentionErasesOnlyOldRecordsAndTheLogStillVerifies) {
  std::vector<oversight::AuditRecord> records(3);
  for (std::size_t i = 0; i < records.size(); ++i) {
    records[i].time = Timestamp{kStart.micros + static_cast<std::int64_t>(i) * 100 * kDay};
    records[i].request_id = "r" + std::to_string(i);
    records[i].user = "ana";
    records[i].member = "ALPHA";
    records[i].object_ids = {kPerson};
  }
  ASSERT_TRUE(w.audit->Append(records));
  w.clock.Advance(300 * kDay);
  // Records at day 0 and 100 are older than day 150; the one at day 200 is kept.
  auto end = service().PurgeAuditBefore(Timestamp{kStart.micros + 150 * kDay});
  ASSERT_TRUE(end) << end.error().ToString();
  EXPECT_EQ(*end, 2u);
  auto verified = w.audit->Verify();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok());
  EXPECT_EQ(verified->purged, 2u);
  EXPECT_EQ(w.audit->size(), 4u) << "the audit purge is itself audited";
}

TEST_F(RetentionServiceTest, AStaleScanDoesNotReopenAPurgedReview) {
  std::string c = w.Collection(30);
  w.Put(c, "ALPHA", kPerson, Person(kPerson));
  auto open = service().ReviewTasksOfMember(w.MemberId("ALPHA"));
  ASSERT_TRUE(open);
  ASSERT_EQ(open->size(), 1u);
  Review stale = (*open)[0];
  w.clock.Advance(31 * kDay);
  ASSERT_TRUE(service().PurgeDue(w.clock.Now()));
  // A concurrent scan that read the old version before the purge commits it afterwards.
  ASSERT_TRUE(w.store->retention()->AddReviews({&stale, 1}, 0));
  auto after = service().ReviewTasksOfMember(w.MemberId("ALPHA"));
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->empty());
}

}  // namespace
}  // namespace qccm::retention
