// TAXII 2.1 URL parameters (§3.4, §3.5): which ones each endpoint takes, and their parsing
// into a store query. Unknown parameters, repeated single-valued ones and malformed values are
// errors (kInvalidArgument, 400) that name the parameter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "http/request.h"
#include "qccm/core/result.h"
#include "qccm/core/time.h"
#include "qccm/store/object_store.h"

namespace qccm::http::taxii {

// The endpoints that take parameters, and one for those that take none.
enum class Endpoint : std::uint8_t {
  kNoParameters,  // discovery, API root, collections, collection, status
  kObjects,       // GET objects: every filter
  kManifest,      // GET manifest: every filter
  kObject,        // GET one object: added_after, limit, next, match[version], match[spec_version]
  kVersions,      // GET versions: added_after, limit, next, match[spec_version]
  kDeleteObject,  // DELETE one object: match[version], match[spec_version]
};

// The page size bounds: a request without limit gets default_size; a larger limit than
// max_size is lowered to it (TAXII §3.4.1 lets the server return fewer).
struct PageLimits {
  std::size_t default_size = 1000;
  std::size_t max_size = 10000;
};

// The parsed parameters of one request.
struct Filters {
  std::vector<std::string> ids;            // match[id], sorted, unique
  std::vector<std::string> types;          // match[type], sorted, unique
  std::vector<std::string> spec_versions;  // match[spec_version], sorted, unique
  store::VersionFilter versions;           // match[version]; Empty() when not given
  std::optional<Timestamp> added_after;
  std::size_t limit = 0;  // the page size to use (after defaults and the cap)
  std::string next;       // the raw next token; empty when not given

  // A canonical text of everything that selects objects (not limit, not next), for binding a
  // next token to the query it continues.
  std::string Canonical() const;
};

// Parses `query` for `endpoint`. Comma-separated lists and repeated match[...] parameters are
// unions. Fails with kInvalidArgument naming the parameter: unknown for this endpoint, given
// twice (added_after, limit, next), empty, or malformed (ids that are not type--uuid, type
// names that break STIX naming rules, versions other than first/last/all/a timestamp,
// spec_versions not of the form N.N, added_after not a timestamp, limit not a positive
// integer).
Result<Filters> ParseFilters(const QueryParams& query, Endpoint endpoint, const PageLimits& limits);

}  // namespace qccm::http::taxii
