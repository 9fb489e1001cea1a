// RFC 9162 Merkle tree hashing, proofs and verifiers (see merkle.h).
#include "qccm/oversight/merkle.h"

#include <openssl/evp.h>

#include <bit>
#include <memory>

#include "qccm/core/check.h"

namespace qccm::oversight {
namespace {

// One reusable digest context per thread: EVP_Digest() would allocate a context per call,
// which costs as much as hashing a 65-byte node.
class Sha256Context final {
 public:
  Sha256Context() : md_(EVP_MD_fetch(nullptr, "SHA256", nullptr)), ctx_(EVP_MD_CTX_new()) {
    QCCM_CHECK_MSG(md_ != nullptr && ctx_ != nullptr, "OpenSSL has no SHA-256");
  }
  ~Sha256Context() {
    EVP_MD_CTX_free(ctx_);
    EVP_MD_free(md_);
  }
  Sha256Context(const Sha256Context&) = delete;
  Sha256Context& operator=(const Sha256Context&) = delete;

  void Begin() { QCCM_CHECK(EVP_DigestInit_ex2(ctx_, md_, nullptr) == 1); }
  void Add(const void* data, std::size_t size) {
    QCCM_CHECK(EVP_DigestUpdate(ctx_, data, size) == 1);
  }
  Hash End() {
    Hash out{};
    unsigned int size = 0;
    QCCM_CHECK(EVP_DigestFinal_ex(ctx_, out.data(), &size) == 1 && size == out.size());
    return out;
  }

 private:
  EVP_MD* md_;
  EVP_MD_CTX* ctx_;
};

Sha256Context& ThreadContext() {
  thread_local Sha256Context context;
  return context;
}

// The largest power of two strictly below n (n >= 2).
std::uint64_t SplitPoint(std::uint64_t n) { return std::bit_floor(n - 1); }

bool IsPowerOfTwo(std::uint64_t n) { return std::has_single_bit(n); }

Error ProofError(std::string message) {
  return Error{ErrorCode::kInvalidInput, std::move(message), {}};
}

// RFC 9162 §2.1.3.1 PATH(m, D[begin:end]) appended to `out`.
Status AppendPath(std::uint64_t m, std::uint64_t begin, std::uint64_t end,
                  const SubtreeSource& source, std::vector<Hash>& out) {
  std::uint64_t n = end - begin;
  if (n <= 1) return Ok();
  std::uint64_t k = SplitPoint(n);
  if (m < k) {
    QCCM_TRY_STATUS(AppendPath(m, begin, begin + k, source, out));
    QCCM_TRY(right, RangeRoot(begin + k, end, source));
    out.push_back(right);
  } else {
    QCCM_TRY_STATUS(AppendPath(m - k, begin + k, end, source, out));
    QCCM_TRY(left, RangeRoot(begin, begin + k, source));
    out.push_back(left);
  }
  return Ok();
}

// RFC 9162 §2.1.4.1 SUBPROOF(m, D[begin:end], b) appended to `out`.
Status AppendSubproof(std::uint64_t m, std::uint64_t begin, std::uint64_t end, bool whole,
                      const SubtreeSource& source, std::vector<Hash>& out) {
  std::uint64_t n = end - begin;
  if (m == n) {
    if (!whole) {
      QCCM_TRY(root, RangeRoot(begin, end, source));
      out.push_back(root);
    }
    return Ok();
  }
  std::uint64_t k = SplitPoint(n);
  if (m <= k) {
    QCCM_TRY_STATUS(AppendSubproof(m, begin, begin + k, whole, source, out));
    QCCM_TRY(right, RangeRoot(begin + k, end, source));
    out.push_back(right);
  } else {
    QCCM_TRY_STATUS(AppendSubproof(m - k, begin + k, end, false, source, out));
    QCCM_TRY(left, RangeRoot(begin, begin + k, source));
    out.push_back(left);
  }
  return Ok();
}

}  // namespace

Hash Sha256(std::string_view data) {
  Sha256Context& c = ThreadContext();
  c.Begin();
  c.Add(data.data(), data.size());
  return c.End();
}

Hash EmptyRoot() { return Sha256({}); }

Hash HashLeaf(std::string_view data) {
  static constexpr std::uint8_t kLeafPrefix = 0x00;
  Sha256Context& c = ThreadContext();
  c.Begin();
  c.Add(&kLeafPrefix, 1);
  c.Add(data.data(), data.size());
  return c.End();
}

Hash HashChildren(const Hash& left, const Hash& right) {
  std::array<std::uint8_t, 65> buffer;
  buffer[0] = 0x01;
  std::copy(left.begin(), left.end(), buffer.begin() + 1);
  std::copy(right.begin(), right.end(), buffer.begin() + 33);
  Sha256Context& c = ThreadContext();
  c.Begin();
  c.Add(buffer.data(), buffer.size());
  return c.End();
}

std::string ToHex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4U]);
    out.push_back(kDigits[b & 15U]);
  }
  return out;
}

Result<Hash> ParseHash(std::string_view hex) {
  if (hex.size() != 64) {
    return MakeError(ErrorCode::kInvalidInput, "a hash must be 64 hex digits, got " +
                                                   std::to_string(hex.size()) + " characters");
  }
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  Hash out{};
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = digit(hex[2 * i]);
    int lo = digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return MakeError(ErrorCode::kInvalidInput, "a hash must be hex digits; found '" +
                                                     std::string(1, hex[2 * i]) +
                                                     std::string(1, hex[2 * i + 1]) + "'");
    }
    out[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return out;
}

