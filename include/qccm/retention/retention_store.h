// The repository retention needs: collection policies, review tasks and renewals, legal holds,
// tombstones, expired indicators, and a scan of newly stored object versions. Implemented by each
// store backend (src/store/sqlite/retention_store.cc); thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/core/time.h"
#include "qccm/retention/retention.h"

namespace qccm::retention {

// One stored object version, as the review scan sees it.
struct ScannedVersion {
  std::int64_t seq = 0;
  std::string collection_id;
  std::string object_id;
  std::string type;
  Timestamp date_added;
  std::int64_t author_member = 0;
  std::string json;
};

struct ReviewFilter {
  std::optional<std::int64_t> owner_member;
  std::optional<std::string> object_id;
  std::optional<Timestamp> due_by;  // review_date <= due_by
  bool include_purged = false;
};

// Where an object id is stored: its collections and the author of its latest version.
struct ObjectLocation {
  std::vector<std::string> collection_ids;
  std::int64_t owner_member = 0;
};

class RetentionStore {
 public:
  virtual ~RetentionStore() = default;

  // Sets (inserts or replaces) a collection's policy. Fails with kNotFound for a missing
  // collection.
  virtual Status SetCollectionPolicy(const CollectionPolicy& policy) = 0;
  // The policy, or nullopt when none was set. Accepts a collection id only.
  virtual Result<std::optional<CollectionPolicy>> GetCollectionPolicy(
      std::string_view collection_id) = 0;

  // The seq of the last version the review scan has seen (0 at first).
  virtual Result<std::int64_t> ScanPosition() = 0;
  // Versions with seq > after_seq in seq order, at most `limit`.
  virtual Result<std::vector<ScannedVersion>> ScanVersions(std::int64_t after_seq,
                                                           std::size_t limit) = 0;
  // In one transaction: adds each review (the id is ignored) unless (collection, object) already
  // has one (a purged one is reopened with the new dates when the review's date_added is later:
  // the object was stored again after its purge), and sets the scan position.
  virtual Status AddReviews(std::span<const Review> reviews, std::int64_t scan_position) = 0;

  // Reviews matching every set field of `filter`, earliest review date first.
  virtual Result<std::vector<Review>> ListReviews(const ReviewFilter& filter) = 0;
  // Moves an open review's date from renewal.previous_date to renewal.new_date and records the
  // renewal. Fails with kNotFound (no such review), kConflict (not open, or its date is no
  // longer previous_date: someone renewed it meanwhile).
  virtual Status RenewReview(const Renewal& renewal) = 0;
  // A review's renewals, oldest first.
  virtual Result<std::vector<Renewal>> ListRenewals(std::int64_t review_id) = 0;

  // Where object_id is stored; nullopt if it is in no collection.
  virtual Result<std::optional<ObjectLocation>> LocateObject(std::string_view object_id) = 0;

  // Places a hold. Fails with kAlreadyExists if the object is already held.
  virtual Status PlaceHold(const LegalHold& hold) = 0;
  // Releases a hold, recording who and why. Fails with kNotFound if there is none.
  virtual Status ReleaseHold(std::string_view object_id, std::string_view user,
                             std::string_view reason, Timestamp at) = 0;
  // The hold on object_id, or nullopt. ListHolds: every hold, oldest first.
  virtual Result<std::optional<LegalHold>> GetHold(std::string_view object_id) = 0;
  virtual Result<std::vector<LegalHold>> ListHolds() = 0;

  // In one transaction: deletes every version of the review's object in its collection, records
  // `tombstone` (its collection, object, type and owner are taken from the review; versions is
  // the count deleted) and marks the review purged. Returns the tombstone with its id, or
  // nullopt if the review is already purged (idempotent). Fails with kNotFound (no review),
  // kConflict if the object is under a legal hold (nothing changes).
  virtual Result<std::optional<Tombstone>> Purge(std::int64_t review_id,
                                                 const Tombstone& tombstone) = 0;
  virtual Result<std::vector<Tombstone>> ListTombstones() = 0;

  // Marks every indicator whose latest version has valid_until <= now (and un-marks those that a
  // later version extended). Returns the indicators newly marked.
  virtual Result<std::vector<ExpiredIndicator>> MarkExpired(Timestamp now) = 0;
  virtual Result<std::vector<ExpiredIndicator>> ListExpired() = 0;
};

}  // namespace qccm::retention
