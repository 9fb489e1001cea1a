// ClueService: index upkeep, rights, observable lookups with hit/no-hit, batch matching and
// notifications. Grades and track records are in clue_grade.cc.
#include "qccm/correlation/clue_service.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "qccm/core/log.h"
#include "qccm/core/stix_id.h"
#include "qccm/matching/matcher.h"

namespace qccm::correlation {
namespace {

using sharing::Principal;

constexpr std::size_t kMaxBatch = 10000;

// The matcher holds one entry per (collection, indicator): "<id>#<class>", tagged with its class.
std::string MatcherId(std::string_view id, std::uint32_t visibility) {
  return std::string(id) + "#" + std::to_string(visibility);
}

std::pair<std::string_view, std::uint32_t> SplitMatcherId(std::string_view key) {
  auto hash = key.rfind('#');
  std::uint32_t visibility = 0xffffffffU;
  std::from_chars(key.data() + hash + 1, key.data() + key.size(), visibility);
  return {key.substr(0, hash), visibility};
}

// A stored version as the index takes it; views into `v`, which must outlive the result.
IndexedVersion IndexedFromStored(const StoredVersion& v) {
  return {.collection_id = v.collection_id,
          .id = v.id,
          .type = v.type,
          .modified = v.modified,
          .date_added = v.date_added,
          .json = v.json,
          .tlp = v.tlp,
          .author_member = v.author_member,
          .named_members = v.named_members,
          .revoked = v.revoked};
}

}  // namespace

std::string ObservableKey(const Observable& o) {
  return std::string(ObservableTypeName(o.type)) + ":" + o.value;
}

Result<Observable> ParseObservable(std::string_view type, std::string_view value) {
  std::optional<ObservableType> t;
  if (type.empty()) {
    t = DetectType(value);
    if (!t) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "cannot tell the observable type of the value; give a type");
    }
  } else {
    t = ParseObservableType(type);
    if (!t) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "unknown observable type '" + std::string(type) + "'");
    }
  }
  auto normalised = Normalize(*t, value);
  if (!normalised) {
    return MakeError(ErrorCode::kInvalidArgument, "the value is not a valid " +
                                                      std::string(ObservableTypeName(*t)) + ": " +
                                                      normalised.error().message);
  }
  return std::move(*normalised);
}

ClueService::ClueService(CorrelationIndex& index, CorrelationStore& store,
                         sharing::SharingStore& sharing, Clock& clock, ClueServiceOptions options)
    : index_(index), store_(store), sharing_(sharing), clock_(clock), options_(options) {
  if (options_.match_index) matcher_ = std::make_unique<matching::Matcher>();
}

ClueService::~ClueService() = default;

void ClueService::Index(const IndexedVersion& version) {
  ParsedClue parsed = ParseClue(version.json);
  std::optional<std::uint32_t> old_class;
  if (matcher_ && parsed.kind == ClueKind::kIndicator) {
    old_class = index_.VisibilityOf(version.collection_id, version.id);
  }
  if (!index_.Apply(version, parsed) || !matcher_ || parsed.kind != ClueKind::kIndicator) return;
  auto visibility = index_.VisibilityOf(version.collection_id, version.id);
  if (old_class && old_class != visibility) matcher_->Remove(MatcherId(version.id, *old_class));
  if (!visibility) return;
  if (version.revoked || !parsed.pattern) {
    matcher_->Remove(MatcherId(version.id, *visibility));
    return;
  }
  matching::IndicatorInput input;
  input.id = MatcherId(version.id, *visibility);
  input.modified = version.modified;
  input.pattern = parsed.pattern_text;
  input.parsed = &*parsed.pattern;
  input.valid_from = parsed.valid_from;
  input.valid_until = parsed.valid_until;
  input.tags = {*visibility};
  matcher_->Add(input);
}

