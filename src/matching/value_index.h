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
  void PrefetchEntry(std::uint64_t hash) const {
    if (slots_.empty()) return;
    std::uint64_t slot = slots_[hash & (slots_.size() - 1)];
    if (slot != 0) __builtin_prefetch(&entries_[(slot & 0xFFFFFFFFU) - 1]);
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
  std::vector<std::uint64_t> slots_;
  std::vector<Entry> entries_;
  std::string arena_;
  std::vector<std::uint32_t> postings_;
};

template <typename Map>
void ValueIndex::Rewrite(Map&& map) {
  std::vector<Entry> old_entries = std::move(entries_);
  std::string old_arena = std::move(arena_);
  std::vector<std::uint32_t> old_postings = std::move(postings_);
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
