// The in-memory AuditStore for tests.
#include "oversight/memory_audit_store.h"

#include <algorithm>

namespace qccm::oversight::testing {

Status MemoryAuditStore::Append(const AppendBatch& batch) {
  std::lock_guard lock(mutex_);
  if (fail_next_append) {
    Error error = *fail_next_append;
    fail_next_append.reset();
    return std::unexpected(error);
  }
  std::uint64_t size = records.empty() ? 0 : records.rbegin()->first + 1;
  if (size != batch.expected_size) return MakeError(ErrorCode::kConflict, "size changed");
  for (const StoredRecord& r : batch.records) records[r.record.seq] = r;
  for (const TreeNode& n : batch.nodes) nodes[{n.level, n.index}] = n.hash;
  if (batch.head) heads[batch.head->head.tree_size] = *batch.head;
  return Ok();
}

Status MemoryAuditStore::PutHead(const SignedTreeHead& head) {
  std::lock_guard lock(mutex_);
  auto it = heads.find(head.head.tree_size);
  if (it != heads.end() && it->second.head.root != head.head.root) {
    return MakeError(ErrorCode::kAlreadyExists, "head with another root");
  }
  heads[head.head.tree_size] = head;
  return Ok();
}

Result<std::uint64_t> MemoryAuditStore::Size() {
  std::lock_guard lock(mutex_);
  return records.empty() ? 0 : records.rbegin()->first + 1;
}

Status MemoryAuditStore::ScanRecords(std::uint64_t begin, std::uint64_t end,
                                     const std::function<Status(const StoredRecord&)>& visit) {
  std::lock_guard lock(mutex_);
  for (auto it = records.lower_bound(begin); it != records.end() && it->first < end; ++it) {
    QCCM_TRY_STATUS(visit(it->second));
  }
  return Ok();
}

Result<std::vector<Hash>> MemoryAuditStore::LeafHashes(std::uint64_t begin, std::uint64_t end) {
  std::lock_guard lock(mutex_);
  std::vector<Hash> out;
  for (std::uint64_t i = begin; i < end; ++i) {
    auto it = records.find(i);
    if (it == records.end()) return MakeError(ErrorCode::kNotFound, "missing leaf");
    out.push_back(it->second.leaf);
  }
  return out;
}

Result<StoredRecord> MemoryAuditStore::GetRecord(std::uint64_t seq) {
  std::lock_guard lock(mutex_);
  auto it = records.find(seq);
  if (it == records.end()) return MakeError(ErrorCode::kNotFound, "no record");
  return it->second;
}

Result<std::optional<Hash>> MemoryAuditStore::GetNode(int level, std::uint64_t index) {
  std::lock_guard lock(mutex_);
  auto it = nodes.find({level, index});
  if (it == nodes.end()) return std::optional<Hash>();
  return std::optional<Hash>(it->second);
}

Status MemoryAuditStore::ScanNodes(const std::function<Status(const TreeNode&)>& visit) {
  std::lock_guard lock(mutex_);
  for (const auto& [key, hash] : nodes)
    QCCM_TRY_STATUS(visit(TreeNode{key.first, key.second, hash}));
  return Ok();
}

Result<std::vector<SignedTreeHead>> MemoryAuditStore::Heads() {
  std::lock_guard lock(mutex_);
  std::vector<SignedTreeHead> out;
  for (const auto& [size, head] : heads) out.push_back(head);
  return out;
}

Result<std::optional<SignedTreeHead>> MemoryAuditStore::LatestHead() {
  std::lock_guard lock(mutex_);
  if (heads.empty()) return std::optional<SignedTreeHead>();
  return std::optional<SignedTreeHead>(heads.rbegin()->second);
}

bool MemoryAuditStore::Matches(const AuditFilter& f, const AuditRecord& r) {
  auto has = [](const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  };
  return (f.user.empty() || f.user == r.user) && (f.member.empty() || f.member == r.member) &&
         (!f.action || *f.action == r.action) &&
         (f.collection.empty() || f.collection == r.collection) &&
         (f.object_id.empty() || has(r.object_ids, f.object_id)) &&
         (f.owner.empty() || has(r.owners, f.owner)) && (!f.since || r.time >= *f.since) &&
         (!f.until || r.time < *f.until);
}

Result<std::vector<AuditRecord>> MemoryAuditStore::Find(const AuditFilter& filter,
                                                        std::optional<std::uint64_t> after,
                                                        std::size_t limit) {
  std::lock_guard lock(mutex_);
  std::vector<AuditRecord> out;
  for (auto it = after ? records.upper_bound(*after) : records.begin();
       it != records.end() && out.size() < limit; ++it) {
    if (!it->second.purged && Matches(filter, it->second.record)) out.push_back(it->second.record);
  }
  return out;
}

Result<std::vector<std::uint64_t>> MemoryAuditStore::FindSeqs(const AuditFilter& filter,
                                                              std::uint64_t end) {
  std::lock_guard lock(mutex_);
  std::vector<std::uint64_t> out;
  for (const auto& [seq, r] : records) {
    if (seq < end && !r.purged && Matches(filter, r.record)) out.push_back(seq);
  }
  return out;
}

Status MemoryAuditStore::PurgeBefore(std::uint64_t end) {
  std::lock_guard lock(mutex_);
  for (auto& [seq, r] : records) {
    if (seq >= end) break;
    r.purged = true;
    r.record = AuditRecord{.seq = seq};
  }
  return Ok();
}

}  // namespace qccm::oversight::testing
