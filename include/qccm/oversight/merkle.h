// RFC 9162 (Certificate Transparency v2) Merkle tree hashing: leaf and node hashes, the
// append-only frontier that gives the root in O(log n) memory, inclusion and consistency proofs
// (§2.1.3, §2.1.4) and their verifiers. SHA-256 through OpenSSL's EVP interface, which uses the
// CPU's SHA extensions (about 3x libsodium's portable SHA-256 on this machine).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qccm/core/result.h"

namespace qccm::oversight {

using Hash = std::array<std::uint8_t, 32>;

// SHA-256 of `data`. Thread-safe.
Hash Sha256(std::string_view data);
// RFC 9162 §2.1.1: MTH({}) = SHA-256(), the root of the empty tree.
Hash EmptyRoot();
// Leaf hash: SHA-256(0x00 || data). Thread-safe.
Hash HashLeaf(std::string_view data);
// Interior node hash: SHA-256(0x01 || left || right). Thread-safe.
Hash HashChildren(const Hash& left, const Hash& right);

// Lower-case hex, and back. ParseHash fails with kInvalidInput unless given 64 hex digits.
std::string ToHex(std::span<const std::uint8_t> bytes);
Result<Hash> ParseHash(std::string_view hex);

// The root of the tree over `leaves` (leaf hashes), computed from scratch. For tests and small
// trees; the log itself uses MerkleFrontier.
Hash RootOf(std::span<const Hash> leaves);

// A completed perfect subtree: the node at `level` (0 = leaf) covering leaves
// [index << level, (index + 1) << level).
struct TreeNode {
  int level = 0;
  std::uint64_t index = 0;
  Hash hash{};
};

// The right edge of an append-only tree: one hash per perfect subtree of the current size
// (one per set bit, largest first). Appending costs one leaf plus amortised one node hash.
// Not thread-safe.
class MerkleFrontier final {
 public:
  MerkleFrontier() = default;
  // Rebuilds a frontier from its parts. `nodes` must have one hash per set bit of `size`,
  // largest subtree first; QCCM_CHECKs that.
  MerkleFrontier(std::uint64_t size, std::vector<Hash> nodes);

  // Appends a leaf hash; calls on_node(const TreeNode&) for every interior node it completes,
  // lowest level first.
  template <typename OnNode>
  void Append(const Hash& leaf, OnNode&& on_node) {
    Hash hash = leaf;
    std::uint64_t index = size_;
    int level = 0;
    while ((index & 1U) != 0) {
      hash = HashChildren(nodes_.back(), hash);
      nodes_.pop_back();
      index >>= 1U;
      ++level;
      on_node(TreeNode{level, index, hash});
    }
    nodes_.push_back(hash);
    ++size_;
  }
  void Append(const Hash& leaf) {
    Append(leaf, [](const TreeNode&) {});
  }

  std::uint64_t size() const { return size_; }
  const std::vector<Hash>& nodes() const { return nodes_; }
  // MTH of the leaves appended so far (EmptyRoot() when none).
  Hash Root() const;

 private:
  std::uint64_t size_ = 0;
  std::vector<Hash> nodes_;
};

// Gives the hash of the perfect subtree at (level, index); level 0 is a leaf hash. Proof
// generation asks only for subtrees inside the tree sizes it was given.
using SubtreeSource = std::function<Result<Hash>(int level, std::uint64_t index)>;

// MTH(D[begin:end]) for a range that RFC 9162's recursion produces (begin a multiple of the
// largest power of two below end - begin, or of end - begin itself). Fails with the source's error.
Result<Hash> RangeRoot(std::uint64_t begin, std::uint64_t end, const SubtreeSource& source);

// RFC 9162 §2.1.3.1 PATH(leaf_index, D[tree_size]). Fails with kInvalidArgument unless
// leaf_index < tree_size.
Result<std::vector<Hash>> InclusionProof(std::uint64_t leaf_index, std::uint64_t tree_size,
                                         const SubtreeSource& source);

// RFC 9162 §2.1.4.1 PROOF(first, D[second]). Fails with kInvalidArgument unless
// first <= second. Empty when first is 0 or first == second.
Result<std::vector<Hash>> ConsistencyProof(std::uint64_t first, std::uint64_t second,
                                           const SubtreeSource& source);

// RFC 9162 §2.1.3.2. Fails with kInvalidInput saying why (index beyond the tree, a proof too
// long or too short, a root that does not match).
Status VerifyInclusion(std::uint64_t leaf_index, std::uint64_t tree_size, const Hash& leaf_hash,
                       std::span<const Hash> proof, const Hash& root);

// RFC 9162 §2.1.4.2, with the trivial cases: first == 0 (empty proof), first == second (empty
// proof, equal roots). Fails with kInvalidInput saying why.
Status VerifyConsistency(std::uint64_t first, std::uint64_t second, const Hash& first_root,
                         const Hash& second_root, std::span<const Hash> proof);

}  // namespace qccm::oversight
