// The fictional mechanism the demo data describes: four member agencies of fictional states and
// the collections they share in different ways. Used by the generator and by `qccm demo init`.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace qccm::demo {

// A fictional member agency. Nothing here names a real agency or state; country codes are
// ISO 3166-1 user-assigned codes (XA-XD), which no real country has.
struct DemoMember {
  std::string_view code;         // member code, e.g. "AUR-NCTC"
  std::string_view name;         // agency name
  std::string_view state;        // the fictional state
  std::string_view country;      // "XA"
  std::string_view region;       // STIX region-ov value used for its locations
  std::string_view user_prefix;  // demo user names are "<prefix>.<role>"
};

inline constexpr std::size_t kDemoMemberCount = 4;

// The four members, in a fixed order (index 0 is AUR-NCTC, the hub that reads the drop box).
std::span<const DemoMember> DemoMembers();

enum class SharingMode : std::uint8_t {
  kMechanismWide,  // every member reads and writes
  kBilateral,      // two members read and write
  kPrivate,        // one member only
  kDropBox,        // several members write, one reads
  kRestricted,     // every member has the right, TLP:RED objects name who may see them
  kReference,      // public reference data (the real STIX files), read by all
};

// A bit per member index: bit i set means DemoMembers()[i].
using MemberSet = std::uint8_t;
constexpr MemberSet MemberBit(std::size_t index) {
  return static_cast<MemberSet>(MemberSet{1} << index);
}
inline constexpr MemberSet kAllMembers = 0x0f;

struct DemoCollection {
  std::string_view alias;
  std::string_view title;
  std::string_view description;
  SharingMode mode = SharingMode::kMechanismWide;
  MemberSet readers = 0;
  MemberSet writers = 0;
  unsigned weight = 0;  // relative share of generated intelligence (0: none)
};

// Every demo collection, in a fixed order; GeneratedObject::collection indexes this table.
std::span<const DemoCollection> DemoCollections();

// The index of the collection with `mode` (the first one), for the tests and the setup.
std::size_t DemoCollectionIndex(SharingMode mode);

}  // namespace qccm::demo
