// The MATCHES / LIKE comparisons on one property path: an RE2::Set over all of them (one pass
// over the text finds every regex that matches), plus the regexes added since the set was last
// compiled, tried one by one until the next recompile. Not synchronised.
#pragma once

#include <re2/re2.h>
#include <re2/set.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "matching/value_index.h"
#include "qccm/core/result.h"

namespace qccm::matching {

// Converts SQL LIKE text ('%' any run, '_' one character) to an anchored RE2 pattern.
std::string LikeToRegex(std::string_view like);

class RegexIndex final {
 public:
  // Checks that `pattern` compiles with RE2. Fails with kUnsupported naming RE2's complaint.
  static Status Check(std::string_view pattern);
  // Queues a pattern that passed Check; Match sees it after the next MaybeCompile.
  void Add(std::string pattern, std::uint32_t posting);
  // Appends the postings of every pattern that matches somewhere in `text`.
  void Match(std::string_view text, std::vector<std::uint32_t>& out) const;
  // Compiles the queued patterns: one by one while few, else (or if `force`) every pattern into
  // the sets again (shards on two threads).
  void MaybeCompile(bool force = false);

  static constexpr std::uint32_t kDrop = 0xFFFFFFFFU;
  template <typename Map>
  void Rewrite(Map&& map) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < postings_.size(); ++i) {
      std::uint32_t mapped = map(postings_[i]);
      if (mapped == kDrop) continue;
      postings_[kept] = mapped;
      if (kept != i) patterns_[kept] = std::move(patterns_[i]);
      ++kept;
    }
    bool changed = kept != postings_.size();
    postings_.resize(kept);
    patterns_.resize(kept);
    if (changed) MaybeCompile(true);
  }

  std::size_t size() const { return patterns_.size(); }
  std::size_t memory_bytes() const;

 private:
  std::vector<std::string> patterns_;
  std::vector<std::uint32_t> postings_;          // parallel to patterns_
  std::vector<std::unique_ptr<RE2::Set>> sets_;  // shards over patterns_[0, compiled_)
  std::vector<std::size_t> shard_start_;
  std::vector<std::unique_ptr<RE2>> pending_;  // patterns_[compiled_, end)
  std::size_t compiled_ = 0;
};

}  // namespace qccm::matching

namespace qccm::matching {

// LIKE patterns of the simple forms 'text', 'text%' and '%text' (no '_', no other '%'),
// answered with hash lookups of the value, its prefixes and its suffixes of the lengths that
// occur: most LIKE indicators (domain suffixes, URL prefixes) never reach a regex engine.
// Not synchronised.
class LikeIndex final {
 public:
  // True if `like` has one of the simple forms.
  static bool IsSimple(std::string_view like);
  void Add(std::string_view like, std::uint32_t posting);
  // Appends the postings of every pattern that matches `text` in full.
  void Match(std::string_view text, std::vector<std::uint32_t>& out) const;

  template <typename Map>
  void Rewrite(Map&& map) {
    exact_.Rewrite(map);
    prefix_.Rewrite(map);
    suffix_.Rewrite(map);
  }
  std::size_t size() const { return exact_.size() + prefix_.size() + suffix_.size(); }
  std::size_t memory_bytes() const {
    return exact_.memory_bytes() + prefix_.memory_bytes() + suffix_.memory_bytes();
  }

 private:
  ValueIndex exact_, prefix_, suffix_;
  std::vector<std::size_t> prefix_lengths_, suffix_lengths_;  // sorted, distinct
};

}  // namespace qccm::matching
