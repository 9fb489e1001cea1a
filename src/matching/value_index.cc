// ValueIndex: linear probing at a load factor of at most 1/2, 32 bits of the hash kept in the
// slot so most probes never touch the arena.
#include "matching/value_index.h"

#include <algorithm>
#include <bit>

#include "qccm/core/check.h"

namespace qccm::matching {

std::uint64_t ValueIndex::Hash(std::string_view value) {
  // FNV-1a over 8-byte words, then a 64-bit finaliser (murmur3 fmix64): short keys hash in a
  // few multiplications, and the low bits (the slot) depend on every input byte.
  std::uint64_t h = 0xcbf29ce484222325ULL ^ value.size();
  std::size_t i = 0;
  for (; i + 8 <= value.size(); i += 8) {
    std::uint64_t word;
    __builtin_memcpy(&word, value.data() + i, 8);
    h = (h ^ word) * 0x100000001b3ULL;
    h ^= h >> 29;
  }
  std::uint64_t tail = 0;
  for (std::size_t k = 0; i < value.size(); ++i, k += 8) {
    tail |= std::uint64_t{static_cast<unsigned char>(value[i])} << k;
  }
  h = (h ^ tail) * 0x100000001b3ULL;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

std::uint32_t ValueIndex::FindSlot(std::string_view value, std::uint64_t hash) const {
  if (slots_.empty()) return 0xFFFFFFFFU;
  std::size_t mask = slots_.size() - 1;
  std::uint64_t tag = hash >> 32 << 32;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    std::uint64_t slot = slots_[i];
    if (slot == 0) return 0xFFFFFFFFU;
    if ((slot & 0xFFFFFFFF00000000ULL) == tag) {
      auto index = static_cast<std::uint32_t>(slot & 0xFFFFFFFFU) - 1;
      if (ValueOf(entries_[index]) == value) return index;
    }
  }
}

void ValueIndex::Insert(std::uint32_t entry_index, std::uint64_t hash) {
  std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i] != 0) i = (i + 1) & mask;
  slots_[i] = (hash >> 32 << 32) | (std::uint64_t{entry_index} + 1);
}

void ValueIndex::Grow() {
  std::size_t size = slots_.empty() ? 16 : slots_.size() * 2;
  slots_.assign(size, 0);
  for (std::uint32_t i = 0; i < entries_.size(); ++i) Insert(i, Hash(ValueOf(entries_[i])));
}

void ValueIndex::Add(std::string_view value, std::uint32_t posting) {
  std::uint64_t hash = Hash(value);
  std::uint32_t index = FindSlot(value, hash);
  if (index == 0xFFFFFFFFU) {
    if ((entries_.size() + 1) * 2 > slots_.size()) Grow();
    QCCM_CHECK(arena_.size() + value.size() < 0xFFFFFFFFULL);
    entries_.push_back({static_cast<std::uint32_t>(arena_.size()),
                        static_cast<std::uint32_t>(value.size()), posting, 1});
    arena_ += value;
    Insert(static_cast<std::uint32_t>(entries_.size() - 1), hash);
    return;
  }
  Entry& entry = entries_[index];
  if (entry.count == 1) {
    if (entry.postings == posting) return;
    auto start = static_cast<std::uint32_t>(postings_.size());
    postings_.push_back(entry.postings);
    postings_.push_back(posting);
    entry.postings = start;
    entry.count = 2;
    return;
  }
  std::uint32_t* begin = postings_.data() + entry.postings;
  for (std::uint32_t i = 0; i < entry.count; ++i) {
    if (begin[i] == posting) return;
  }
  // Blocks have power-of-two capacity; a full block is copied to the end at twice the size
  // (the old block is garbage until the next Rewrite).
  if (std::has_single_bit(entry.count)) {
    auto start = static_cast<std::uint32_t>(postings_.size());
    postings_.resize(postings_.size() + entry.count * 2);
    std::copy_n(postings_.begin() + entry.postings, entry.count, postings_.begin() + start);
    entry.postings = start;
  }
  postings_[entry.postings + entry.count] = posting;
  ++entry.count;
}

std::span<const std::uint32_t> ValueIndex::Find(std::string_view value, std::uint64_t hash) const {
  std::uint32_t index = FindSlot(value, hash);
  if (index == 0xFFFFFFFFU) return {};
  const Entry& entry = entries_[index];
  if (entry.count == 1) return {&entry.postings, 1};
  return {postings_.data() + entry.postings, entry.count};
}

std::size_t ValueIndex::memory_bytes() const {
  return slots_.capacity() * sizeof(std::uint64_t) + entries_.capacity() * sizeof(Entry) +
         arena_.capacity() + postings_.capacity() * sizeof(std::uint32_t);
}

}  // namespace qccm::matching
