// RetentionService: review tasks from a scan of newly stored versions, renewals, legal holds,
// purges with tombstones and audit records, expired indicators.
#include "qccm/retention/retention_service.h"

#include <algorithm>

#include "qccm/core/check.h"

namespace qccm::retention {
namespace {

using sharing::Principal;

// The audit record of one purge: ids and metadata only, never the object's content.
oversight::AuditRecord PurgeRecord(const Tombstone& tombstone, std::string_view user,
                                   std::string_view member, std::string_view owner_code) {
  oversight::AuditRecord record;
  record.time = tombstone.purged_at;
  record.request_id = "purge-" + std::to_string(tombstone.id);
  record.user = std::string(user);
  record.member = std::string(member);
  record.action = oversight::AuditAction::kPurge;
  record.outcome = oversight::AuditOutcome::kOk;
  record.collection = tombstone.collection_id;
  record.object_ids = {tombstone.object_id};
  record.query = "retention: " + tombstone.reason;
  if (!owner_code.empty()) record.owners = {std::string(owner_code)};
  return record;
}

Status CheckReviewer(const Principal& principal) {
  if (sharing::HasRole(principal.roles, sharing::Role::kAdmin) ||
      sharing::HasRole(principal.roles, sharing::Role::kAnalyst)) {
    return Ok();
  }
  return MakeError(ErrorCode::kPermissionDenied,
                   "review tasks need the admin or analyst role of the owning member");
}

}  // namespace

RetentionService::RetentionService(RetentionStore& store, sharing::SharingStore& sharing,
                                   oversight::AuditLog& audit, Clock& clock,
                                   RetentionOptions options)
    : store_(store), sharing_(sharing), audit_(audit), clock_(clock), options_(options) {
  QCCM_CHECK(options_.default_review_days >= 1 && options_.default_review_days <= kMaxReviewDays);
  QCCM_CHECK(options_.scan_batch >= 1);
}

Status RetentionService::SetCollectionPolicy(std::string_view collection, std::string_view purpose,
                                             int review_days) {
  QCCM_TRY_STATUS(ValidateReason("--purpose", purpose));
  if (review_days < 1 || review_days > kMaxReviewDays) {
    return MakeError(ErrorCode::kInvalidArgument, "--review-days: " + std::to_string(review_days) +
                                                      " is not in 1.." +
                                                      std::to_string(kMaxReviewDays));
  }
  QCCM_TRY(found, sharing_.GetCollection(collection));
  return store_.SetCollectionPolicy(CollectionPolicy{
      .collection_id = found.id, .purpose = std::string(purpose), .review_days = review_days});
}

Result<CollectionPolicy> RetentionService::PolicyOf(std::string_view collection) {
  QCCM_TRY(found, sharing_.GetCollection(collection));
  QCCM_TRY(policy, store_.GetCollectionPolicy(found.id));
  if (policy) return *policy;
  return CollectionPolicy{
      .collection_id = found.id, .purpose = "", .review_days = options_.default_review_days};
}

Result<int> RetentionService::ReviewDays(std::string_view collection_id) {
  QCCM_TRY(policy, store_.GetCollectionPolicy(collection_id));
  return policy ? policy->review_days : options_.default_review_days;
}

Result<std::size_t> RetentionService::Refresh() {
  std::lock_guard lock(refresh_mutex_);
  QCCM_TRY(position, store_.ScanPosition());
  std::size_t read = 0;
  for (;;) {
    QCCM_TRY(versions, store_.ScanVersions(position, options_.scan_batch));
    if (versions.empty()) break;
    std::vector<Review> reviews;
    for (const ScannedVersion& v : versions) {
      if (!HoldsPersonalData(v.json)) continue;
      QCCM_TRY(days, ReviewDays(v.collection_id));
      reviews.push_back(
          Review{.collection_id = v.collection_id,
                 .object_id = v.object_id,
                 .object_type = v.type,
                 .owner_member = v.author_member,
                 .date_added = v.date_added,
                 .review_date = Timestamp{v.date_added.micros + days * kMicrosPerDay}});
    }
    position = versions.back().seq;
    read += versions.size();
    QCCM_TRY_STATUS(store_.AddReviews(reviews, position));
    if (versions.size() < options_.scan_batch) break;
  }
  return read;
}

Result<std::vector<Review>> RetentionService::ReviewTasks(const Principal& principal) {
  QCCM_TRY_STATUS(CheckReviewer(principal));
  return ReviewTasksOfMember(principal.member_id);
}

Result<std::vector<Review>> RetentionService::ReviewTasksOfMember(std::int64_t member_id) {
  QCCM_TRY_STATUS(Refresh());
  return store_.ListReviews(ReviewFilter{.owner_member = member_id});
}

Result<std::vector<Review>> RetentionService::OwnedReviews(const Principal& principal,
                                                           std::string_view object_id) {
  QCCM_TRY_STATUS(CheckReviewer(principal));
  QCCM_TRY_STATUS(Refresh());
  QCCM_TRY(reviews, store_.ListReviews(ReviewFilter{.object_id = std::string(object_id)}));
  std::erase_if(reviews, [&](const Review& r) {
    return !sharing::MayActOnReview(principal, r.owner_member);
  });
  if (reviews.empty()) {
    // Another member's object gets the same answer as a missing one: no existence leak.
    return MakeError(ErrorCode::kNotFound, "no open review task of " + principal.member_code +
                                               " on " + std::string(object_id));
  }
  return reviews;
}

Result<std::vector<Review>> RetentionService::Renew(const Principal& principal,
                                                    std::string_view object_id,
                                                    std::string_view reason,
                                                    std::optional<std::string_view> collection) {
  QCCM_TRY_STATUS(ValidateReason("--reason", reason));
  QCCM_TRY(reviews, OwnedReviews(principal, object_id));
  if (collection) {
    QCCM_TRY(found, sharing_.GetCollection(*collection));
    std::erase_if(reviews, [&](const Review& r) { return r.collection_id != found.id; });
    if (reviews.empty()) {
      return MakeError(ErrorCode::kNotFound, "no open review task of " + principal.member_code +
                                                 " on " + std::string(object_id) + " in " +
                                                 std::string(*collection));
    }
  } else if (reviews.size() > 1) {
    return MakeError(ErrorCode::kInvalidArgument, std::string(object_id) + " is under review in " +
                                                      std::to_string(reviews.size()) +
                                                      " collections: name one (--collection)");
  }
  const Timestamp now = clock_.Now();
  for (Review& review : reviews) {
    QCCM_TRY(days, ReviewDays(review.collection_id));
    Renewal renewal{.review_id = review.id,
                    .user = principal.user_name,
                    .reason = std::string(reason),
                    .at = now,
                    .previous_date = review.review_date,
                    .new_date = Timestamp{review.review_date.micros + days * kMicrosPerDay}};
    QCCM_TRY_STATUS(store_.RenewReview(renewal));
    review.review_date = renewal.new_date;
    ++review.renewals;
  }
  return reviews;
}

Status RetentionService::PlaceHold(const Principal& principal, std::string_view object_id,
                                   std::string_view reason) {
  QCCM_TRY_STATUS(ValidateReason("--reason", reason));
  // Held by reference inside the Result: moving the optional<ObjectLocation> out (QCCM_TRY)
  // trips g++ 12's false -Wmaybe-uninitialized at -O3.
  const Result<std::optional<ObjectLocation>> located = store_.LocateObject(object_id);
  if (!located) return std::unexpected(located.error());
  const std::optional<ObjectLocation>& location = *located;
  if (!location || !sharing::MayPlaceLegalHold(principal, location->owner_member)) {
    if (location && principal.member_id == location->owner_member) {
      return MakeError(ErrorCode::kPermissionDenied,
                       "a legal hold needs the admin role of the owning member");
    }
    return MakeError(ErrorCode::kNotFound,
                     "no object " + std::string(object_id) + " of " + principal.member_code);
  }
  return store_.PlaceHold(LegalHold{.object_id = std::string(object_id),
                                    .owner_member = location->owner_member,
                                    .reason = std::string(reason),
                                    .placed_by = principal.user_name,
                                    .placed_at = clock_.Now()});
}

Status RetentionService::ReleaseHold(const Principal& principal, std::string_view object_id,
                                     std::string_view reason) {
  QCCM_TRY_STATUS(ValidateReason("--reason", reason));
  QCCM_TRY(hold, store_.GetHold(object_id));
  if (!hold || principal.member_id != hold->owner_member) {
    return MakeError(ErrorCode::kNotFound,
                     std::string(object_id) + " has no legal hold of " + principal.member_code);
  }
  if (!sharing::MayPlaceLegalHold(principal, hold->owner_member)) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "releasing a legal hold needs the admin role of the owning member");
  }
  return store_.ReleaseHold(object_id, principal.user_name, reason, clock_.Now());
}

