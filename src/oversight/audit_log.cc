// The audit log service: append, heads, proofs, queries, sampling, retention (see audit_log.h).
// Verify lives in audit_verify.cc.
#include "qccm/oversight/audit_log.h"

#include <sodium.h>

#include <algorithm>
#include <bit>

#include "qccm/core/check.h"

namespace qccm::oversight {
namespace {

constexpr std::size_t kMaxLimit = 10000;

std::string Seq(std::uint64_t n) { return std::to_string(n); }

// Uniform integers in [0, bound) from a ChaCha20 keystream keyed by SHA-256(seed): 8 bytes
// little-endian per draw, rejecting draws at or above the largest multiple of bound (so there
// is no modulo bias). The keystream's prefix does not depend on its length, so extending it
// keeps earlier draws.
class SeededDraws final {
 public:
  explicit SeededDraws(const std::string& seed) : key_(Sha256(seed)) {}

  std::uint64_t Below(std::uint64_t bound) {
    QCCM_CHECK(bound > 0);
    const std::uint64_t rest = (UINT64_MAX % bound + 1) % bound;  // 2^64 mod bound
    for (;;) {
      std::uint64_t x = Next();
      if (rest == 0 || x <= UINT64_MAX - rest) return x % bound;
    }
  }

 private:
  std::uint64_t Next() {
    if ((position_ + 1) * 8 > stream_.size()) {
      stream_.resize(std::max<std::size_t>(4096, stream_.size() * 2));
      randombytes_buf_deterministic(stream_.data(), stream_.size(), key_.data());
    }
    std::uint64_t x = 0;
    for (int i = 7; i >= 0; --i)
      x = (x << 8U) | stream_[position_ * 8 + static_cast<std::size_t>(i)];
    ++position_;
    return x;
  }

  Hash key_;
  std::vector<std::uint8_t> stream_;
  std::size_t position_ = 0;
};

}  // namespace

std::string_view ProblemKindName(VerifyProblem::Kind kind) {
  switch (kind) {
    case VerifyProblem::Kind::kEdited:
      return "edited";
    case VerifyProblem::Kind::kDeleted:
      return "deleted";
    case VerifyProblem::Kind::kInserted:
      return "inserted";
    case VerifyProblem::Kind::kReordered:
      return "reordered";
    case VerifyProblem::Kind::kHeadInvalid:
      return "head_invalid";
    case VerifyProblem::Kind::kHeadMismatch:
      return "head_mismatch";
    case VerifyProblem::Kind::kTruncated:
      return "truncated";
    case VerifyProblem::Kind::kNodeMismatch:
      return "node_mismatch";
  }
  return "unknown";
}

Status ValidateQuery(const AuditQuery& query) {
  if (query.limit < 1 || query.limit > kMaxLimit) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "limit must be between 1 and " + std::to_string(kMaxLimit));
  }
  const AuditFilter& f = query.filter;
  if (f.since && f.until && !(*f.since < *f.until)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "malformed time range: since (" + FormatTimestamp(*f.since) +
                         ") must be before until (" + FormatTimestamp(*f.until) + ")");
  }
  return Ok();
}

Result<std::unique_ptr<AuditLog>> AuditLog::Open(AuditStore& store, const NodeKey* key,
                                                 Clock& clock, AuditLogOptions options) {
  std::unique_ptr<AuditLog> log(new AuditLog(store, key, clock, options));
  std::lock_guard lock(log->mutex_);
  QCCM_TRY_STATUS(log->Load());
  return log;
}

// Rebuilds the frontier from the stored nodes: one perfect subtree per set bit of the size.
Status AuditLog::Load() {
  QCCM_TRY(size, store_.Size());
  std::vector<Hash> nodes;
  std::uint64_t start = 0;
  for (int level = 63; level >= 0; --level) {
    const std::uint64_t width = std::uint64_t{1} << static_cast<unsigned>(level);
    if ((size & width) == 0) continue;
    QCCM_TRY(hash, Subtree(level, start >> static_cast<unsigned>(level)));
    nodes.push_back(hash);
    start += width;
  }
  frontier_ = MerkleFrontier(size, std::move(nodes));
  QCCM_TRY(latest, store_.LatestHead());
  last_head_.reset();
  if (latest) last_head_ = latest->head;
  return Ok();
}

