// Rights decisions (docs/rights.md explains the rules and why).
#include "qccm/sharing/access_policy.h"

#include <algorithm>

namespace qccm::sharing {

bool MayHandleIntelligence(const Principal& principal) {
  return HasRole(principal.roles, Role::kAnalyst) || HasRole(principal.roles, Role::kLiaison) ||
         HasRole(principal.roles, Role::kAdmin);
}

bool MayAdministerNode(const Principal& principal) { return HasRole(principal.roles, Role::kAdmin); }

CollectionAccess DecideCollectionAccess(const Principal& principal,
                                        const std::optional<CollectionRight>& member_right) {
  if (!member_right || member_right->member_id != principal.member_id ||
      !MayHandleIntelligence(principal)) {
    return {};
  }
  return CollectionAccess{.can_read = member_right->can_read, .can_write = member_right->can_write};
}

bool MayReadObject(const Principal& principal, stix::Tlp tlp, std::int64_t author_member,
                   std::span<const std::int64_t> named_members) {
  if (tlp != stix::Tlp::kRed) return true;
  if (author_member == principal.member_id) return true;
  return std::find(named_members.begin(), named_members.end(), principal.member_id) !=
         named_members.end();
}

}  // namespace qccm::sharing
