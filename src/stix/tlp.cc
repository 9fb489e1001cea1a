// TLP levels and the standard marking-definition ids (TLP 1.0 from STIX 2.1 §7.2.1.4; TLP 2.0
// from the OASIS TLP 2.0 marking definitions that use extension-definition--60a3c5c5-...).
#include "qccm/stix/tlp.h"

#include <array>
#include <string>
#include <utility>

namespace qccm::stix {
namespace {

struct KnownMarking {
  std::string_view id;
  Tlp level;
};

constexpr std::array<KnownMarking, 9> kKnownMarkings = {{
    // TLP 1.0 (STIX 2.1 §7.2.1.4)
    {"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", Tlp::kClear},  // WHITE
    {"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", Tlp::kGreen},
    {"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", Tlp::kAmber},
    {"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", Tlp::kRed},
    // TLP 2.0
    {"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", Tlp::kClear},
    {"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", Tlp::kGreen},
    {"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", Tlp::kAmber},
    {"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", Tlp::kAmberStrict},
    {"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", Tlp::kRed},
}};

}  // namespace

std::optional<Tlp> TlpOfMarkingId(std::string_view marking_definition_id) {
  for (const auto& known : kKnownMarkings) {
    if (known.id == marking_definition_id) return known.level;
  }
  return std::nullopt;
}

std::string_view TlpMarkingId(Tlp level) {
  switch (level) {
    case Tlp::kClear:
      return kKnownMarkings[4].id;
    case Tlp::kGreen:
      return kKnownMarkings[5].id;
    case Tlp::kAmber:
      return kKnownMarkings[6].id;
    case Tlp::kAmberStrict:
      return kKnownMarkings[7].id;
    case Tlp::kRed:
      return kKnownMarkings[8].id;
    case Tlp::kNone:
      return "";
  }
  return "";
}

std::string_view TlpName(Tlp level) {
  switch (level) {
    case Tlp::kClear:
      return "CLEAR";
    case Tlp::kGreen:
      return "GREEN";
    case Tlp::kAmber:
      return "AMBER";
    case Tlp::kAmberStrict:
      return "AMBER+STRICT";
    case Tlp::kRed:
      return "RED";
    case Tlp::kNone:
      return "NONE";
  }
  return "NONE";
}

std::optional<Tlp> ParseTlpName(std::string_view name) {
  std::string upper;
  for (char c : name) upper += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  if (upper.starts_with("TLP:")) upper = upper.substr(4);
  static constexpr std::array<std::pair<std::string_view, Tlp>, 7> kNames = {{
      {"CLEAR", Tlp::kClear},
      {"WHITE", Tlp::kClear},
      {"GREEN", Tlp::kGreen},
      {"AMBER", Tlp::kAmber},
      {"AMBER+STRICT", Tlp::kAmberStrict},
      {"RED", Tlp::kRed},
      {"NONE", Tlp::kNone},
  }};
  for (const auto& [n, level] : kNames) {
    if (upper == n) return level;
  }
  return std::nullopt;
}

}  // namespace qccm::stix
