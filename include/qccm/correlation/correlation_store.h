// The repository correlation needs: reliability ratings between members, grade assertions,
// feedback from RFI responses, hit notifications, requests for information and their
// responses, and a scan of the latest stored object versions to rebuild the index at start.
// Implemented by each store backend (src/store/sqlite/correlation_store.cc); thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/core/time.h"
#include "qccm/stix/tlp.h"

namespace qccm::correlation {

struct ReliabilityRating {
  std::int64_t rater_member = 0;
  std::int64_t rated_member = 0;
  char reliability = 'F';  // 'A'..'F'
  std::int64_t rated_by_user = 0;
  Timestamp rated_at;
};

// One grading of a clue by a member: both axes, who and when, and the scale it was given in.
struct GradeAssertion {
  std::int64_t id = 0;
  std::string clue_id;
  std::int64_t member_id = 0;
  std::int64_t user_id = 0;
  char reliability = 'F';
  char credibility = '6';
  std::string scale;     // "admiralty", "europol" or "stix"
  std::string original;  // as given: "B3", "A2", "70"
  std::string note;
  Timestamp asserted_at;
};

// A confirmation or refutation given outside STIX (an RFI response), visible to the members
// of that exchange only.
struct Feedback {
  std::int64_t id = 0;
  std::string clue_id;         // "" when about an observable only
  std::string observable;      // "type:value" ("" when about a clue)
  std::int64_t member_id = 0;  // who answered
  std::string verdict;         // "confirm", "refute", "partial", "no_information"
  std::string rfi_id;
  std::vector<std::int64_t> visible_to;  // members who may see it (requester and responder)
  Timestamp recorded_at;
};

struct Notification {
  std::string id;                       // UUID
  std::int64_t member_id = 0;           // the recipient
  std::string kind;                     // "hit", "hit_shared", "rfi", "rfi_response", "rfi_closed"
  std::int64_t about_member = 0;        // hit: the member that looked up; hit_shared: the holder
  std::string observable;               // "type:value"
  std::vector<std::string> object_ids;  // hit: the recipient's matching objects
  std::string rfi_id;
  std::string state;  // "open", "shared", "declined", "read"
  std::string message;
  Timestamp created;
  std::optional<Timestamp> answered_at;
  std::int64_t answered_by = 0;  // user
};

struct Rfi {
  std::string id;  // UUID
  std::int64_t requester_member = 0;
  std::int64_t requester_user = 0;
  std::string clue_id;
  std::string observable;  // "type:value"
  std::string question;
  std::string priority;  // "low", "medium", "high", "critical"
  Timestamp due;
  std::string state;  // "open", "answered", "closed", "expired"
  Timestamp created;
  std::optional<Timestamp> closed_at;
  std::vector<std::int64_t> addressees;  // empty: every member
};

struct RfiResponse {
  std::int64_t id = 0;
  std::string rfi_id;
  std::int64_t member_id = 0;
  std::int64_t user_id = 0;
  std::string verdict;  // "confirm", "refute", "no_information", "partial"
  std::string text;
  std::string collection_id;  // where attached objects were ingested ("" none)
  std::vector<std::string> object_ids;
  Timestamp responded_at;
};

// A latest object version as stored, for rebuilding the index.
struct StoredVersion {
  std::int64_t seq = 0;
  std::string collection_id;
  std::string id;
  std::string type;
  Timestamp modified;
  Timestamp date_added;
  stix::Tlp tlp = stix::Tlp::kNone;
  std::int64_t author_member = 0;
  std::vector<std::int64_t> named_members;
  bool revoked = false;
  std::string json;
};

class CorrelationStore {
 public:
  virtual ~CorrelationStore() = default;

  // Calls `visit` for the latest version of every object in every collection, in seq order,
  // reading `batch` rows per transaction. Stops with the visitor's error.
  virtual Status ScanLatestVersions(std::size_t batch,
                                    const std::function<Status(const StoredVersion&)>& visit) = 0;
  // The latest version of `id` in `collection_id`, if any.
  virtual Result<std::optional<StoredVersion>> LatestVersion(std::string_view collection_id,
                                                             std::string_view id) = 0;

  // Sets (replaces) a rating. Fails with kNotFound if a member does not exist.
  virtual Status PutRating(const ReliabilityRating& rating) = 0;
  virtual Result<std::vector<ReliabilityRating>> RatingsBy(std::int64_t rater_member) = 0;

  virtual Result<GradeAssertion> AddAssertion(const GradeAssertion& assertion) = 0;
  virtual Result<std::vector<GradeAssertion>> AssertionsOn(std::string_view clue_id) = 0;

  virtual Result<Feedback> AddFeedback(const Feedback& feedback) = 0;
  // Feedback about a clue id or an observable ("type:value") visible to `member`.
  virtual Result<std::vector<Feedback>> FeedbackFor(std::string_view clue_id,
                                                    std::span<const std::string> observables,
                                                    std::int64_t member) = 0;

  virtual Status AddNotification(const Notification& notification) = 0;
  // Open "hit" notifications to `member` from `about_member` about `observable`.
  virtual Result<std::optional<Notification>> FindOpenHit(std::int64_t member,
                                                          std::int64_t about_member,
                                                          std::string_view observable) = 0;
  // Fails with kNotFound.
  virtual Result<Notification> GetNotification(std::string_view id) = 0;
  virtual Status UpdateNotification(const Notification& notification) = 0;
  // Newest first; `state` empty: any.
  virtual Result<std::vector<Notification>> NotificationsFor(std::int64_t member,
                                                             std::string_view state,
                                                             std::size_t limit) = 0;

  // Fails with kAlreadyExists (id) or kNotFound (a member).
  virtual Status AddRfi(const Rfi& rfi) = 0;
  virtual Result<Rfi> GetRfi(std::string_view id) = 0;  // kNotFound
  virtual Status UpdateRfi(const Rfi& rfi) = 0;         // state and closed_at
  // RFIs `member` asked or was addressed (explicitly or as "every member"), newest first.
  virtual Result<std::vector<Rfi>> RfisFor(std::int64_t member, std::size_t limit) = 0;
  // Open or answered RFIs whose due time is <= now.
  virtual Result<std::vector<Rfi>> RfisDue(Timestamp now) = 0;
  virtual Result<RfiResponse> AddRfiResponse(const RfiResponse& response) = 0;
  virtual Result<std::vector<RfiResponse>> RfiResponses(std::string_view rfi_id) = 0;
};

}  // namespace qccm::correlation
