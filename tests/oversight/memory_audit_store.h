// An in-memory AuditStore for unit tests. Its containers are public so that tests can tamper
// with the "stored" log the way someone with write access to the database could.
#pragma once

#include <map>
#include <mutex>

#include "qccm/oversight/audit_store.h"

namespace qccm::oversight::testing {

class MemoryAuditStore final : public AuditStore {
 public:
  Status Append(const AppendBatch& batch) override;
  Status PutHead(const SignedTreeHead& head) override;
  Result<std::uint64_t> Size() override;
  Status ScanRecords(std::uint64_t begin, std::uint64_t end,
                     const std::function<Status(const StoredRecord&)>& visit) override;
  Result<std::vector<Hash>> LeafHashes(std::uint64_t begin, std::uint64_t end) override;
  Result<StoredRecord> GetRecord(std::uint64_t seq) override;
  Result<std::optional<Hash>> GetNode(int level, std::uint64_t index) override;
  Status ScanNodes(const std::function<Status(const TreeNode&)>& visit) override;
  Result<std::vector<SignedTreeHead>> Heads() override;
  Result<std::optional<SignedTreeHead>> LatestHead() override;
  Result<std::vector<AuditRecord>> Find(const AuditFilter& filter,
                                        std::optional<std::uint64_t> after,
                                        std::size_t limit) override;
  Result<std::vector<std::uint64_t>> FindSeqs(const AuditFilter& filter,
                                              std::uint64_t end) override;
  Status PurgeBefore(std::uint64_t end) override;

  // When set, the next Append fails with this error (and stores nothing).
  std::optional<Error> fail_next_append;

  std::map<std::uint64_t, StoredRecord> records;
  std::map<std::pair<int, std::uint64_t>, Hash> nodes;
  std::map<std::uint64_t, SignedTreeHead> heads;

 private:
  static bool Matches(const AuditFilter& filter, const AuditRecord& record);
  std::mutex mutex_;
};

}  // namespace qccm::oversight::testing
