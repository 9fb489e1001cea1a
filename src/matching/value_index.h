// An open-addressing hash set of strings with a posting list per string: the exact-match index
// of one observable type. Values live in one arena; a string with one posting keeps it inline,
// more go to a shared posting array in power-of-two blocks. Hand-written because no packaged
// container stores string keys without a heap node or std::string each (~3x the memory here).
// Not synchronised (the matcher's lock guards it).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "matching/huge_pages.h"

namespace qccm::matching {

class ValueIndex final {
 public:
  // Adds `posting` to the list of `value` (creating the entry).
  void Add(std::string_view value, std::uint32_t posting);
  // The postings of `value`, or an empty span. Valid until the next Add/Rewrite.
  std::span<const std::uint32_t> Find(std::string_view value) const {
    return Find(value, Hash(value));
  }
  // As Find, with `hash` = Hash(value) computed earlier (batched lookups).
  std::span<const std::uint32_t> Find(std::string_view value, std::uint64_t hash) const;
  static std::uint64_t Hash(std::string_view value);
  // Batched lookups hide memory latency: prefetch the slot, then the entry it names.
  void PrefetchSlot(std::uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
  }
  // Probes the (prefetched) slots for the first entry whose 32-bit tag matches `hash`, a likely
  // hit, and prefetches it. Returns its index, or kNone (then `value` is certainly absent).
  static constexpr std::uint32_t kNone = 0xFFFFFFFFU;
  std::uint32_t PrefetchEntry(std::uint64_t hash) const {
    if (slots_.empty()) return kNone;
    std::size_t mask = slots_.size() - 1;
    std::uint64_t tag = hash >> 32 << 32;
    for (std::size_t i = hash & mask; slots_[i] != 0; i = (i + 1) & mask) {
      if ((slots_[i] & 0xFFFFFFFF00000000ULL) != tag) continue;
      auto index = static_cast<std::uint32_t>(slots_[i] & 0xFFFFFFFFU) - 1;
      __builtin_prefetch(&entries_[index]);
      return index;
    }
    return kNone;
  }
  // As Find, given `entry` = PrefetchEntry(hash): kNone answers at once (no slot of the probe
  // sequence has the tag), a matching entry without probing again; a tag collision probes.
  std::span<const std::uint32_t> FindAt(std::string_view value, std::uint64_t hash,
                                        std::uint32_t entry) const {
    if (entry == kNone) return {};
    const Entry& e = entries_[entry];
    if (ValueOf(e) != value) return Find(value, hash);
    if (e.count == 1) return {&e.postings, 1};
    return {postings_.data() + e.postings, e.count};
  }
  // Prefetches the text of entry `index` (from PrefetchEntry). Returns its posting if it has
  // exactly one, else kNone.
  std::uint32_t PrefetchText(std::uint32_t index) const {
    const Entry& entry = entries_[index];
    __builtin_prefetch(arena_.data() + entry.offset);
    return entry.count == 1 ? entry.postings : kNone;
  }
  // Rewrites every posting through `map` (kDrop removes it); entries left without postings are
  // removed and the arena and table rebuilt.
  static constexpr std::uint32_t kDrop = 0xFFFFFFFFU;
  template <typename Map>
  void Rewrite(Map&& map);

  std::size_t size() const { return entries_.size(); }
  std::size_t memory_bytes() const;
  std::size_t text_bytes() const { return arena_.size(); }

 private:
  struct Entry {
    std::uint32_t offset;  // in arena_
    std::uint32_t length;
    std::uint32_t postings;  // count == 1: the posting itself; else the block start in postings_
    std::uint32_t count;
  };
  std::uint32_t FindSlot(std::string_view value, std::uint64_t hash) const;
  void Grow();
  void Insert(std::uint32_t entry_index, std::uint64_t hash);
  std::string_view ValueOf(const Entry& entry) const {
    return std::string_view(arena_).substr(entry.offset, entry.length);
  }

  // slot: 0 empty, else (hash >> 32) << 32 | (entry index + 1)
  template <typename T>
  using HugeVector = std::vector<T, HugePageAllocator<T>>;
  using Arena = std::basic_string<char, std::char_traits<char>, HugePageAllocator<char>>;
  HugeVector<std::uint64_t> slots_;
  HugeVector<Entry> entries_;
  Arena arena_;
  HugeVector<std::uint32_t> postings_;
};

template <typename Map>
void ValueIndex::Rewrite(Map&& map) {
  HugeVector<Entry> old_entries = std::move(entries_);
  Arena old_arena = std::move(arena_);
  HugeVector<std::uint32_t> old_postings = std::move(postings_);
  entries_.clear();
  arena_.clear();
  postings_.clear();
  slots_.clear();
  std::vector<std::uint32_t> kept;
  for (const Entry& entry : old_entries) {
    kept.clear();
    const std::uint32_t* begin =
        entry.count == 1 ? &entry.postings : old_postings.data() + entry.postings;
    for (std::uint32_t i = 0; i < entry.count; ++i) {
      std::uint32_t mapped = map(begin[i]);
      if (mapped != kDrop) kept.push_back(mapped);
    }
    std::string_view value = std::string_view(old_arena).substr(entry.offset, entry.length);
    for (std::uint32_t posting : kept) Add(value, posting);
  }
}

}  // namespace qccm::matching
