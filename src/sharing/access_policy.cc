// Rights decisions (docs/rights.md explains the rules and why).
#include "qccm/sharing/access_policy.h"

#include <algorithm>

namespace qccm::sharing {

bool MayHandleIntelligence(const Principal& principal) {
  return HasRole(principal.roles, Role::kAnalyst) || HasRole(principal.roles, Role::kLiaison) ||
         HasRole(principal.roles, Role::kAdmin);
}

bool MayAdministerNode(const Principal& principal) {
  return HasRole(principal.roles, Role::kAdmin);
}

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

bool MaySeeCollection(const CollectionAccess& access) {
  return access.can_read || access.can_write;
}

bool MayDeleteVersion(const Principal& principal, const CollectionAccess& access,
                      std::int64_t author_member) {
  return access.can_write && MayHandleIntelligence(principal) &&
         author_member == principal.member_id;
}

bool MayReadStatus(const Principal& principal, std::int64_t submitting_member) {
  return MayHandleIntelligence(principal) && submitting_member == principal.member_id;
}

bool MayActOnReview(const Principal& principal, std::int64_t owning_member) {
  return principal.member_id == owning_member &&
         (HasRole(principal.roles, Role::kAdmin) || HasRole(principal.roles, Role::kAnalyst));
}

bool MayPlaceLegalHold(const Principal& principal, std::int64_t owning_member) {
  return principal.member_id == owning_member && HasRole(principal.roles, Role::kAdmin);
}

}  // namespace qccm::sharing
