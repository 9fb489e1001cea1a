// The declarative STIX 2.1 object model the validator checks against: one table of property
// specs per object type, embedded type and predefined extension, and the static index that
// finds a property spec by (struct, name) without building anything per object.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string_view>

namespace qccm::stix::internal {

// Every object type STIX 2.1 defines, plus the bundle container. The order groups the
// categories so that each is a contiguous bit range in a TypeMask.
enum class ObjType : std::uint8_t {
  // SDOs (STIX 2.1 §4)
  kAttackPattern,
  kCampaign,
  kCourseOfAction,
  kGrouping,
  kIdentity,
  kIncident,
  kIndicator,
  kInfrastructure,
  kIntrusionSet,
  kLocation,
  kMalware,
  kMalwareAnalysis,
  kNote,
  kObservedData,
  kOpinion,
  kReport,
  kThreatActor,
  kTool,
  kVulnerability,
  // SROs (§5)
  kRelationship,
  kSighting,
  // SCOs (§6)
  kArtifact,
  kAutonomousSystem,
  kDirectory,
  kDomainName,
  kEmailAddr,
  kEmailMessage,
  kFile,
  kIpv4Addr,
  kIpv6Addr,
  kMacAddr,
  kMutex,
  kNetworkTraffic,
  kProcess,
  kSoftware,
  kUrl,
  kUserAccount,
  kWindowsRegistryKey,
  kX509Certificate,
  // Meta objects (§7)
  kMarkingDefinition,
  kLanguageContent,
  kExtensionDefinition,
  kBundle,
  kCount,
};

using TypeMask = std::uint64_t;
constexpr TypeMask Bit(ObjType t) { return TypeMask{1} << static_cast<unsigned>(t); }
constexpr TypeMask BitRange(ObjType first, ObjType last) { return (Bit(last) << 1) - Bit(first); }
inline constexpr TypeMask kSdoTypes = BitRange(ObjType::kAttackPattern, ObjType::kVulnerability);
inline constexpr TypeMask kSroTypes = BitRange(ObjType::kRelationship, ObjType::kSighting);
inline constexpr TypeMask kScoTypes = BitRange(ObjType::kArtifact, ObjType::kX509Certificate);

// Which objects a reference property may point at.
struct RefTargets {
  TypeMask types = 0;
  bool custom = false;        // custom (x-... or extension-defined) types are allowed too
  std::string_view describe;  // for messages: "an identity", "a file or an artifact"
};

// The value kinds a property can have. Each is checked by one function in validator_values.cc.
enum class Kind : std::uint8_t {
  kString,
  kTimestamp,
  kBoolean,
  kInteger,  // int_min..int_max
  kFloat,    // float_min..float_max
  kRef,      // identifier of one of `targets`
  kRefList,
  kStringList,
  kOpenVocab,      // a string; values outside the suggested vocabulary are allowed
  kOpenVocabList,  // a list of such strings
  kEnum,           // closed: one of `values`
  kEnumList,
  kHashes,
  kKillChainPhases,
  kExternalReferences,
  kGranularMarkings,
  kDictionary,
  kBinary,  // base64
  kHex,
  kUrl,  // a string; a value that is not an absolute URI is a warning
  kStruct,
  kStructList,
  kExtensions,
  kType,
  kId,
  kSpecVersion,
  kLang,
  kAnyObject,        // a JSON object checked by the type's rule (marking definition)
  kObservedObjects,  // observed-data's deprecated "objects" dictionary
  kLanguageContents,
};

enum PropFlag : std::uint8_t {
  kRequired = 1,
  kForbidden = 2,   // a common property that does not apply to this kind of object
  kMillis = 4,      // a timestamp with at least millisecond precision (created, modified)
  kDeprecated = 8,  // accepted with a warning
};

struct StructSpec;
class RuleContext;
using StructRule = void (*)(RuleContext&);

struct PropSpec {
  std::string_view name;
  Kind kind = Kind::kString;
  std::uint8_t flags = 0;
  std::int64_t int_min = std::numeric_limits<std::int64_t>::min();
  std::int64_t int_max = std::numeric_limits<std::int64_t>::max();
  double float_min = -std::numeric_limits<double>::infinity();
  double float_max = std::numeric_limits<double>::infinity();
  const RefTargets* targets = nullptr;
  std::span<const std::string_view> values;  // kEnum / kEnumList
  const StructSpec* sub = nullptr;           // kStruct / kStructList
};

// The properties of an object type, an embedded type (external reference, kill-chain phase,
// ...) or a predefined extension, and the rule code that checks what a table cannot say.
struct StructSpec {
  std::string_view name;  // "indicator", "external reference", "archive-ext"
  std::span<const PropSpec> props;
  StructRule rule = nullptr;
};

// How the validator treats an object, which decides the common properties it may carry.
enum class Category : std::uint8_t {
  kSdo,
  kSro,
  kSco,
  kMarkingDefinition,
  kLanguageContent,
  kExtensionDefinition,
  kCustomSdo,  // x-... object with created/modified, or a new-sdo/new-sro extension
  kCustomSco,  // x-... object without created, or a new-sco extension
  kBundle,
  kCount,
};

// A property as it applies to one struct: its spec, its bit in that struct's seen-mask and
// its effective flags (common properties are required or forbidden per category).
struct Entry {
  const PropSpec* spec = nullptr;
  std::uint8_t bit = 0;
  std::uint8_t flags = 0;
};

// An index of the effective properties of one struct (an object type with the common
// properties of its category merged in, or an embedded type).
struct StructInfo {
  std::uint16_t id = 0;
  const StructSpec* spec = nullptr;
  std::uint64_t required = 0;  // bits of required entries
  std::span<const Entry> entries;
  // An open-addressing table over `entries` (slot value = entry index + 1, 0 = empty),
  // at most a quarter full, probed from QuickHash(name) & slot_mask.
  const std::uint8_t* slots = nullptr;
  std::uint32_t slot_mask = 0;
};

// A cheap hash of a property name (length and three characters): names in one struct rarely
// share all four, and a miss costs one more probe, not a wrong answer.
inline std::uint32_t QuickHash(std::string_view s) {
  std::size_t n = s.size();
  if (n == 0) return 0;
  auto at = [&](std::size_t i) { return std::uint32_t{static_cast<unsigned char>(s[i])}; };
  std::uint32_t h = static_cast<std::uint32_t>(n) * 0x9E3779B1u;
  h ^= at(0) * 0x85EBCA77u;
  h ^= at(n - 1) * 0xC2B2AE3Du;
  h ^= at(n / 2) * 0x27D4EB2Fu;
  return h ^ (h >> 15);
}

// Returns the entry of property `name` in `info`, or nullptr. Allocation-free.
inline const Entry* FindEntry(const StructInfo& info, std::string_view name) {
  for (std::uint32_t i = QuickHash(name) & info.slot_mask;; i = (i + 1) & info.slot_mask) {
    std::uint8_t slot = info.slots[i];
    if (slot == 0) return nullptr;
    const Entry& entry = info.entries[slot - 1u];
    if (entry.spec->name == name) return &entry;
  }
}

struct TypeInfo {
  std::string_view name;
  ObjType type = ObjType::kCount;
  Category category = Category::kSdo;
  const StructInfo* info = nullptr;
};

struct ExtensionInfo {
  std::string_view name;  // "archive-ext"
  ObjType owner = ObjType::kCount;
  const StructInfo* info = nullptr;
};

// Returns the spec type named `name`, or nullptr. Thread-safe (the tables are immutable).
const TypeInfo* FindType(std::string_view name);
const TypeInfo& TypeOf(ObjType type);
// The structs for custom objects of each shape.
const StructInfo& CustomStruct(Category category);
// The predefined SCO extension named `name` ("archive-ext"), or nullptr.
const ExtensionInfo* FindPredefinedExtension(std::string_view name);
// The effective struct of an embedded StructSpec (external reference, kill-chain phase, ...).
const StructInfo& InfoOf(const StructSpec& spec);
// The TLP 2.0 marking property extension (tlp_2_0) and QCCM's sharing extension.
const StructInfo& Tlp2ExtensionInfo();
const StructInfo& SharingExtensionInfo();
const StructInfo& ExternalReferenceInfo();
const StructInfo& KillChainPhaseInfo();
const StructInfo& GranularMarkingInfo();

// Any identifier (custom *_ref / *_refs properties).
inline constexpr RefTargets kToAnyObjectTargets{
    BitRange(ObjType::kAttackPattern, ObjType::kExtensionDefinition), true, "a STIX object"};

inline constexpr std::string_view kTlp2ExtensionId =
    "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

}  // namespace qccm::stix::internal
