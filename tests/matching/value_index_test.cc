// ValueIndex: the exact-match hash set with postings, at sizes where its arrays take the huge
// page allocation path, with the prefetching probe helpers the batched lookup uses.
#include "matching/value_index.h"

#include <gtest/gtest.h>

#include <string>

namespace qccm::matching {
namespace {

std::string Key(int i) { return "value-" + std::to_string(i) + ".example"; }

TEST(ValueIndex, LargeIndexFindsEveryValueAndNoOther) {
  ValueIndex index;
  constexpr int kCount = 300000;  // slots and entries well past 2 MiB: huge page allocations
  for (int i = 0; i < kCount; ++i) index.Add(Key(i), static_cast<std::uint32_t>(i));
  index.Add(Key(5), 77);  // a second posting
  index.Add(Key(5), 77);  // a duplicate is ignored
  ASSERT_EQ(index.size(), static_cast<std::size_t>(kCount));
  for (int i = 0; i < kCount; i += 7) {
    auto hits = index.Find(Key(i));
    ASSERT_FALSE(hits.empty()) << i;
    EXPECT_EQ(hits[0], static_cast<std::uint32_t>(i));
  }
  EXPECT_EQ(index.Find(Key(5)).size(), 2U);
  EXPECT_TRUE(index.Find(Key(kCount)).empty());
  EXPECT_TRUE(index.Find("").empty());
}

TEST(ValueIndex, PrefetchHelpersNameTheEntryOfAHitAndNothingForAMiss) {
  ValueIndex index;
  EXPECT_EQ(index.PrefetchEntry(ValueIndex::Hash("x")), ValueIndex::kNone);  // empty table
  for (int i = 0; i < 1000; ++i) index.Add(Key(i), static_cast<std::uint32_t>(i));
  index.Add(Key(3), 9);
  std::size_t misses_named = 0;
  for (int i = 0; i < 2000; ++i) {
    std::uint64_t hash = ValueIndex::Hash(Key(i));
    index.PrefetchSlot(hash);
    std::uint32_t entry = index.PrefetchEntry(hash);
    if (i < 1000) {
      ASSERT_NE(entry, ValueIndex::kNone) << i;
      std::uint32_t posting = index.PrefetchText(entry);
      EXPECT_EQ(posting, i == 3 ? ValueIndex::kNone : static_cast<std::uint32_t>(i));
    } else if (entry != ValueIndex::kNone) {
      ++misses_named;  // a 32-bit tag collision: allowed, Find still says no
      EXPECT_TRUE(index.Find(Key(i), hash).empty());
    }
  }
  EXPECT_LE(misses_named, 1U);
}

TEST(ValueIndex, FindAtTrustsTheProbeAndFallsBackOnACollision) {
  ValueIndex index;
  for (int i = 0; i < 100; ++i) index.Add(Key(i), static_cast<std::uint32_t>(i));
  std::uint64_t hash = ValueIndex::Hash(Key(42));
  std::uint32_t entry = index.PrefetchEntry(hash);
  ASSERT_EQ(index.FindAt(Key(42), hash, entry).size(), 1U);
  EXPECT_EQ(index.FindAt(Key(42), hash, entry)[0], 42U);
  EXPECT_TRUE(index.FindAt(Key(42), hash, ValueIndex::kNone).empty());  // the probe said absent
  // An entry named by a colliding tag is checked, and the real one found by probing.
  std::uint32_t other = index.PrefetchEntry(ValueIndex::Hash(Key(7)));
  ASSERT_EQ(index.FindAt(Key(42), hash, other).size(), 1U);
  EXPECT_EQ(index.FindAt(Key(42), hash, other)[0], 42U);
  EXPECT_TRUE(index.FindAt(Key(500), ValueIndex::Hash(Key(500)), other).empty());
}

TEST(ValueIndex, RewriteDropsAndRenumbersPostings) {
  ValueIndex index;
  for (int i = 0; i < 100; ++i) index.Add(Key(i), static_cast<std::uint32_t>(i));
  index.Rewrite([](std::uint32_t p) { return p % 2 == 0 ? p / 2 : ValueIndex::kDrop; });
  EXPECT_EQ(index.size(), 50U);
  EXPECT_TRUE(index.Find(Key(1)).empty());
  ASSERT_EQ(index.Find(Key(10)).size(), 1U);
  EXPECT_EQ(index.Find(Key(10))[0], 5U);
}

}  // namespace
}  // namespace qccm::matching
