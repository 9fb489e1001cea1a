// The retention operations the CLI and API offer: collection purpose and review period, review
// tasks on objects holding personal data, renewals (with a required reason), legal holds, the
// purge of lapsed objects (tombstone + `purge` audit record, never the content) and expired
// indicators. docs/retention.md describes the rules.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/core/time.h"
#include "qccm/oversight/audit_log.h"
#include "qccm/retention/retention.h"
#include "qccm/retention/retention_store.h"
#include "qccm/sharing/access_policy.h"
#include "qccm/sharing/sharing_store.h"

namespace qccm::retention {

struct RetentionOptions {
  int default_review_days = 365;  // for collections without a policy (config retention.*)
  std::size_t scan_batch = 1000;  // object versions read per scan step
};

struct PurgeReport {
  std::vector<Tombstone> purged;  // what was purged (empty on a dry run)
  std::vector<Review> due;        // lapsed, not held: purged, or on a dry run what would be
  std::vector<Review> held;       // lapsed but under a legal hold: left alone
};

// Thread-safe if its stores and audit log are. Borrows everything it is given.
class RetentionService final {
 public:
  // `audit` receives one `purge` record per purged object.
  RetentionService(RetentionStore& store, sharing::SharingStore& sharing,
                   oversight::AuditLog& audit, Clock& clock, RetentionOptions options = {});

  // Sets a collection's purpose and review period (node administration). Fails with
  // kInvalidArgument (empty purpose, review_days outside 1..36500), kNotFound (collection).
  Status SetCollectionPolicy(std::string_view collection, std::string_view purpose,
                             int review_days);
  // The collection's policy; the default period and an empty purpose when none was set.
  Result<CollectionPolicy> PolicyOf(std::string_view collection);

  // Opens review tasks for object versions stored since the last scan that hold personal data
  // (review date = date added + the collection's period). Returns how many versions it read.
  // Every method below that reads reviews refreshes first.
  Result<std::size_t> Refresh();

  // The open review tasks of the principal's member, earliest review date first. Fails with
  // kPermissionDenied unless the principal is an admin or analyst.
  Result<std::vector<Review>> ReviewTasks(const sharing::Principal& principal);
  // The open review tasks of a member (node operator's CLI).
  Result<std::vector<Review>> ReviewTasksOfMember(std::int64_t member_id);

  // Renews the principal's review task(s) on `object_id` (in `collection` when given): each
  // review date moves forward one review period. Returns the renewed reviews. Fails with
  // kInvalidArgument (no or empty reason; the object is under review in several collections
  // and none was named), kNotFound (no open review task of the principal's member on it: also
  // for another member's object, whose existence is not revealed), kPermissionDenied (the
  // principal is not an admin or analyst of its member), kConflict (renewed meanwhile).
  Result<std::vector<Review>> Renew(const sharing::Principal& principal, std::string_view object_id,
                                    std::string_view reason,
                                    std::optional<std::string_view> collection = std::nullopt);

  // Places or releases a legal hold on an object (every collection). Fails with
  // kInvalidArgument (no reason), kNotFound (the object is stored nowhere; for release: not
  // held), kPermissionDenied (not an admin of the owning member), kAlreadyExists (held).
  Status PlaceHold(const sharing::Principal& principal, std::string_view object_id,
                   std::string_view reason);
  Status ReleaseHold(const sharing::Principal& principal, std::string_view object_id,
                     std::string_view reason);
  Result<std::vector<LegalHold>> Holds();

  // Purges every lapsed (review date <= now), un-held review's object: all its versions in that
  // collection; a tombstone and a `purge` audit record (user "node") for each. With `dry_run`
  // only reports. Running it again purges nothing new (idempotent).
  Result<PurgeReport> PurgeDue(Timestamp now, bool dry_run = false);
  // The owner purges its object early (e.g. no longer needed), same effects as a lapse. Returns
  // the tombstones (empty if already purged). Fails with kInvalidArgument (no reason), kNotFound
  // (no review task of the principal's member on it), kPermissionDenied, kConflict (legal hold:
  // nothing is purged).
  Result<std::vector<Tombstone>> PurgeObject(const sharing::Principal& principal,
                                             std::string_view object_id, std::string_view reason);
  Result<std::vector<Tombstone>> Tombstones();

  // Marks indicators whose latest version's valid_until <= now as expired; returns the newly
  // marked. ExpiredIndicators lists every marked one.
  Result<std::vector<ExpiredIndicator>> MarkExpired(Timestamp now);
  Result<std::vector<ExpiredIndicator>> ExpiredIndicators();

  // Audit retention: erases the content of the audit records before the first one at or after
  // `cutoff` (AuditLog::PurgeBefore; a tree head is signed first so they stay covered, and their
  // leaf hashes stay, so Verify still passes), then appends a `purge` record saying so. Returns
  // how many leading records are now purged. Fails with kPermissionDenied (read-only log),
  // kStorage.
  Result<std::uint64_t> PurgeAuditBefore(Timestamp cutoff);

 private:
  Result<int> ReviewDays(std::string_view collection_id);
  Result<std::vector<Review>> OwnedReviews(const sharing::Principal& principal,
                                           std::string_view object_id);
  Result<std::optional<Tombstone>> PurgeOne(const Review& review, std::string_view user,
                                            std::string_view member_code, std::string_view reason);

  RetentionStore& store_;
  sharing::SharingStore& sharing_;
  oversight::AuditLog& audit_;
  Clock& clock_;
  RetentionOptions options_;
  std::mutex refresh_mutex_;  // one review scan at a time
};

}  // namespace qccm::retention
