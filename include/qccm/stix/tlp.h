// Traffic Light Protocol levels and the well-known STIX marking-definition ids that carry them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace qccm::stix {

// Ordered from least to most restrictive, so "more restrictive" is a plain comparison.
enum class Tlp : std::uint8_t {
  kNone = 0,   // no TLP marking: treated like the collection's default (CLEAR unless set)
  kClear = 1,  // TLP 2.0 CLEAR, TLP 1.0 WHITE
  kGreen = 2,
  kAmber = 3,
  kAmberStrict = 4,  // TLP 2.0 only
  kRed = 5,
};

// Returns the TLP level of a marking-definition id if it is one of the standard TLP 1.0
// (STIX 2.1 §7.2.1.4) or TLP 2.0 (the OASIS TLP 2.0 extension) marking definitions.
std::optional<Tlp> TlpOfMarkingId(std::string_view marking_definition_id);

// The canonical TLP 2.0 marking-definition id for a level (kNone has none: returns "").
std::string_view TlpMarkingId(Tlp level);

// "CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED", or "NONE".
std::string_view TlpName(Tlp level);

// Parses the names above (case-insensitive; "WHITE" is read as CLEAR).
std::optional<Tlp> ParseTlpName(std::string_view name);

}  // namespace qccm::stix
