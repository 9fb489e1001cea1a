// STIX 2.1 object validation (every SDO, SRO, SCO and meta object type in the spec, plus
// custom objects and extensions as the spec allows) and the facts extracted on the way.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/core/time.h"
#include "qccm/stix/tlp.h"

namespace qccm::stix {

// The extension-definition id of QCCM's sharing property extension. An object may carry
//   "extensions": {"extension-definition--8bd48759-...": {"extension_type": "property-extension",
//                                                         "shared_with": ["MEMBER-CODE", ...]}}
// to name the members a TLP:RED object is shared with.
inline constexpr std::string_view kQccmSharingExtensionId =
    "extension-definition--8bd48759-8434-485a-9d8e-2202a2944988";

enum class Severity : std::uint8_t { kError, kWarning };

// One problem found. error.where carries the object id and the JSON path ("$.pattern").
struct Finding {
  Severity severity = Severity::kError;
  Error error;
};

enum class ObjectCategory : std::uint8_t {
  kSdo,     // STIX Domain Object
  kSro,     // relationship, sighting
  kSco,     // STIX Cyber-observable Object
  kMeta,    // marking-definition, language-content, extension-definition
  kCustom,  // a custom object type (x-... or defined by a new-sdo/sco/sro extension)
};

// What ingest needs from an object, extracted during validation so nothing parses twice.
struct ObjectFacts {
  std::string id;
  std::string type;
  std::string spec_version;  // "2.1"
  ObjectCategory category = ObjectCategory::kSdo;
  std::optional<Timestamp> created;   // absent on SCOs
  std::optional<Timestamp> modified;  // absent on SCOs and marking-definitions
  // The version used by TAXII: modified, else created, else absent (then date_added applies).
  std::optional<Timestamp> version;
  std::string version_text;  // the version as written in the object ("" when absent)
  bool revoked = false;
  Tlp tlp = Tlp::kNone;  // the most restrictive TLP among object_marking_refs
  std::vector<std::string> object_marking_refs;
  std::string created_by_ref;
  std::optional<Timestamp> valid_until;  // indicators
  std::vector<std::string> shared_with;  // member codes from the QCCM sharing extension
};

struct ValidatorOptions {
  // Custom properties without the x_ prefix: warnings (default) or errors.
  bool strict_property_names = false;
  // Parse indicator patterns whose pattern_type is "stix".
  bool check_patterns = true;
};

// Validates objects one at a time. Not thread-safe (holds a parser): use one per thread.
class Validator final {
 public:
  explicit Validator(ValidatorOptions options = {});
  ~Validator();
  Validator(const Validator&) = delete;
  Validator& operator=(const Validator&) = delete;

  // Validates one STIX object given as JSON text. Appends every problem found to `findings`
  // (errors and warnings, each with its JSON path and the object id when known). Returns the
  // facts if no error was found, std::nullopt otherwise.
  //
  // Errors: anything the spec says MUST (required/forbidden properties, types and ranges,
  // reference targets, closed enumerations, timestamps and their order, id form, duplicate
  // keys, unknown non-custom types, malformed STIX patterns). Warnings, which do not stop an
  // import: custom properties without x_ (unless strict_property_names), created/modified
  // with less than millisecond precision, a url that is not an absolute URI, deprecated
  // properties, hash names in the wrong case, STIX 2.0-style custom extensions, properties an
  // embedded type does not define. Open vocabularies are only type-checked.
  //
  // If `padded` is true the caller promises that at least 64 readable bytes follow `json` in
  // memory (as inside a simdjson::padded_string), which saves a copy.
  std::optional<ObjectFacts> Validate(std::string_view json, std::vector<Finding>& findings,
                                      bool padded = false);

  // Validates a whole bundle given as JSON text: its own properties ("type": "bundle", a
  // bundle--<uuid> id, "objects" a list; a STIX 2.0 "spec_version" is a warning) and every
  // object in it, with paths like "$.objects[3].created" and object_index set. A bundle
  // passed to Validate() is an error (it is a container, not an object). Returns true if no
  // error was found.
  bool ValidateBundle(std::string_view json, std::vector<Finding>& findings, bool padded = false);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// True if `type` is one of the object types defined by STIX 2.1 (not custom).
bool IsSpecObjectType(std::string_view type);

}  // namespace qccm::stix
