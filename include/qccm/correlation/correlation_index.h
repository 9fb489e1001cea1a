// The correlation index: observable -> the stored objects that carry it, per collection, with
// first and last seen. Values are interned once (type byte + canonical text in an arena) and
// each has one posting list of object entries, so memory grows with distinct values and
// postings, never with pairs of objects. Kept current from the ingest path (Apply after each
// commit) and rebuilt from the store at start.
//
// Rights: every object entry belongs to a visibility class (a collection, plus for TLP:RED its
// author and named members): all objects of a class are readable by exactly the same members.
// Queries take the classes the caller may read and return only objects of those classes; what
// they say about the others is one list of (holder, object) pairs for the hit/no-hit
// notification, which services never show to the caller.
//
// The cap: at most `cap_per_class` postings of one value are kept per visibility class; past it
// the (value, class) pair is marked saturated. Counting per class keeps a reader's answer
// independent of classes it cannot read (a node-wide cap would reveal how often hidden data
// holds a value).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/core/time.h"
#include "qccm/correlation/clue_parse.h"
#include "qccm/correlation/exclusions.h"
#include "qccm/correlation/observable.h"
#include "qccm/stix/tlp.h"

namespace qccm::correlation {

// What the index needs of one stored object version (the store's row and the object's text).
struct IndexedVersion {
  std::string_view collection_id;
  std::string_view id;
  std::string_view type;
  Timestamp modified;
  Timestamp date_added;
  std::string_view json;
  stix::Tlp tlp = stix::Tlp::kNone;
  std::int64_t author_member = 0;
  std::span<const std::int64_t> named_members;
  bool revoked = false;
};

// Objects of one class are readable by the same members: those with the read right on the
// collection, and for TLP:RED only the author and the named members among them.
struct VisibilityClass {
  std::string collection_id;
  bool red = false;
  std::int64_t author_member = 0;           // red only
  std::vector<std::int64_t> named_members;  // red only, sorted
};

// readable[c] != 0: the caller may read class c. Classes past the end are unreadable (a class
// created after the caller computed its vector).
using ReadableClasses = std::vector<char>;

// One object entry as queries return it (a copy).
struct IndexedObject {
  std::string id;
  std::string type;
  std::string collection_id;
  std::uint32_t visibility = 0;
  ClueKind kind = ClueKind::kOther;
  std::int64_t author_member = 0;
  std::vector<std::int64_t> source_members;  // claimed provenance, resolved (unknown codes dropped)
  std::string created_by_ref;
  std::int64_t identity_member = 0;  // identities that stand for their author member
  Timestamp modified;
  Timestamp first_seen;  // date_added of the first version indexed in this collection
  Timestamp last_seen;   // date_added of the latest
  int stance = 0;
  std::vector<std::string> target_refs;
  std::vector<Observable> observables;
};

struct LookupResult {
  std::string excluded;                 // why the value is not indexed; "" when it is
  std::vector<IndexedObject> readable;  // ordered by (first_seen, id, collection_id)
  bool truncated = false;               // a readable class reached the cap for this value
  // Unreadable carriers: (author member, object id). For notifications only; never shown.
  std::vector<std::pair<std::int64_t, std::string>> hidden;
};

struct IndexStats {
  std::size_t values = 0;  // distinct interned observables
  std::size_t postings = 0;
  std::size_t objects = 0;  // live object entries
  std::size_t classes = 0;
  std::size_t excluded_skipped = 0;    // occurrences not indexed because excluded
  std::size_t saturated_pairs = 0;     // (value, class) pairs at the cap
  std::size_t capped_postings = 0;     // postings not kept because of the cap
  std::size_t memory_bytes = 0;        // heap held by the index (estimate from capacities)
  std::size_t value_memory_bytes = 0;  // of which values, their interning and posting lists
  double bytes_per_value() const {
    return values == 0 ? 0.0
                       : static_cast<double>(value_memory_bytes) / static_cast<double>(values);
  }
};

struct IndexOptions {
  std::size_t cap_per_class = 10000;
  Exclusions exclusions = Exclusions::Default();
  // Resolves a member code to its id (0: unknown). Called under the index's write lock.
  std::function<std::int64_t(std::string_view code)> member_of_code;
};

// Thread-safe: queries share a lock, Apply/Remove take it exclusively.
class CorrelationIndex final {
 public:
  explicit CorrelationIndex(IndexOptions options = {});
  ~CorrelationIndex();
  CorrelationIndex(const CorrelationIndex&) = delete;
  CorrelationIndex& operator=(const CorrelationIndex&) = delete;

  // Indexes one version: a newer `modified` than the entry held for (collection, id) replaces
  // it; an older or equal one is ignored (returns false). A revoked version removes the entry's
  // observables and references but remembers its version. `parsed` is ParseClue(version.json).
  bool Apply(const IndexedVersion& version, const ParsedClue& parsed);
  // Forgets the entry for (collection, id) (after a delete). Returns false if none was held.
  bool Remove(std::string_view collection_id, std::string_view id);

  std::vector<VisibilityClass> Classes() const;
  // The class ids of the live entries of `id` (any collection).
  std::vector<std::uint32_t> ClassesOf(std::string_view id) const;

  LookupResult Lookup(const Observable& observable, const ReadableClasses& readable) const;
  // The readable entries of object `id`, one per collection.
  std::vector<IndexedObject> Objects(std::string_view id, const ReadableClasses& readable) const;
  // Readable sightings and opinions that reference `id`.
  std::vector<IndexedObject> ReferencesTo(std::string_view id,
                                          const ReadableClasses& readable) const;
  // Readable entries submitted by `member` with observables (indicators, observed-data, SCOs),
  // newest first, at most `limit`.
  std::vector<IndexedObject> CluesBy(std::int64_t member, const ReadableClasses& readable,
                                     std::size_t limit) const;

  // The visibility class of the entry for (collection, id), if one is held (live or revoked).
  std::optional<std::uint32_t> VisibilityOf(std::string_view collection_id,
                                            std::string_view id) const;
  // The author member of the live entry of `id` in class `visibility` (0: none). For
  // notifications only.
  std::int64_t AuthorOf(std::string_view id, std::uint32_t visibility) const;

  IndexStats Stats() const;
  const Exclusions& exclusions() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace qccm::correlation
