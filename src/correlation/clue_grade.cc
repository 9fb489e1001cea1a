// ClueService: corroboration, grades, assertions, reliability ratings and track records.
// Every report comes from the reader's readable classes; hidden carriers are never looked at.
#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "qccm/correlation/clue_service.h"

namespace qccm::correlation {

using sharing::Principal;

struct ClueService::Reports {
  std::vector<IndexedObject> entries;  // the clue's readable entries, by first_seen
  std::int64_t author = 0;
  std::vector<std::int64_t> author_origins;
  std::vector<Observable> observables;
  std::vector<Report> reports;
  bool has_basis = false;
};

namespace {

void AddUnique(std::vector<std::int64_t>& list, std::int64_t value, std::int64_t except) {
  if (value == 0 || value == except) return;
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

std::string NotFoundMessage(std::string_view id) { return "no clue '" + std::string(id) + "'"; }

}  // namespace

Result<ClueService::Reports> ClueService::Assemble(const Principal& principal,
                                                   const ReadableClasses& readable,
                                                   std::string_view id) {
  Reports out;
  out.entries = index_.Objects(id, readable);
  if (out.entries.empty()) return MakeError(ErrorCode::kNotFound, NotFoundMessage(id));
  std::map<std::string, std::int64_t> identity_cache;
  auto identity_member = [&](const std::string& ref) -> std::int64_t {
    if (ref.empty()) return 0;
    auto [it, inserted] = identity_cache.try_emplace(ref, 0);
    if (inserted) {
      for (const auto& o : index_.Objects(ref, readable)) {
        if (o.identity_member != 0) it->second = o.identity_member;
      }
    }
    return it->second;
  };
  auto origins_of = [&](const IndexedObject& o) {
    std::vector<std::int64_t> origins;
    for (auto m : o.source_members) AddUnique(origins, m, o.author_member);
    AddUnique(origins, identity_member(o.created_by_ref), o.author_member);
    return origins;
  };

  out.author = out.entries.front().author_member;
  std::set<std::pair<std::string, std::int64_t>> seen;  // (reporting object, member)
  for (const IndexedObject& e : out.entries) {
    for (auto m : origins_of(e)) AddUnique(out.author_origins, m, out.author);
    for (const auto& o : e.observables) {
      if (std::find(out.observables.begin(), out.observables.end(), o) == out.observables.end()) {
        out.observables.push_back(o);
      }
    }
    if (e.author_member != out.author && seen.emplace(e.id, e.author_member).second) {
      out.reports.push_back(Report{.kind = ReportKind::kResubmission,
                                   .object_id = e.id,
                                   .member = e.author_member,
                                   .origins = origins_of(e),
                                   .time = e.first_seen});
    }
  }
  seen.emplace(std::string(id), out.author);

  for (const Observable& observable : out.observables) {
    LookupResult found = index_.Lookup(observable, readable);
    std::map<std::string, std::int64_t> first_author;  // carriers come ordered by first_seen
    for (const IndexedObject& c : found.readable) {
      if (c.id == id) continue;
      auto [first, inserted] = first_author.try_emplace(c.id, c.author_member);
      if (!seen.emplace(c.id, c.author_member).second) continue;
      Report report{.kind = ReportKind::kSameObservable,
                    .object_id = c.id,
                    .member = c.author_member,
                    .origins = origins_of(c),
                    .time = c.first_seen};
      AddUnique(report.origins, first->second, c.author_member);
      out.reports.push_back(std::move(report));
    }
  }
  for (const IndexedObject& r : index_.ReferencesTo(id, readable)) {
    if (r.stance == 0 || !seen.emplace(r.id, r.author_member).second) continue;
    ReportKind kind = r.stance < 0                    ? ReportKind::kDisagree
                      : r.kind == ClueKind::kSighting ? ReportKind::kSighting
                                                      : ReportKind::kAgree;
    out.reports.push_back(Report{.kind = kind,
                                 .object_id = r.id,
                                 .member = r.author_member,
                                 .origins = origins_of(r),
                                 .time = r.first_seen});
  }
  std::vector<std::string> keys;
  for (const auto& o : out.observables) keys.push_back(ObservableKey(o));
  QCCM_TRY(feedback, store_.FeedbackFor(id, keys, principal.member_id));
  for (const Feedback& f : feedback) {
    if (f.verdict != "confirm" && f.verdict != "refute") continue;
    out.reports.push_back(
        Report{.kind = f.verdict == "confirm" ? ReportKind::kRfiConfirm : ReportKind::kRfiRefute,
               .object_id = "rfi:" + f.rfi_id,
               .member = f.member_id,
               .origins = {},
               .time = f.recorded_at});
  }
  out.has_basis = !out.observables.empty() || !out.reports.empty();
  return out;
}

Result<ClueView> ClueService::Clue(const Principal& principal, std::string_view id) {
  QCCM_TRY(readable, ReadableFor(principal));
  QCCM_TRY(r, Assemble(principal, readable, id));
  Corroboration c = Corroborate(r.author, r.author_origins, r.reports, r.has_basis);
  const IndexedObject& first = r.entries.front();
  ClueView view;
  view.id = first.id;
  view.type = first.type;
  QCCM_TRY(author_code, MemberCode(r.author));
  view.author = author_code;
  view.first_seen = first.first_seen;
  view.last_seen = first.last_seen;
  for (const auto& e : r.entries) {
    view.collections.push_back(e.collection_id);
    view.last_seen = std::max(view.last_seen, e.last_seen);
    view.timeline.push_back(TimelineEntry{.time = e.first_seen,
                                          .kind = "reported",
                                          .object_id = e.id,
                                          .member = "",
                                          .independent = false});
    QCCM_TRY(code, MemberCode(e.author_member));
    view.timeline.back().member = code;
  }
  std::sort(view.collections.begin(), view.collections.end());
  view.collections.erase(std::unique(view.collections.begin(), view.collections.end()),
                         view.collections.end());
  view.observables = r.observables;
  view.confirming = c.confirming;
  view.refuting = c.refuting;
  view.contradicted = c.contradicted;
  std::set<std::int64_t> members;
  for (std::size_t i = 0; i < r.reports.size(); ++i) {
    const Report& report = r.reports[i];
    members.insert(report.member);
    TimelineEntry entry{.time = report.time,
                        .kind = std::string(ReportKindName(report.kind)),
                        .object_id = report.object_id,
                        .independent = c.verdicts[i].independent,
                        .refutes = IsRefutation(report.kind)};
    QCCM_TRY(code, MemberCode(report.member));
    entry.member = code;
    if (c.verdicts[i].circular_of != 0) {
      QCCM_TRY(origin, MemberCode(c.verdicts[i].circular_of));
      entry.circular_of = origin;
    }
    if (entry.refutes) {
      view.contradictions.push_back("member " + code + " refutes (" + entry.kind + " " +
                                    report.object_id + ")");
    }
    view.timeline.push_back(std::move(entry));
  }
  if (!c.contradicted) view.contradictions.clear();
  view.reporting_members = members.size();
  std::stable_sort(view.timeline.begin(), view.timeline.end(),
                   [](const TimelineEntry& a, const TimelineEntry& b) {
                     return std::tie(a.time, a.object_id, a.member) <
                            std::tie(b.time, b.object_id, b.member);
                   });

  // Reliability is the reader's own rating of the member the information comes from.
  std::int64_t origin = r.author_origins.empty() ? r.author : r.author_origins.front();
  QCCM_TRY(ratings, store_.RatingsBy(principal.member_id));
  Reliability reliability = Reliability::kF;
  for (const auto& rating : ratings) {
    if (rating.rated_member != origin) continue;
    if (auto parsed = ParseReliability(std::string_view(&rating.reliability, 1))) {
      reliability = *parsed;
      view.grade.reliability_rated = true;
    }
  }
  QCCM_TRY(origin_code, MemberCode(origin));
  view.grade.admiralty = {reliability, c.credibility};
  view.grade.europol = ToEuropol(view.grade.admiralty);
  view.grade.stix_confidence = ToStixConfidence(c.credibility);
  view.grade.graded_by = "qccm-rules";
  view.grade.graded_at = clock_.Now();
  view.grade.rule = c.rule;
  view.grade.reliability_of = origin_code;

  QCCM_TRY(assertions, store_.AssertionsOn(view.id));
  for (const auto& a : assertions) {
    QCCM_TRY(code, MemberCode(a.member_id));
    view.assertion_members.push_back(code);
  }
  view.assertions = std::move(assertions);
  QCCM_TRY(track, Track(principal, readable, origin));
  view.author_track_record = std::move(track);
  Audit(principal, "clue.read", {view.id},
        "credibility=" + std::string(1, CredibilityDigit(c.credibility)));
  return view;
}

Result<TrackRecord> ClueService::Track(const Principal& principal, const ReadableClasses& readable,
                                       std::int64_t member) {
  TrackRecord record;
  QCCM_TRY(code, MemberCode(member));
  record.member = code;
  for (const IndexedObject& clue : index_.CluesBy(member, readable, options_.track_record_limit)) {
    QCCM_TRY(r, Assemble(principal, readable, clue.id));
    // Only what came after the member reported counts for its record.
    std::vector<Report> later;
    for (auto& report : r.reports) {
      if (report.time > clue.first_seen) later.push_back(std::move(report));
    }
    Corroboration c = Corroborate(r.author, r.author_origins, later, r.has_basis);
    ++record.clues;
    if (c.confirming > 0 && c.refuting > 0) {
      ++record.contested;
    } else if (c.confirming > 0) {
      ++record.confirmed;
    } else if (c.refuting > 0) {
      ++record.refuted;
    } else {
      ++record.unconfirmed;
    }
  }
  return record;
}

Result<TrackRecord> ClueService::TrackRecordOf(const Principal& principal,
                                               std::string_view member_code) {
  QCCM_TRY(readable, ReadableFor(principal));
  auto member = sharing_.GetMemberByCode(member_code);
  if (!member) {
    if (member.error().code == ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kNotFound, "no member '" + std::string(member_code) + "'");
    }
    return std::unexpected(member.error());
  }
  return Track(principal, readable, member->id);
}

Result<GradeAssertion> ClueService::AssertGrade(const Principal& principal,
                                                std::string_view clue_id, std::string_view scale,
                                                std::string_view value,
                                                std::string_view reliability,
                                                std::string_view note) {
  QCCM_TRY(readable, ReadableFor(principal));
  if (index_.Objects(clue_id, readable).empty()) {
    return MakeError(ErrorCode::kNotFound, NotFoundMessage(clue_id));
  }
  AdmiraltyGrade grade;
  if (scale == "admiralty") {
    QCCM_TRY(g, ParseAdmiralty(value));
    grade = g;
  } else if (scale == "europol") {
    QCCM_TRY(g, ParseEuropol(value));
    grade = ToAdmiralty(g);
  } else if (scale == "stix") {
    int confidence = -1;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), confidence);
    if (ec != std::errc() || p != value.data() + value.size()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "a STIX confidence is an integer 0-100, not '" + std::string(value) + "'");
    }
    QCCM_TRY(credibility, FromStixConfidence(confidence));
    grade.credibility = credibility;
    if (!reliability.empty()) {
      QCCM_TRY(rel, ParseReliability(reliability));
      grade.reliability = rel;
    }
  } else {
    return MakeError(ErrorCode::kInvalidArgument,
                     "scale must be admiralty, europol or stix, not '" + std::string(scale) + "'");
  }
  if (note.size() > 4096) return MakeError(ErrorCode::kTooLarge, "the note is over 4096 bytes");
  QCCM_TRY(stored,
           store_.AddAssertion(GradeAssertion{.clue_id = std::string(clue_id),
                                              .member_id = principal.member_id,
                                              .user_id = principal.user_id,
                                              .reliability = ReliabilityLetter(grade.reliability),
                                              .credibility = CredibilityDigit(grade.credibility),
                                              .scale = std::string(scale),
                                              .original = std::string(value),
                                              .note = std::string(note),
                                              .asserted_at = clock_.Now()}));
  Audit(principal, "grade.assert", {std::string(clue_id)}, "grade=" + FormatAdmiralty(grade));
  return stored;
}