// The hash of a perfect subtree: a stored leaf or node, or computed from its two halves (at
// most 2^(kNodeStride-1) stored hashes below it).
Result<Hash> AuditLog::Subtree(int level, std::uint64_t index) {
  if (level == 0) {
    QCCM_TRY(leaves, store_.LeafHashes(index, index + 1));
    return leaves[0];
  }
  if (level % kNodeStride == 0) {
    QCCM_TRY(stored, store_.GetNode(level, index));
    if (stored) return *stored;
  }
  if (level < kNodeStride) {
    const unsigned width = 1U << static_cast<unsigned>(level);
    QCCM_TRY(leaves, store_.LeafHashes(index * width, (index + 1) * width));
    return RootOf(leaves);
  }
  QCCM_TRY(left, Subtree(level - 1, 2 * index));
  QCCM_TRY(right, Subtree(level - 1, 2 * index + 1));
  return HashChildren(left, right);
}

Result<std::vector<std::uint64_t>> AuditLog::Append(std::span<const AuditRecord> records) {
  std::vector<AuditRecord> copies(records.begin(), records.end());
  return AppendOwned(copies);
}

Result<std::vector<std::uint64_t>> AuditLog::AppendOwned(std::vector<AuditRecord>& records) {
  if (key_ == nullptr) {
    return MakeError(ErrorCode::kPermissionDenied, "the audit log is open read-only (no key)");
  }
  for (const AuditRecord& record : records) QCCM_TRY_STATUS(ValidateRecord(record));
  Pending pending;
  pending.records.reserve(records.size());
  for (AuditRecord& record : records) {
    StoredRecord& stored = pending.records.emplace_back(StoredRecord{.record = std::move(record)});
    std::sort(stored.record.owners.begin(), stored.record.owners.end());
    stored.record.owners.erase(
        std::unique(stored.record.owners.begin(), stored.record.owners.end()),
        stored.record.owners.end());
  }
  // Group commit: the first thread to find no leader stores every queued append in one batch
  // while later arrivals queue for the next group. A follower returns when the leader has set
  // its result, which happens only after its group's transaction committed (or failed).
  std::unique_lock queue_lock(queue_mutex_);
  queue_.push_back(&pending);
  while (!pending.result) {
    if (leader_) {
      queue_done_.wait(queue_lock);
      continue;
    }
    leader_ = true;
    std::vector<Pending*> group;
    group.swap(queue_);
    queue_lock.unlock();
    auto stored = CommitGroup(group);
    queue_lock.lock();
    std::size_t next = 0;
    for (Pending* member : group) {
      if (!stored) {
        member->result = std::unexpected(stored.error());
        continue;
      }
      const auto first = stored->begin() + static_cast<std::ptrdiff_t>(next);
      next += member->records.size();
      member->result =
          std::vector<std::uint64_t>(first, stored->begin() + static_cast<std::ptrdiff_t>(next));
    }
    leader_ = false;
    queue_done_.notify_all();
  }
  return std::move(*pending.result);
}

Result<std::vector<std::uint64_t>> AuditLog::CommitGroup(const std::vector<Pending*>& group) {
  AppendBatch batch;
  std::size_t total = 0;
  for (const Pending* member : group) total += member->records.size();
  batch.records.reserve(total);
  for (Pending* member : group) {
    for (StoredRecord& stored : member->records) batch.records.push_back(std::move(stored));
  }
  std::lock_guard lock(mutex_);
  auto appended = TryAppend(batch);
  if (!appended && appended.error().code == ErrorCode::kConflict) {
    // Another process (a CLI command beside the server) appended: reload and go again.
    QCCM_TRY_STATUS(Load());
    appended = TryAppend(batch);
  }
  return appended;
}

