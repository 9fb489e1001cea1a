// A binary trie of IP prefixes (one per address family) with postings at prefix nodes: finds
// every stored range containing an address or range, or every stored prefix inside a range.
// Not synchronised (the matcher's lock guards it).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "qccm/correlation/observable_ip.h"

namespace qccm::matching {

class PrefixTrie final {
 public:
  void Add(const correlation::IpPrefix& prefix, std::uint32_t posting);
  // Appends the postings of every stored prefix that contains `query` (is equal or shorter
  // and agrees on its bits).
  void FindContaining(const correlation::IpPrefix& query, std::vector<std::uint32_t>& out) const;
  // Appends the postings of every stored prefix that `query` contains.
  void FindContained(const correlation::IpPrefix& query, std::vector<std::uint32_t>& out) const;

  static constexpr std::uint32_t kDrop = 0xFFFFFFFFU;
  template <typename Map>
  void Rewrite(Map&& map) {
    prefixes_ = 0;
    for (auto& list : lists_) {
      std::size_t kept = 0;
      for (std::uint32_t posting : list) {
        std::uint32_t mapped = map(posting);
        if (mapped != kDrop) list[kept++] = mapped;
      }
      list.resize(kept);
      list.shrink_to_fit();
      prefixes_ += kept;
    }
  }

  std::size_t size() const { return prefixes_; }
  bool empty() const { return prefixes_ == 0; }
  std::size_t memory_bytes() const;

 private:
  struct Node {
    std::uint32_t child[2] = {0, 0};  // 0: none (node 0 is a root, never a child)
    std::uint32_t list = 0;           // 0: no postings; else index + 1 in lists_
  };
  std::uint32_t Root(bool v6) const { return v6 ? 1 : 0; }
  void Collect(std::uint32_t node, std::vector<std::uint32_t>& out) const;

  std::vector<Node> nodes_ = {Node{}, Node{}};  // [0] IPv4 root, [1] IPv6 root
  std::vector<std::vector<std::uint32_t>> lists_;
  std::size_t prefixes_ = 0;
};

}  // namespace qccm::matching
