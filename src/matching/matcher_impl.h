// The matcher's compiled state (shared by matcher.cc, matcher_compile.cc and
// stream_matcher.cc). Guarded by `mutex`: shared for matching, exclusive for updates.
#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "matching/evaluate.h"
#include "matching/huge_pages.h"
#include "matching/prefix_trie.h"
#include "matching/regex_index.h"
#include "matching/value_index.h"
#include "qccm/matching/matcher.h"

namespace qccm::matching {

// A posting is an indicator ordinal, or (kRuleFlag set) a rule index.
inline constexpr std::uint32_t kRuleFlag = 0x80000000U;

struct Record {
  std::uint32_t id_offset = 0;  // in Impl::id_arena
  std::uint32_t id_length = 0;
  std::int64_t modified = 0;
  std::int64_t valid_from = INT64_MIN;
  std::int64_t valid_until = INT64_MAX;
  std::uint32_t tagset = 0;  // index in Impl::tagsets (0: no tags)
  bool alive = true;
};

// A term of a pattern's disjunctive normal form that needs more than its anchor: the other
// comparisons are checked on the object. `stream` >= 0: a term of leaf observation `leaf` of
// stream pattern `stream`, for StreamMatcher.
struct Rule {
  std::uint32_t indicator = 0;
  std::int32_t stream = -1;
  std::uint32_t leaf = 0;
  std::shared_ptr<const stix::Pattern> pattern;
  std::vector<std::uint32_t> checks;  // indices in pattern->comparisons
  std::string object_type;
  bool alive = true;
};

// A pattern with observation operators or stream qualifiers.
struct StreamPattern {
  std::uint32_t indicator = 0;
  std::shared_ptr<const stix::Pattern> pattern;
  std::vector<std::uint32_t> leaves;  // observation node index per leaf number
  bool alive = true;
};

// A property path with its own index (other exact values, regexes): the comparison whose path
// is walked on objects of its type.
struct PathGroup {
  stix::Comparison path;  // object_type + path; operator and value unused
  std::string key;
};

// Indicator id -> ordinals, keyed by the id text already held in the records (so the text is
// stored once). Open addressing over (hash tag, ordinal + 1); an id may have several ordinals
// (dead versions until compaction).
class IdTable final {
 public:
  template <typename IdOf>
  void Add(std::string_view id, std::uint32_t ordinal, IdOf&& id_of) {
    Add(Hash(id), ordinal, id_of);
  }
  // As Add, with `hash` = Hash(id) computed earlier (off the lock).
  template <typename IdOf>
  void Add(std::uint64_t hash, std::uint32_t ordinal, IdOf&& id_of) {
    if ((count_ + 1) * 2 > slots_.size()) Grow(id_of);
    Insert(hash, ordinal);
    ++count_;
  }
  template <typename IdOf, typename Fn>
  void ForEach(std::string_view id, IdOf&& id_of, Fn&& fn) const {
    ForEach(id, Hash(id), id_of, fn);
  }
  template <typename IdOf, typename Fn>
  void ForEach(std::string_view id, std::uint64_t hash, IdOf&& id_of, Fn&& fn) const {
    if (slots_.empty()) return;
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask; slots_[i] != 0; i = (i + 1) & mask) {
      if ((slots_[i] >> 32) != (hash >> 32)) continue;
      auto ordinal = static_cast<std::uint32_t>(slots_[i]) - 1;
      if (id_of(ordinal) == id) fn(ordinal);
    }
  }
  // Makes room for `count` ids in all without rehashing (a bulk load rehashes once, here).
  template <typename IdOf>
  void Reserve(std::size_t count, IdOf&& id_of) {
    std::size_t size = slots_.empty() ? 16 : slots_.size();
    while (count * 2 > size) size *= 2;
    if (size > slots_.size()) Grow(id_of, size);
  }
  // Rebuilds from `ordinals` (after compaction renumbered them).
  template <typename IdOf>
  void Rebuild(std::uint32_t count, IdOf&& id_of) {
    slots_.clear();
    count_ = 0;
    for (std::uint32_t ordinal = 0; ordinal < count; ++ordinal) Add(id_of(ordinal), ordinal, id_of);
  }
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(std::uint64_t); }
  static std::uint64_t Hash(std::string_view id) { return std::hash<std::string_view>{}(id) | 1; }

 private:
  void Insert(std::uint64_t hash, std::uint32_t ordinal) {
    std::size_t mask = slots_.size() - 1;
    std::size_t i = hash & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = (hash >> 32 << 32) | (std::uint64_t{ordinal} + 1);
  }
  template <typename IdOf>
  void Grow(IdOf&& id_of, std::size_t size = 0) {
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(size != 0 ? size : old.empty() ? 16 : old.size() * 2, 0);
    for (std::uint64_t slot : old) {
      if (slot == 0) continue;
      auto ordinal = static_cast<std::uint32_t>(slot) - 1;
      Insert(Hash(id_of(ordinal)), ordinal);
    }
  }
  std::vector<std::uint64_t> slots_;
  std::size_t count_ = 0;
};

enum class AnchorKind : std::uint8_t { kNone, kExact, kPrefix, kOther, kRegex };

// The comparison of a term that an index finds.
struct Anchor {
  AnchorKind kind = AnchorKind::kNone;
  std::uint32_t comparison = 0;
  std::vector<correlation::Observable> values;  // kExact (and kPrefix: the ranges)
  bool superset = false;                        // kPrefix: ISSUPERSET
  std::vector<std::string> texts;               // kOther values
  std::string regex;                            // kRegex: RE2 syntax, or the LIKE text if `like`
  bool like = false;                            // kRegex: a simple LIKE (LikeIndex)
};

