// STIX identifiers ("type--uuid") and UUID generation.
#pragma once

#include <string>
#include <string_view>

#include "qccm/core/result.h"

namespace qccm {

// True if `type` is a valid STIX type name (STIX 2.1 §3.1): 3-250 characters of a-z, 0-9 and
// '-', starting with a letter, not ending with '-', with no "--".
bool IsValidStixType(std::string_view type);

// True if `uuid` is an RFC 4122 UUID in 8-4-4-4-12 hex form with version 1-5 and the RFC 4122
// variant (as the STIX 2.1 JSON schema's identifier pattern requires).
bool IsValidUuid(std::string_view uuid);

// A parsed identifier. Both views point into the text given to ParseStixId.
struct StixIdParts {
  std::string_view type;
  std::string_view uuid;
};

// Splits and checks "type--uuid". Fails with kInvalidInput saying which part is wrong.
Result<StixIdParts> ParseStixId(std::string_view id);

// Returns the type part of a well-formed id, or an empty view if there is no "--".
std::string_view StixIdType(std::string_view id);

// A new random (version 4) UUID in lower-case canonical form. Thread-safe.
std::string NewUuidV4();

// A new identifier "type--<uuid v4>".
std::string NewStixId(std::string_view type);

}  // namespace qccm
