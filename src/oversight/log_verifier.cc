// The streaming log check (see log_verifier.h).
#include "oversight/log_verifier.h"

#include <algorithm>

namespace qccm::oversight {
namespace {

constexpr std::size_t kMaxListedProblems = 100;

std::string Seq(std::uint64_t n) { return std::to_string(n); }

int KindRank(VerifyProblem::Kind kind) {
  switch (kind) {
    case VerifyProblem::Kind::kEdited:
    case VerifyProblem::Kind::kDeleted:
    case VerifyProblem::Kind::kInserted:
    case VerifyProblem::Kind::kReordered:
    case VerifyProblem::Kind::kTruncated:
      return 0;
    case VerifyProblem::Kind::kHeadInvalid:
    case VerifyProblem::Kind::kHeadMismatch:
      return 1;
    case VerifyProblem::Kind::kNodeMismatch:
      return 2;
  }
  return 3;
}

}  // namespace

LogVerifier::LogVerifier(std::vector<SignedTreeHead> heads, const PublicKey& key,
                         std::shared_ptr<const NodeMap> nodes)
    : nodes_(std::move(nodes)) {
  for (const SignedTreeHead& sth : heads) {
    bool valid = VerifyTreeHead(sth, key).has_value();
    head_valid_.push_back(valid);
    if (!valid) {
      Report(VerifyProblem::Kind::kHeadInvalid, sth.head.tree_size,
             "the tree head of size " + Seq(sth.head.tree_size) +
                 " is forged or damaged: its signature does not verify with the key",
             sth.head.tree_size);
    }
  }
  report_.heads = heads.size();
  heads_ = std::make_shared<const std::vector<SignedTreeHead>>(std::move(heads));
  // Heads of size 0 sign the empty tree.
  while (next_head_ < heads_->size() && (*heads_)[next_head_].head.tree_size == 0) {
    if (head_valid_[next_head_] && (*heads_)[next_head_].head.root != EmptyRoot()) {
      Report(VerifyProblem::Kind::kHeadMismatch, 0, "the head of size 0 is not the empty root", 0);
    }
    ++next_head_;
  }
}

void LogVerifier::Report(VerifyProblem::Kind kind, std::uint64_t index, std::string message,
                         std::uint64_t end) {
  const bool record_level = KindRank(kind) == 0;
  if (record_level) ++record_problems_listed_;
  record_problem_found_ = record_problem_found_ || record_level;
  ++report_.problem_count;
  // Node and head problems follow from record problems; they must not crowd out the record
  // problems, which are what name the bad records.
  if (report_.problems.size() < kMaxListedProblems ||
      (record_level && record_problems_listed_ <= kMaxListedProblems)) {
    report_.problems.push_back(VerifyProblem{kind, index, end, std::move(message)});
  }
}

LogVerifier::Offset LogVerifier::Classify(const StoredRecord& row, Hash& leaf) {
  if (row.purged) {
    leaf = row.leaf;
    return 0;
  }
  EncodeRecordTo(row.record, encoded_);
  leaf = HashLeaf(encoded_);
  if (row.malformed) return std::nullopt;
  if (leaf == row.leaf) return 0;
  // Only on a mismatch: was this record written under a neighbouring seq?
  moved_ = row.record;
  for (int d : {1, -1}) {
    if (d < 0 && row.record.seq == 0) continue;
    moved_.seq = row.record.seq + static_cast<std::uint64_t>(static_cast<std::int64_t>(d));
    std::string text = EncodeRecord(moved_);
    if (HashLeaf(text) == row.leaf) return d;
  }
  return std::nullopt;
}

// Classifies the pending record (the previous one, which did not hash under its own seq) now
// that the next one is known. Sets `swallow` when the current record is explained by it.
void LogVerifier::ResolvePending(std::uint64_t seq, Offset d, bool& swallow) {
  auto [p, dp] = *pending_;
  pending_.reset();
  bool next_is_neighbour = seq == p + 1;
  if (dp == 1) {
    if (next_is_neighbour && d == -1) {
      Report(VerifyProblem::Kind::kReordered, p,
             "records " + Seq(p) + " and " + Seq(p + 1) + " were swapped (reordered)");
      swallow = true;
    } else {
      Report(VerifyProblem::Kind::kDeleted, p,
             "record " + Seq(p) + " was deleted: the records after it were renumbered down");
      shift_ = 1;
    }
  } else if (next_is_neighbour && d == -1) {
    Report(VerifyProblem::Kind::kInserted, p,
           "record " + Seq(p) +
               " was inserted: it was not written there, and the records "
               "after it were renumbered up");
    shift_ = -1;
    swallow = true;
  } else {
    Report(VerifyProblem::Kind::kEdited, p,
           "record " + Seq(p) + " was edited: its content does not match its leaf hash");
  }
}

void LogVerifier::Add(const StoredRecord& row) {
  const std::uint64_t seq = row.record.seq;
  if (seq < expected_) {
    // Only a store without a unique seq can do this.
    Report(VerifyProblem::Kind::kInserted, seq,
           "record " + Seq(seq) + " appears twice or out of order");
  } else if (seq > expected_) {
    Report(VerifyProblem::Kind::kDeleted, expected_,
           seq == expected_ + 1
               ? "record " + Seq(expected_) + " was deleted"
               : "records " + Seq(expected_) + " to " + Seq(seq - 1) + " were deleted");
  }
  expected_ = seq + 1;
  ++report_.records;
  if (row.purged) ++report_.purged;

  Hash leaf{};
  Offset d = Classify(row, leaf);
  bool swallow = false;
  if (pending_) ResolvePending(seq, d, swallow);
  if (!swallow && d != shift_) {
    if (shift_ == 0 && d == -1) {
      // The record before this one sits where this one was written: it was inserted.
      Report(VerifyProblem::Kind::kInserted, seq - 1,
             "record " + Seq(seq - 1) +
                 " was inserted: it was not written there, and the "
                 "records after it were renumbered up");
      shift_ = -1;
    } else if (shift_ != 0 && d == 0) {
      Report(VerifyProblem::Kind::kInserted, seq,
             "the renumbering of records ends at record " + Seq(seq) +
                 ": records were inserted or deleted before it");
      shift_ = 0;
    } else {
      pending_ = std::make_pair(seq, d);
    }
  }
  AddLeaf(leaf);
}

void LogVerifier::AddLeaf(const Hash& leaf) {
  frontier_.Append(leaf, [this](const TreeNode& node) {
    if (!nodes_ || node.level % kNodeStride != 0) return;
    ++report_.nodes;
    auto it = nodes_->find(NodeKey(node.level, node.index));
    if (it == nodes_->end() || it->second != node.hash) {
      std::uint64_t first = node.index << static_cast<unsigned>(node.level);
      std::uint64_t last = ((node.index + 1) << static_cast<unsigned>(node.level)) - 1;
      Report(VerifyProblem::Kind::kNodeMismatch, first,
             "the stored tree node over records " + Seq(first) + " to " + Seq(last) +
                 (it == nodes_->end() ? " is missing" : " differs from the recomputed one"),
             last + 1);
    }
  });
  const std::uint64_t size = frontier_.size();
  while (next_head_ < heads_->size() && (*heads_)[next_head_].head.tree_size <= size) {
    const SignedTreeHead& sth = (*heads_)[next_head_];
    if (head_valid_[next_head_] && sth.head.tree_size == size) {
      if (sth.head.root == frontier_.Root()) {
        last_good_head_ = size;
      } else {
        Report(VerifyProblem::Kind::kHeadMismatch, last_good_head_,
               "the signed head of size " + Seq(size) +
                   " does not match the records: one of records " + Seq(last_good_head_) + " to " +
                   Seq(size - 1) + " changed after it was signed",
               size);
      }
    }
    ++next_head_;
  }
}

VerifyReport LogVerifier::Finish() {
  if (pending_) {
    bool swallow = false;
    ResolvePending(pending_->first + 2, std::nullopt, swallow);
  }
  for (; next_head_ < heads_->size(); ++next_head_) {
    const SignedTreeHead& sth = (*heads_)[next_head_];
    if (!head_valid_[next_head_]) continue;
    Report(VerifyProblem::Kind::kTruncated, frontier_.size(),
           "a signed head covers " + Seq(sth.head.tree_size) + " records but the log has " +
               Seq(frontier_.size()) + ": records from " + Seq(frontier_.size()) +
               " on were deleted",
           sth.head.tree_size);
    break;  // one report names the truncation
  }
  if (nodes_ && report_.nodes < nodes_->size()) {
    Report(VerifyProblem::Kind::kNodeMismatch, frontier_.size(),
           Seq(nodes_->size() - report_.nodes) + " stored tree nodes lie beyond the log's end",
           frontier_.size());
  }
  report_.root = frontier_.Root();
  std::stable_sort(report_.problems.begin(), report_.problems.end(),
                   [](const VerifyProblem& a, const VerifyProblem& b) {
                     int ra = KindRank(a.kind), rb = KindRank(b.kind);
                     return ra != rb ? ra < rb : a.index < b.index;
                   });
  return report_;
}

}  // namespace qccm::oversight
