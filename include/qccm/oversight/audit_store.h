// The repository the audit log needs: records with their leaf hashes, stored interior nodes
// (for proofs), and signed tree heads. Append-only: no method changes or removes a record,
// except PurgeBefore, the documented retention purge (it erases content, keeps leaf hashes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/oversight/audit_record.h"
#include "qccm/oversight/merkle.h"
#include "qccm/oversight/tree_head.h"

namespace qccm::oversight {

// Interior nodes are stored at every kNodeStride-th level (4, 8, 12, ...): n/15 rows for n
// records, and any subtree hash a proof needs is at most 2^(kNodeStride-1) stored hashes away.
inline constexpr int kNodeStride = 4;

// A record as stored. When `purged`, the record's content was erased by retention (only seq and
// leaf remain).
struct StoredRecord {
  AuditRecord record;
  Hash leaf{};
  bool purged = false;
  bool malformed = false;  // the stored content could not be decoded (an unknown action name, a
                           // leaf of the wrong size): Verify reports the record as edited
};

// One request's records and what they add to the tree, stored in one transaction.
struct AppendBatch {
  std::uint64_t expected_size = 0;     // the log's size before the batch (optimistic check)
  std::vector<StoredRecord> records;   // seq expected_size, expected_size + 1, ...
  std::vector<TreeNode> nodes;         // interior nodes at stored levels completed by the batch
  std::optional<SignedTreeHead> head;  // a head signed over the new size, when one was due
};

// Filters of a query; every set field must match. Times are a half-open range [since, until).
struct AuditFilter {
  std::string user;
  std::string member;
  std::optional<AuditAction> action;
  std::string collection;
  std::string object_id;
  std::string owner;  // records that touched this member's contributions
  std::optional<Timestamp> since;
  std::optional<Timestamp> until;
};

// Every implementation is thread-safe.
class AuditStore {
 public:
  virtual ~AuditStore() = default;

  // Stores `batch` atomically. Fails with kConflict if the log does not hold exactly
  // batch.expected_size records (another writer appended first; nothing is stored), kStorage.
  virtual Status Append(const AppendBatch& batch) = 0;
  // Stores a head signed later than its records (SignTreeHead). kAlreadyExists if a head of that
  // size is stored with another root.
  virtual Status PutHead(const SignedTreeHead& head) = 0;

  // The number of leaves: highest stored seq + 1, or 0.
  virtual Result<std::uint64_t> Size() = 0;
  // Calls `visit` for every stored record with begin <= seq < end, in seq order, as stored
  // (nothing is checked; gaps are skipped). The StoredRecord is reused between calls. Stops at
  // and returns the first error of `visit`.
  virtual Status ScanRecords(std::uint64_t begin, std::uint64_t end,
                             const std::function<Status(const StoredRecord&)>& visit) = 0;
  // The stored leaf hashes of [begin, end). kNotFound if one is missing.
  virtual Result<std::vector<Hash>> LeafHashes(std::uint64_t begin, std::uint64_t end) = 0;
  // The stored record `seq`; kNotFound if there is none.
  virtual Result<StoredRecord> GetRecord(std::uint64_t seq) = 0;
  // A stored interior node, if stored.
  virtual Result<std::optional<Hash>> GetNode(int level, std::uint64_t index) = 0;
  // Every stored interior node.
  virtual Status ScanNodes(const std::function<Status(const TreeNode&)>& visit) = 0;
  // Every stored head, by tree size ascending.
  virtual Result<std::vector<SignedTreeHead>> Heads() = 0;
  virtual Result<std::optional<SignedTreeHead>> LatestHead() = 0;

  // Unpurged records matching `filter` with seq > after (all when after is absent), in seq
  // order, at most `limit`.
  virtual Result<std::vector<AuditRecord>> Find(const AuditFilter& filter,
                                                std::optional<std::uint64_t> after,
                                                std::size_t limit) = 0;
  // The seqs of unpurged records below `end` matching `filter`, ascending (sampling).
  virtual Result<std::vector<std::uint64_t>> FindSeqs(const AuditFilter& filter,
                                                      std::uint64_t end) = 0;

  // Retention: erases the content (and query indexes) of every record with seq < `end`; their
  // leaf hashes, the nodes and the heads stay, so the tree and every head still verify.
  virtual Status PurgeBefore(std::uint64_t end) = 0;
};

}  // namespace qccm::oversight
