// RFC 9162 hashing against the Certificate Transparency reference vectors, and inclusion and
// consistency proofs for every tree size up to 64 plus random larger ones, with corruptions.
#include "qccm/oversight/merkle.h"

#include <gtest/gtest.h>

#include <bit>
#include <random>

namespace qccm::oversight {
namespace {

Hash H(std::string_view hex) {
  auto hash = ParseHash(hex);
  EXPECT_TRUE(hash.has_value()) << hex;
  return hash.value_or(Hash{});
}

std::string Bytes(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

// The CT reference leaves (certificate-transparency's merkle tree tests, reused by RFC 9162
// implementations) and the roots of their prefixes of size 0..8.
const std::vector<std::string> kLeafData = {"",
                                            "00",
                                            "10",
                                            "2021",
                                            "3031",
                                            "40414243",
                                            "5051525354555657",
                                            "606162636465666768696a6b6c6d6e6f"};
const char* const kRoots[] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

std::vector<Hash> ReferenceLeaves() {
  std::vector<Hash> leaves;
  for (const std::string& hex : kLeafData) leaves.push_back(HashLeaf(Bytes(hex)));
  return leaves;
}

// MTH straight from RFC 9162 §2.1.1's definition, independent of MerkleFrontier.
Hash DefinitionRoot(std::span<const Hash> leaves) {
  if (leaves.empty()) return EmptyRoot();
  if (leaves.size() == 1) return leaves[0];
  std::size_t k = std::bit_floor(leaves.size() - 1);
  return HashChildren(DefinitionRoot(leaves.first(k)), DefinitionRoot(leaves.subspan(k)));
}

SubtreeSource SourceOver(const std::vector<Hash>& leaves) {
  return [&leaves](int level, std::uint64_t index) -> Result<Hash> {
    std::size_t width = std::size_t{1} << static_cast<unsigned>(level);
    std::size_t begin = index * width;
    EXPECT_LE(begin + width, leaves.size()) << "proof asked beyond the tree";
    return DefinitionRoot(std::span(leaves).subspan(begin, width));
  };
}

std::vector<Hash> Leaves(std::size_t n) {
  std::vector<Hash> leaves;
  for (std::size_t i = 0; i < n; ++i) leaves.push_back(HashLeaf("leaf " + std::to_string(i)));
  return leaves;
}

TEST(MerkleTest, RootsMatchTheCertificateTransparencyVectors) {
  std::vector<Hash> leaves = ReferenceLeaves();
  for (std::size_t n = 0; n <= leaves.size(); ++n) {
    std::span<const Hash> prefix(leaves.data(), n);
    EXPECT_EQ(ToHex(RootOf(prefix)), kRoots[n]) << "size " << n;
    EXPECT_EQ(ToHex(DefinitionRoot(prefix)), kRoots[n]) << "size " << n;
  }
}

TEST(MerkleTest, InclusionProofsMatchTheReferenceVectors) {
  std::vector<Hash> leaves = ReferenceLeaves();
  SubtreeSource source = SourceOver(leaves);
  struct Vector {
    std::uint64_t index, size;
    std::vector<const char*> path;
  };
  const Vector vectors[] = {
      {0,
       8,
       {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
      {5,
       8,
       {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
      {2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
      {1,
       5,
       {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
  };
  for (const Vector& v : vectors) {
    auto proof = InclusionProof(v.index, v.size, source);
    ASSERT_TRUE(proof.has_value());
    ASSERT_EQ(proof->size(), v.path.size());
    for (std::size_t i = 0; i < v.path.size(); ++i) EXPECT_EQ(ToHex((*proof)[i]), v.path[i]);
    EXPECT_TRUE(VerifyInclusion(v.index, v.size, leaves[v.index], *proof, H(kRoots[v.size])));
  }
}

TEST(MerkleTest, ConsistencyProofsMatchTheReferenceVectors) {
  std::vector<Hash> leaves = ReferenceLeaves();
  SubtreeSource source = SourceOver(leaves);
  struct Vector {
    std::uint64_t first, second;
    std::vector<const char*> path;
  };
  const Vector vectors[] = {
      {1, 1, {}},
      {1,
       8,
       {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
      {6,
       8,
       {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
      {2,
       5,
       {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
  };
  for (const Vector& v : vectors) {
    auto proof = ConsistencyProof(v.first, v.second, source);
    ASSERT_TRUE(proof.has_value());
    ASSERT_EQ(proof->size(), v.path.size()) << v.first << "->" << v.second;
    for (std::size_t i = 0; i < v.path.size(); ++i) EXPECT_EQ(ToHex((*proof)[i]), v.path[i]);
    EXPECT_TRUE(
        VerifyConsistency(v.first, v.second, H(kRoots[v.first]), H(kRoots[v.second]), *proof));
  }
}

// Every way of spoiling a valid inclusion proof must be refused.
void ExpectInclusionCorruptionsFail(std::uint64_t index, std::uint64_t size, const Hash& leaf,
                                    const std::vector<Hash>& proof, const Hash& root) {
  auto fails = [&](std::uint64_t i, std::uint64_t n, const Hash& l, const std::vector<Hash>& p,
                   const Hash& r, const char* what) {
    EXPECT_FALSE(VerifyInclusion(i, n, l, p, r).has_value())
        << what << " accepted for leaf " << index << " of " << size;
  };
  if (index > 0) fails(index - 1, size, leaf, proof, root, "index - 1");
  fails(index + 1, size, leaf, proof, root, "index + 1");
  if ((index ^ 2U) < size) fails(index ^ 2U, size, leaf, proof, root, "index ^ 2");
  fails(index, size * 2, leaf, proof, root, "size * 2");
  if (size / 2 > index) fails(index, size / 2, leaf, proof, root, "size / 2");
  fails(index, size, HashLeaf("wrong"), proof, root, "wrong leaf");
  fails(index, size, leaf, proof, EmptyRoot(), "empty root");
  std::vector<Hash> longer = proof;
  longer.push_back(root);
  fails(index, size, leaf, longer, root, "trailing root");
  std::vector<Hash> prefixed = proof;
  prefixed.insert(prefixed.begin(), root);
  fails(index, size, leaf, prefixed, root, "preceding root");
  for (std::size_t i = 0; i < proof.size(); ++i) {
    std::vector<Hash> flipped = proof;
    flipped[i][0] ^= 8U;
    fails(index, size, leaf, flipped, root, "flipped bit");
  }
  if (!proof.empty()) {
    std::vector<Hash> truncated(proof.begin(), proof.end() - 1);
    fails(index, size, leaf, truncated, root, "truncated proof");
  }
}

TEST(MerkleTest, EveryInclusionProofVerifiesAndEveryCorruptionIsRefusedUpToSize64) {
  std::vector<Hash> all = Leaves(64);
  for (std::size_t size = 1; size <= all.size(); ++size) {
    std::vector<Hash> leaves(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(size));
    SubtreeSource source = SourceOver(leaves);
    Hash root = DefinitionRoot(leaves);
    for (std::size_t index = 0; index < size; ++index) {
      auto proof = InclusionProof(index, size, source);
      ASSERT_TRUE(proof.has_value());
      ASSERT_TRUE(VerifyInclusion(index, size, leaves[index], *proof, root))
          << "leaf " << index << " of " << size;
      ExpectInclusionCorruptionsFail(index, size, leaves[index], *proof, root);
    }
  }
}

TEST(MerkleTest, EveryConsistencyProofVerifiesAndCorruptionsAreRefusedUpToSize64) {
  std::vector<Hash> all = Leaves(64);
  std::vector<Hash> roots;
  for (std::size_t n = 0; n <= all.size(); ++n)
    roots.push_back(DefinitionRoot(std::span(all).first(n)));
  SubtreeSource source = SourceOver(all);
  for (std::uint64_t second = 0; second <= all.size(); ++second) {
    for (std::uint64_t first = 0; first <= second; ++first) {
      auto proof = ConsistencyProof(first, second, source);
      ASSERT_TRUE(proof.has_value());
      ASSERT_TRUE(VerifyConsistency(first, second, roots[first], roots[second], *proof))
          << first << " -> " << second;
      if (proof->empty()) continue;
      EXPECT_FALSE(VerifyConsistency(first, second, roots[second], roots[first], *proof));
      EXPECT_FALSE(VerifyConsistency(first, second, HashLeaf("x"), roots[second], *proof));
      EXPECT_FALSE(VerifyConsistency(first, second, roots[first], HashLeaf("x"), *proof));
      EXPECT_FALSE(VerifyConsistency(first, second, roots[first], roots[second], {}));
      if (first > 1) {
        EXPECT_FALSE(VerifyConsistency(first - 1, second, roots[first], roots[second], *proof));
      }
      EXPECT_FALSE(VerifyConsistency(first, second * 2, roots[first], roots[second], *proof));
      std::vector<Hash> truncated(proof->begin(), proof->end() - 1);
      EXPECT_FALSE(VerifyConsistency(first, second, roots[first], roots[second], truncated));
      std::vector<Hash> longer = *proof;
      longer.push_back(roots[second]);
      EXPECT_FALSE(VerifyConsistency(first, second, roots[first], roots[second], longer));
      for (std::size_t i = 0; i < proof->size(); ++i) {
        std::vector<Hash> flipped = *proof;
        flipped[i][0] ^= 16U;
        EXPECT_FALSE(VerifyConsistency(first, second, roots[first], roots[second], flipped));
      }
    }
  }
}

TEST(MerkleTest, ProofsVerifyInRandomLargerTrees) {
  std::mt19937_64 random(9162);
  for (int round = 0; round < 6; ++round) {
    std::size_t size = 65 + random() % 3000;
    std::vector<Hash> leaves = Leaves(size);
    SubtreeSource source = SourceOver(leaves);
    Hash root = DefinitionRoot(leaves);
    for (int probe = 0; probe < 20; ++probe) {
      std::uint64_t index = random() % size;
      auto proof = InclusionProof(index, size, source);
      ASSERT_TRUE(proof.has_value());
      EXPECT_TRUE(VerifyInclusion(index, size, leaves[index], *proof, root));
      ExpectInclusionCorruptionsFail(index, size, leaves[index], *proof, root);
      std::uint64_t first = 1 + random() % size;
      auto consistency = ConsistencyProof(first, size, source);
      ASSERT_TRUE(consistency.has_value());
      EXPECT_TRUE(VerifyConsistency(first, size, DefinitionRoot(std::span(leaves).first(first)),
                                    root, *consistency));
    }
  }
}

TEST(MerkleTest, TrivialConsistencyCasesFollowTheRfc) {
  Hash a = HashLeaf("a"), b = HashLeaf("b");
  EXPECT_TRUE(VerifyConsistency(0, 0, a, a, {}));
  EXPECT_TRUE(VerifyConsistency(0, 5, a, b, {}));
  EXPECT_TRUE(VerifyConsistency(3, 3, b, b, {}));
  EXPECT_FALSE(VerifyConsistency(3, 3, a, b, {}));          // same size, different roots
  EXPECT_FALSE(VerifyConsistency(0, 3, a, b, {{a}}));       // from 0 the proof is empty
  EXPECT_FALSE(VerifyConsistency(3, 2, a, b, {{a}}));       // time travel
  EXPECT_FALSE(VerifyConsistency(1, 2, a, b, {}));          // empty proof
  EXPECT_FALSE(VerifyInclusion(0, 0, a, {}, EmptyRoot()));  // nothing is in the empty tree
  EXPECT_TRUE(VerifyInclusion(0, 1, a, {}, a));
  EXPECT_FALSE(InclusionProof(5, 5, SourceOver({})).has_value());
}

TEST(MerkleTest, FrontierRootEqualsTheDefinitionAtEverySize) {
  std::vector<Hash> leaves = Leaves(300);
  MerkleFrontier frontier;
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    std::vector<TreeNode> completed;
    frontier.Append(leaves[i], [&](const TreeNode& node) { completed.push_back(node); });
    ASSERT_EQ(frontier.Root(), DefinitionRoot(std::span(leaves).first(i + 1))) << i + 1;
    for (const TreeNode& node : completed) {
      std::size_t width = std::size_t{1} << static_cast<unsigned>(node.level);
      EXPECT_EQ(node.hash, DefinitionRoot(std::span(leaves).subspan(node.index * width, width)));
    }
  }
}

TEST(MerkleTest, HashesParseOnlyFrom64HexDigits) {
  EXPECT_FALSE(ParseHash("abc").has_value());
  EXPECT_FALSE(ParseHash(std::string(64, 'g')).has_value());
  EXPECT_EQ(ToHex(H(kRoots[3])), kRoots[3]);
}

}  // namespace
}  // namespace qccm::oversight
