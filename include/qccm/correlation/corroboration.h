// Corroboration rules: which reports about a clue are independent confirmations or
// refutations, and the information credibility they earn (Admiralty 1-6). Pure functions over
// the reports a reader may see; docs/correlation.md has the rules table.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "qccm/core/time.h"
#include "qccm/correlation/scales.h"

namespace qccm::correlation {

enum class ReportKind : std::uint8_t {
  kSameObservable,  // another object carrying one of the clue's observables
  kResubmission,    // the same object id submitted by another member (a re-report)
  kSighting,        // a STIX sighting of the clue
  kAgree,           // a STIX opinion agree / strongly-agree
  kDisagree,        // a STIX opinion disagree / strongly-disagree
  kRfiConfirm,      // an RFI response "confirm"
  kRfiRefute,       // an RFI response "refute"
};
std::string_view ReportKindName(ReportKind kind);
// True for kinds that speak against the clue.
bool IsRefutation(ReportKind kind);

struct Report {
  ReportKind kind = ReportKind::kSameObservable;
  std::string object_id;  // the reporting object (or "rfi--<id>")
  std::int64_t member = 0;
  // Members the report's information leads back to besides `member` (claimed provenance,
  // created_by_ref identities, earlier submitters of the same object id).
  std::vector<std::int64_t> origins;
  Timestamp time;
};

struct ReportVerdict {
  bool independent = false;  // counted as an independent confirmation or refutation
  // The report's information comes from other members: the first of them ("" when none).
  std::int64_t circular_of = 0;
  std::uint32_t group = 0;  // independence group (members linked by provenance)
};

struct Corroboration {
  int confirming = 0;  // independent groups confirming, other than the author's
  int refuting = 0;    // independent groups refuting (the author's own included)
  bool contradicted = false;
  Credibility credibility = Credibility::k6;
  std::string rule;                     // "R1".."R7": which row of the rules table applied
  std::vector<ReportVerdict> verdicts;  // one per report, in input order
};

// Applies the rules to `reports` about a clue submitted by `author` (whose own provenance is
// `author_origins`). `has_basis`: the clue carries something to compare (observables, or it is
// a sighting target); without basis and without reports credibility is 6. Groups: members
// joined by any report's provenance are one source; the author's group never confirms.
// Within a group the latest report decides whether it confirms or refutes.
Corroboration Corroborate(std::int64_t author, const std::vector<std::int64_t>& author_origins,
                          const std::vector<Report>& reports, bool has_basis);

// The rules table alone: credibility for c independent confirmations and r refutations.
Credibility CredibilityFor(int confirming, int refuting, bool has_basis, std::string* rule);

}  // namespace qccm::correlation
