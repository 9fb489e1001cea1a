// CorrelationStore on SQLite (tables of migration 0002_correlation.sql; the index rebuild reads
// `objects`).
#pragma once

#include "qccm/correlation/correlation_store.h"
#include "store/sqlite/backend.h"

namespace qccm::store::sqlite {

// Thread-safe: writes take the backend's writer, reads borrow a reader connection.
class SqliteCorrelationStore final : public correlation::CorrelationStore {
 public:
  explicit SqliteCorrelationStore(Backend& backend) : backend_(backend) {}

  Status ScanLatestVersions(
      std::size_t batch,
      const std::function<Status(const correlation::StoredVersion&)>& visit) override;
  Result<std::optional<correlation::StoredVersion>> LatestVersion(std::string_view collection_id,
                                                                  std::string_view id) override;

  Status PutRating(const correlation::ReliabilityRating& rating) override;
  Result<std::vector<correlation::ReliabilityRating>> RatingsBy(std::int64_t rater) override;

  Result<correlation::GradeAssertion> AddAssertion(
      const correlation::GradeAssertion& assertion) override;
  Result<std::vector<correlation::GradeAssertion>> AssertionsOn(std::string_view clue_id) override;

  Result<correlation::Feedback> AddFeedback(const correlation::Feedback& feedback) override;
  Result<std::vector<correlation::Feedback>> FeedbackFor(std::string_view clue_id,
                                                         std::span<const std::string> observables,
                                                         std::int64_t member) override;

  Status AddNotification(const correlation::Notification& notification) override;
  Result<std::optional<correlation::Notification>> FindOpenHit(
      std::int64_t member, std::int64_t about_member, std::string_view observable) override;
  Result<correlation::Notification> GetNotification(std::string_view id) override;
  Status UpdateNotification(const correlation::Notification& notification) override;
  Result<std::vector<correlation::Notification>> NotificationsFor(std::int64_t member,
                                                                  std::string_view state,
                                                                  std::size_t limit) override;

  Status AddRfi(const correlation::Rfi& rfi) override;
  Result<correlation::Rfi> GetRfi(std::string_view id) override;
  Status UpdateRfi(const correlation::Rfi& rfi) override;
  Result<std::vector<correlation::Rfi>> RfisFor(std::int64_t member, std::size_t limit) override;
  Result<std::vector<correlation::Rfi>> RfisDue(Timestamp now) override;
  Result<correlation::RfiResponse> AddRfiResponse(
      const correlation::RfiResponse& response) override;
  Result<std::vector<correlation::RfiResponse>> RfiResponses(std::string_view rfi_id) override;

 private:
  Result<std::vector<std::int64_t>> Addressees(Database& db, std::string_view rfi_id);
  Backend& backend_;
};

}  // namespace qccm::store::sqlite
