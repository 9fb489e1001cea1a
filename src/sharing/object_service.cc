// Rights-checked object access: every decision comes from access_policy.h; this file only
// gathers the facts those rules need (the member's right row, the authors of versions).
#include "qccm/sharing/object_service.h"

#include <algorithm>
#include <optional>

namespace qccm::sharing {
namespace {

std::unexpected<Error> NoIntelligenceRole(const Principal& principal) {
  return MakeError(ErrorCode::kPermissionDenied,
                   "user '" + principal.user_name +
                       "' has no role that may handle intelligence (analyst, liaison or admin)");
}

std::unexpected<Error> NoSuchCollection(std::string_view collection) {
  return MakeError(ErrorCode::kNotFound, "no collection '" + std::string(collection) + "'");
}

// Versions selected for a delete are removed by their exact `modified`, this many at a time
// (well under SQLite's bound on statement parameters).
constexpr std::size_t kDeleteChunk = 512;

}  // namespace

Result<CollectionGrant> ObjectService::Authorize(const Principal& principal,
                                                 std::string_view collection, Need need) {
  if (!MayHandleIntelligence(principal)) return NoIntelligenceRole(principal);
  auto found = sharing_.GetCollection(collection);
  if (!found) {
    if (found.error().code == ErrorCode::kNotFound) return NoSuchCollection(collection);
    return std::unexpected(std::move(found).error());
  }
  QCCM_TRY(rights, sharing_.ListRights(found->id));
  std::optional<CollectionRight> mine;
  for (const CollectionRight& right : rights) {
    if (right.member_id == principal.member_id) mine = right;
  }
  CollectionAccess access = DecideCollectionAccess(principal, mine);
  if (!MaySeeCollection(access)) return NoSuchCollection(collection);
  if ((need == Need::kRead && !access.can_read) || (need == Need::kWrite && !access.can_write)) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "member '" + principal.member_code + "' may not " +
                         (need == Need::kRead ? "read" : "write") + " collection '" +
                         std::string(collection) + "'");
  }
  return CollectionGrant{.collection = std::move(*found), .access = access};
}

Result<std::vector<CollectionGrant>> ObjectService::Collections(const Principal& principal) {
  if (!MayHandleIntelligence(principal)) return NoIntelligenceRole(principal);
  QCCM_TRY(rights, sharing_.ListRightsOfMember(principal.member_id));
  std::vector<CollectionGrant> out;
  for (const CollectionRight& right : rights) {
    CollectionAccess access = DecideCollectionAccess(principal, right);
    if (!MaySeeCollection(access)) continue;
    QCCM_TRY(collection, sharing_.GetCollection(right.collection_id));
    out.push_back(CollectionGrant{.collection = std::move(collection), .access = access});
  }
  std::sort(out.begin(), out.end(), [](const CollectionGrant& a, const CollectionGrant& b) {
    return a.collection.title != b.collection.title ? a.collection.title < b.collection.title
                                                    : a.collection.id < b.collection.id;
  });
  return out;
}

Result<store::ObjectPage> ObjectService::ListObjects(const Principal& principal,
                                                     std::string_view collection,
                                                     const store::ObjectQuery& query) {
  QCCM_TRY(grant, Authorize(principal, collection, Need::kRead));
  // The store applies MayReadObject's marking rule in its query (TLP:RED for the author
  // member and the named members only), so invisible versions are never read.
  return objects_.ListObjects(grant.collection.id, query,
                              store::Viewer{.member_id = principal.member_id});
}

Result<std::size_t> ObjectService::DeleteObject(const Principal& principal,
                                                std::string_view collection, std::string_view id,
                                                const store::VersionFilter& versions,
                                                std::span<const std::string> spec_versions) {
  QCCM_TRY(grant, Authorize(principal, collection, Need::kWrite));
  const store::Viewer viewer{.member_id = principal.member_id};
  store::ObjectQuery query{.ids = {std::string(id)},
                           .spec_versions = {spec_versions.begin(), spec_versions.end()},
                           .versions = versions,
                           .limit = 1000,
                           .with_json = false};
  if (query.versions.Empty()) query.versions.all = true;
  // Gather the selected versions first: all must be the member's own, or none is deleted.
  std::vector<Timestamp> selected;
  std::size_t foreign = 0;
  for (;;) {
    QCCM_TRY(page, objects_.ListObjects(grant.collection.id, query, viewer));
    for (const store::StoredObject& object : page.objects) {
      if (MayDeleteVersion(principal, grant.access, object.author_member)) {
        selected.push_back(object.modified);
      } else {
        ++foreign;
      }
    }
    if (!page.more) break;
    query.after = page.next;
  }
  if (selected.empty() && foreign == 0) {
    return MakeError(ErrorCode::kNotFound, "no object '" + std::string(id) +
                                               "' matching the request in collection '" +
                                               std::string(collection) + "'");
  }
  if (foreign > 0) {
    return MakeError(ErrorCode::kPermissionDenied,
                     std::to_string(foreign) + " of the selected versions of '" + std::string(id) +
                         "' were submitted by other members; a member may delete only the "
                         "versions it submitted (select them with match[version])");
  }
  // Deleting by exact `modified` removes only what was checked above, even if another version
  // arrives meanwhile.
  std::size_t removed = 0;
  for (std::size_t begin = 0; begin < selected.size(); begin += kDeleteChunk) {
    store::VersionFilter exact;
    const std::size_t end = std::min(selected.size(), begin + kDeleteChunk);
    exact.at.assign(selected.begin() + static_cast<std::ptrdiff_t>(begin),
                    selected.begin() + static_cast<std::ptrdiff_t>(end));
    QCCM_TRY(count, objects_.DeleteObject(grant.collection.id, id, exact, spec_versions, viewer));
    removed += count;
  }
  if (after_delete_ && removed > 0) after_delete_(grant.collection.id, id);
  return removed;
}

Result<store::StatusRecord> ObjectService::GetStatus(const Principal& principal,
                                                     std::string_view status_id) {
  if (!MayHandleIntelligence(principal)) return NoIntelligenceRole(principal);
  auto status = objects_.GetStatus(status_id);
  if (!status) {
    if (status.error().code == ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kNotFound, "no status '" + std::string(status_id) + "'");
    }
    return std::unexpected(std::move(status).error());
  }
  if (!MayReadStatus(principal, status->member_id)) {
    return MakeError(ErrorCode::kNotFound, "no status '" + std::string(status_id) + "'");
  }
  return status;
}

}  // namespace qccm::sharing