Status ClueService::Rebuild() {
  std::size_t count = 0;
  QCCM_TRY_STATUS(store_.ScanLatestVersions(1000, [&](const StoredVersion& v) -> Status {
    Index(IndexedFromStored(v));
    ++count;
    return Ok();
  }));
  IndexStats stats = index_.Stats();
  LogEvent("correlation", LogLevel::kInfo, "index_rebuilt",
           {{"versions", static_cast<std::int64_t>(count)},
            {"values", static_cast<std::int64_t>(stats.values)},
            {"postings", static_cast<std::int64_t>(stats.postings)},
            {"memory_bytes", static_cast<std::int64_t>(stats.memory_bytes)}});
  return Ok();
}

void ClueService::OnIngested(std::string_view collection_id, Timestamp date_added,
                             std::span<const store::NewObjectVersion> added) {
  for (const auto& v : added) {
    Index(IndexedVersion{.collection_id = collection_id,
                         .id = v.id,
                         .type = v.type,
                         .modified = v.modified,
                         .date_added = date_added,
                         .json = v.json,
                         .tlp = v.tlp,
                         .author_member = v.author_member,
                         .named_members = v.named_members,
                         .revoked = v.revoked});
  }
}

void ClueService::OnDeleted(std::string_view collection_id, std::string_view id) {
  auto visibility = index_.VisibilityOf(collection_id, id);
  index_.Remove(collection_id, id);
  if (matcher_ && visibility) matcher_->Remove(MatcherId(id, *visibility));
  auto latest = store_.LatestVersion(collection_id, id);
  if (!latest) {
    LogEvent("correlation", LogLevel::kWarn, "reindex_failed",
             {{"error", latest.error().ToString()}});
    return;
  }
  if (!*latest) return;
  const StoredVersion& v = **latest;
  Index(IndexedFromStored(v));
}

Result<ReadableClasses> ClueService::ReadableFor(const Principal& principal) {
  if (!sharing::MayHandleIntelligence(principal)) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "user '" + principal.user_name + "' may not read intelligence");
  }
  QCCM_TRY(rights, sharing_.ListRightsOfMember(principal.member_id));
  std::map<std::string, bool, std::less<>> can_read;
  for (const auto& right : rights) {
    can_read[right.collection_id] = sharing::DecideCollectionAccess(principal, right).can_read;
  }
  std::vector<VisibilityClass> classes = index_.Classes();
  ReadableClasses readable(classes.size(), 0);
  for (std::size_t c = 0; c < classes.size(); ++c) {
    const VisibilityClass& k = classes[c];
    auto it = can_read.find(k.collection_id);
    if (it == can_read.end() || !it->second) continue;
    bool ok = !k.red ||
              sharing::MayReadObject(principal, stix::Tlp::kRed, k.author_member, k.named_members);
    readable[c] = ok ? 1 : 0;
  }
  return readable;
}

Result<std::string> ClueService::MemberCode(std::int64_t member_id) {
  QCCM_TRY(member, sharing_.GetMember(member_id));
  return member.code;
}

void ClueService::Audit(const Principal& principal, std::string action,
                        std::vector<std::string> ids, std::string detail) {
  if (options_.audit == nullptr) return;
  options_.audit->Record(AuditEvent{.action = std::move(action),
                                    .user = principal.user_name,
                                    .member = principal.member_code,
                                    .object_ids = std::move(ids),
                                    .detail = std::move(detail)});
}

Status ClueService::NotifyHolders(const Principal& principal, const Observable& observable,
                                  const std::vector<std::pair<std::int64_t, std::string>>& hidden) {
  std::map<std::int64_t, std::set<std::string>> by_holder;
  for (const auto& [holder, id] : hidden) {
    if (holder != principal.member_id && holder != 0) by_holder[holder].insert(id);
  }
  const std::string key = ObservableKey(observable);
  for (const auto& [holder, ids] : by_holder) {
    QCCM_TRY(open, store_.FindOpenHit(holder, principal.member_id, key));
    if (open) {
      std::set<std::string> merged(open->object_ids.begin(), open->object_ids.end());
      merged.insert(ids.begin(), ids.end());
      if (merged.size() == open->object_ids.size()) continue;
      open->object_ids.assign(merged.begin(), merged.end());
      QCCM_TRY_STATUS(store_.UpdateNotification(*open));
      continue;
    }
    QCCM_TRY_STATUS(store_.AddNotification(
        Notification{.id = NewUuidV4(),
                     .member_id = holder,
                     .kind = "hit",
                     .about_member = principal.member_id,
                     .observable = key,
                     .object_ids = {ids.begin(), ids.end()},
                     .state = "open",
                     .message = "member " + principal.member_code +
                                " looked up an observable that your data holds; share or decline",
                     .created = clock_.Now()}));
  }
  return Ok();
}

