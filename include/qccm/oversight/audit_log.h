// The audit log service: appends one request's records at a time, signs tree heads at
// intervals, proves inclusion and consistency, verifies the whole log, and answers queries,
// samples and "who read my data".
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/core/time.h"
#include "qccm/oversight/audit_record.h"
#include "qccm/oversight/audit_store.h"
#include "qccm/oversight/merkle.h"
#include "qccm/oversight/tree_head.h"

namespace qccm::oversight {

struct AuditLogOptions {
  // A head is signed during the Append that makes the log this many records longer than the
  // last head, or the first Append at least head_every_micros after the last head.
  std::uint64_t head_every_records = 1000;
  std::int64_t head_every_micros = 60LL * 1000 * 1000;
};

// An inclusion proof with everything a third party needs to check it offline.
struct InclusionProofBundle {
  std::uint64_t leaf_index = 0;
  std::string record;      // the canonical record text ("" if purged)
  Hash leaf{};             // SHA-256(0x00 || record)
  std::vector<Hash> path;  // RFC 9162 §2.1.3 audit path
  SignedTreeHead head;     // the signed head the path leads to
};

struct ConsistencyProofBundle {
  SignedTreeHead first;
  SignedTreeHead second;
  std::vector<Hash> path;
};

// What Verify found wrong. `index` is the first record (leaf index) concerned.
struct VerifyProblem {
  enum class Kind : std::uint8_t {
    kEdited,        // the record's content does not hash to its stored leaf
    kDeleted,       // a record is missing (a gap, or later records renumbered down)
    kInserted,      // a record that was not written at this place (later ones renumbered up)
    kReordered,     // records swapped places
    kHeadInvalid,   // a stored head whose signature does not verify with the key
    kHeadMismatch,  // a signed head whose root differs from the recomputed tree: some record in
                    // [index, end) changed after it was signed
    kTruncated,     // a signed head covers records that are no longer there
    kNodeMismatch,  // a stored interior node differs from the recomputed one (proofs would fail)
  };
  Kind kind;
  std::uint64_t index = 0;
  std::uint64_t end = 0;  // for kHeadMismatch / kTruncated: the head's size
  std::string message;    // "record 41 edited: its content does not match its leaf hash"
};
std::string_view ProblemKindName(VerifyProblem::Kind kind);

struct VerifyReport {
  std::uint64_t records = 0;  // records scanned
  std::uint64_t purged = 0;   // of which purged (leaf hash trusted, content gone)
  std::uint64_t heads = 0;    // signed heads checked
  std::uint64_t nodes = 0;    // stored interior nodes checked
  Hash root{};                // the recomputed root over every stored record
  std::uint64_t problem_count = 0;
  std::vector<VerifyProblem> problems;  // the first 100
  bool ok() const { return problem_count == 0; }
};

struct VerifyOptions {
  // The key heads must be signed with; default: the node's own key (or, for a read-only log,
  // keys/audit_ed25519.pub). Pass the published key to check against it.
  std::optional<PublicKey> key;
};

// A query of the log. Times: a half-open range [since, until); both must be valid and
// since < until. Paging: pass the previous page's `next` as `after`.
struct AuditQuery {
  AuditFilter filter;
  std::optional<std::uint64_t> after;
  std::size_t limit = 100;  // 1..10000
};

struct AuditPage {
  std::vector<AuditRecord> records;
  std::optional<std::uint64_t> next;  // the cursor of the next page; absent on the last page
};

// A reproducible random sample: the same seed, tree size and filter always give the same
// records. Indices are drawn with libsodium's randombytes_buf_deterministic (ChaCha20) keyed by
// SHA-256(seed), by rejection sampling (docs/oversight.md gives the procedure).
struct SampleRequest {
  std::string seed;
  std::size_t count = 10;                  // 1..10000
  std::optional<std::uint64_t> tree_size;  // default: the latest signed head's size
  AuditFilter filter;
};

// Thread-safe: reads go straight to the store. Appends are group-committed: while one thread
// stores its records, the records of threads that arrive meanwhile queue up, and the next of
// them stores every queued record in one transaction (one commit for many requests); each
// Append still returns only after its own records are committed, or with the error that
// failed their group.
class AuditLog final {
 public:
  // Loads the tree's frontier from `store`. `key` may be null for a read-only log (no appends,
  // no signing). `store`, `key` and `clock` must outlive the log. Fails with kStorage or
  // kInternal (stored nodes missing).
  static Result<std::unique_ptr<AuditLog>> Open(AuditStore& store, const NodeKey* key, Clock& clock,
                                                AuditLogOptions options = {});

