// Data minimisation: the deny-list of property-name stems that reveal special categories of
// personal data (GDPR art. 9, Law Enforcement Directive art. 10). The validator refuses custom
// properties whose names match it; docs/data-minimisation.md explains the list.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace qccm::stix {

// How a stem matches a name token (names are split into lower-case tokens at '_', '-', '.',
// digits-to-letters boundaries and lower-to-upper case changes: "x_AcmeReligiousView" ->
// x, acme, religious, view).
enum class StemMatch : unsigned char {
  kToken,   // the token equals the stem ("race" matches x_race, not x_trace or x_racetrack)
  kPrefix,  // the token starts with the stem ("religio" matches religion, religious)
  kPair,    // the stem is "first_second": two consecutive tokens ("trade_union")
};

struct SpecialCategoryStem {
  std::string_view stem;
  StemMatch match;
  std::string_view category;  // "religious or philosophical beliefs", ...
};

// The whole deny-list, for documentation and tests.
std::span<const SpecialCategoryStem> SpecialCategoryStems();

// The special category a property name reveals, or nullopt. Case-insensitive. Pure, thread-safe.
std::optional<std::string_view> SpecialCategoryOf(std::string_view property_name);

}  // namespace qccm::stix