Hash RootOf(std::span<const Hash> leaves) {
  MerkleFrontier frontier;
  for (const Hash& leaf : leaves) frontier.Append(leaf);
  return frontier.Root();
}

MerkleFrontier::MerkleFrontier(std::uint64_t size, std::vector<Hash> nodes)
    : size_(size), nodes_(std::move(nodes)) {
  QCCM_CHECK(static_cast<std::size_t>(std::popcount(size_)) == nodes_.size());
}

Hash MerkleFrontier::Root() const {
  if (nodes_.empty()) return EmptyRoot();
  Hash root = nodes_.back();
  for (std::size_t i = nodes_.size() - 1; i-- > 0;) root = HashChildren(nodes_[i], root);
  return root;
}

Result<Hash> RangeRoot(std::uint64_t begin, std::uint64_t end, const SubtreeSource& source) {
  QCCM_CHECK(begin < end);
  std::uint64_t n = end - begin;
  if (IsPowerOfTwo(n)) {
    int level = std::countr_zero(n);
    QCCM_CHECK(begin % n == 0);
    return source(level, begin >> static_cast<unsigned>(level));
  }
  std::uint64_t k = SplitPoint(n);
  QCCM_TRY(left, RangeRoot(begin, begin + k, source));
  QCCM_TRY(right, RangeRoot(begin + k, end, source));
  return HashChildren(left, right);
}

Result<std::vector<Hash>> InclusionProof(std::uint64_t leaf_index, std::uint64_t tree_size,
                                         const SubtreeSource& source) {
  if (leaf_index >= tree_size) {
    return MakeError(ErrorCode::kInvalidArgument, "leaf " + std::to_string(leaf_index) +
                                                      " is not in a tree of size " +
                                                      std::to_string(tree_size));
  }
  std::vector<Hash> path;
  QCCM_TRY_STATUS(AppendPath(leaf_index, 0, tree_size, source, path));
  return path;
}

Result<std::vector<Hash>> ConsistencyProof(std::uint64_t first, std::uint64_t second,
                                           const SubtreeSource& source) {
  if (first > second) {
    return MakeError(ErrorCode::kInvalidArgument, "a tree of size " + std::to_string(first) +
                                                      " cannot be a prefix of one of size " +
                                                      std::to_string(second));
  }
  std::vector<Hash> proof;
  if (first == 0 || first == second) return proof;
  QCCM_TRY_STATUS(AppendSubproof(first, 0, second, true, source, proof));
  return proof;
}

Status VerifyInclusion(std::uint64_t leaf_index, std::uint64_t tree_size, const Hash& leaf_hash,
                       std::span<const Hash> proof, const Hash& root) {
  if (leaf_index >= tree_size) {
    return std::unexpected(ProofError("leaf index " + std::to_string(leaf_index) +
                                      " is not below the tree size " + std::to_string(tree_size)));
  }
  std::uint64_t fn = leaf_index;
  std::uint64_t sn = tree_size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return std::unexpected(ProofError("the inclusion proof is too long"));
    if ((fn & 1U) != 0 || fn == sn) {
      r = HashChildren(p, r);
      while ((fn & 1U) == 0 && fn != 0) {
        fn >>= 1U;
        sn >>= 1U;
      }
    } else {
      r = HashChildren(r, p);
    }
    fn >>= 1U;
    sn >>= 1U;
  }
  if (sn != 0) return std::unexpected(ProofError("the inclusion proof is too short"));
  if (r != root) {
    return std::unexpected(ProofError("the inclusion proof does not lead to the tree's root"));
  }
  return Ok();
}

Status VerifyConsistency(std::uint64_t first, std::uint64_t second, const Hash& first_root,
                         const Hash& second_root, std::span<const Hash> proof) {
  if (first > second) {
    return std::unexpected(ProofError("the first tree (size " + std::to_string(first) +
                                      ") is larger than the second (" + std::to_string(second) +
                                      ")"));
  }
  if (first == 0 || first == second) {
    if (!proof.empty()) {
      return std::unexpected(
          ProofError("a consistency proof from size 0 or between equal sizes "
                     "must be empty"));
    }
    if (first == second && first_root != second_root) {
      return std::unexpected(ProofError("two heads of the same size have different roots"));
    }
    return Ok();
  }
  if (proof.empty()) return std::unexpected(ProofError("the consistency proof is empty"));
  std::vector<Hash> path;
  path.reserve(proof.size() + 1);
  if (IsPowerOfTwo(first)) path.push_back(first_root);
  path.insert(path.end(), proof.begin(), proof.end());
  std::uint64_t fn = first - 1;
  std::uint64_t sn = second - 1;
  while ((fn & 1U) != 0) {
    fn >>= 1U;
    sn >>= 1U;
  }
  Hash fr = path[0];
  Hash sr = path[0];
  for (std::size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return std::unexpected(ProofError("the consistency proof is too long"));
    if ((fn & 1U) != 0 || fn == sn) {
      fr = HashChildren(c, fr);
      sr = HashChildren(c, sr);
      while ((fn & 1U) == 0 && fn != 0) {
        fn >>= 1U;
        sn >>= 1U;
      }
    } else {
      sr = HashChildren(sr, c);
    }
    fn >>= 1U;
    sn >>= 1U;
  }
  if (sn != 0) return std::unexpected(ProofError("the consistency proof is too short"));
  if (fr != first_root) {
    return std::unexpected(ProofError("the consistency proof does not lead to the first root"));
  }
  if (sr != second_root) {
    return std::unexpected(ProofError("the consistency proof does not lead to the second root"));
  }
  return Ok();
}

}  // namespace qccm::oversight
