// Who may do what: the one place where sharing rights are decided. Every CLI command and HTTP
// handler that touches intelligence asks here; none decides on its own.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "qccm/sharing/sharing.h"
#include "qccm/stix/tlp.h"

namespace qccm::sharing {

// An authenticated caller: a user acting for its member agency.
struct Principal {
  std::int64_t user_id = 0;
  std::string user_name;
  std::int64_t member_id = 0;
  std::string member_code;
  RoleSet roles = 0;
};

// Roles that may read or write intelligence content. Trainers work on training records and
// auditors on audit metadata only: neither ever sees intelligence content.
bool MayHandleIntelligence(const Principal& principal);

// Node administration (members, users, collections, rights) needs the admin role.
bool MayAdministerNode(const Principal& principal);

// A principal's effective rights on one collection, given its member's right row (if any).
struct CollectionAccess {
  bool can_read = false;
  bool can_write = false;
};
CollectionAccess DecideCollectionAccess(const Principal& principal,
                                        const std::optional<CollectionRight>& member_right);

// Marking rule for one object version the principal's member can already read through a
// collection: TLP:RED only for the author member and the members named on the object.
// CLEAR, GREEN, AMBER and AMBER+STRICT are readable by every member with the collection right.
bool MayReadObject(const Principal& principal, stix::Tlp tlp, std::int64_t author_member,
                   std::span<const std::int64_t> named_members);

// Whether a collection may be revealed to the principal at all. A member without any right on
// a collection must not learn that it exists: callers answer "not found", not "forbidden".
bool MaySeeCollection(const CollectionAccess& access);

// Deleting an object version needs the write right on its collection, and the version must
// have been submitted by the principal's own member: no member deletes another's intelligence.
bool MayDeleteVersion(const Principal& principal, const CollectionAccess& access,
                      std::int64_t author_member);

// A TAXII status resource is readable only by the member whose request it reports on.
bool MayReadStatus(const Principal& principal, std::int64_t submitting_member);

// Retention (docs/retention.md): a review task on an object holding personal data is listed,
// renewed or purged early only by an admin or analyst of the member that owns the object.
bool MayActOnReview(const Principal& principal, std::int64_t owning_member);

// A legal hold on an object is placed and released only by an admin of the owning member.
bool MayPlaceLegalHold(const Principal& principal, std::int64_t owning_member);

}  // namespace qccm::sharing
