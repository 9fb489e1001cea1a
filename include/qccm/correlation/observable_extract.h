// Observable extraction: the normalised observables in an SCO, an observed-data object or an
// indicator pattern. Pure functions over JSON text or a parsed pattern (no store, no I/O), so
// the ingest path, the correlation index and the matcher all extract the same way.
//
// What is extracted (data minimisation: structured properties only, never free text such as
// descriptions or identity contact_information):
//   ipv4-addr/ipv6-addr value (address or CIDR), domain-name value, url value, email-addr value,
//   hashes of file/artifact/x509-certificate (MD5, SHA-1, SHA-256, SHA-512, SSDEEP, TLSH; other
//   algorithms are skipped), mutex name, user-account user_id and account_login.
//   Custom objects (x-...) and other properties are ignored. References (*_ref, *_refs) are ids:
//   the referenced objects are extracted in their own right (observed-data `objects`), or by the
//   caller after resolving object_refs.
//   Patterns: every positive `=` and `IN` comparison whose path maps to a type (see
//   ObservableTypeForPath), e.g. file:hashes.'SHA-256', email-message:from_ref.value,
//   network-traffic:dst_ref.value. Negated comparisons and other operators are not observables.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/correlation/observable.h"
#include "qccm/stix/pattern.h"

namespace qccm::correlation {

struct ExtractedObservable {
  Observable observable;
  // Where it was: a JSON path ("$.hashes.MD5", "$.objects.0.value") for objects, the pattern
  // path ("file:hashes.'SHA-256'") for patterns.
  std::string path;
  // Patterns only: the index of the comparison in Pattern::comparisons.
  std::uint32_t comparison = 0;
};

// Observables found, plus the values that looked like observables but failed normalisation
// (kInvalidInput with the JSON path or pattern column in error.where). Problems never stop the
// extraction of the other values.
struct Extraction {
  std::vector<ExtractedObservable> observables;
  std::vector<Error> problems;
};

// The observable type that an object path holds, or std::nullopt if it holds none. `value` is
// consulted only where the path allows several types (ipv4-addr:value may be an address or a
// CIDR; network-traffic:dst_ref.value may be an address or a domain). Thread-safe.
std::optional<ObservableType> ObservableTypeForPath(std::string_view object_type,
                                                    std::span<const stix::PathStep> path,
                                                    std::string_view value);

// The observables of one SCO given as JSON text. Fails with kInvalidInput if the text is not a
// JSON object; an object of another category (SDO, custom) gives an empty extraction.
Result<Extraction> ExtractFromSco(std::string_view json);

// The observables of an observed-data object: every SCO in its (STIX 2.0-style, deprecated in
// 2.1) `objects` dictionary. object_refs are ids the caller resolves and passes to
// ExtractFromSco. Fails with kInvalidInput if the text is not a JSON object.
Result<Extraction> ExtractFromObservedData(std::string_view json);

// The observables of an indicator pattern (see the top of this file).
Extraction ExtractFromPattern(const stix::Pattern& pattern);

// Dispatches on "type": an indicator with pattern_type "stix" (its pattern is parsed; a parse
// failure is one problem), observed-data, or an SCO. Other objects give an empty extraction.
// Fails with kInvalidInput if the text is not a JSON object.
Result<Extraction> ExtractFromObject(std::string_view json);

}  // namespace qccm::correlation