// One evaluable term of a pattern's disjunctive normal form: its anchor and the comparisons
// left to check on the object.
struct PlannedTerm {
  std::uint32_t leaf = 0;
  Anchor anchor;
  std::vector<std::uint32_t> residual;
  std::string object_type;  // of the term's first comparison
};

// What compiling a pattern inserts, worked out from the pattern alone (no matcher state), so
// that it runs on the parse threads; Impl::Apply then only inserts.
struct CompilePlan {
  bool stream = false;
  std::vector<std::uint32_t> leaves;  // observation node index per leaf number
  std::vector<PlannedTerm> terms;
  std::string partial;  // terms skipped, and why ("" if none)
};

// Plans `pattern`. Fails with kUnsupported when no term can be evaluated. Thread-safe.
Result<CompilePlan> PlanPattern(const stix::Pattern& pattern);
// The plan of the commonest indicator, [type:path = 'value'] with a value that normalises to an
// exact observable, straight from the pattern text (no parse, no AST: most of a bulk load's
// time); std::nullopt for any other text (then parse and PlanPattern). The plan equals
// PlanPattern's for the same pattern. Thread-safe.
std::optional<CompilePlan> PlanSimpleEquality(std::string_view pattern_text);

struct Matcher::Impl {
  mutable std::shared_mutex mutex;

  std::vector<Record, HugePageAllocator<Record>> records;
  std::basic_string<char, std::char_traits<char>, HugePageAllocator<char>> id_arena;
  IdTable ids;  // id -> ordinals (the live one is the one with alive set)
  std::vector<std::vector<std::uint32_t>> tagsets = {{}};
  std::map<std::vector<std::uint32_t>, std::uint32_t> tagset_ids = {{{}, 0}};

  std::array<ValueIndex, correlation::kObservableTypeCount> exact;
  PrefixTrie containing;  // ISSUBSET and = with a CIDR: stored ranges that contain the value
  PrefixTrie contained;   // ISSUPERSET: stored prefixes that the value contains
  ValueIndex other;       // key + '\x1f' + value for = on other string paths
  std::map<std::string, std::vector<PathGroup>, std::less<>> other_paths;  // by object type
  std::map<std::string, RegexIndex, std::less<>> regexes;                  // by path key
  std::map<std::string, LikeIndex, std::less<>> likes;                     // by path key
  std::map<std::string, std::vector<PathGroup>, std::less<>> regex_paths;  // by object type
  std::map<std::string, std::vector<std::uint32_t>, std::less<>> scans;    // by object type

  std::vector<Rule> rules;
  std::vector<StreamPattern> streams;
  std::size_t live = 0;
  std::size_t dead = 0;
  // The last version of indicators that were revoked or expired (or superseded by a version
  // that could not be evaluated): an older version arriving later must not bring them back.
  std::unordered_map<std::string, std::int64_t> tombstones;

  // ---- compile (matcher_compile.cc) ----
  // Inserts a plan (from PlanPattern(*pattern)) for ordinal `indicator`.
  // Moves what it keeps out of `plan`; the rest is freed by the caller (off the lock).
  void Apply(std::uint32_t indicator, const std::shared_ptr<const stix::Pattern>& pattern,
             CompilePlan& plan);

  // ---- lookup (matcher.cc) ----
  // Appends the postings whose anchor matches a bare observable (canonical value).
  void Candidates(correlation::ObservableType type, std::string_view value,
                  std::vector<std::uint32_t>& out) const {
    Candidates(type, value, exact[static_cast<std::size_t>(type)].Hash(value), out);
  }
  // As above with `hash` = ValueIndex::Hash(value) and `entry` what PrefetchEntry(hash) said of
  // the type's exact index (kNone: the value is certainly not there), or kUnknownEntry.
  static constexpr std::uint32_t kUnknownEntry = 0xFFFFFFFEU;
  void Candidates(correlation::ObservableType type, std::string_view value, std::uint64_t hash,
                  std::vector<std::uint32_t>& out, std::uint32_t entry = kUnknownEntry) const;
  // Appends the postings whose anchor matches an object (its own values, those it references,
  // other-path values, regexes, type-wide terms).
  void ObjectCandidates(const boost::json::object& object, const RefResolver* resolver,
                        std::vector<std::uint32_t>& out) const;
  bool Usable(std::uint32_t ordinal, const MatchOptions& options) const;
  std::string_view IdOf(std::uint32_t ordinal) const {
    const Record& r = records[ordinal];
    return std::string_view(id_arena).substr(r.id_offset, r.id_length);
  }
  // Checks a rule's residual comparisons on `object` (of the rule's type).
  bool RuleHolds(const Rule& rule, const boost::json::object& object,
                 const RefResolver* resolver) const;
  std::uint32_t InternTags(std::vector<std::uint32_t> tags);
  void RemoveOrdinal(std::uint32_t ordinal);
  // RemoveOrdinal, remembering the version in `tombstones`.
  void Bury(std::uint32_t ordinal, std::int64_t version);
  void CompactLocked();
};

// The path key of a comparison: "file:name", "email-message:from_ref.value", hashes by type
// name ("file:hashes.sha256").
std::string PathKey(std::string_view object_type, std::span<const stix::PathStep> path);

// The STIX object a bare observable stands for: {"type": ..., <its property>: value}.
boost::json::object SyntheticObject(correlation::ObservableType type, std::string_view value);

}  // namespace qccm::matching
