// Confirmation of clues for members: observable lookups with hit/no-hit, batch matching
// against indicators, corroboration and grades of a clue, grade assertions, reliability
// ratings, track records and hit notifications. Every answer is computed only from objects the
// principal may read (access_policy.h decides); the one thing said about other data is the
// "hit: the holder has been notified" bit of exact lookups and matches.
//
// The service also keeps the correlation index (and the node's indicator matcher) current:
// Rebuild at start, OnIngested after every ingest commit, OnDeleted after deletes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/core/time.h"
#include "qccm/correlation/audit_sink.h"
#include "qccm/correlation/correlation_index.h"
#include "qccm/correlation/correlation_store.h"
#include "qccm/correlation/corroboration.h"
#include "qccm/correlation/scales.h"
#include "qccm/sharing/access_policy.h"
#include "qccm/sharing/ingest_service.h"
#include "qccm/sharing/sharing_store.h"
#include "qccm/store/object_store.h"

namespace qccm::matching {
class Matcher;
}  // namespace qccm::matching

namespace qccm::correlation {

// An object carrying an observable, as a reader sees it.
struct Carrier {
  std::string id;
  std::string type;
  std::string collection_id;
  std::string member;  // code of the submitting member
  Timestamp first_seen;
  Timestamp last_seen;
};

struct ObservableAnswer {
  Observable observable;
  std::string excluded;  // why the value is not correlated ("" when it is)
  std::vector<Carrier> carriers;
  std::size_t members = 0;              // distinct submitting members among carriers
  std::size_t independent_sources = 0;  // after joining members linked by provenance
  std::optional<Timestamp> first_seen;
  std::optional<Timestamp> last_seen;
  bool truncated = false;  // the value is too common: some carriers are not listed
  bool hit = false;        // data the reader may not read holds it; its holder was notified
};

struct MatchQuery {
  std::string type;  // observable type name; "" to detect it from the value
  std::string value;
};

struct MatchAnswer {
  std::size_t index = 0;
  std::optional<Observable> observable;  // absent when the value did not normalise
  std::string error;
  std::vector<std::string> indicators;  // readable matching indicator ids, sorted
  bool hit = false;                     // as ObservableAnswer::hit
};

struct GradeView {
  AdmiraltyGrade admiralty;
  EuropolGrade europol;
  std::optional<int> stix_confidence;
  std::string graded_by;  // "qccm-rules" for the computed grade
  Timestamp graded_at;
  std::string rule;                // credibility rule applied (R1-R7)
  std::string reliability_of;      // member code whose reliability was used
  bool reliability_rated = false;  // false: the reader set no rating (F)
};

struct TimelineEntry {
  Timestamp time;
  std::string kind;  // ReportKindName, or "reported" for the clue itself
  std::string object_id;
  std::string member;
  bool independent = false;
  std::string circular_of;  // member code the information came from, when not independent
  bool refutes = false;
};

struct TrackRecord {
  std::string member;
  std::size_t clues = 0;        // readable clues examined (the newest, at most a limit)
  std::size_t confirmed = 0;    // later confirmed by an independent source, never refuted
  std::size_t refuted = 0;      // later refuted, never confirmed
  std::size_t contested = 0;    // both
  std::size_t unconfirmed = 0;  // neither yet
};

struct ClueView {
  std::string id;
  std::string type;
  std::string author;  // code of the first submitting member the reader can see
  std::vector<std::string> collections;
  Timestamp first_seen;
  Timestamp last_seen;
  std::vector<Observable> observables;
  int confirming = 0;
  int refuting = 0;
  std::size_t reporting_members = 0;
  bool contradicted = false;
  std::vector<std::string> contradictions;  // human-readable
  std::vector<TimelineEntry> timeline;      // by time
  GradeView grade;
  std::vector<GradeAssertion> assertions;
  std::vector<std::string> assertion_members;  // code per assertion
  TrackRecord author_track_record;
};

struct ShareRequest {
  std::string collection;  // where the holder puts what it shares (id or alias)
  std::span<const stix::RawObject> objects;
  bool input_padded = false;
};

struct ClueServiceOptions {
  bool match_index = true;              // keep a node-wide indicator matcher for Match
  std::size_t track_record_limit = 50;  // newest clues examined for a track record
  AuditSink* audit = nullptr;
  sharing::IngestService* ingest = nullptr;  // for shared objects; nullptr: not offered
};

// Thread-safe. Borrows everything it is given.
class ClueService final {
 public:
  ClueService(CorrelationIndex& index, CorrelationStore& store, sharing::SharingStore& sharing,
              Clock& clock, ClueServiceOptions options = {});
  ~ClueService();