Result<ObservableAnswer> ClueService::Lookup(const Principal& principal, std::string_view type,
                                             std::string_view value) {
  QCCM_TRY(readable, ReadableFor(principal));
  QCCM_TRY(observable, ParseObservable(type, value));
  LookupResult found = index_.Lookup(observable, readable);
  ObservableAnswer answer;
  answer.observable = observable;
  answer.excluded = found.excluded;
  answer.truncated = found.truncated;
  std::set<std::int64_t> members;
  std::vector<Report> reports;
  for (const IndexedObject& o : found.readable) {
    QCCM_TRY(code, MemberCode(o.author_member));
    answer.carriers.push_back(Carrier{.id = o.id,
                                      .type = o.type,
                                      .collection_id = o.collection_id,
                                      .member = code,
                                      .first_seen = o.first_seen,
                                      .last_seen = o.last_seen});
    members.insert(o.author_member);
    reports.push_back(Report{.kind = ReportKind::kSameObservable,
                             .object_id = o.id,
                             .member = o.author_member,
                             .origins = o.source_members,
                             .time = o.first_seen});
    if (!answer.first_seen || o.first_seen < *answer.first_seen) answer.first_seen = o.first_seen;
    if (!answer.last_seen || o.last_seen > *answer.last_seen) answer.last_seen = o.last_seen;
  }
  // Re-submissions of one object id by several members are one source.
  std::map<std::string, std::int64_t> first_author;
  for (auto& r : reports) {
    auto [it, inserted] = first_author.try_emplace(r.object_id, r.member);
    if (!inserted && it->second != r.member) r.origins.push_back(it->second);
  }
  answer.members = members.size();
  if (!reports.empty()) {
    std::set<std::uint32_t> groups;
    Corroboration c = Corroborate(0, {}, reports, true);
    for (const auto& v : c.verdicts) groups.insert(v.group);
    answer.independent_sources = groups.size();
  }
  answer.hit = !found.hidden.empty();
  if (answer.hit) QCCM_TRY_STATUS(NotifyHolders(principal, observable, found.hidden));
  Audit(principal, "observable.lookup", {}, answer.hit ? "hit=true" : "hit=false");
  return answer;
}

Result<std::vector<MatchAnswer>> ClueService::Match(const Principal& principal,
                                                    std::span<const MatchQuery> queries) {
  if (!matcher_) {
    return MakeError(ErrorCode::kUnsupported, "matching is not enabled on this node");
  }
  if (queries.size() > kMaxBatch) {
    return MakeError(ErrorCode::kTooLarge, "at most " + std::to_string(kMaxBatch) +
                                               " observables per match request, got " +
                                               std::to_string(queries.size()));
  }
  QCCM_TRY(readable, ReadableFor(principal));
  std::vector<MatchAnswer> answers(queries.size());
  std::vector<matching::ObservableRef> refs;
  std::vector<std::size_t> ref_index;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    answers[i].index = i;
    auto observable = ParseObservable(queries[i].type, queries[i].value);
    if (!observable) {
      answers[i].error = observable.error().message;
      continue;
    }
    answers[i].observable = std::move(*observable);
  }
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (!answers[i].observable) continue;
    refs.push_back({answers[i].observable->type, answers[i].observable->value});
    ref_index.push_back(i);
  }
  std::vector<std::vector<std::pair<std::int64_t, std::string>>> hidden(answers.size());
  matching::MatchOptions options{.now = clock_.Now(), .visible_tags = nullptr};
  matcher_->MatchBatch(refs, options, [&](std::size_t k, std::span<const std::string_view> ids) {
    std::size_t i = ref_index[k];
    for (std::string_view key : ids) {
      auto [id, visibility] = SplitMatcherId(key);
      if (visibility < readable.size() && readable[visibility] != 0) {
        answers[i].indicators.emplace_back(id);
      } else {
        hidden[i].emplace_back(index_.AuthorOf(id, visibility), std::string(id));
      }
    }
  });
  std::size_t hits = 0;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    auto& ids = answers[i].indicators;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    answers[i].hit = !hidden[i].empty();
    if (answers[i].hit) {
      ++hits;
      QCCM_TRY_STATUS(NotifyHolders(principal, *answers[i].observable, hidden[i]));
    }
  }
  Audit(principal, "match", {},
        "observables=" + std::to_string(queries.size()) + " hits=" + std::to_string(hits));
  return answers;
}

