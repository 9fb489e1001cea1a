// RetentionStore on SQLite (tables of migration 0003_retention.sql; the review scan and the
// purge read and delete `objects`).
#pragma once

#include "qccm/retention/retention_store.h"
#include "store/sqlite/backend.h"

namespace qccm::store::sqlite {

// Thread-safe: writes take the backend's writer, reads borrow a reader connection.
class SqliteRetentionStore final : public retention::RetentionStore {
 public:
  explicit SqliteRetentionStore(Backend& backend) : backend_(backend) {}

  Status SetCollectionPolicy(const retention::CollectionPolicy& policy) override;
  Result<std::optional<retention::CollectionPolicy>> GetCollectionPolicy(
      std::string_view collection_id) override;

  Result<std::int64_t> ScanPosition() override;
  Result<std::vector<retention::ScannedVersion>> ScanVersions(std::int64_t after_seq,
                                                              std::size_t limit) override;
  Status AddReviews(std::span<const retention::Review> reviews,
                    std::int64_t scan_position) override;

  Result<std::vector<retention::Review>> ListReviews(
      const retention::ReviewFilter& filter) override;
  Status RenewReview(const retention::Renewal& renewal) override;
  Result<std::vector<retention::Renewal>> ListRenewals(std::int64_t review_id) override;

  Result<std::optional<retention::ObjectLocation>> LocateObject(
      std::string_view object_id) override;

  Status PlaceHold(const retention::LegalHold& hold) override;
  Status ReleaseHold(std::string_view object_id, std::string_view user, std::string_view reason,
                     Timestamp at) override;
  Result<std::optional<retention::LegalHold>> GetHold(std::string_view object_id) override;
  Result<std::vector<retention::LegalHold>> ListHolds() override;

  Result<std::optional<retention::Tombstone>> Purge(std::int64_t review_id,
                                                    const retention::Tombstone& tombstone) override;
  Result<std::vector<retention::Tombstone>> ListTombstones() override;

  Result<std::vector<retention::ExpiredIndicator>> MarkExpired(Timestamp now) override;
  Result<std::vector<retention::ExpiredIndicator>> ListExpired() override;

 private:
  Backend& backend_;
};

}  // namespace qccm::store::sqlite