  // Rebuilds the index (and matcher) from every latest stored version. Fails with kStorage.
  Status Rebuild();
  // The ingest hook: indexes the versions one commit added.
  void OnIngested(std::string_view collection_id, Timestamp date_added,
                  std::span<const store::NewObjectVersion> added);
  // The delete hook: forgets the entry and indexes the version that is now the latest.
  void OnDeleted(std::string_view collection_id, std::string_view id);

  // Errors common to the reader operations: kPermissionDenied when the principal may not
  // handle intelligence, kStorage.
  // Looks up one observable. Fails with kInvalidArgument for an unknown type or a value that
  // does not normalise.
  Result<ObservableAnswer> Lookup(const sharing::Principal& principal, std::string_view type,
                                  std::string_view value);
  // Matches a batch (at most 10000) against the indicators the principal may read. Fails with
  // kTooLarge, kUnsupported when the matcher is off.
  Result<std::vector<MatchAnswer>> Match(const sharing::Principal& principal,
                                         std::span<const MatchQuery> queries);
  // The corroboration and grade of a readable object. Fails with kNotFound when the principal
  // cannot read any version of it (whether or not it exists).
  Result<ClueView> Clue(const sharing::Principal& principal, std::string_view id);
  // Records the principal's grading of a readable clue; `scale` "admiralty" ("B3"), "europol"
  // ("A2") or "stix" (confidence "70", reliability from `reliability`, default F).
  Result<GradeAssertion> AssertGrade(const sharing::Principal& principal, std::string_view clue_id,
                                     std::string_view scale, std::string_view value,
                                     std::string_view reliability, std::string_view note);
  // Sets the reliability (A-F) the principal's member gives `member_code`. Fails with
  // kNotFound (member), kInvalidArgument (letter, or rating itself).
  Status SetReliability(const sharing::Principal& principal, std::string_view member_code,
                        std::string_view letter);
  Result<std::vector<ReliabilityRating>> Ratings(const sharing::Principal& principal);
  Result<TrackRecord> TrackRecordOf(const sharing::Principal& principal,
                                    std::string_view member_code);

  // The principal member's notifications, newest first (`state` "" for any).
  Result<std::vector<Notification>> Notifications(const sharing::Principal& principal,
                                                  std::string_view state, std::size_t limit);
  // Answers a hit notification: "share" (optionally ingesting `share` objects, then the
  // requester is told who shared what) or "decline" (the requester is told nothing); other
  // notifications accept "read". Fails with kNotFound (not the principal's), kConflict
  // (already answered), kInvalidArgument (decision).
  Result<Notification> Answer(const sharing::Principal& principal, std::string_view id,
                              std::string_view decision, std::string_view note,
                              const std::optional<ShareRequest>& share);

  // Whether the principal may read some version of object `id`. kPermissionDenied as above.
  Result<bool> CanRead(const sharing::Principal& principal, std::string_view id);

  // Members by id (for callers rendering codes); refreshed on demand.
  Result<std::string> MemberCode(std::int64_t member_id);

  IndexStats Stats() const;
  CorrelationIndex& index() { return index_; }

  struct Reports;  // assembled reports about one clue (clue_grade.cc)

 private:
  Result<ReadableClasses> ReadableFor(const sharing::Principal& principal);
  void Index(const IndexedVersion& version);
  Status NotifyHolders(const sharing::Principal& principal, const Observable& observable,
                       const std::vector<std::pair<std::int64_t, std::string>>& hidden);
  Result<Reports> Assemble(const sharing::Principal& principal, const ReadableClasses& readable,
                           std::string_view id);
  Result<TrackRecord> Track(const sharing::Principal& principal, const ReadableClasses& readable,
                            std::int64_t member);
  void Audit(const sharing::Principal& principal, std::string action, std::vector<std::string> ids,
             std::string detail);

  CorrelationIndex& index_;
  CorrelationStore& store_;
  sharing::SharingStore& sharing_;
  Clock& clock_;
  ClueServiceOptions options_;
  std::unique_ptr<matching::Matcher> matcher_;
};

// "type:value", the key notifications, feedback and RFIs use for an observable.
std::string ObservableKey(const Observable& observable);
// Parses "type" + "value" (normalising) or detects the type when `type` is empty. Fails with
// kInvalidArgument.
Result<Observable> ParseObservable(std::string_view type, std::string_view value);

}  // namespace qccm::correlation