Status ClueService::SetReliability(const Principal& principal, std::string_view member_code,
                                   std::string_view letter) {
  if (!sharing::MayHandleIntelligence(principal)) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "user '" + principal.user_name + "' may not rate members");
  }
  QCCM_TRY(reliability, ParseReliability(letter));
  auto member = sharing_.GetMemberByCode(member_code);
  if (!member) {
    if (member.error().code == ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kNotFound, "no member '" + std::string(member_code) + "'");
    }
    return std::unexpected(member.error());
  }
  if (member->id == principal.member_id) {
    return MakeError(ErrorCode::kInvalidArgument, "a member does not rate its own reliability");
  }
  QCCM_TRY_STATUS(store_.PutRating(ReliabilityRating{.rater_member = principal.member_id,
                                                     .rated_member = member->id,
                                                     .reliability = ReliabilityLetter(reliability),
                                                     .rated_by_user = principal.user_id,
                                                     .rated_at = clock_.Now()}));
  Audit(principal, "reliability.set", {},
        member->code + "=" + std::string(1, ReliabilityLetter(reliability)));
  return Ok();
}

Result<bool> ClueService::CanRead(const Principal& principal, std::string_view id) {
  QCCM_TRY(readable, ReadableFor(principal));
  return !index_.Objects(id, readable).empty();
}

Result<std::vector<ReliabilityRating>> ClueService::Ratings(const Principal& principal) {
  if (!sharing::MayHandleIntelligence(principal)) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "user '" + principal.user_name + "' may not read ratings");
  }
  return store_.RatingsBy(principal.member_id);
}

}  // namespace qccm::correlation
