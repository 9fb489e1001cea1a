// Rights-checked access to stored intelligence: collection listings, object reads, deletes
// and status reads. Every read of objects (TAXII handlers, later the CLI export) goes through
// here, and every decision is taken by access_policy.h.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/sharing/access_policy.h"
#include "qccm/sharing/sharing.h"
#include "qccm/sharing/sharing_store.h"
#include "qccm/store/object_store.h"

namespace qccm::sharing {

// What an operation needs on a collection.
enum class Need : std::uint8_t {
  kSee,    // any right (collection metadata)
  kRead,   // the read right (objects, manifests, versions)
  kWrite,  // the write right (add, delete)
};

// A collection with the principal's effective rights on it.
struct CollectionGrant {
  Collection collection;
  CollectionAccess access;
};

// Thread-safe (the stores are). Borrows both stores.
//
// Errors, the same for every operation: kPermissionDenied when the principal's roles do not
// allow intelligence at all (trainers, auditors) or when the collection is visible to it but
// lacks the needed right; kNotFound when the collection does not exist or the principal's
// member has no right on it (its existence is not revealed); kStorage from the store.
class ObjectService final {
 public:
  ObjectService(store::ObjectStore& objects, SharingStore& sharing)
      : objects_(objects), sharing_(sharing) {}

  // Decides the principal's access to `collection` (id or alias) for `need`.
  Result<CollectionGrant> Authorize(const Principal& principal, std::string_view collection,
                                    Need need);

  // Every collection the principal may see, ordered by title.
  Result<std::vector<CollectionGrant>> Collections(const Principal& principal);

  // One page of object versions in `collection` matching `query`, as the principal may see
  // them (TLP:RED versions only for their author member and the members named on them). Needs
  // the read right. The collection id in `query` results is the canonical one.
  Result<store::ObjectPage> ListObjects(const Principal& principal, std::string_view collection,
                                        const store::ObjectQuery& query);

  // Deletes the versions of object `id` selected by `versions` (empty: all of them) and
  // `spec_versions` (empty: any). Needs the write right; every selected version must have been
  // submitted by the principal's member, else nothing is deleted and it fails with
  // kPermissionDenied. Fails with kNotFound if no visible version is selected. Returns how
  // many versions were removed.
  Result<std::size_t> DeleteObject(const Principal& principal, std::string_view collection,
                                   std::string_view id, const store::VersionFilter& versions,
                                   std::span<const std::string> spec_versions);

  // A status resource, readable only by the member that submitted the request it reports on.
  // Fails with kNotFound if there is none or it belongs to another member.
  Result<store::StatusRecord> GetStatus(const Principal& principal, std::string_view status_id);

  // Called after DeleteObject removed versions, with the canonical collection id and the
  // object id (the correlation index re-reads what is left). Install before serving.
  using AfterDeleteHook = std::function<void(std::string_view collection_id, std::string_view id)>;
  void SetAfterDeleteHook(AfterDeleteHook hook) { after_delete_ = std::move(hook); }

 private:
  store::ObjectStore& objects_;
  SharingStore& sharing_;
  AfterDeleteHook after_delete_;
};

}  // namespace qccm::sharing