// Numbers, dates and hashes `batch`'s records at the end of the tree and stores them; a batch
// that failed with kConflict can be passed again after Load().
Result<std::vector<std::uint64_t>> AuditLog::TryAppend(AppendBatch& batch) {
  batch.expected_size = frontier_.size();
  batch.nodes.clear();
  batch.head.reset();
  MerkleFrontier next = frontier_;
  const Timestamp now = clock_.Now();
  thread_local std::string encoded;
  std::vector<std::uint64_t> seqs;
  seqs.reserve(batch.records.size());
  for (StoredRecord& stored : batch.records) {
    AuditRecord& r = stored.record;
    r.seq = next.size();
    if (r.time.micros == 0) r.time = now;
    EncodeRecordTo(r, encoded);
    stored.leaf = HashLeaf(encoded);
    next.Append(stored.leaf, [&batch](const TreeNode& node) {
      if (node.level % kNodeStride == 0) batch.nodes.push_back(node);
    });
    seqs.push_back(r.seq);
  }
  const bool due_by_count =
      next.size() - (last_head_ ? last_head_->tree_size : 0) >= options_.head_every_records;
  const bool due_by_time =
      !last_head_ || now.micros - last_head_->time.micros >= options_.head_every_micros;
  if (!batch.records.empty() && (due_by_count || due_by_time)) {
    batch.head =
        key_->Sign(TreeHead{next.size(), Timestamp::FromMillis(now.millis()), next.Root()});
  }
  QCCM_TRY_STATUS(store_.Append(batch));
  frontier_ = std::move(next);
  if (batch.head) last_head_ = batch.head->head;
  return seqs;
}

Result<SignedTreeHead> AuditLog::SignTreeHead() {
  if (key_ == nullptr) {
    return MakeError(ErrorCode::kPermissionDenied, "the audit log is open read-only (no key)");
  }
  std::lock_guard lock(mutex_);
  QCCM_TRY(stored_size, store_.Size());
  if (stored_size != frontier_.size()) QCCM_TRY_STATUS(Load());
  if (last_head_ && last_head_->tree_size == frontier_.size()) {
    QCCM_TRY(latest, store_.LatestHead());
    if (latest && latest->head.tree_size == frontier_.size()) return *latest;
  }
  const Timestamp now = clock_.Now();
  SignedTreeHead sth =
      key_->Sign(TreeHead{frontier_.size(), Timestamp::FromMillis(now.millis()), frontier_.Root()});
  QCCM_TRY_STATUS(store_.PutHead(sth));
  last_head_ = sth.head;
  return sth;
}

Result<std::optional<SignedTreeHead>> AuditLog::MaybeSignTreeHead() {
  {
    std::lock_guard lock(mutex_);
    const bool grown = frontier_.size() > (last_head_ ? last_head_->tree_size : 0);
    const bool due =
        !last_head_ || clock_.Now().micros - last_head_->time.micros >= options_.head_every_micros;
    if (!grown || !due || key_ == nullptr) return std::optional<SignedTreeHead>();
  }
  QCCM_TRY(sth, SignTreeHead());
  return std::optional<SignedTreeHead>(sth);
}

Result<std::optional<SignedTreeHead>> AuditLog::LatestHead() { return store_.LatestHead(); }

std::uint64_t AuditLog::size() {
  std::lock_guard lock(mutex_);
  return frontier_.size();
}

Result<SignedTreeHead> AuditLog::HeadOfSize(std::uint64_t size) {
  QCCM_TRY(heads, store_.Heads());
  for (const SignedTreeHead& sth : heads) {
    if (sth.head.tree_size == size) return sth;
  }
  return MakeError(ErrorCode::kNotFound, "there is no signed tree head of size " + Seq(size));
}

