// Loading the indicators a member may read into a Matcher. Which collections and objects that
// is, is decided by sharing/ (AccessibleCollections, the store's Viewer marking rule); this
// only pages through them and turns each indicator into an IndicatorInput.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/matching/matcher.h"
#include "qccm/sharing/access_policy.h"
#include "qccm/sharing/sharing_service.h"
#include "qccm/store/object_store.h"

namespace qccm::matching {

struct LoadReport {
  std::size_t collections = 0;           // collections read
  std::size_t indicators = 0;            // indicator versions seen
  std::size_t added = 0;                 // held by the matcher afterwards (added or replaced)
  std::size_t skipped = 0;               // non-STIX pattern types, revoked
  std::vector<std::string> unsupported;  // "indicator--...: why", one per indicator
  std::vector<std::string> invalid;      // patterns that do not parse
};

// The IndicatorInput of one indicator's JSON text; std::nullopt if it is not an indicator with
// pattern_type "stix" (other pattern languages are not matched). Fails with kInvalidInput if
// the text is not JSON or lacks id/modified/pattern.
Result<std::optional<IndicatorInput>> IndicatorFromJson(std::string_view json);

// Loads the latest version of every indicator `principal` may read (every collection with the
// read right, TLP:RED rules applied by the store). Fails with kPermissionDenied if the
// principal may not handle intelligence, kStorage on a store failure.
Result<LoadReport> LoadIndicatorsFor(sharing::SharingService& sharing, store::ObjectStore& objects,
                                     const sharing::Principal& principal, Matcher& matcher);

}  // namespace qccm::matching