  // Appends one request's records in one transaction; returns their seqs. Sets each record's
  // seq, its time when 0, and sorts its owners. Signs a head in the same transaction when one is
  // due. Fails with kInvalidArgument (ValidateRecord; nothing stored), kPermissionDenied
  // (read-only log), kStorage.
  Result<std::vector<std::uint64_t>> Append(std::span<const AuditRecord> records);
  // As Append, moving the records out of `records` instead of copying them (a page's record
  // names 1000 ids: the request path's hot case). On kInvalidArgument `records` is untouched
  // (the caller may repair and retry); otherwise its records are left moved-from.
  Result<std::vector<std::uint64_t>> AppendOwned(std::vector<AuditRecord>& records);

  // Signs and stores a head over the current size, unless the latest head already has that size
  // (then returns it). kPermissionDenied for a read-only log.
  Result<SignedTreeHead> SignTreeHead();
  // For a timer: signs a head if records were appended and one is due by time.
  Result<std::optional<SignedTreeHead>> MaybeSignTreeHead();
  Result<std::optional<SignedTreeHead>> LatestHead();
  std::uint64_t size();

  // Proves that record `leaf_index` is in the tree of the signed head of size `tree_size`
  // (default: the latest head). Fails with kNotFound if there is no such record, or no signed
  // head of that size (or none yet covering the record), kStorage.
  Result<InclusionProofBundle> ProveInclusion(std::uint64_t leaf_index,
                                              std::optional<std::uint64_t> tree_size = {});
  // Proves that the head of size `first` is a prefix of the head of size `second`. Both must be
  // signed heads; kNotFound otherwise, kInvalidArgument if first > second.
  Result<ConsistencyProofBundle> ProveConsistency(std::uint64_t first, std::uint64_t second);

  // Full scan: recomputes every leaf from the stored content, the tree, every stored interior
  // node; checks every head's signature and root. Fails only if the scan cannot run (kStorage,
  // no key); what it finds wrong is in the report.
  Result<VerifyReport> Verify(const VerifyOptions& options = {});

  // Fails with kInvalidArgument on a bad limit or time range (nothing else happens).
  Result<AuditPage> Query(const AuditQuery& query);
  // Fails with kInvalidArgument on a bad count or time range, kNotFound without a head.
  Result<std::vector<AuditRecord>> Sample(const SampleRequest& request);
  // Records that touched `member_code`'s contributions, by any member, narrowed by `query`
  // (its owner filter is replaced).
  Result<AuditPage> WhoReadMyData(const std::string& member_code, AuditQuery query);

  // Retention: erases the content of records [0, end); `end` must not pass the latest head
  // (kInvalidArgument), so that every purged record stays covered by a signed root.
  Status PurgeBefore(std::uint64_t end);

 private:
  AuditLog(AuditStore& store, const NodeKey* key, Clock& clock, AuditLogOptions options)
      : store_(store), key_(key), clock_(clock), options_(options) {}
  Status Load();
  Result<Hash> Subtree(int level, std::uint64_t index);
  Result<SignedTreeHead> HeadOfSize(std::uint64_t size);
  Result<std::vector<std::uint64_t>> TryAppend(AppendBatch& batch);
  // One queued append: its records, and its result once its group was stored.
  struct Pending {
    std::vector<StoredRecord> records;
    std::optional<Result<std::vector<std::uint64_t>>> result;
  };
  // Stores the records of `group` in one batch; returns the seqs of the whole batch in order.
  Result<std::vector<std::uint64_t>> CommitGroup(const std::vector<Pending*>& group);

  AuditStore& store_;
  const NodeKey* key_;
  Clock& clock_;
  AuditLogOptions options_;
  std::mutex queue_mutex_;  // guards queue_, leader_ and every queued Pending's result
  std::condition_variable queue_done_;
  std::vector<Pending*> queue_;
  bool leader_ = false;  // a thread is storing a group
  std::mutex mutex_;     // guards the fields below
  MerkleFrontier frontier_;
  std::optional<TreeHead> last_head_;
};

// Validates a query's limit and time range. Fails with kInvalidArgument saying which is wrong.
Status ValidateQuery(const AuditQuery& query);

}  // namespace qccm::oversight