Result<std::vector<Notification>> ClueService::Notifications(const Principal& principal,
                                                             std::string_view state,
                                                             std::size_t limit) {
  if (!sharing::MayHandleIntelligence(principal)) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "user '" + principal.user_name + "' may not read intelligence");
  }
  return store_.NotificationsFor(principal.member_id, state, limit);
}

Result<Notification> ClueService::Answer(const Principal& principal, std::string_view id,
                                         std::string_view decision, std::string_view note,
                                         const std::optional<ShareRequest>& share) {
  if (!sharing::MayHandleIntelligence(principal)) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "user '" + principal.user_name + "' may not read intelligence");
  }
  auto found = store_.GetNotification(id);
  if (!found || found->member_id != principal.member_id) {
    if (found || found.error().code == ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kNotFound, "no notification '" + std::string(id) + "'");
    }
    return std::unexpected(found.error());
  }
  Notification n = std::move(*found);
  const bool hit = n.kind == "hit";
  if (hit ? (decision != "share" && decision != "decline") : decision != "read") {
    return MakeError(ErrorCode::kInvalidArgument,
                     hit ? "a hit is answered with decision 'share' or 'decline'"
                         : "this notification is answered with decision 'read'");
  }
  if (n.state != "open") {
    return MakeError(ErrorCode::kConflict,
                     "notification '" + n.id + "' was already answered (" + n.state + ")");
  }
  if (share && (!hit || decision != "share")) {
    return MakeError(ErrorCode::kInvalidArgument, "objects can only be attached to a share");
  }
  std::vector<std::string> shared_ids;
  std::string collection_id;
  if (share && !share->objects.empty()) {
    if (options_.ingest == nullptr) {
      return MakeError(ErrorCode::kUnsupported, "sharing objects is not enabled on this node");
    }
    QCCM_TRY(report, options_.ingest->Ingest(principal, share->collection, share->objects,
                                             {.input_padded = share->input_padded}));
    if (!report.rejected.empty()) {
      return MakeError(ErrorCode::kInvalidInput,
                       "a shared object was rejected: " + report.rejected.front().error.ToString());
    }
    collection_id = report.collection_id;
    for (const auto& o : share->objects) shared_ids.push_back(ParseClue(o.json).id);
  }
  n.state = decision == "share" ? "shared" : decision == "decline" ? "declined" : "read";
  n.answered_at = clock_.Now();
  n.answered_by = principal.user_id;
  if (!note.empty()) n.message += " | answer: " + std::string(note);
  QCCM_TRY_STATUS(store_.UpdateNotification(n));
  if (hit && decision == "share") {
    // The requester learns who holds the data only because the holder chose to say so.
    std::string message = "member " + principal.member_code + " shares about " + n.observable;
    if (!collection_id.empty()) message += " in collection " + collection_id;
    if (!note.empty()) message += ": " + std::string(note);
    QCCM_TRY_STATUS(store_.AddNotification(Notification{.id = NewUuidV4(),
                                                        .member_id = n.about_member,
                                                        .kind = "hit_shared",
                                                        .about_member = principal.member_id,
                                                        .observable = n.observable,
                                                        .object_ids = shared_ids,
                                                        .state = "open",
                                                        .message = std::move(message),
                                                        .created = clock_.Now()}));
  }
  Audit(principal, "notification.answer", {n.id}, "decision=" + std::string(decision));
  return n;
}

IndexStats ClueService::Stats() const { return index_.Stats(); }

}  // namespace qccm::correlation
