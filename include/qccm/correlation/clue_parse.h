// What correlation reads from one STIX object: its observables, the references that make it a
// confirmation or refutation of another object (sightings, opinions), and its provenance (who
// it says the information came from). One JSON parse per object; indicators keep their parsed
// pattern so the matcher does not parse it again.
//
// Provenance properties (docs/correlation.md, "Circular reporting"):
//   x_qccm_source_member: "CODE" or ["CODE", ...]   received from these members
//   external_references[*] with source_name "qccm-member" and external_id "CODE"
//   created_by_ref: an identity; mapped to a member by an identity object carrying
//                   x_qccm_member_code that the member itself submitted
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/correlation/observable.h"
#include "qccm/stix/pattern.h"

namespace qccm::correlation {

enum class ClueKind : std::uint8_t {
  kIndicator,
  kObservedData,
  kSco,
  kSighting,
  kOpinion,
  kIdentity,
  kOther,
};
std::string_view ClueKindName(ClueKind kind);

struct ParsedClue {
  std::string id;
  ClueKind kind = ClueKind::kOther;
  std::vector<Observable> observables;  // distinct, in order of appearance
  // Sightings: sighting_of_ref; opinions: object_refs.
  std::vector<std::string> target_refs;
  // Sightings +1 (a confirmation); opinions +1 (agree, strongly-agree), -1 (disagree,
  // strongly-disagree), 0 (neutral: not counted).
  int stance = 0;
  std::vector<std::string> source_member_codes;  // claimed provenance (see above)
  std::string created_by_ref;
  std::string member_code;  // identities: x_qccm_member_code
  // Indicators with pattern_type "stix" whose pattern parsed.
  std::optional<stix::Pattern> pattern;
  std::string pattern_text;
  std::optional<Timestamp> valid_from;
  std::optional<Timestamp> valid_until;
};

// Parses `json` (an object's text, already validated by ingest). Never fails: unreadable parts
// are skipped (the object was validated; anything else is not correlation's business).
ParsedClue ParseClue(std::string_view json);

}  // namespace qccm::correlation
