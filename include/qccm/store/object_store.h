// The repository of STIX object versions, per collection. Implemented by each backend
// (src/store/sqlite/, later src/store/postgres/); one conformance suite runs on all of them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/core/time.h"
#include "qccm/stix/tlp.h"

namespace qccm::store {

// One object version to store. The views must stay valid for the duration of the call.
struct NewObjectVersion {
  std::string_view id;
  std::string_view type;
  std::string_view spec_version;
  Timestamp created;
  Timestamp modified;     // the version; for objects without `modified` (SCOs,
                          // marking-definitions) the caller picks created or a constant
  std::string_view json;  // the object's original JSON text, stored byte for byte
  stix::Tlp tlp = stix::Tlp::kNone;
  std::int64_t author_member = 0;               // the member that submitted this version
  std::span<const std::int64_t> named_members;  // members a TLP:RED object is shared with
  bool revoked = false;
  std::optional<Timestamp> valid_until;  // indicators: when it stops applying
};

enum class PutOutcome : std::uint8_t {
  kAdded,      // a new version was stored
  kUnchanged,  // the same id+modified with the same content was already stored (idempotent)
  kConflict,   // the same id+modified with different content is stored: this one was refused
};

struct PutResult {
  std::vector<PutOutcome> outcomes;  // one per input, in input order
  Timestamp date_added;              // the date_added given to the versions added by this call
  std::size_t added = 0;
};

// Which versions of each object to select (TAXII 2.1 match[version]); several may be set,
// and an object version is selected if any applies. Default: last.
struct VersionFilter {
  bool last = false;
  bool first = false;
  bool all = false;
  std::vector<Timestamp> at;  // exact `modified` values

  bool Empty() const { return !last && !first && !all && at.empty(); }
};

// The viewer whose marking rules apply. TLP:RED versions are returned only to their author
// member and members named on them; everything else the collection right already decided.
struct Viewer {
  std::int64_t member_id = 0;
  // Sees every version whatever its marking. Only for rights checks that must consider versions
  // the caller cannot see (who authored an object); never for answers shown to a caller.
  bool every_marking = false;
};

// The position after the last row returned. Opaque to callers; the http layer protects it.
struct Cursor {
  std::int64_t seq = 0;
};

struct ObjectQuery {
  std::vector<std::string> ids;            // match[id]; empty: any
  std::vector<std::string> types;          // match[type]; empty: any
  std::vector<std::string> spec_versions;  // match[spec_version]; empty: any
  VersionFilter versions;                  // empty: last
  std::optional<Timestamp> added_after;    // strictly after
  std::optional<Cursor> after;             // continue after this cursor
  std::size_t limit = 1000;                // at least 1
  bool with_json = true;                   // false for manifests (saves reading the text)
};

// A stored version as listed. `json` is empty when the query did not ask for it.
struct StoredObject {
  std::int64_t seq = 0;  // insertion order; paging is on (date_added, seq)
  std::string id;
  std::string type;
  std::string spec_version;
  Timestamp modified;
  Timestamp date_added;
  std::string json;
  stix::Tlp tlp = stix::Tlp::kNone;
  std::int64_t author_member = 0;
};

struct ObjectPage {
  std::vector<StoredObject> objects;  // ordered by (date_added, seq)
  bool more = false;                  // true if more rows match after this page
  std::optional<Cursor> next;         // set when more is true
};

// One entry of a status resource (TAXII 2.1 §4.3.1 status-details).
struct StatusEntry {
  std::string id;
  std::string version;  // the object's modified (or created) timestamp text
  std::string message;  // why it failed; empty for successes
};

// A TAXII status resource: the outcome of one add-objects request, persisted with the
// objects it reports on (same transaction), readable later by id.
struct StatusRecord {
  std::string id;  // UUID
  std::string collection_id;
  std::int64_t member_id = 0;
  std::int64_t user_id = 0;
  Timestamp request_time;
  bool complete = true;
  std::vector<StatusEntry> successes;
  std::vector<StatusEntry> failures;
  std::vector<StatusEntry> pendings;
  std::int64_t total_count() const {
    return static_cast<std::int64_t>(successes.size() + failures.size() + pendings.size());
  }
};

// Supplies the versions of one streamed put (ObjectStore::PutObjectStream) a chunk at a time,
// so the caller can prepare chunk N+1 (validate it) while the store writes chunk N.
class VersionSource {
 public:
  virtual ~VersionSource() = default;
  // Returns the next chunk; an empty span when there is no more. The views of every chunk
  // returned must stay valid until PutObjectStream returns. An error ends the put, and nothing
  // of it is stored.
  virtual Result<std::span<const NewObjectVersion>> Next() = 0;
};

// Object versions of every collection. Implementations are thread-safe; writes are serialised.
class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  // Stores `versions` in `collection_id` in one transaction: all of them or, on a storage
  // failure, none. A version already stored with identical content is kUnchanged; one with
  // different content is kConflict and the rest of the batch is still stored. Fails with
  // kNotFound if the collection does not exist, kStorage on a database failure.
  //
  // When `status` is given, its failures hold what the caller refused before storing
  // (validation); the store appends a success per added or unchanged version and a failure per
  // conflict, then persists the record in the same transaction as the objects.
  virtual Result<PutResult> PutObjects(std::string_view collection_id,
                                       std::span<const NewObjectVersion> versions,
                                       StatusRecord* status = nullptr) = 0;

  // As PutObjects (without a status record) for the concatenation of every chunk `source`
  // yields, in one transaction: all of them or, on a storage failure or an error from `source`,
  // none. Outcomes are in concatenated order. Next() is called on the calling thread. The
  // default collects the chunks and calls PutObjects; a backend overrides it to write each
  // chunk as it comes.
  virtual Result<PutResult> PutObjectStream(std::string_view collection_id, VersionSource& source) {
    std::vector<NewObjectVersion> all;
    for (;;) {
      QCCM_TRY(chunk, source.Next());
      if (chunk.empty()) break;
      all.insert(all.end(), chunk.begin(), chunk.end());
    }
    return PutObjects(collection_id, all);
  }

  // Returns a status record by id. Fails with kNotFound if there is none.
  virtual Result<StatusRecord> GetStatus(std::string_view status_id) = 0;

  // Lists versions in `collection_id` matching `query`, visible to `viewer`, in (date_added,
  // seq) order, at most query.limit of them. The cost of a page does not depend on its
  // depth. Fails with kInvalidArgument if limit is 0, kStorage on failure.
  virtual Result<ObjectPage> ListObjects(std::string_view collection_id, const ObjectQuery& query,
                                         const Viewer& viewer) = 0;

  // Removes the versions of `id` in `collection_id` selected by `versions` (empty: all) and
  // `spec_versions` (empty: any) that `viewer` can see. Returns how many were removed
  // (0 is not an error).
  virtual Result<std::size_t> DeleteObject(std::string_view collection_id, std::string_view id,
                                           const VersionFilter& versions,
                                           std::span<const std::string> spec_versions,
                                           const Viewer& viewer) = 0;

  // Counts the versions stored in a collection (all collections when empty).
  virtual Result<std::int64_t> CountObjects(std::string_view collection_id) = 0;
};

}  // namespace qccm::store