Result<std::vector<LegalHold>> RetentionService::Holds() { return store_.ListHolds(); }

Result<std::optional<Tombstone>> RetentionService::PurgeOne(const Review& review,
                                                            std::string_view user,
                                                            std::string_view member_code,
                                                            std::string_view reason) {
  QCCM_TRY(tombstone, store_.Purge(review.id, Tombstone{.purged_at = clock_.Now(),
                                                        .purged_by = std::string(user),
                                                        .reason = std::string(reason)}));
  if (!tombstone) return tombstone;  // already purged: no second record
  std::string owner_code;
  if (auto owner = sharing_.GetMember(review.owner_member)) owner_code = owner->code;
  oversight::AuditRecord record = PurgeRecord(*tombstone, user, member_code, owner_code);
  if (auto appended = audit_.Append({&record, 1}); !appended) {
    // The tombstone (who, when, why) is stored; the audit log must still hear about it.
    return MakeError(ErrorCode::kStorage,
                     "purged " + review.object_id + " (tombstone " + std::to_string(tombstone->id) +
                         ") but the audit record failed: " + appended.error().message);
  }
  return tombstone;
}

Result<PurgeReport> RetentionService::PurgeDue(Timestamp now, bool dry_run) {
  QCCM_TRY_STATUS(Refresh());
  QCCM_TRY(lapsed, store_.ListReviews(ReviewFilter{.due_by = now}));
  QCCM_TRY(holds, store_.ListHolds());
  PurgeReport report;
  for (Review& review : lapsed) {
    bool held = std::any_of(holds.begin(), holds.end(),
                            [&](const LegalHold& h) { return h.object_id == review.object_id; });
    if (held) {
      report.held.push_back(std::move(review));
      continue;
    }
    if (!dry_run) {
      auto tombstone = PurgeOne(review, "node", "", "review lapsed without renewal");
      if (!tombstone && tombstone.error().code == ErrorCode::kConflict) {
        report.held.push_back(std::move(review));  // a hold placed since the listing
        continue;
      }
      if (!tombstone) return std::unexpected(std::move(tombstone).error());
      if (*tombstone) report.purged.push_back(std::move(**tombstone));
    }
    report.due.push_back(std::move(review));
  }
  return report;
}

