// The ingest pipeline shared by `qccm import` and TAXII POST: check the write right, validate
// every object (in parallel), store the valid ones in one transaction, report the rest.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/core/time.h"
#include "qccm/sharing/access_policy.h"
#include "qccm/sharing/sharing_store.h"
#include "qccm/stix/reader.h"
#include "qccm/stix/validator.h"
#include "qccm/store/object_store.h"

namespace qccm::sharing {

struct RejectedObject {
  std::size_t index = 0;     // position in the input
  std::string id;            // the object's id when it had a readable one
  Error error;               // the first error (error.where has the path); see `problems`
  std::size_t problems = 1;  // how many errors the object had in all
};

struct IngestOptions {
  bool write_status = false;        // persist a TAXII status resource with the objects
  std::string status_id;            // its id (a UUID) when write_status
  int threads = 0;                  // validation threads; 0: one per core
  bool input_padded = false;        // the slices come from an InputDocument (saves a copy each)
  std::size_t max_warnings = 1000;  // warnings kept in the report (the count is always exact)
  // When not 0: a batch of more objects than this (and no status) is validated and stored as a
  // pipeline of chunks of this size, chunk N+1 validated while chunk N is written, all in one
  // transaction. Off by default: on this 2-core machine, shared with other work, it made the
  // 1M import ~10% slower in wall and CPU time (docs/performance.md); it can only pay off when
  // a core is otherwise idle.
  std::size_t pipeline_chunk = 0;
};

struct IngestReport {
  std::string collection_id;
  std::size_t received = 0;
  std::size_t added = 0;                 // new versions stored
  std::size_t unchanged = 0;             // identical versions already stored
  std::vector<RejectedObject> rejected;  // invalid, or a conflicting duplicate version
  std::vector<Error> warnings;           // at most options.max_warnings
  std::size_t warning_count = 0;
  Timestamp date_added;
  std::string status_id;
  // With write_status: the status resource exactly as committed with the objects (the same
  // record GetStatus returns), so a caller can answer without reading it back.
  store::StatusRecord status;
};

// Called after a commit that added versions: the collection's id, the commit's date_added and
// the versions added (their views are valid during the call only). Runs on the ingesting
// thread after the transaction committed; it must not fail the ingest, so it returns nothing.
using AfterCommitHook = std::function<void(std::string_view collection_id, Timestamp date_added,
                                           std::span<const store::NewObjectVersion> added)>;

// Thread-safe. Borrows the stores and the clock.
class IngestService final {
 public:
  IngestService(store::ObjectStore& objects, SharingStore& sharing, Clock& clock,
                stix::ValidatorOptions validator_options = {})
      : objects_(objects),
        sharing_(sharing),
        clock_(clock),
        validator_options_(validator_options) {}

  // Ingests `objects` into `collection` (id or alias) for `principal`. Invalid objects and
  // conflicting versions are listed in the report; every valid object is stored, all in one
  // transaction. Fails with kNotFound (collection), kPermissionDenied (no write right), or
  // kStorage (then nothing of the batch was stored).
  Result<IngestReport> Ingest(const Principal& principal, std::string_view collection,
                              std::span<const stix::RawObject> objects,
                              const IngestOptions& options = {});

  // Installs the hook (the correlation index uses it). Call before ingesting concurrently:
  // setting it is not synchronised with Ingest.
  void SetAfterCommitHook(AfterCommitHook hook) { after_commit_ = std::move(hook); }

 private:
  store::ObjectStore& objects_;
  SharingStore& sharing_;
  Clock& clock_;
  stix::ValidatorOptions validator_options_;
  AfterCommitHook after_commit_;
};

}  // namespace qccm::sharing
