// Corroboration rules (docs/correlation.md, "Credibility rules").
#include "qccm/correlation/corroboration.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace qccm::correlation {
namespace {

// Union-find over member ids.
class Groups {
 public:
  std::size_t Of(std::int64_t member) {
    auto [it, inserted] = index_.try_emplace(member, parent_.size());
    if (inserted) parent_.push_back(parent_.size());
    return Find(it->second);
  }
  void Join(std::int64_t a, std::int64_t b) {
    std::size_t ra = Of(a);
    std::size_t rb = Of(b);
    if (ra != rb) parent_[std::max(ra, rb)] = std::min(ra, rb);
  }

 private:
  std::size_t Find(std::size_t i) {
    while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
    return i;
  }
  std::map<std::int64_t, std::size_t> index_;
  std::vector<std::size_t> parent_;
};

}  // namespace

std::string_view ReportKindName(ReportKind kind) {
  switch (kind) {
    case ReportKind::kSameObservable:
      return "same_observable";
    case ReportKind::kResubmission:
      return "resubmission";
    case ReportKind::kSighting:
      return "sighting";
    case ReportKind::kAgree:
      return "opinion_agree";
    case ReportKind::kDisagree:
      return "opinion_disagree";
    case ReportKind::kRfiConfirm:
      return "rfi_confirm";
    case ReportKind::kRfiRefute:
      return "rfi_refute";
  }
  return "same_observable";
}

bool IsRefutation(ReportKind kind) {
  return kind == ReportKind::kDisagree || kind == ReportKind::kRfiRefute;
}

Credibility CredibilityFor(int c, int r, bool has_basis, std::string* rule) {
  auto pick = [&](const char* name, Credibility value) {
    if (rule != nullptr) *rule = name;
    return value;
  };
  if (r == 0) {
    if (c >= 2) return pick("R1", Credibility::k1);
    if (c == 1) return pick("R2", Credibility::k2);
    return has_basis ? pick("R3", Credibility::k3) : pick("R3", Credibility::k6);
  }
  if (c > r) return pick("R4", Credibility::k3);
  if (c >= 1) return pick("R5", Credibility::k4);
  if (r == 1) return pick("R6", Credibility::k4);
  return pick("R7", Credibility::k5);
}

Corroboration Corroborate(std::int64_t author, const std::vector<std::int64_t>& author_origins,
                          const std::vector<Report>& reports, bool has_basis) {
  Groups groups;
  for (std::int64_t o : author_origins) groups.Join(author, o);
  for (const Report& r : reports) {
    for (std::int64_t o : r.origins) groups.Join(r.member, o);
    // A resubmission of the clue itself is the author's information passed on.
    if (r.kind == ReportKind::kResubmission) groups.Join(r.member, author);
  }
  const std::size_t author_group = groups.Of(author);

  Corroboration out;
  out.verdicts.resize(reports.size());
  // The latest report of each group decides its stance; ties go to the refutation (the
  // cautious reading).
  std::map<std::size_t, std::size_t> latest;          // group -> report index
  std::map<std::size_t, std::pair<bool, bool>> seen;  // group -> (confirmed, refuted) ever
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const Report& r = reports[i];
    std::size_t g = groups.Of(r.member);
    ReportVerdict& v = out.verdicts[i];
    v.group = static_cast<std::uint32_t>(g);
    for (std::int64_t o : r.origins) {
      if (o != r.member) {
        v.circular_of = o;
        break;
      }
    }
    if (r.kind == ReportKind::kResubmission && v.circular_of == 0) v.circular_of = author;
    if (r.kind == ReportKind::kResubmission) continue;
    auto& s = seen[g];
    (IsRefutation(r.kind) ? s.second : s.first) = true;
    auto it = latest.find(g);
    if (it == latest.end()) {
      latest.emplace(g, i);
      continue;
    }
    const Report& held = reports[it->second];
    if (r.time > held.time || (r.time == held.time && IsRefutation(r.kind))) it->second = i;
  }
  for (const auto& [g, i] : latest) {
    bool refutes = IsRefutation(reports[i].kind);
    if (refutes) {
      ++out.refuting;
    } else if (g != author_group) {
      ++out.confirming;
    } else {
      continue;
    }
    out.verdicts[i].independent = true;
    if (seen[g].first && seen[g].second) out.contradicted = true;
  }
  if (out.refuting > 0 && out.confirming > 0) out.contradicted = true;
  out.credibility =
      CredibilityFor(out.confirming, out.refuting, has_basis || !reports.empty(), &out.rule);
  return out;
}

}  // namespace qccm::correlation