Result<std::vector<Tombstone>> RetentionService::PurgeObject(const Principal& principal,
                                                             std::string_view object_id,
                                                             std::string_view reason) {
  QCCM_TRY_STATUS(ValidateReason("--reason", reason));
  auto reviews = OwnedReviews(principal, object_id);
  std::vector<Tombstone> out;
  if (!reviews && reviews.error().code == ErrorCode::kNotFound) {
    // Already purged by this member: idempotent, nothing more to do.
    QCCM_TRY(all, store_.ListReviews(
                      ReviewFilter{.object_id = std::string(object_id), .include_purged = true}));
    for (const Review& r : all) {
      if (sharing::MayActOnReview(principal, r.owner_member)) return out;
    }
    return std::unexpected(std::move(reviews).error());
  }
  if (!reviews) return std::unexpected(std::move(reviews).error());
  // A legal hold is on the object id: the store refuses the first purge with kConflict, so
  // nothing is purged in any collection.
  for (const Review& review : *reviews) {
    QCCM_TRY(tombstone,
             PurgeOne(review, principal.user_name, principal.member_code, std::string(reason)));
    if (tombstone) out.push_back(std::move(*tombstone));
  }
  return out;
}

Result<std::vector<Tombstone>> RetentionService::Tombstones() { return store_.ListTombstones(); }

Result<std::vector<ExpiredIndicator>> RetentionService::MarkExpired(Timestamp now) {
  return store_.MarkExpired(now);
}

Result<std::vector<ExpiredIndicator>> RetentionService::ExpiredIndicators() {
  return store_.ListExpired();
}

Result<std::uint64_t> RetentionService::PurgeAuditBefore(Timestamp cutoff) {
  // The first record at or after the cutoff bounds the purge: every record before it is older
  // (records are appended in time order; a record stamped out of order only purges later).
  QCCM_TRY(first_kept,
           audit_.Query(oversight::AuditQuery{.filter = {.since = cutoff}, .limit = 1}));
  QCCM_TRY(head, audit_.SignTreeHead());
  std::uint64_t end = head.head.tree_size;
  if (!first_kept.records.empty()) end = std::min(end, first_kept.records.front().seq);
  if (end == 0) return end;
  QCCM_TRY_STATUS(audit_.PurgeBefore(end));
  oversight::AuditRecord record;
  record.request_id = "audit-retention";
  record.user = "node";
  record.action = oversight::AuditAction::kPurge;
  record.query = "audit retention: records before seq " + std::to_string(end) + " (older than " +
                 FormatTimestamp(cutoff, TimePrecision::kSeconds) + ")";
  QCCM_TRY(appended, audit_.Append({&record, 1}));
  (void)appended;
  return end;
}

}  // namespace qccm::retention
