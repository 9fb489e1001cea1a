// The rights matrix: every route the node's router lists x every HTTP method on its path x
// every caller role x the caller member's right on the collection x own / other member's
// object x every TLP marking, each answer checked against the expectation table. The table
// is keyed by route name; a route without an entry fails the run with a message saying where
// to add one, so a route added later cannot slip through unchecked.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "security/security_world.h"

namespace qccm::security_test {

// What a route needs, as the documented rules (docs/api/taxii.md "Rights") say.
enum class Rule : std::uint8_t {
  kPublic,          // no credentials needed (operations endpoints)
  kSignedIn,        // any authenticated user (discovery, API root)
  kCollectionList,  // intelligence role; lists only collections with a right
  kSeeCollection,   // intelligence role + any right on the collection (else 404)
  kReadObjects,     // + read right; a listing that holds the object iff it is visible
  kReadOneObject,   // + read right; the object by id, 404 when invisible
  kObjectVersions,  // + read right; the versions of the object by id, 404 when invisible
  kWriteObjects,    // + write right; a new version of an object is accepted only for own ones
  kDeleteObject,    // + write right; only own objects, 404 when invisible
  kOwnStatus,       // intelligence role; the own member's status only (others: 404)
  // /api/v1 (docs/correlation.md):
  kIntelligence,  // any intelligence role: `ok`
  kAdminOnly,     // the admin role: `ok`; other roles 403
  kClueRead,      // intelligence role; the object readable (read right, not hidden): `ok`, else 404
  kOwnOnly,       // intelligence role; the own member's notification or RFI: `ok`, else 404
  kOwnSingleUse,  // as kOwnOnly, but a second use of the same thing may be 409
  // /api/v1/audit (docs/oversight.md):
  kAuditorOnly,  // the auditor role: `ok`; other roles 403 (auditors never see content)
};

// What an {id} parameter of an /api/v1 route names.
enum class IdKind : std::uint8_t { kObject, kNotification, kRfiAddressedToOwn, kRfiAskedByOwn };

struct RouteExpectation {
  Rule rule = Rule::kSignedIn;
  std::string query;  // appended to the target; "{object}" is replaced by the object id
  int ok = 200;       // the success status of the /api/v1 rules
  IdKind id = IdKind::kObject;
  std::string body;  // the body of a POST or PUT (TAXII add-objects makes its own)
};

using ExpectationTable = std::map<std::string, RouteExpectation, std::less<>>;

// The table for every route of the node (by RouteInfo::name).
const ExpectationTable& NodeExpectations();

struct MatrixResult {
  std::size_t cells = 0;              // requests made and checked
  std::vector<std::string> failures;  // one line per wrong answer or missing expectation
};

// Runs the whole matrix against `router` (dispatching through `world`'s request builder).
MatrixResult RunRightsMatrix(const http::Router& router, SecurityWorld& world,
                             const ExpectationTable& table);

}  // namespace qccm::security_test
