// Retention's value types: a collection's purpose and review period, review tasks on objects
// holding personal data, renewals, legal holds, tombstones of purged objects, expired
// indicators; and the rule that decides which objects hold personal data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "qccm/core/result.h"
#include "qccm/core/time.h"

namespace qccm::retention {

inline constexpr std::int64_t kMicrosPerDay = 86400LL * 1000 * 1000;
inline constexpr int kMaxReviewDays = 36500;  // 100 years

// Why a collection exists and how long personal data in it may stay before review.
struct CollectionPolicy {
  std::string collection_id;
  std::string purpose;  // free text, 1-1000 characters
  int review_days = 0;  // 1..kMaxReviewDays
};

enum class ReviewState : std::uint8_t { kOpen, kPurged };
std::string_view ReviewStateName(ReviewState state);  // "open", "purged"

// A review task: the object `object_id` in `collection_id` holds personal data; its owner (the
// member that submitted its first version there) must renew it by `review_date` or it lapses.
struct Review {
  std::int64_t id = 0;
  std::string collection_id;
  std::string object_id;
  std::string object_type;
  std::int64_t owner_member = 0;
  Timestamp date_added;   // of the object's first version in the collection
  Timestamp review_date;  // date_added + n * review period (n = 1 + renewals)
  int renewals = 0;
  ReviewState state = ReviewState::kOpen;
};

struct Renewal {
  std::int64_t review_id = 0;
  std::string user;    // login name of who renewed
  std::string reason;  // why the data is still needed (required)
  Timestamp at;
  Timestamp previous_date;
  Timestamp new_date;
};

// A legal hold on an object id (every collection): no purge while it stands.
struct LegalHold {
  std::string object_id;
  std::int64_t owner_member = 0;
  std::string reason;
  std::string placed_by;
  Timestamp placed_at;
};

// What remains of a purged object: never its content.
struct Tombstone {
  std::int64_t id = 0;
  std::string collection_id;
  std::string object_id;
  std::string object_type;
  std::int64_t owner_member = 0;
  std::int64_t versions = 0;  // versions deleted
  Timestamp purged_at;
  std::string purged_by;  // login name, or "node" for the scheduled purge
  std::string reason;
};

// An indicator whose last version's valid_until has passed.
struct ExpiredIndicator {
  std::string collection_id;
  std::string object_id;
  Timestamp valid_until;
  Timestamp marked_at;
};

// Whether an object (its JSON text) holds personal data (docs/retention.md gives the rule):
// an identity with identity_class "individual", an email-addr or user-account SCO, or any object
// with a property (at any depth, custom or extension) or a custom type whose name has a phone
// token (phone, telephone, msisdn, fax). Text that does not parse as a JSON object: false.
bool HoldsPersonalData(std::string_view object_json);

// Checks a free-text reason or purpose: 1..1000 characters after trimming, no control
// characters. Fails with kInvalidArgument naming `what` ("--reason: a reason is required").
Status ValidateReason(std::string_view what, std::string_view text);

}  // namespace qccm::retention
