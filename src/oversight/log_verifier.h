// The streaming check behind AuditLog::Verify: fed the stored records in seq order, it
// recomputes each leaf and the tree, compares the signed heads and stored nodes as the tree
// reaches them, and names the first record of each problem. It classifies with one record of
// look-ahead, because each record's leaf covers its own seq: a record that hashes correctly
// only under a neighbour's seq was moved, and the pattern of moves tells a deletion (later
// records renumbered down), an insertion (renumbered up) and a swap apart.
// Copyable: a copy is a checkpoint to resume from (the exhaustive tamper tests use that).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "qccm/oversight/audit_log.h"
#include "qccm/oversight/audit_store.h"

namespace qccm::oversight {

class LogVerifier final {
 public:
  using NodeMap = std::unordered_map<std::uint64_t, Hash>;  // NodeKey(level, index) -> hash
  static std::uint64_t NodeKey(int level, std::uint64_t index) {
    return (static_cast<std::uint64_t>(level) << 58U) | index;
  }

  // `heads` by tree size ascending (as AuditStore::Heads gives them); `nodes` may be null (no
  // node check).
  LogVerifier(std::vector<SignedTreeHead> heads, const PublicKey& key,
              std::shared_ptr<const NodeMap> nodes);

  void Add(const StoredRecord& row);
  // Ends the scan: classifies a pending record, reports heads past the end, sorts the problems
  // (record problems by index first, then heads, then nodes).
  VerifyReport Finish();

  // True once a record-level problem was reported (a pending one counts when Finish runs).
  bool found_record_problem() const { return record_problem_found_; }
  std::uint64_t size() const { return frontier_.size(); }

 private:
  // d: the offset between the seq a record was written with and where it is now, if known.
  using Offset = std::optional<int>;
  Offset Classify(const StoredRecord& row, Hash& leaf);
  void Report(VerifyProblem::Kind kind, std::uint64_t index, std::string message,
              std::uint64_t end = 0);
  void ResolvePending(std::uint64_t seq, Offset d, bool& swallow);
  void AddLeaf(const Hash& leaf);

  std::shared_ptr<const std::vector<SignedTreeHead>> heads_;
  std::vector<bool> head_valid_;
  std::shared_ptr<const NodeMap> nodes_;
  MerkleFrontier frontier_;
  std::size_t next_head_ = 0;
  std::uint64_t last_good_head_ = 0;
  std::uint64_t expected_ = 0;  // the next seq
  int shift_ = 0;               // renumbering in force (+1 after a deletion, -1 after an insertion)
  std::optional<std::pair<std::uint64_t, Offset>> pending_;
  bool record_problem_found_ = false;
  std::size_t record_problems_listed_ = 0;
  std::string encoded_;
  AuditRecord moved_;
  VerifyReport report_;
};

}  // namespace qccm::oversight