Result<InclusionProofBundle> AuditLog::ProveInclusion(std::uint64_t leaf_index,
                                                      std::optional<std::uint64_t> tree_size) {
  QCCM_TRY(log_size, store_.Size());
  if (leaf_index >= log_size) {
    return MakeError(ErrorCode::kNotFound, "there is no audit record " + Seq(leaf_index) +
                                               " (the log has " + Seq(log_size) + " records)");
  }
  SignedTreeHead head;
  if (tree_size) {
    QCCM_TRY(found, HeadOfSize(*tree_size));
    head = found;
  } else {
    QCCM_TRY(latest, store_.LatestHead());
    if (!latest) return MakeError(ErrorCode::kNotFound, "no tree head has been signed yet");
    head = *latest;
  }
  if (leaf_index >= head.head.tree_size) {
    return MakeError(ErrorCode::kNotFound,
                     "record " + Seq(leaf_index) + " is not covered by the signed head of size " +
                         Seq(head.head.tree_size) + " (sign a newer head first)");
  }
  QCCM_TRY(stored, store_.GetRecord(leaf_index));
  InclusionProofBundle proof{.leaf_index = leaf_index, .head = head};
  if (!stored.purged) proof.record = EncodeRecord(stored.record);
  proof.leaf = stored.leaf;
  QCCM_TRY(path,
           InclusionProof(leaf_index, head.head.tree_size, [this](int level, std::uint64_t index) {
             return Subtree(level, index);
           }));
  proof.path = std::move(path);
  return proof;
}

Result<ConsistencyProofBundle> AuditLog::ProveConsistency(std::uint64_t first,
                                                          std::uint64_t second) {
  if (first > second) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        "the first tree size (" + Seq(first) + ") is larger than the second (" + Seq(second) + ")");
  }
  QCCM_TRY(first_head, HeadOfSize(first));
  QCCM_TRY(second_head, HeadOfSize(second));
  QCCM_TRY(path, ConsistencyProof(first, second, [this](int level, std::uint64_t index) {
             return Subtree(level, index);
           }));
  return ConsistencyProofBundle{first_head, second_head, std::move(path)};
}

Result<AuditPage> AuditLog::Query(const AuditQuery& query) {
  QCCM_TRY_STATUS(ValidateQuery(query));
  QCCM_TRY(records, store_.Find(query.filter, query.after, query.limit + 1));
  AuditPage page;
  if (records.size() > query.limit) {
    records.resize(query.limit);
    page.next = records.back().seq;
  }
  page.records = std::move(records);
  return page;
}

Result<std::vector<AuditRecord>> AuditLog::Sample(const SampleRequest& request) {
  if (request.count < 1 || request.count > kMaxLimit) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "a sample has between 1 and " + std::to_string(kMaxLimit) + " records");
  }
  if (request.seed.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "a sample needs a seed (any text)");
  }
  QCCM_TRY_STATUS(ValidateQuery(AuditQuery{.filter = request.filter}));
  std::uint64_t size = 0;
  if (request.tree_size) {
    QCCM_TRY(head, HeadOfSize(*request.tree_size));
    size = head.head.tree_size;
  } else {
    QCCM_TRY(latest, store_.LatestHead());
    if (!latest) return MakeError(ErrorCode::kNotFound, "no tree head has been signed yet");
    size = latest->head.tree_size;
  }
  QCCM_TRY(candidates, store_.FindSeqs(request.filter, size));
  // A partial Fisher-Yates shuffle: the first k places get a uniform k-subset.
  SeededDraws draws(request.seed);
  const std::size_t k = std::min(request.count, candidates.size());
  for (std::size_t i = 0; i < k; ++i) {
    std::size_t j = i + static_cast<std::size_t>(draws.Below(candidates.size() - i));
    std::swap(candidates[i], candidates[j]);
  }
  candidates.resize(k);
  std::sort(candidates.begin(), candidates.end());
  std::vector<AuditRecord> sample;
  sample.reserve(k);
  for (std::uint64_t seq : candidates) {
    QCCM_TRY(stored, store_.GetRecord(seq));
    sample.push_back(std::move(stored.record));
  }
  return sample;
}

Result<AuditPage> AuditLog::WhoReadMyData(const std::string& member_code, AuditQuery query) {
  if (member_code.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "who-read-my-data needs a member code");
  }
  query.filter.owner = member_code;
  return Query(query);
}

Status AuditLog::PurgeBefore(std::uint64_t end) {
  QCCM_TRY(latest, store_.LatestHead());
  const std::uint64_t covered = latest ? latest->head.tree_size : 0;
  if (end > covered) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "can only purge records covered by a signed head (up to " + Seq(covered) +
                         "), not up to " + Seq(end));
  }
  return store_.PurgeBefore(end);
}

}  // namespace qccm::oversight
