// PrefixTrie: one bit per level; lookups walk at most 32 (IPv4) or 128 (IPv6) nodes.
#include "matching/prefix_trie.h"

#include <algorithm>

namespace qccm::matching {

void PrefixTrie::Add(const correlation::IpPrefix& prefix, std::uint32_t posting) {
  std::uint32_t node = Root(prefix.v6);
  for (std::size_t i = 0; i < prefix.length; ++i) {
    unsigned bit = prefix.Bit(i) ? 1 : 0;
    if (nodes_[node].child[bit] == 0) {
      nodes_[node].child[bit] = static_cast<std::uint32_t>(nodes_.size());
      nodes_.push_back(Node{});
    }
    node = nodes_[node].child[bit];
  }
  if (nodes_[node].list == 0) {
    lists_.emplace_back();
    nodes_[node].list = static_cast<std::uint32_t>(lists_.size());
  }
  auto& list = lists_[nodes_[node].list - 1];
  if (std::find(list.begin(), list.end(), posting) == list.end()) {
    list.push_back(posting);
    ++prefixes_;
  }
}

void PrefixTrie::FindContaining(const correlation::IpPrefix& query,
                                std::vector<std::uint32_t>& out) const {
  std::uint32_t node = Root(query.v6);
  for (std::size_t i = 0;; ++i) {
    if (nodes_[node].list != 0) {
      const auto& list = lists_[nodes_[node].list - 1];
      out.insert(out.end(), list.begin(), list.end());
    }
    if (i == query.length) return;
    node = nodes_[node].child[query.Bit(i) ? 1 : 0];
    if (node == 0) return;
  }
}

void PrefixTrie::Collect(std::uint32_t node, std::vector<std::uint32_t>& out) const {
  std::vector<std::uint32_t> stack = {node};
  while (!stack.empty()) {
    std::uint32_t n = stack.back();
    stack.pop_back();
    if (nodes_[n].list != 0) {
      const auto& list = lists_[nodes_[n].list - 1];
      out.insert(out.end(), list.begin(), list.end());
    }
    for (std::uint32_t child : nodes_[n].child) {
      if (child != 0) stack.push_back(child);
    }
  }
}

void PrefixTrie::FindContained(const correlation::IpPrefix& query,
                               std::vector<std::uint32_t>& out) const {
  std::uint32_t node = Root(query.v6);
  for (std::size_t i = 0; i < query.length; ++i) {
    node = nodes_[node].child[query.Bit(i) ? 1 : 0];
    if (node == 0) return;
  }
  Collect(node, out);
}

std::size_t PrefixTrie::memory_bytes() const {
  std::size_t bytes = nodes_.capacity() * sizeof(Node) + lists_.capacity() * sizeof(lists_[0]);
  for (const auto& list : lists_) bytes += list.capacity() * sizeof(std::uint32_t);
  return bytes;
}

}  // namespace qccm::matching
